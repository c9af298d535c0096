"""Appending to an action item's updates log: progress notes, status changes and moved due dates. Entries are
never changed or deleted; each is audited in the same transaction as the change it records."""

import uuid
from datetime import date

import sqlalchemy as sa

from app.core import audit
from app.core.context import Context
from app.models import ActionItemUpdate

RESOURCE = "action_item_update"


async def append(
    ctx: Context,
    item_id: uuid.UUID,
    note: str,
    status: str | None = None,
    due_on_change: tuple[date, date] | None = None,
) -> ActionItemUpdate:
    due_on_from, due_on_to = due_on_change or (None, None)
    entry = (
        await ctx.session.scalars(
            sa.insert(ActionItemUpdate)
            .values(
                action_item_id=item_id,
                note=note,
                status=status,
                due_on_from=due_on_from,
                due_on_to=due_on_to,
                author=ctx.principal.name,
                author_ref=ctx.principal.ref,
                # The wall clock, not the transaction's start: entries keep their order within a transaction.
                created_at=sa.func.clock_timestamp(),
            )
            .returning(ActionItemUpdate)
        )
    ).one()
    fields: dict[str, object] = {"action_item_id": item_id, "note": note, "status": status}
    if due_on_change is not None:
        fields["due_on_change"] = {"from": due_on_from.isoformat(), "to": due_on_to.isoformat()}  # type: ignore[union-attr]
    audit.record_create(ctx, RESOURCE, entry.id, {**fields, "author": entry.author})
    return entry
