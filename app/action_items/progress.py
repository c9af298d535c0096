"""The append-only progress log of an action item. An update carrying a ``status`` moves the item to it in
the same transaction (with its version and audit event); updates are never changed or deleted."""

import uuid
from collections.abc import Sequence
from datetime import datetime

import sqlalchemy as sa

from app.action_items import log, service
from app.action_items.schemas import DueOnChange, ProgressUpdateCreate, ProgressUpdateRead
from app.action_items.vocabulary import ActionStatus
from app.core.context import Context
from app.core.errors import NotFound
from app.core.pagination import PageParams, SortKey, paginate
from app.models import ActionItem, ActionItemUpdate

OLDEST_FIRST = SortKey(columns=(ActionItemUpdate.created_at, ActionItemUpdate.id), types=(datetime, uuid.UUID))


def to_read(update: ActionItemUpdate) -> ProgressUpdateRead:
    return ProgressUpdateRead(
        id=update.id,
        note=update.note,
        status=ActionStatus(update.status) if update.status else None,
        due_on_change=None
        if update.due_on_from is None or update.due_on_to is None
        else DueOnChange(from_=update.due_on_from, to=update.due_on_to),
        author=update.author,
        created_at=update.created_at,
    )


async def _require_item(ctx: Context, item_id: uuid.UUID) -> None:
    if await ctx.session.scalar(sa.select(ActionItem.id).where(ActionItem.id == item_id)) is None:
        raise NotFound(f"No action item with id {item_id}.")


async def list_page(ctx: Context, item_id: uuid.UUID, params: PageParams) -> Sequence[ActionItemUpdate]:
    await _require_item(ctx, item_id)
    stmt = sa.select(ActionItemUpdate).where(ActionItemUpdate.action_item_id == item_id)
    return (await ctx.session.scalars(paginate(stmt, OLDEST_FIRST, params))).all()


async def get_or_404(ctx: Context, item_id: uuid.UUID, update_id: uuid.UUID) -> ActionItemUpdate:
    update = await ctx.session.scalar(
        sa.select(ActionItemUpdate).where(ActionItemUpdate.id == update_id, ActionItemUpdate.action_item_id == item_id)
    )
    if update is None:
        raise NotFound(f"No progress update {update_id} of action item {item_id}.")
    return update


async def add(ctx: Context, item_id: uuid.UUID, data: ProgressUpdateCreate) -> ActionItemUpdate:
    item = await service.get_for_change(ctx, item_id)
    if data.status is not None and data.status.value != item.status:
        before = service.snapshot(item)
        service.apply_status(ctx, item, data.status, {})
        await service.record_change(ctx, item, before)
    return await log.append(ctx, item.id, data.note, data.status.value if data.status else None)
