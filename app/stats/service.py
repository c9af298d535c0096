"""National grade statistics (DOMAIN.md "Statistics"), in one statement whatever the size of the history.

Every current authority counts once, by its latest graded inspection published on or before `as_of` that the
caller may see: its grade in the area, `not_graded` when that inspection has no judgement in the area (its
framework has none: overall effectiveness under ilacs_2026, care leavers before 2023), `not_inspected` when
there is no such inspection.
"""

import functools
from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import distinct_on

from app.authorities.regions import AuthorityStatus, Region
from app.core.context import Context
from app.core.responses import json_bytes
from app.inspections import latest
from app.inspections.visibility import Sight, sight_of, sight_params, visible_in
from app.inspections.vocabulary import Area, Framework, Grade
from app.models import Authority, Inspection, Judgement
from app.stats.cache import GradeStatsCache
from app.stats.schemas import GradeCounts, GradeStats

AUTHORITY = Authority.__table__.c
INSPECTION = Inspection.__table__.c
JUDGEMENT = Judgement.__table__.c
# As Ofsted does in its statistics: the combined 2018 judgement counts for children in care.
COUNTED_AS: dict[tuple[Framework, Area], Area] = {
    (Framework.ilacs_2018, Area.children_in_care): Area.children_in_care_and_care_leavers,
}
NOT_GRADED = "not_graded"
NOT_INSPECTED = "not_inspected"


def _latest_graded(sight: Sight) -> sa.Subquery:
    return (
        sa.select(INSPECTION.id, INSPECTION.authority_code, INSPECTION.framework)
        .where(
            latest.is_published_graded(),
            INSPECTION.published_on <= sa.bindparam("as_of", type_=sa.Date),
            visible_in(sight),
        )
        .ext(distinct_on(INSPECTION.authority_code))
        .order_by(INSPECTION.authority_code, *latest.LATEST_FIRST)
        .subquery("latest_graded")
    )


def _judged_area(latest: sa.Subquery, area: Area) -> sa.ColumnElement[str]:
    """The judgement area that answers for ``area`` under the latest inspection's framework."""
    aliases = [
        (latest.c.framework == framework.value, alias.value)
        for (framework, asked), alias in COUNTED_AS.items()
        if asked is area
    ]
    return sa.case(*aliases, else_=sa.literal(area.value)) if aliases else sa.literal(area.value)


@functools.cache
def _count(area: Area, by_region: bool, sight: Sight) -> sa.Select[Any]:
    """Current authorities by category (built once per shape; ``as_of`` and ``region`` are parameters)."""
    latest = _latest_graded(sight)
    category = sa.case(
        (latest.c.id.is_(None), NOT_INSPECTED),
        (JUDGEMENT.grade.is_not(None), JUDGEMENT.grade),
        else_=NOT_GRADED,
    ).label("category")
    judgement = sa.and_(JUDGEMENT.inspection_id == latest.c.id, JUDGEMENT.area == _judged_area(latest, area))
    stmt = (
        sa.select(category, sa.func.count().label("authorities"))
        .select_from(Authority.__table__)
        .outerjoin(latest, latest.c.authority_code == AUTHORITY.code)
        .outerjoin(Judgement.__table__, judgement)
        .where(AUTHORITY.status == AuthorityStatus.current.value)
        .group_by(category)
    )
    if by_region:
        stmt = stmt.where(AUTHORITY.region == sa.bindparam("region"))
    return stmt


async def grade_stats(ctx: Context, as_of: date, area: Area, region: Region | None) -> GradeStats:
    sight = sight_of(ctx.principal)
    params: dict[str, Any] = {"as_of": as_of, **sight_params(ctx.principal)}
    if region is not None:
        params["region"] = region.value
    rows = await ctx.session.execute(_count(area, region is not None, sight), params)
    found = {row.category: row.authorities for row in rows}
    counts = {key: found.get(key, 0) for key in (*(g.value for g in Grade), NOT_GRADED, NOT_INSPECTED)}
    return GradeStats(
        as_of=as_of, area=area, region=region, counts=GradeCounts(**counts), authorities=sum(counts.values())
    )


async def grade_stats_json(
    ctx: Context, cache: GradeStatsCache, as_of: date, area: Area, region: Region | None
) -> bytes:
    """``grade_stats`` as its response body, from ``cache`` when the same question was answered since the
    figures last changed (what of the embargo the caller sees is part of the question)."""
    key = (as_of, area, region, sight_of(ctx.principal), ctx.principal.authority_code)

    async def compute() -> bytes:
        return json_bytes(await grade_stats(ctx, as_of, area, region))

    return await cache.get(key, compute)
