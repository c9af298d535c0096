"""The one change mechanism: every write records what changed through here, and here alone the audit row and
the outbox event of the change are written, in the transaction of the change itself.

A service (or the importer, or a command) calls ``audit.record`` and its helpers (``app.core.audit``), which add
the audit row and queue the change on the session. Just before the transaction commits, the queued changes are
rendered as their resources' GET shows them (``app.events.renderers``) and written to ``events`` in one
statement; a rolled-back transaction leaves neither. A deletion is rendered at the first flush after it is
recorded, while its row still exists, so its event carries its last state.
"""

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session

from app.models import Event

_QUEUE = "ilacs_changes"
# The resource types a session's transaction changed (read after its commit: ``changed_types``).
_TYPES = "ilacs_changed_types"
# Held from taking event ids to commit, by every transaction that writes events: ids are then in commit order,
# so the feed's cursor (the last id seen) never passes an event that commits later. Taken after the last flush
# of the change itself, so it is held only while the events are inserted and the transaction commits.
EVENT_ORDER_LOCK = 0x1_1AC5_0017
# Audited resource types that are not events (API.md "Events and webhooks").
NOT_EVENTS = frozenset({"api_key", "webhook"})
_PAST = {"create": "created", "update": "updated", "delete": "deleted"}


@dataclass(slots=True)
class Change:
    action: str  # create, update, delete
    resource_type: str
    resource_id: str
    changes: Mapping[str, list[Any]]
    request_id: str | None
    occurred_at: datetime = field(default_factory=lambda: datetime.now(UTC))
    rendered: "Rendered | None" = None


@dataclass(frozen=True, slots=True)
class Rendered:
    """A resource as its GET shows it, with what decides who may read it."""

    data: dict[str, Any]
    authority_code: str | None
    embargoed: bool = False


# Renders resources of one type by id: every id given gets an entry (a missing row: its last known state).
Renderer = Callable[[Session, Sequence[Change]], dict[str, Rendered]]
# Further event types a change raises beside ``<type>.<action>`` (``inspection.published``).
Extra = Callable[[Change, Rendered], list[str]]
RENDERERS: dict[str, Renderer] = {}
EXTRA_TYPES: dict[str, Extra] = {}


def queue(session: Any, change: Change) -> None:
    """Queue a change for the outbox of ``session`` (an ``AsyncSession`` or a ``Session``)."""
    session.info.setdefault(_TYPES, set()).add(change.resource_type)
    if change.resource_type in NOT_EVENTS:
        return
    session.info.setdefault(_QUEUE, []).append(change)


def changed_types(session: Any) -> frozenset[str]:
    """The resource types ``session`` recorded changes of since it began or last rolled back."""
    return frozenset(session.info.get(_TYPES, ()))


def _render(session: Session, changes: Sequence[Change]) -> None:
    import app.events.renderers  # noqa: F401 - registers every resource type's renderer

    by_type: dict[str, list[Change]] = {}
    for change in changes:
        if change.rendered is None:
            by_type.setdefault(change.resource_type, []).append(change)
    for resource_type, group in by_type.items():
        rendered = RENDERERS.get(resource_type, _generic())(session, group)
        for change in group:
            change.rendered = rendered[change.resource_id]


async def take_event_order(session: AsyncSession) -> None:
    """Take the event order lock (for events written other than through the queue: ``action_item.overdue``)."""
    await session.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": EVENT_ORDER_LOCK})


def _generic() -> Renderer:
    from app.events.renderers import generic

    return generic


def events_of(changes: Sequence[Change]) -> list[dict[str, Any]]:
    """The ``events`` rows of rendered changes, in the order they were made."""
    rows: list[dict[str, Any]] = []
    for change in changes:
        assert change.rendered is not None
        types = [f"{change.resource_type}.{_PAST[change.action]}"]
        extra = EXTRA_TYPES.get(change.resource_type)
        if extra is not None:
            types += extra(change, change.rendered)
        rows += [
            {
                "type": event_type,
                "occurred_at": change.occurred_at,
                "resource_type": change.resource_type,
                "resource_id": change.resource_id,
                "authority_code": change.rendered.authority_code,
                "embargoed": change.rendered.embargoed,
                "data": change.rendered.data,
                "request_id": change.request_id,
            }
            for event_type in types
        ]
    return rows


@event.listens_for(Session, "before_flush")
def _render_deletions(session: Session, *_: Any) -> None:
    """A deletion's last state, read before the flush that deletes it."""
    queued: list[Change] = session.info.get(_QUEUE, [])
    deletions = [c for c in queued if c.action == "delete" and c.rendered is None]
    if deletions:
        _render(session, deletions)


@event.listens_for(Session, "before_commit")
def _write_outbox(session: Session) -> None:
    if not session.info.get(_QUEUE):
        return
    session.flush()
    queued: list[Change] = session.info.pop(_QUEUE, [])
    _render(session, queued)
    rows = events_of(queued)
    if rows:
        session.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": EVENT_ORDER_LOCK})
        session.execute(sa.insert(Event), rows)


@event.listens_for(Session, "after_rollback")
def _forget(session: Session) -> None:
    session.info.pop(_QUEUE, None)
    session.info.pop(_TYPES, None)
