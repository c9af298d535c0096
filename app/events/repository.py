"""Reading the feed: events in id order, which is commit order (``app.core.changes`` takes the ids under a lock
held until commit), so a cursor never misses an event that commits later."""

from collections.abc import Sequence
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from app.core import policy
from app.core.security import Principal, Role
from app.models import DispatchPosition, Event

EVENT = Event.__table__.c
PURGED = "purged"  # the dispatch_position row: the last event purged


START = 0  # the position before the first event


def after(position: int) -> sa.ColumnElement[bool]:
    return EVENT.id > position


def readable_by(principal: Principal) -> sa.ColumnElement[bool]:
    """``policy.may_read_event`` in SQL."""
    if policy.sees_all_embargoed(principal):
        return sa.true()
    own = principal.authority_code if principal.role is Role.authority else None
    mine = EVENT.authority_code == own if own else sa.false()
    restricted = EVENT.resource_type.in_(sorted(policy.SEEN_LIKE_SELF_EVALUATIONS))
    return sa.and_(sa.or_(~EVENT.embargoed, mine), sa.or_(~restricted, mine))


@dataclass(frozen=True, slots=True)
class EventFilters:
    types: Sequence[str] = ()
    resource_type: str | None = None
    authority_code: str | None = None


async def page(
    session: AsyncSession, principal: Principal, position: int, filters: EventFilters, limit: int
) -> Sequence[Event]:
    stmt = sa.select(Event).where(after(position), readable_by(principal))
    if filters.types:
        stmt = stmt.where(EVENT.type.in_(list(filters.types)))
    if filters.resource_type:
        stmt = stmt.where(EVENT.resource_type == filters.resource_type)
    if filters.authority_code:
        stmt = stmt.where(EVENT.authority_code == filters.authority_code)
    rows: Sequence[Event] = (await session.scalars(stmt.order_by(EVENT.id).limit(limit))).all()
    return rows


async def purged_up_to(session: AsyncSession) -> int:
    row = await session.get(DispatchPosition, PURGED)
    return row.event_id if row else START
