"""Queries of inspections for the write paths (ORM objects). Every read goes through ``visible_to`` (the embargo);
the read paths of the API (lists, timeline, by id) are in ``reads``."""

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from app.core.security import Principal
from app.inspections import latest
from app.inspections.rules import PriorResult
from app.inspections.visibility import visible_to
from app.models import ActionItem, ImprovementPlan, Inspection, Theme

NO_FIELDWORK = date(9999, 12, 31)
# asyncpg sends date.max (9999-12-31) as 'infinity', so the sentinel is always written in SQL.
NO_FIELDWORK_SQL: sa.ColumnElement[date] = sa.literal_column("'9999-12-31'::date", sa.Date)
CURSOR_TYPES = (date, uuid.UUID)
WITH_OUTCOMES = (selectinload(Inspection.judgements), selectinload(Inspection.theme_links))
WITH_SOURCES = (*WITH_OUTCOMES, selectinload(Inspection.sources))


def sort_key_of(inspection: Inspection) -> tuple[date, uuid.UUID]:
    return inspection.fieldwork_start or NO_FIELDWORK, inspection.id


@dataclass(frozen=True, slots=True)
class InspectionFilters:
    authority_code: str | None = None
    type: str | None = None
    status: str | None = None
    framework: str | None = None
    region: str | None = None
    theme: str | None = None
    fieldwork_from: date | None = None
    fieldwork_to: date | None = None
    published_from: date | None = None
    published_to: date | None = None


async def get_visible(
    session: AsyncSession,
    principal: Principal,
    inspection_id: uuid.UUID,
    *,
    for_update: bool = False,
    with_findings: bool = False,
) -> Inspection | None:
    stmt = sa.select(Inspection).where(Inspection.id == inspection_id, visible_to(principal)).options(*WITH_OUTCOMES)
    if with_findings:
        stmt = stmt.options(selectinload(Inspection.findings))
    if for_update:
        stmt = stmt.with_for_update(of=Inspection)
    return (await session.scalars(stmt)).one_or_none()


# ``= ANY(array)``, not ``IN (...)``: one prepared statement serves every number of themes.
THEMES_APPLY_TO = sa.select(Theme.slug, Theme.applies_to).where(
    Theme.slug == sa.any_(sa.bindparam("slugs", type_=ARRAY(sa.String)))
)


async def theme_applies_to(session: AsyncSession, slugs: Sequence[str]) -> dict[str, list[str]]:
    if not slugs:
        return {}
    rows = await session.execute(THEMES_APPLY_TO, {"slugs": sorted(set(slugs))})
    return {row.slug: list(row.applies_to) for row in rows}


async def prior_graded(
    session: AsyncSession, authority_code: str, exclude_id: uuid.UUID | None, fieldwork_before: date | None
) -> PriorResult | None:
    """The authority's latest published graded result whose fieldwork began before ``fieldwork_before`` (any,
    while that is unknown), other than the inspection under check."""
    stmt = (
        sa.select(Inspection)
        .where(Inspection.authority_code == authority_code, latest.is_published_graded())
        .order_by(*latest.LATEST_FIRST)
        .limit(1)
        .options(selectinload(Inspection.judgements))
    )
    if exclude_id is not None:
        stmt = stmt.where(Inspection.id != exclude_id)
    if fieldwork_before is not None:
        stmt = stmt.where(Inspection.fieldwork_start < fieldwork_before)
    prior = (await session.scalars(stmt)).one_or_none()
    if prior is None:
        return None
    return PriorResult(
        type=prior.type,
        framework=prior.framework,
        published_on=prior.published_on,
        judgements={j.area: j.grade for j in prior.judgements},
    )


async def references(session: AsyncSession, inspection_id: uuid.UUID) -> list[str]:
    """What still refers to the inspection (plans and action items) and so blocks its deletion."""
    counts = (
        await session.execute(
            sa.select(
                sa.select(sa.func.count()).where(ImprovementPlan.inspection_id == inspection_id).scalar_subquery(),
                sa.select(sa.func.count()).where(ActionItem.inspection_id == inspection_id).scalar_subquery(),
            )
        )
    ).one()
    return [f"{n} {name}" for n, name in zip(counts, ("improvement plans", "action items"), strict=True) if n]
