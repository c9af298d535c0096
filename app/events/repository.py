"""Reading the feed: events in (txid, id) order, only of transactions older than every one still running.

Event ids are taken as transactions insert, not as they commit, so a transaction that began earlier can commit
an event with a smaller id after a later one has been read. Ordering by the writing transaction's id and
holding back every transaction not yet older than the oldest one running (the snapshot's ``xmin``) makes the
order one that a cursor never misses: whatever commits later sorts after everything already shown.
"""

from collections.abc import Sequence
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from app.core import policy
from app.core.security import Principal, Role
from app.models import DispatchPosition, Event

EVENT = Event.__table__.c
# Transactions older than every one still running; and the caller's own (it sees its own writes).
SETTLED = sa.or_(
    EVENT.txid < sa.text("(pg_snapshot_xmin(pg_current_snapshot())::text)::bigint"),
    EVENT.txid == sa.text("(pg_current_xact_id_if_assigned()::text)::bigint"),
)
PURGED = "purged"  # the dispatch_position row: the last event purged


@dataclass(frozen=True, slots=True)
class Position:
    txid: int
    event_id: int


START = Position(0, 0)


def after(position: Position) -> sa.ColumnElement[bool]:
    return sa.tuple_(EVENT.txid, EVENT.id) > sa.tuple_(sa.literal(position.txid), sa.literal(position.event_id))


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
    session: AsyncSession, principal: Principal, position: Position, filters: EventFilters, limit: int
) -> Sequence[Event]:
    stmt = sa.select(Event).where(after(position), SETTLED, readable_by(principal))
    if filters.types:
        stmt = stmt.where(EVENT.type.in_(list(filters.types)))
    if filters.resource_type:
        stmt = stmt.where(EVENT.resource_type == filters.resource_type)
    if filters.authority_code:
        stmt = stmt.where(EVENT.authority_code == filters.authority_code)
    rows: Sequence[Event] = (await session.scalars(stmt.order_by(EVENT.txid, EVENT.id).limit(limit))).all()
    return rows


async def purged_up_to(session: AsyncSession) -> Position:
    row = await session.get(DispatchPosition, PURGED)
    return Position(row.txid, row.event_id) if row else START
