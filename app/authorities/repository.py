"""Queries of authorities, including their latest graded inspection (a fixed number of statements per page)."""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import distinct_on
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.pagination import PageParams, SortKey, paginate
from app.inspections.vocabulary import GRADED_TYPES, Area, InspectionStatus
from app.models import ActionItem, Authority, ImprovementPlan, Inspection, Judgement

NAME_ORDER = SortKey(columns=(Authority.name, Authority.code), types=(str, str))


@dataclass(frozen=True, slots=True)
class AuthorityFilters:
    region: str | None = None
    kind_prefix: str | None = None
    status: str | None = None
    q: str | None = None
    grade: str | None = None
    area: Area = Area.overall_effectiveness


def latest_graded_subquery() -> sa.Subquery:
    """Each authority's most recent published graded inspection (published is visible to every caller)."""
    return (
        sa.select(Inspection.id, Inspection.authority_code)
        .where(
            Inspection.status == InspectionStatus.published.value, Inspection.type.in_([t.value for t in GRADED_TYPES])
        )
        .ext(distinct_on(Inspection.authority_code))
        .order_by(
            Inspection.authority_code,
            Inspection.published_on.desc(),
            Inspection.fieldwork_start.desc().nulls_last(),
            Inspection.id.desc(),
        )
        .subquery("latest_graded")
    )


def _filtered(filters: AuthorityFilters) -> sa.Select[Any]:
    stmt = sa.select(Authority)
    if filters.region:
        stmt = stmt.where(Authority.region == filters.region)
    if filters.kind_prefix:
        stmt = stmt.where(Authority.code.startswith(filters.kind_prefix))
    if filters.status:
        stmt = stmt.where(Authority.status == filters.status)
    if filters.q:
        stmt = stmt.where(sa.func.lower(Authority.name).contains(filters.q.lower(), autoescape=True))
    if filters.grade:
        latest = latest_graded_subquery()
        if filters.grade == "none":
            stmt = stmt.where(~sa.exists().where(latest.c.authority_code == Authority.code))
        else:
            stmt = stmt.join(latest, latest.c.authority_code == Authority.code).where(
                sa.exists().where(
                    Judgement.inspection_id == latest.c.id,
                    Judgement.area == filters.area.value,
                    Judgement.grade == filters.grade,
                )
            )
    return stmt


async def list_page(session: AsyncSession, filters: AuthorityFilters, params: PageParams) -> Sequence[Authority]:
    return (await session.scalars(paginate(_filtered(filters), NAME_ORDER, params))).all()


async def list_all(session: AsyncSession, filters: AuthorityFilters) -> Sequence[Authority]:
    return (await session.scalars(_filtered(filters).order_by(*NAME_ORDER.order_by()))).all()


async def get(session: AsyncSession, code: str, *, for_update: bool = False) -> Authority | None:
    stmt = sa.select(Authority).where(Authority.code == code)
    if for_update:
        stmt = stmt.with_for_update()
    return (await session.scalars(stmt)).one_or_none()


async def latest_graded_for(
    session: AsyncSession, codes: Sequence[str]
) -> dict[str, tuple[Inspection, list[Judgement]]]:
    """Latest graded inspection and its judgements for each of ``codes``: two statements, whatever the count."""
    if not codes:
        return {}
    latest = latest_graded_subquery()
    inspections = (
        await session.scalars(
            sa.select(Inspection).join(latest, latest.c.id == Inspection.id).where(latest.c.authority_code.in_(codes))
        )
    ).all()
    if not inspections:
        return {}
    judgements = (
        await session.scalars(
            sa.select(Judgement)
            .where(Judgement.inspection_id.in_([i.id for i in inspections]))
            .order_by(Judgement.inspection_id, Judgement.area)
        )
    ).all()
    by_inspection: dict[Any, list[Judgement]] = {}
    for j in judgements:
        by_inspection.setdefault(j.inspection_id, []).append(j)
    return {i.authority_code: (i, by_inspection.get(i.id, [])) for i in inspections}


async def dependants(session: AsyncSession, code: str) -> list[str]:
    """What still refers to the authority and so blocks its deletion."""
    counts = (
        await session.execute(
            sa.select(
                sa.select(sa.func.count()).where(Inspection.authority_code == code).scalar_subquery(),
                sa.select(sa.func.count()).where(ImprovementPlan.authority_code == code).scalar_subquery(),
                sa.select(sa.func.count()).where(ActionItem.authority_code == code).scalar_subquery(),
            )
        )
    ).one()
    names = ("inspections", "improvement plans", "action items")
    return [f"{n} {name}" for n, name in zip(counts, names, strict=True) if n]
