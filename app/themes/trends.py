"""Theme trends: how many visible published visits looked at each theme in a fieldwork window.

One statement, whatever the size of the national history.
"""

from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa

from app.core.context import Context
from app.core.errors import ValidationFailed
from app.inspections.visibility import visible_to
from app.inspections.vocabulary import InspectionStatus
from app.models import Authority, Inspection, InspectionTheme, Theme
from app.themes.schemas import ThemedType, ThemeTrend, ThemeTrends


@dataclass(frozen=True, slots=True)
class TrendFilters:
    fieldwork_from: date | None = None
    fieldwork_to: date | None = None
    region: str | None = None
    type: ThemedType | None = None


async def trends(ctx: Context, filters: TrendFilters) -> ThemeTrends:
    if filters.fieldwork_from and filters.fieldwork_to and filters.fieldwork_from > filters.fieldwork_to:
        raise ValidationFailed.field("to", "must be on or after `from`")
    visits = sa.func.count(sa.distinct(Inspection.id)).label("visits")
    authorities = sa.func.count(sa.distinct(Inspection.authority_code)).label("authorities")
    stmt = (
        sa.select(Theme.slug, Theme.name, visits, authorities)
        .join(InspectionTheme, InspectionTheme.theme_slug == Theme.slug)
        .join(Inspection, Inspection.id == InspectionTheme.inspection_id)
        .where(Inspection.status == InspectionStatus.published.value, visible_to(ctx.principal))
        .group_by(Theme.slug, Theme.name)
        .order_by(visits.desc(), Theme.slug)
    )
    if filters.fieldwork_from is not None:
        stmt = stmt.where(Inspection.fieldwork_start >= filters.fieldwork_from)
    if filters.fieldwork_to is not None:
        stmt = stmt.where(Inspection.fieldwork_start <= filters.fieldwork_to)
    if filters.type is not None:
        stmt = stmt.where(Inspection.type == filters.type.value)
    if filters.region is not None:
        stmt = stmt.join(Authority, Authority.code == Inspection.authority_code).where(
            Authority.region == filters.region
        )
    rows = (await ctx.session.execute(stmt)).all()
    return ThemeTrends.model_validate(
        {
            "from": filters.fieldwork_from,
            "to": filters.fieldwork_to,
            "items": [ThemeTrend(slug=r.slug, name=r.name, visits=r.visits, authorities=r.authorities) for r in rows],
        }
    )
