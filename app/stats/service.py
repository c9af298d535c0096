"""National grade statistics (DOMAIN.md "Statistics"), in one statement whatever the size of the history.

Every current authority counts once, by its latest graded inspection published on or before `as_of` that the
caller may see: its grade in the area, `not_graded` when that inspection has no judgement in the area (its
framework has none: overall effectiveness under ilacs_2026, care leavers before 2023), `not_inspected` when
there is no such inspection.
"""

from datetime import date

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import distinct_on

from app.authorities.regions import AuthorityStatus, Region
from app.core.context import Context
from app.inspections.visibility import visible_to
from app.inspections.vocabulary import GRADED_TYPES, Area, Framework, Grade, InspectionStatus
from app.models import Authority, Inspection, Judgement
from app.stats.schemas import GradeCounts, GradeStats

# As Ofsted does in its statistics: the combined 2018 judgement counts for children in care.
COUNTED_AS: dict[tuple[Framework, Area], Area] = {
    (Framework.ilacs_2018, Area.children_in_care): Area.children_in_care_and_care_leavers,
}
NOT_GRADED = "not_graded"
NOT_INSPECTED = "not_inspected"


def _latest_graded(ctx: Context, as_of: date) -> sa.Subquery:
    return (
        sa.select(Inspection.id, Inspection.authority_code, Inspection.framework)
        .where(Inspection.status == InspectionStatus.published.value,
               Inspection.type.in_([t.value for t in GRADED_TYPES]),
               Inspection.published_on <= as_of,
               visible_to(ctx.principal))
        .ext(distinct_on(Inspection.authority_code))
        .order_by(Inspection.authority_code, Inspection.published_on.desc(),
                  Inspection.fieldwork_start.desc().nulls_last(), Inspection.id.desc())
        .subquery("latest_graded")
    )


def _judged_area(latest: sa.Subquery, area: Area) -> sa.ColumnElement[str]:
    """The judgement area that answers for ``area`` under the latest inspection's framework."""
    aliases = [(latest.c.framework == framework.value, alias.value)
               for (framework, asked), alias in COUNTED_AS.items() if asked is area]
    return sa.case(*aliases, else_=sa.literal(area.value)) if aliases else sa.literal(area.value)


async def grade_stats(ctx: Context, as_of: date, area: Area, region: Region | None) -> GradeStats:
    latest = _latest_graded(ctx, as_of)
    category = sa.case(
        (latest.c.id.is_(None), NOT_INSPECTED),
        (Judgement.grade.is_not(None), Judgement.grade),
        else_=NOT_GRADED,
    ).label("category")
    stmt = (
        sa.select(category, sa.func.count().label("authorities"))
        .select_from(Authority)
        .outerjoin(latest, latest.c.authority_code == Authority.code)
        .outerjoin(Judgement, sa.and_(Judgement.inspection_id == latest.c.id,
                                      Judgement.area == _judged_area(latest, area)))
        .where(Authority.status == AuthorityStatus.current.value)
        .group_by(category)
    )
    if region is not None:
        stmt = stmt.where(Authority.region == region.value)
    found = {row.category: row.authorities for row in await ctx.session.execute(stmt)}
    counts = {key: found.get(key, 0) for key in (*(g.value for g in Grade), NOT_GRADED, NOT_INSPECTED)}
    return GradeStats(as_of=as_of, area=area, region=region, counts=GradeCounts(**counts),
                      authorities=sum(counts.values()))
