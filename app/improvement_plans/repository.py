"""Queries of improvement plans; each read shows its inspection reference as the caller may see it."""

import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.pagination import PageParams, SortKey, paginate
from app.core.security import Principal
from app.improvement_plans.references import shown_inspection
from app.models import ActionItem, ImprovementPlan

NEWEST_FIRST = SortKey(
    columns=(ImprovementPlan.created_at, ImprovementPlan.id), types=(datetime, uuid.UUID), descending=True
)


def read_select(principal: Principal) -> sa.Select[Any]:
    """Rows of ``(ImprovementPlan, shown_inspection_id)``."""
    stmt, shown = shown_inspection(sa.select(ImprovementPlan), principal, ImprovementPlan.inspection_id)
    return stmt.add_columns(shown.label("shown_inspection_id"))


async def list_page(
    session: AsyncSession, principal: Principal, authority_code: str | None, params: PageParams
) -> Sequence[sa.Row[Any]]:
    stmt = read_select(principal)
    if authority_code is not None:
        stmt = stmt.where(ImprovementPlan.authority_code == authority_code)
    rows: Sequence[sa.Row[Any]] = (await session.execute(paginate(stmt, NEWEST_FIRST, params))).all()
    return rows


async def get_read(session: AsyncSession, principal: Principal, plan_id: uuid.UUID) -> sa.Row[Any] | None:
    stmt = read_select(principal).where(ImprovementPlan.id == plan_id).execution_options(populate_existing=True)
    row: sa.Row[Any] | None = (await session.execute(stmt)).one_or_none()
    return row


async def get_for_update(session: AsyncSession, plan_id: uuid.UUID) -> ImprovementPlan | None:
    stmt = sa.select(ImprovementPlan).where(ImprovementPlan.id == plan_id).with_for_update()
    return (await session.scalars(stmt)).one_or_none()


async def item_count(session: AsyncSession, plan_id: uuid.UUID) -> int:
    return await session.scalar(sa.select(sa.func.count()).where(ActionItem.plan_id == plan_id)) or 0
