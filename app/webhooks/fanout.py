"""The dispatcher's bookkeeping in the database: new events fanned out to the subscriptions that match them,
``action_item.overdue`` raised, and events past the retention period purged."""

import uuid
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.changes import RENDERERS, Change, take_event_order
from app.events.repository import EVENT, PURGED, START, after
from app.events.vocabulary import OVERDUE
from app.models import ActionItem, DispatchPosition, Event, OverdueNotice, Webhook, WebhookDelivery
from app.webhooks import rules

FANNED_OUT = "fanned_out"  # the dispatch_position row: every event up to it has its deliveries queued
BATCH = 500
CLOSED = ("completed", "cancelled")


async def _position(session: AsyncSession, name: str) -> DispatchPosition:
    row = await session.get(DispatchPosition, name, with_for_update=True)
    if row is None:
        row = DispatchPosition(name=name, event_id=START)
        session.add(row)
        await session.flush()
    return row


async def fan_out(session: AsyncSession) -> int:
    """Queue a delivery of each new settled event for every active subscription that matches it (made before
    it happened, and whose owner may read it); move the position past them. The number of events read."""
    position = await _position(session, FANNED_OUT)
    if not await session.scalar(sa.select(sa.exists().where(Webhook.active))):
        # Nobody to tell: move past every settled event in one statement instead of reading them in batches
        # (a freshly seeded database holds thousands, which would hold up a serve worker's first requests).
        # The event order lock keeps a subscription made meanwhile from missing a later event: no event can
        # commit between the second check and the maximum read while it is held.
        await take_event_order(session)
        if not await session.scalar(sa.select(sa.exists().where(Webhook.active))):
            last = await session.scalar(sa.select(sa.func.max(EVENT.id)).where(after(position.event_id)))
            if last is not None:
                position.event_id = last
            return 0
    events: Sequence[Event] = (
        await session.scalars(sa.select(Event).where(after(position.event_id)).order_by(EVENT.id).limit(BATCH))
    ).all()
    if not events:
        return 0
    webhooks = (await session.scalars(sa.select(Webhook).where(Webhook.active))).all()
    rows: list[dict[str, Any]] = []
    for event in events:
        for webhook in webhooks:
            if webhook.created_at <= event.occurred_at and rules.matches(webhook, event):
                rows.append(
                    {
                        "id": uuid.uuid4(),
                        "webhook_id": webhook.id,
                        "event_id": event.id,
                        "event_type": event.type,
                        "resource_key": rules.resource_key(event),
                        "attempt": 0,
                        "status": "pending",
                        "next_attempt_at": datetime.now(UTC),
                    }
                )
    if rows:
        await session.execute(sa.insert(WebhookDelivery), rows)
    position.event_id = events[-1].id
    return len(events)


async def raise_overdue(session: AsyncSession, today: date) -> int:
    """``action_item.overdue`` for every open item past its due date, once per item and due date."""
    noticed = sa.exists().where(
        OverdueNotice.action_item_id == ActionItem.id, OverdueNotice.due_on == ActionItem.due_on
    )
    due = (
        await session.execute(
            sa.select(ActionItem.id, ActionItem.due_on)
            .where(ActionItem.due_on < today, ActionItem.status.not_in(CLOSED), ~noticed)
            .limit(BATCH)
        )
    ).all()
    if not due:
        return 0
    changes = [Change("update", "action_item", str(item_id), {}, None) for item_id, _ in due]
    rendered = await session.run_sync(lambda s: RENDERERS["action_item"](s, changes))
    now = datetime.now(UTC)
    await take_event_order(session)
    await session.execute(
        sa.insert(Event),
        [
            {
                "type": OVERDUE,
                "occurred_at": now,
                "resource_type": "action_item",
                "resource_id": c.resource_id,
                "authority_code": rendered[c.resource_id].authority_code,
                "embargoed": False,
                "data": rendered[c.resource_id].data,
                "request_id": None,
            }
            for c in changes
        ],
    )
    await session.execute(sa.insert(OverdueNotice), [{"action_item_id": i, "due_on": d} for i, d in due])
    return len(due)


async def purge(session: AsyncSession, retention_days: int) -> int:
    """Delete events older than the retention period (their deliveries with them); remember the last one
    purged, so that a cursor from before it is a 410."""
    cutoff = datetime.now(UTC) - timedelta(days=retention_days)
    doomed = sa.select(Event.id).where(Event.occurred_at < cutoff).order_by(Event.id).limit(BATCH * 10)
    deleted = (
        await session.execute(sa.delete(Event).where(Event.id.in_(doomed.scalar_subquery())).returning(Event.id))
    ).all()
    if not deleted:
        return 0
    marker = await _position(session, PURGED)
    marker.event_id = max(marker.event_id, *(event_id for (event_id,) in deleted))
    return len(deleted)
