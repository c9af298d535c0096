"""Queries of action items: every read computes ``overdue`` and ``rag`` in SQL (``derived``), in one statement."""

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from app.action_items import derived
from app.action_items.vocabulary import ActionStatus, Rag
from app.core.pagination import PageParams, SortKey, paginate
from app.core.security import Principal
from app.improvement_plans.references import shown_inspection
from app.models import ActionItem

SOONEST_DUE = SortKey(columns=(ActionItem.due_on, ActionItem.id), types=(date, uuid.UUID))


@dataclass(frozen=True, slots=True)
class ItemFilters:
    authority_code: str | None = None
    plan_id: uuid.UUID | None = None
    inspection_id: uuid.UUID | None = None
    status: ActionStatus | None = None
    overdue: bool | None = None
    rag: Rag | None = None
    owner: str | None = None
    due_before: date | None = None
    due_after: date | None = None


def _read_select(principal: Principal, today: date) -> tuple[sa.Select[Any], sa.ColumnElement[Any]]:
    stmt, shown = shown_inspection(sa.select(ActionItem), principal, ActionItem.inspection_id)
    hidden = sa.and_(ActionItem.inspection_id.is_not(None), shown.is_(None))
    stmt = stmt.add_columns(
        derived.overdue(today).label("overdue"),
        derived.rag(today).label("rag"),
        shown.label("shown_inspection_id"),
        sa.case((hidden, sa.null()), else_=ActionItem.finding_id).label("shown_finding_id"),
    )
    return stmt, shown


def read_select(principal: Principal, today: date) -> sa.Select[Any]:
    """Rows of ``(ActionItem, overdue, rag, shown_inspection_id, shown_finding_id)``."""
    return _read_select(principal, today)[0]


def _filtered(principal: Principal, today: date, filters: ItemFilters) -> sa.Select[Any]:
    stmt, shown = _read_select(principal, today)
    f = filters
    if f.authority_code is not None:
        stmt = stmt.where(ActionItem.authority_code == f.authority_code)
    if f.plan_id is not None:
        stmt = stmt.where(ActionItem.plan_id == f.plan_id)
    if f.inspection_id is not None:
        # Items of an inspection the caller may not see are not listed under it either.
        stmt = stmt.where(ActionItem.inspection_id == f.inspection_id, shown.is_not(None))
    if f.status is not None:
        stmt = stmt.where(ActionItem.status == f.status.value)
    if f.overdue is not None:
        stmt = stmt.where(derived.overdue_is(f.overdue, today))
    if f.rag is not None:
        stmt = stmt.where(derived.rag_is(f.rag, today))
    if f.owner is not None:
        stmt = stmt.where(sa.func.lower(ActionItem.owner) == f.owner.lower())
    if f.due_before is not None:
        stmt = stmt.where(ActionItem.due_on < f.due_before)
    if f.due_after is not None:
        stmt = stmt.where(ActionItem.due_on > f.due_after)
    return stmt


async def list_page(
    session: AsyncSession, principal: Principal, today: date, filters: ItemFilters, params: PageParams
) -> Sequence[sa.Row[Any]]:
    stmt = paginate(_filtered(principal, today, filters), SOONEST_DUE, params)
    rows: Sequence[sa.Row[Any]] = (await session.execute(stmt)).all()
    return rows


async def list_all(
    session: AsyncSession, principal: Principal, today: date, filters: ItemFilters
) -> Sequence[sa.Row[Any]]:
    stmt = _filtered(principal, today, filters).order_by(*SOONEST_DUE.order_by())
    rows: Sequence[sa.Row[Any]] = (await session.execute(stmt)).all()
    return rows


async def get_read(session: AsyncSession, principal: Principal, today: date, item_id: uuid.UUID) -> sa.Row[Any] | None:
    stmt = read_select(principal, today).where(ActionItem.id == item_id).execution_options(populate_existing=True)
    row: sa.Row[Any] | None = (await session.execute(stmt)).one_or_none()
    return row


async def get_for_update(session: AsyncSession, item_id: uuid.UUID) -> ActionItem | None:
    stmt = sa.select(ActionItem).where(ActionItem.id == item_id).with_for_update()
    return (await session.scalars(stmt)).one_or_none()
