"""The feed's rules: its cursor (a position in the feed, signed), retention, and who sees what."""

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

from app.core.context import Context
from app.core.errors import CursorExpired, ValidationFailed
from app.core.pagination import CURSOR_MESSAGE
from app.events import repository
from app.events.repository import START, EventFilters
from app.models import Event

EXPIRED = "That cursor is older than the {days} days the feed keeps; start again without a cursor."


def encode_position(position: int, at: datetime | None) -> str:
    """``<event id>:<epoch seconds of that event, 0 for the start>`` (signed by the list's seal)."""
    return f"{position}:{int(at.timestamp()) if at else 0}"


def decode_position(payload: str) -> tuple[int, datetime | None]:
    try:
        event_id, epoch = (int(part) for part in payload.split(":"))
    except ValueError:
        raise ValidationFailed.field("cursor", CURSOR_MESSAGE) from None
    return event_id, datetime.fromtimestamp(epoch, UTC) if epoch else None


async def read_feed(
    ctx: Context, cursor: str | None, filters: EventFilters, limit: int, retention_days: int
) -> tuple[Sequence[Event], str]:
    """A page of the feed after ``cursor`` and the cursor after it (the one given when nothing is new)."""
    position, at = decode_position(cursor) if cursor else (START, None)
    if cursor:
        purged = await repository.purged_up_to(ctx.session)
        too_old = at is not None and at < datetime.now(UTC) - timedelta(days=retention_days)
        if too_old or position < purged:
            raise CursorExpired(EXPIRED.format(days=retention_days))
    events = await repository.page(ctx.session, ctx.principal, position, filters, limit)
    if not events:
        return events, cursor or encode_position(START, None)
    last = events[-1]
    return events, encode_position(last.id, last.occurred_at)
