"""Queries of action items. Reads are one statement each, built once per combination of filters and of the
caller's sight of the embargo, run with bind parameters: the item's columns with ``overdue`` and ``rag``
computed in SQL (``derived``), and its inspection and finding as the caller may see them, as plain rows."""

import functools
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, cast

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql
from sqlalchemy.ext.asyncio import AsyncSession

from app.action_items import derived
from app.action_items.schemas import ACTION_ITEM_FIELDS
from app.action_items.vocabulary import ActionStatus, Rag
from app.core.pagination import PageParams, SortKey, bound_page, paginate_bound
from app.core.security import Principal
from app.inspections.visibility import Sight, sight_of, sight_params, visible_in
from app.models import ActionItem, Inspection

ITEM = ActionItem.__table__.c
SOONEST_DUE = SortKey(columns=(ITEM.due_on, ITEM.id), types=(date, uuid.UUID))


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


@functools.cache
def _shown(sight: Sight) -> tuple[sa.FromClause, sa.ColumnElement[Any]]:
    """The items, and their inspection as the caller may see it: null where it is under embargo for them."""
    if sight is Sight.everything:
        return ActionItem.__table__, ITEM.inspection_id
    inspections = Inspection.__table__
    shown = sa.and_(inspections.c.id == ITEM.inspection_id, visible_in(sight, inspections))
    return ActionItem.__table__.outerjoin(inspections, shown), inspections.c.id


def _columns(shown: sa.ColumnElement[Any]) -> list[sa.Label[Any]]:
    """The columns of ``schemas.action_item_json``, the inspection as ``shown`` (its finding hidden with it)."""
    hidden = sa.and_(ITEM.inspection_id.is_not(None), shown.is_(None))
    columns: dict[str, sa.ColumnElement[Any]] = {
        **{name: ITEM[name] for name in ACTION_ITEM_FIELDS if name in ITEM},
        "inspection_id": shown,
        "finding_id": sa.case((hidden, sa.null()), else_=ITEM.finding_id),
        "rescheduled": derived.rescheduled(),
        "overdue": derived.overdue(),
        "rag": derived.rag(),
    }
    return [columns[name].label(name) for name in ACTION_ITEM_FIELDS]


@functools.cache
def _read(sight: Sight) -> sa.Select[Any]:
    """Rows read by ``schemas.action_item_json``."""
    source, shown = _shown(sight)
    return sa.select(*_columns(shown)).select_from(source)


def read_statement(sight: Sight) -> sa.Select[Any]:
    """The items as the caller (of ``sight``) reads them, for other modules to filter and order."""
    return _read(sight)


# A new item, returned as ``schemas.action_item_json`` reads it. Its inspection is shown as it is: only its
# authority's keys and admin create items, and they see every inspection of that authority.
INSERT = sa.insert(cast(sa.Table, ActionItem.__table__)).returning(*_columns(ITEM.inspection_id))


def _bound(filters: ItemFilters) -> tuple[frozenset[str], dict[str, Any]]:
    """Which filters are set (the statement's shape) and their values (its parameters)."""
    f = filters
    values: dict[str, Any] = {
        "authority_code": f.authority_code,
        "plan_id": f.plan_id,
        "inspection_id": f.inspection_id,
        "status": f.status.value if f.status is not None else None,
        "owner": f.owner.lower() if f.owner is not None else None,
        "due_before": f.due_before,
        "due_after": f.due_after,
    }
    values = {name: value for name, value in values.items() if value is not None}
    shape = set(values)
    if f.overdue is not None:
        shape.add(f"overdue_{str(f.overdue).lower()}")
    if f.rag is not None:
        shape.add(f"rag_{f.rag.value}")
    return frozenset(shape), values


@functools.cache
def _filtered(sight: Sight, shape: frozenset[str], *, one_authority_in_order: bool = False) -> sa.Select[Any]:
    stmt = _read(sight)
    if "authority_code" in shape and one_authority_in_order:
        stmt = _one_authority_in_order(stmt)
    elif "authority_code" in shape:
        stmt = stmt.where(ITEM.authority_code == sa.bindparam("authority_code"))
    for name in ("plan_id", "status"):
        if name in shape:
            stmt = stmt.where(ITEM[name] == sa.bindparam(name))
    if "inspection_id" in shape:
        # Items of an inspection the caller may not see are not listed under it either.
        _, shown = _shown(sight)
        stmt = stmt.where(ITEM.inspection_id == sa.bindparam("inspection_id"), shown.is_not(None))
    for flag in (True, False):
        if f"overdue_{str(flag).lower()}" in shape:
            stmt = stmt.where(derived.overdue_is(flag))
    for rag in Rag:
        if f"rag_{rag.value}" in shape:
            stmt = stmt.where(derived.rag_is(rag))
    if "owner" in shape:
        stmt = stmt.where(sa.func.lower(ITEM.owner) == sa.bindparam("owner", type_=sa.String))
    if "due_before" in shape:
        stmt = stmt.where(ITEM.due_on < sa.bindparam("due_before"))
    if "due_after" in shape:
        stmt = stmt.where(ITEM.due_on > sa.bindparam("due_after"))
    return stmt


