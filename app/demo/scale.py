"""``ilacs demo-data --scale N``: benchmark data, N times the national record, generated inside PostgreSQL.

- Every real authority gets N synthetic copies (current, same kind and region, code ``<prefix>5KKIII``: copy
  KK of the IIIth real authority by code; real GSS codes never have a 5 there), each with a copy of the real
  authority's inspections, judgements, themes and findings.
- Every new synthetic authority gets an improvement plan answering its latest published inspection, with
  ``items_per_authority`` action items across every status and due date (about 100,000 items at N = 10).
- Leicestershire, a real authority, is topped up to ``10,000 x min(N, 10)`` items (100,000 from N = 10) so
  that the first and last pages of a 100,000-item list can be compared.
Everything is ``INSERT ... SELECT`` over ``generate_series``: no ORM objects, no round trip per row. Running it
again adds only what is missing. Benchmark rows are not audited (no API key made them).
"""

from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.context import Context
from app.models import Base, Finding, Inspection, InspectionTheme, Judgement

MAX_SCALE = 99
BIG_AUTHORITY = "E10000018"
BIG_ITEMS_PER_SCALE = 10_000
BIG_ITEMS_SCALE_CAP = 10
# Real authorities are told from synthetic ones by the fourth character of the code: 0 for real, 5 for synthetic.

_TITLES = (
    "Audit of assessment timeliness",
    "Supervision compliance review",
    "Placement sufficiency plan",
    "Pathway plan refresh",
    "Front door threshold training",
    "Permanence planning meetings",
    "Return home interviews",
    "Workforce stability action",
    "Quality assurance learning loop",
    "Partnership escalation protocol",
)
_OWNERS = (
    "Head of Safeguarding",
    "Service Manager, Children in Care",
    "Principal Social Worker",
    "Head of Commissioning",
    "Service Manager, Leaving Care",
)


@dataclass(slots=True)
class ScaleSummary:
    authorities: int = 0
    inspections: int = 0
    plans: int = 0
    items: int = 0

    def __str__(self) -> str:
        return (
            f"scale: {self.authorities} synthetic authorities, {self.inspections} inspections, "
            f"{self.plans} plans, {self.items} action items added"
        )


def _items_sql(source: str) -> sa.TextClause:
    """INSERT of ``:count`` items per row of the temp table ``source`` (plan_id, authority_code, inspection_id)."""
    sql = f"""
        INSERT INTO action_items (id, authority_code, plan_id, inspection_id, title, owner, due_on, status,
                                  completed_on, version, created_at, updated_at)
        SELECT gen_random_uuid(), authority_code, plan_id, inspection_id, title, owner, due_on, status,
               CASE WHEN status = 'completed' THEN LEAST(due_on, CAST(:today AS date)) END, 1, now(), now()
        FROM (
            SELECT s.authority_code, s.plan_id, s.inspection_id,
                   (CAST(:titles AS text[]))[1 + g % :title_count] || ' #' || g AS title,
                   (CAST(:owners AS text[]))[1 + g % :owner_count] AS owner,
                   CAST(:today AS date) + ((g * 37) % 720 - 240) AS due_on,
                   (ARRAY['not_started','not_started','not_started','in_progress','in_progress',
                          'in_progress','completed','completed','completed','cancelled'])[1 + g % 10] AS status
            FROM {source} s CROSS JOIN generate_series(1, :count) AS g
        ) generated
    """  # noqa: S608 - source is one of this module's temp tables
    return sa.text(sql).bindparams(
        sa.bindparam("titles", list(_TITLES), type_=ARRAY(sa.Text)),
        sa.bindparam("owners", list(_OWNERS), type_=ARRAY(sa.Text)),
        title_count=len(_TITLES),
        owner_count=len(_OWNERS),
    )


def _copy_sql(model: type[Base], key: str, renamed: dict[str, str]) -> str:
    """Copy ``model``'s rows of each source inspection onto its copy (``scale_inspections`` maps them)."""
    name = model.__tablename__
    columns = [c.name for c in sa.inspect(model).local_table.columns]
    values = [renamed.get(c, f"t.{c}") for c in columns]
    # Identifiers only, all from the models.
    return (
        f"INSERT INTO {name} ({', '.join(columns)}) SELECT {', '.join(values)} "  # noqa: S608
        f"FROM scale_inspections m JOIN {name} t ON t.{key} = m.source_id"
    )


async def _count(session: AsyncSession, sql: str | sa.TextClause, **params: object) -> int:
    statement = sa.text(sql) if isinstance(sql, str) else sql
    return (await session.execute(statement, params)).rowcount  # type: ignore[attr-defined, no-any-return]


