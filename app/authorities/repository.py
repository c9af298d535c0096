"""Queries of authorities. Reads are one statement, built once per combination of filters: the authority's
columns with its latest graded inspection and that inspection's judgements (two LATERAL joins), as plain rows."""

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql
from sqlalchemy.dialects.postgresql import aggregate_order_by
from sqlalchemy.ext.asyncio import AsyncSession

from app.authorities.queries import in_existence_on, statistical_neighbour_of
from app.authorities.schemas import AUTHORITY_FIELDS
from app.core.pagination import PageParams, SortKey, bound_page, paginate_bound
from app.inspections import latest
from app.inspections.vocabulary import Area
from app.models import Authority, Base, Inspection, Judgement

AUTHORITY = Authority.__table__.c
INSPECTION = Inspection.__table__.c
JUDGEMENT = Judgement.__table__.c
NAME_ORDER = SortKey(columns=(AUTHORITY.name, AUTHORITY.code), types=(str, str))


@dataclass(frozen=True, slots=True)
class AuthorityFilters:
    region: str | None = None
    kind_prefix: str | None = None
    status: str | None = None
    q: str | None = None
    grade: str | None = None
    area: Area = Area.overall_effectiveness
    in_existence_on: date | None = None
    neighbours_of: str | None = None  # a current code (the router resolves former ones)


# The authority's most recent published graded inspection (published: visible to every caller).
LATEST_GRADED = (
    sa.select(
        INSPECTION.id.label("inspection_id"),
        INSPECTION.type,
        INSPECTION.framework,
        INSPECTION.fieldwork_start,
        INSPECTION.published_on,
    )
    .where(INSPECTION.authority_code == AUTHORITY.code, latest.is_published_graded())
    .order_by(*latest.LATEST_FIRST)
    .limit(1)
    .lateral("latest_graded")
)
# Its judgements as two arrays in area order (null when there is no such inspection).
LATEST_JUDGEMENTS = (
    sa.select(
        sa.func.array_agg(aggregate_order_by(JUDGEMENT.area, JUDGEMENT.area)).label("areas"),
        sa.func.array_agg(aggregate_order_by(JUDGEMENT.grade, JUDGEMENT.area)).label("grades"),
    )
    .where(JUDGEMENT.inspection_id == LATEST_GRADED.c.inspection_id)
    .lateral("latest_judgements")
)
# Derived: the authorities that name this one as a successor (``@>``, which the GIN index on successors serves;
# ``code = ANY(successors)`` read every authority for each one shown).
_PREDECESSOR = Authority.__table__.alias("predecessor")
PREDECESSORS = sa.func.array(
    sa.select(_PREDECESSOR.c.code)
    .where(_PREDECESSOR.c.successors.contains(postgresql.array([AUTHORITY.code])))
    .order_by(_PREDECESSOR.c.code)
    .scalar_subquery()
)
# The schema's fields in order (``kind`` and ``latest_graded`` filled in by ``schemas.authority_json``), then
# the latest graded inspection's.
_COLUMNS: dict[str, sa.ColumnElement[Any]] = {
    **{name: AUTHORITY[name] for name in AUTHORITY_FIELDS if name in AUTHORITY},
    "kind": sa.null(),
    "predecessors": PREDECESSORS,
    "latest_graded": sa.null(),
}
READ: sa.Select[Any] = sa.select(
    *(_COLUMNS[name].label(name) for name in AUTHORITY_FIELDS),
    LATEST_GRADED.c.inspection_id,
    LATEST_GRADED.c.type,
    LATEST_GRADED.c.framework,
    LATEST_GRADED.c.fieldwork_start,
    LATEST_GRADED.c.published_on,
    LATEST_JUDGEMENTS.c.areas,
    LATEST_JUDGEMENTS.c.grades,
).select_from(Authority.__table__.outerjoin(LATEST_GRADED, sa.true()).outerjoin(LATEST_JUDGEMENTS, sa.true()))
READ_ONE = READ.where(AUTHORITY.code == sa.bindparam("code"))
LIKE_ESCAPE = "/"


def _escape_like(text: str) -> str:
    return text.replace(LIKE_ESCAPE, LIKE_ESCAPE * 2).replace("%", LIKE_ESCAPE + "%").replace("_", LIKE_ESCAPE + "_")


