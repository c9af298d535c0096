"""The statistics (DOMAIN.md "Statistics"; API.md "Statistics"), each one statement whatever the date range,
all by the counting rule of ``app.stats.counting``. Only published inspections count, for every caller."""

import functools
from dataclasses import dataclass
from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from app.authorities.regions import Region
from app.core.context import Context
from app.core.errors import ValidationFailed
from app.inspections import latest
from app.inspections.vocabulary import Area, Grade, InspectionStatus, InspectionType
from app.models import Authority, Inspection
from app.stats import counting
from app.stats.counting import (
    AUTHORITY,
    INSPECTION,
    JUDGEMENT,
    NOT_GRADED,
    NOT_INSPECTED,
    PUBLISHED,
    UNKNOWN_NEIGHBOURS_OF,
    Scope,
)
from app.stats.schemas import (
    Activity,
    GradeCounts,
    GradeStats,
    Movement,
    MovementAuthorities,
)

CATEGORIES = (*(g.value for g in Grade), NOT_GRADED, NOT_INSPECTED)
AS_OF = sa.bindparam("as_of", type_=sa.Date)
PUBLISHED_BY = sa.bindparam("published_by", type_=sa.Date)
OUTCOMES = ("improved", "declined", "unchanged_good_or_outstanding", "unchanged_below_good")


@dataclass(frozen=True, slots=True)
class Where:
    """Which authorities a statistic counts: a region, an authority's statistical neighbours, or England."""

    region: Region | None = None
    neighbours_of: str | None = None

    @property
    def scope(self) -> Scope:
        return Scope(by_region=self.region is not None, by_neighbours=self.neighbours_of is not None)

    def params(self) -> dict[str, Any]:
        params: dict[str, Any] = {}
        if self.region is not None:
            params["region"] = self.region.value
        if self.neighbours_of is not None:
            params["neighbours_of"] = self.neighbours_of
        return params

    def echo(self) -> dict[str, Any]:
        return {"region": self.region, "neighbours_of": self.neighbours_of}

    def unknown_neighbours(self) -> ValidationFailed:
        return ValidationFailed.field("neighbours_of", f"No authority with code {self.neighbours_of}.")


def _counts(found: dict[str, int]) -> tuple[GradeCounts, int, int]:
    counts = {key: found.get(key, 0) for key in CATEGORIES}
    graded = sum(counts[g.value] for g in Grade)
    return GradeCounts(**counts), graded, sum(counts.values())


def _graded_by_authority(as_of: Any, published_by: Any) -> tuple[sa.FromClause, sa.FromClause, Any]:
    """The latest counted inspection of each authority and its judgement in the asked area (outer joined)."""
    latest_counted = counting.latest_counted(as_of, published_by)
    judgement = JUDGEMENT.alias("judgement")
    on = sa.and_(
        judgement.c.inspection_id == latest_counted.c.id,
        judgement.c.area == counting.judged_area(latest_counted.c.framework),
    )
    return latest_counted, judgement, on


@functools.cache
def _categories_statement(scope: Scope) -> sa.Select[Any]:
    """Each authority counted, with its category at (``:as_of``, ``:published_by``) in ``:area``."""
    latest_counted, judgement, on = _graded_by_authority(AS_OF, PUBLISHED_BY)
    return (
        sa.select(AUTHORITY.code, counting.category_of(latest_counted, judgement).label("category"))
        .select_from(
            Authority.__table__.outerjoin(latest_counted, latest_counted.c.authority_code == AUTHORITY.code).outerjoin(
                judgement, on
            )
        )
        .where(counting.in_scope(scope, AS_OF))
    )


@functools.cache
def _grades_statement(scope: Scope) -> sa.Executable:
    by_authority = _categories_statement(scope).subquery("by_authority")
    stmt = sa.select(by_authority.c.category, sa.func.count().label("n")).group_by(by_authority.c.category)
    return counting.with_unknown_neighbours_row(stmt, scope, sa.literal(UNKNOWN_NEIGHBOURS_OF), sa.literal(1))


async def categories(
    session: AsyncSession, as_of: date, published_by: date, area: Area, where: Where = Where()
) -> dict[str, str]:
    """What ``grades`` counts, authority by authority: each code counted and its category (for checks of the
    rule against a published table, authority by authority)."""
    params = {"as_of": as_of, "published_by": published_by, "area": area.value, **where.params()}
    rows = await session.execute(_categories_statement(where.scope), params)
    return {code: category for code, category in rows}


def grades_cache_key(as_of: date, published_by: date, area: Area, where: Where) -> tuple[object, ...]:
    """The grade statistics cache's key for ``grades`` asked this question (``app.stats.cache``)."""
    return ("grades", as_of, published_by, area, where)