async def _copy_authorities(session: AsyncSession, n: int) -> int:
    for temp in ("scale_authorities", "scale_inspections", "scale_plans"):
        await session.execute(sa.text(f"DROP TABLE IF EXISTS {temp}"))
    await session.execute(
        sa.text("""
        CREATE TEMP TABLE scale_authorities AS
        SELECT a.code AS source_code, k,
               substr(a.code, 1, 3) || '5' || lpad(k::text, 2, '0') || lpad(a.idx::text, 3, '0') AS code
        FROM (SELECT code, row_number() OVER (ORDER BY code) AS idx FROM authorities WHERE substr(code, 4, 1) <> '5') a
        CROSS JOIN generate_series(1, :n) AS k
    """),
        {"n": n},
    )
    await session.execute(sa.text("DELETE FROM scale_authorities s USING authorities a WHERE a.code = s.code"))
    return await _count(
        session,
        """
        INSERT INTO authorities (code, la_number, name, region, status, ofsted_urn, regional_adoption_agency,
                                 established_on, ceased_on, version, created_at, updated_at)
        SELECT s.code, NULL, left(a.name, 180) || ' (synthetic ' || s.k || ')', a.region, a.status, NULL,
               a.regional_adoption_agency, a.established_on, a.ceased_on, 1, now(), now()
        FROM scale_authorities s JOIN authorities a ON a.code = s.source_code
    """,
    )


async def _copy_inspections(session: AsyncSession) -> int:
    await session.execute(
        sa.text("""
        CREATE TEMP TABLE scale_inspections AS
        SELECT i.id AS source_id, gen_random_uuid() AS id, s.code AS authority_code
        FROM inspections i JOIN scale_authorities s ON s.source_code = i.authority_code
    """)
    )
    copied = await _count(session, _copy_sql(Inspection, "id", {"id": "m.id", "authority_code": "m.authority_code"}))
    for model in (Judgement, InspectionTheme):
        await session.execute(sa.text(_copy_sql(model, "inspection_id", {"inspection_id": "m.id"})))
    await session.execute(
        sa.text(_copy_sql(Finding, "inspection_id", {"id": "gen_random_uuid()", "inspection_id": "m.id"}))
    )
    return copied


async def _plans_and_items(session: AsyncSession, today: date, items_per_authority: int) -> tuple[int, int]:
    await session.execute(
        sa.text("""
        CREATE TEMP TABLE scale_plans AS
        SELECT gen_random_uuid() AS plan_id, s.code AS authority_code, latest.id AS inspection_id,
               latest.published_on
        FROM scale_authorities s
        LEFT JOIN LATERAL (
            SELECT i.id, i.published_on FROM inspections i
            WHERE i.authority_code = s.code AND i.status = 'published'
            ORDER BY i.published_on DESC NULLS LAST, i.id LIMIT 1
        ) latest ON true
    """)
    )
    plans = await _count(
        session,
        """
        INSERT INTO improvement_plans (id, authority_code, title, starts_on, ends_on, inspection_id, version,
                                       created_at, updated_at)
        SELECT plan_id, authority_code, 'Improvement plan (benchmark data)',
               COALESCE(published_on, CAST(:today AS date)), COALESCE(published_on, CAST(:today AS date)) + 730,
               inspection_id, 1, now(), now()
        FROM scale_plans
    """,
        today=today,
    )
    items = await _count(session, _items_sql("scale_plans"), today=today, count=items_per_authority)
    return plans, items


async def _top_up_big_authority(session: AsyncSession, today: date, target: int) -> int:
    if await session.scalar(sa.text("SELECT 1 FROM authorities WHERE code = :c"), {"c": BIG_AUTHORITY}) is None:
        return 0
    existing = (
        await session.scalar(
            sa.text("SELECT count(*) FROM action_items WHERE authority_code = :c"), {"c": BIG_AUTHORITY}
        )
        or 0
    )
    missing = target - existing
    if missing <= 0:
        return 0
    await session.execute(sa.text("DROP TABLE IF EXISTS scale_big_plan"))
    await session.execute(
        sa.text("""
        CREATE TEMP TABLE scale_big_plan AS
        SELECT gen_random_uuid() AS plan_id, CAST(:c AS varchar) AS authority_code,
               CAST(NULL AS uuid) AS inspection_id
    """),
        {"c": BIG_AUTHORITY},
    )
    await session.execute(
        sa.text("""
        INSERT INTO improvement_plans (id, authority_code, title, starts_on, ends_on, version, created_at, updated_at)
        SELECT plan_id, authority_code, 'Improvement plan (benchmark data)', CAST(:today AS date),
               CAST(:today AS date) + 730, 1, now(), now()
        FROM scale_big_plan
    """),
        {"today": today},
    )
    return await _count(session, _items_sql("scale_big_plan"), today=today, count=missing)


async def generate_scale(
    session: AsyncSession,
    n: int,
    today: date | None = None,
    *,
    items_per_authority: int = 60,
    big_items_per_scale: int = BIG_ITEMS_PER_SCALE,
) -> ScaleSummary:
    """Add N copies of the national record with plans and items, in ``session``'s transaction."""
    if not 0 < n <= MAX_SCALE:
        raise ValueError(f"scale must be between 1 and {MAX_SCALE}")
    today = today or Context.today()
    summary = ScaleSummary()
    summary.authorities = await _copy_authorities(session, n)
    summary.inspections = await _copy_inspections(session)
    summary.plans, summary.items = await _plans_and_items(session, today, items_per_authority)
    big = await _top_up_big_authority(session, today, big_items_per_scale * min(n, BIG_ITEMS_SCALE_CAP))
    summary.plans += 1 if big else 0
    summary.items += big
    for table in ("authorities", "inspections", "judgements", "findings", "improvement_plans", "action_items"):
        await session.execute(sa.text(f"ANALYZE {table}"))
    return summary