def _bound(filters: AuthorityFilters) -> tuple[frozenset[str], dict[str, Any]]:
    """Which filters are set (the statement's shape) and their values (its parameters)."""
    values: dict[str, Any] = {}
    for name in ("region", "kind_prefix", "status", "in_existence_on", "neighbours_of"):
        value = getattr(filters, name)
        if value:
            values[name] = value
    if filters.q:
        values["q"] = _escape_like(filters.q.lower())
    shape = set(values)
    if filters.grade == "none":
        shape.add("no_grade")
    elif filters.grade:
        values.update(grade=filters.grade, area=filters.area.value)
        shape.add("grade")
    return frozenset(shape), values


@functools.cache
def _filtered(shape: frozenset[str]) -> sa.Select[Any]:
    stmt = READ
    if "region" in shape:
        stmt = stmt.where(AUTHORITY.region == sa.bindparam("region"))
    if "kind_prefix" in shape:
        stmt = stmt.where(AUTHORITY.code.startswith(sa.bindparam("kind_prefix", type_=sa.String)))
    if "status" in shape:
        stmt = stmt.where(AUTHORITY.status == sa.bindparam("status"))
    if "in_existence_on" in shape:
        stmt = stmt.where(in_existence_on(sa.bindparam("in_existence_on", type_=sa.Date)))
    if "neighbours_of" in shape:
        stmt = stmt.where(statistical_neighbour_of(sa.bindparam("neighbours_of", type_=sa.String)))
    if "q" in shape:
        stmt = stmt.where(
            sa.func.lower(AUTHORITY.name).contains(sa.bindparam("q", type_=sa.String), escape=LIKE_ESCAPE)
        )
    if "no_grade" in shape:
        stmt = stmt.where(LATEST_GRADED.c.inspection_id.is_(None))
    if "grade" in shape:
        graded = Judgement.__table__.alias("graded")
        stmt = stmt.where(
            sa.exists().where(
                graded.c.inspection_id == LATEST_GRADED.c.inspection_id,
                graded.c.area == sa.bindparam("area"),
                graded.c.grade == sa.bindparam("grade"),
            )
        )
    return stmt


@functools.cache
def _page(shape: frozenset[str], after_cursor: bool) -> sa.Select[Any]:
    return paginate_bound(_filtered(shape), NAME_ORDER, after_cursor=after_cursor)


@functools.cache
def _every(shape: frozenset[str]) -> sa.Select[Any]:
    return _filtered(shape).order_by(*NAME_ORDER.order_by())


async def list_page(session: AsyncSession, filters: AuthorityFilters, params: PageParams) -> Sequence[sa.Row[Any]]:
    shape, values = _bound(filters)
    stmt = _page(shape, bool(params.cursor))
    rows: Sequence[sa.Row[Any]] = (await session.execute(stmt, {**values, **bound_page(NAME_ORDER, params)})).all()
    return rows


async def list_all(session: AsyncSession, filters: AuthorityFilters) -> Sequence[sa.Row[Any]]:
    shape, values = _bound(filters)
    rows: Sequence[sa.Row[Any]] = (await session.execute(_every(shape), values)).all()
    return rows


async def read(session: AsyncSession, code: str) -> sa.Row[Any] | None:
    """One authority as the API shows it (``authority_json``), or None."""
    row: sa.Row[Any] | None = (await session.execute(READ_ONE, {"code": code})).one_or_none()
    return row


async def get(session: AsyncSession, code: str, *, for_update: bool = False) -> Authority | None:
    stmt = sa.select(Authority).where(Authority.code == code)
    if for_update:
        stmt = stmt.with_for_update()
    return (await session.scalars(stmt)).one_or_none()


# How a holder is named in a refusal; any other table is named by its table name with spaces.
HOLDER_NAMES = {"api_keys": "API keys", "self_evaluations": "self-evaluations", "webhooks": "webhooks"}


@functools.cache
def holders_of_authorities() -> tuple[tuple[str, sa.Column[Any]], ...]:
    """Every column that refers to an authority (from the models' foreign keys, so a new table is never missed)."""
    return tuple(
        (str(table.name), fk.parent)
        for table in Base.metadata.sorted_tables
        for fk in table.foreign_keys
        if fk.column.table.name == Authority.__tablename__
    )


async def dependants(session: AsyncSession, code: str) -> dict[str, int]:
    """What still refers to the authority, and how many of each, so blocking its deletion."""
    holders = holders_of_authorities()
    counts = (
        await session.execute(
            sa.select(*(sa.select(sa.func.count()).where(column == code).scalar_subquery() for _, column in holders))
        )
    ).one()
    return {table: n for (table, _), n in zip(holders, counts, strict=True) if n}