async def grades(ctx: Context, as_of: date, published_by: date, area: Area, where: Where) -> GradeStats:
    params = {"as_of": as_of, "published_by": published_by, "area": area.value, **where.params()}
    found = {row[0]: row[1] for row in await ctx.session.execute(_grades_statement(where.scope), params)}
    if UNKNOWN_NEIGHBOURS_OF in found:
        raise where.unknown_neighbours()
    counts, graded, authorities = _counts(found)
    return GradeStats(
        as_of=as_of,
        published_by=published_by,
        area=area,
        counts=counts,
        graded=graded,
        authorities=authorities,
        **where.echo(),
    )


@functools.cache
def _movement_statement(scope: Scope) -> sa.Executable:
    by_authority = INSPECTION.authority_code
    first_first = (latest.BEGAN.asc(), INSPECTION.published_on.asc().nulls_first(), INSPECTION.id.asc())
    judgement = JUDGEMENT.alias("judgement")
    score = counting.grade_score(judgement.c.grade)
    graded = (
        sa.select(
            by_authority.label("code"),
            score.label("score"),
            sa.func.row_number().over(partition_by=by_authority, order_by=first_first).label("from_first"),
            sa.func.row_number().over(partition_by=by_authority, order_by=latest.LATEST_FIRST).label("from_last"),
            sa.func.count().over(partition_by=by_authority).label("grades"),
        )
        .select_from(
            Inspection.__table__.join(
                judgement,
                sa.and_(
                    judgement.c.inspection_id == INSPECTION.id,
                    judgement.c.area == counting.judged_area(INSPECTION.framework),
                ),
            ).join(Authority.__table__, AUTHORITY.code == by_authority)
        )
        .where(counting.counted(AS_OF, PUBLISHED_BY, ilacs_only=True), counting.in_scope(scope, AS_OF))
        .subquery("graded")
    )
    first = sa.func.max(graded.c.score).filter(graded.c.from_first == 1)
    last = sa.func.max(graded.c.score).filter(graded.c.from_last == 1)
    good = 2  # the score of `good`: unchanged at good or better, or below it
    outcome = sa.case(
        (last < first, "improved"),
        (last > first, "declined"),
        (last <= good, "unchanged_good_or_outstanding"),
        else_="unchanged_below_good",
    ).label("outcome")
    stmt = sa.select(outcome, graded.c.code).where(graded.c.grades >= 2).group_by(graded.c.code).order_by(graded.c.code)
    return counting.with_unknown_neighbours_row(stmt, scope, sa.literal(UNKNOWN_NEIGHBOURS_OF), sa.null())


async def movement(ctx: Context, as_of: date, published_by: date, area: Area, where: Where) -> Movement:
    params = {"as_of": as_of, "published_by": published_by, "area": area.value, **where.params()}
    groups: dict[str, list[str]] = {outcome: [] for outcome in OUTCOMES}
    for outcome, code in await ctx.session.execute(_movement_statement(where.scope), params):
        if outcome == UNKNOWN_NEIGHBOURS_OF:
            raise where.unknown_neighbours()
        groups[outcome].append(code)
    return Movement(
        as_of=as_of,
        published_by=published_by,
        area=area,
        compared=sum(len(codes) for codes in groups.values()),
        **{outcome: len(codes) for outcome, codes in groups.items()},
        authorities=MovementAuthorities(**{outcome: sorted(codes) for outcome, codes in groups.items()}),
        **where.echo(),
    )


@functools.cache
def _activity_statement(scope: Scope) -> sa.Executable:
    stmt = (
        sa.select(INSPECTION.type, sa.func.count().label("n"))
        .select_from(Inspection.__table__.join(Authority.__table__, AUTHORITY.code == INSPECTION.authority_code))
        .where(
            INSPECTION.status == InspectionStatus.published.value,
            latest.BEGAN.between(sa.bindparam("from", type_=sa.Date), sa.bindparam("to", type_=sa.Date)),
            PUBLISHED <= PUBLISHED_BY,
            counting.in_scope(scope, None),
        )
        .group_by(INSPECTION.type)
    )
    return counting.with_unknown_neighbours_row(stmt, scope, sa.literal(UNKNOWN_NEIGHBOURS_OF), sa.literal(1))


async def activity(ctx: Context, from_: date, to: date, published_by: date, where: Where) -> Activity:
    params = {"from": from_, "to": to, "published_by": published_by, **where.params()}
    found = {row[0]: row[1] for row in await ctx.session.execute(_activity_statement(where.scope), params)}
    if UNKNOWN_NEIGHBOURS_OF in found:
        raise where.unknown_neighbours()
    by_type = {t: found.get(t.value, 0) for t in InspectionType}
    return Activity.model_validate(
        {
            "from": from_,
            "to": to,
            "published_by": published_by,
            "by_type": by_type,
            "total": sum(by_type.values()),
            **where.echo(),
        }
    )
