"""Queries of judgements across inspections: only published inspections, through the embargo clause too."""

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import TypeAlias

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.pagination import PageParams, SortKey
from app.core.security import Principal
from app.inspections.visibility import visible_to
from app.inspections.vocabulary import InspectionStatus
from app.models import Authority, Inspection, Judgement

# Oldest publication first: a history reads forwards.
OLDEST_PUBLISHED_FIRST = SortKey(
    columns=(Inspection.published_on, Judgement.inspection_id, Judgement.area), types=(date, uuid.UUID, str)
)


JudgementSelect: TypeAlias = sa.Select[uuid.UUID, str, str, str, str, str, date | None]
JudgementRow: TypeAlias = sa.Row[uuid.UUID, str, str, str, str, str, date | None]


@dataclass(frozen=True, slots=True)
class JudgementFilters:
    authority_code: str | None = None
    area: str | None = None
    grade: str | None = None
    region: str | None = None
    framework: str | None = None
    published_from: date | None = None
    published_to: date | None = None


def _filtered(principal: Principal, f: JudgementFilters) -> JudgementSelect:
    stmt = (
        sa.select(
            Judgement.inspection_id,
            Judgement.area,
            Judgement.grade,
            Inspection.authority_code,
            Inspection.type,
            Inspection.framework,
            Inspection.published_on,
        )
        .join(Inspection, Inspection.id == Judgement.inspection_id)
        .where(Inspection.status == InspectionStatus.published.value, visible_to(principal))
    )
    equal = {
        Inspection.authority_code: f.authority_code,
        Judgement.area: f.area,
        Judgement.grade: f.grade,
        Inspection.framework: f.framework,
    }
    for column, value in equal.items():
        if value is not None:
            stmt = stmt.where(column == value)
    if f.region is not None:
        stmt = stmt.where(Inspection.authority_code.in_(sa.select(Authority.code).where(Authority.region == f.region)))
    if f.published_from is not None:
        stmt = stmt.where(Inspection.published_on >= f.published_from)
    if f.published_to is not None:
        stmt = stmt.where(Inspection.published_on <= f.published_to)
    return stmt


async def list_page(
    session: AsyncSession, principal: Principal, filters: JudgementFilters, params: PageParams
) -> Sequence[JudgementRow]:
    stmt = _filtered(principal, filters)
    if params.cursor:
        stmt = stmt.where(OLDEST_PUBLISHED_FIRST.after(params.cursor))
    stmt = stmt.order_by(*OLDEST_PUBLISHED_FIRST.order_by()).limit(params.limit + 1)
    return (await session.execute(stmt)).all()


async def list_all(session: AsyncSession, principal: Principal, filters: JudgementFilters) -> Sequence[JudgementRow]:
    stmt = _filtered(principal, filters).order_by(*OLDEST_PUBLISHED_FIRST.order_by())
    return (await session.execute(stmt)).all()