def _one_authority_in_order(stmt: sa.Select[Any]) -> sa.Select[Any]:
    """One authority's items in due order, through the index on (authority_code, due_on, id) alone.

    Issue 19's last-page anomaly: with fresh statistics saying most items are one authority's, PostgreSQL read
    ``authority_code = :code ORDER BY due_on, id LIMIT n`` by walking the (due_on, id) index from the cursor and
    filtering out every other authority's items on the way, expecting the authority's to come soon; after
    38,000 items of another authority were added with later due dates, the last page of a 100,000-item list
    filtered 41,000 rows (24.9 ms against 0.15 ms). Ordering by ``authority_code`` first does not stop that by
    itself (under ``= :code`` the planner drops the constant from the order); written as ``= ANY(ARRAY[:code])``
    it stays in the order, which only the authority index gives, and it is still that index's search key."""
    one = postgresql.array([sa.bindparam("authority_code", type_=sa.String)])
    return stmt.where(ITEM.authority_code == sa.any_(one)).order_by(ITEM.authority_code)


@functools.cache
def _page(sight: Sight, shape: frozenset[str], after_cursor: bool) -> sa.Select[Any]:
    return paginate_bound(_filtered(sight, shape, one_authority_in_order=True), SOONEST_DUE, after_cursor=after_cursor)


@functools.cache
def _every(sight: Sight, shape: frozenset[str]) -> sa.Select[Any]:
    return _filtered(sight, shape).order_by(*SOONEST_DUE.order_by())


@functools.cache
def _one(sight: Sight) -> sa.Select[Any]:
    return _read(sight).where(ITEM.id == sa.bindparam("id"))


@functools.cache
def _overdue_of(sight: Sight) -> sa.Select[Any]:
    return (
        _read(sight)
        .where(ITEM.authority_code == sa.bindparam("authority_code"), derived.overdue())
        .order_by(*SOONEST_DUE.order_by())
        .limit(sa.bindparam("overdue_limit", type_=sa.Integer))
    )


def _common(principal: Principal, today: date) -> dict[str, Any]:
    return {**derived.as_of(today), **sight_params(principal)}


async def list_page(
    session: AsyncSession, principal: Principal, today: date, filters: ItemFilters, params: PageParams
) -> Sequence[sa.Row[Any]]:
    shape, values = _bound(filters)
    stmt = _page(sight_of(principal), shape, bool(params.cursor))
    values.update(_common(principal, today), **bound_page(SOONEST_DUE, params))
    rows: Sequence[sa.Row[Any]] = (await session.execute(stmt, values)).all()
    return rows


async def list_all(
    session: AsyncSession, principal: Principal, today: date, filters: ItemFilters
) -> Sequence[sa.Row[Any]]:
    shape, values = _bound(filters)
    stmt = _every(sight_of(principal), shape)
    rows: Sequence[sa.Row[Any]] = (await session.execute(stmt, {**values, **_common(principal, today)})).all()
    return rows


async def overdue_of(
    session: AsyncSession, principal: Principal, today: date, authority_code: str, limit: int
) -> Sequence[sa.Row[Any]]:
    """The authority's overdue items, most overdue first, at most ``limit``."""
    values = {"authority_code": authority_code, "overdue_limit": limit, **_common(principal, today)}
    rows: Sequence[sa.Row[Any]] = (await session.execute(_overdue_of(sight_of(principal)), values)).all()
    return rows


async def get_read(session: AsyncSession, principal: Principal, today: date, item_id: uuid.UUID) -> sa.Row[Any] | None:
    """The item as the API shows it (flush first: a Core statement does not autoflush the session)."""
    values = {"id": item_id, **_common(principal, today)}
    row: sa.Row[Any] | None = (await session.execute(_one(sight_of(principal)), values)).one_or_none()
    return row


async def insert(session: AsyncSession, today: date, values: dict[str, Any]) -> sa.Row[Any]:
    """Insert an item (``values``: its columns) and return it as the API shows it, in one statement."""
    row: sa.Row[Any] = (await session.execute(INSERT, {**values, **derived.as_of(today)})).one()
    return row


FOR_UPDATE = sa.select(ActionItem).where(ActionItem.id == sa.bindparam("id")).with_for_update()


async def get_for_update(session: AsyncSession, item_id: uuid.UUID) -> ActionItem | None:
    return (await session.scalars(FOR_UPDATE, {"id": item_id})).one_or_none()
