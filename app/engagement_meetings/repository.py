import uuid
from collections.abc import Sequence
from datetime import date

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.pagination import PageParams, SortKey, paginate
from app.models import EngagementMeeting, SelfEvaluation

NEWEST_FIRST = SortKey(
    columns=(EngagementMeeting.held_on, EngagementMeeting.id), types=(date, uuid.UUID), descending=True
)


async def list_page(
    session: AsyncSession, code: str, year: int | None, params: PageParams
) -> Sequence[EngagementMeeting]:
    stmt = sa.select(EngagementMeeting).where(EngagementMeeting.authority_code == code)
    if year is not None:
        stmt = stmt.where(EngagementMeeting.held_on.between(date(year, 1, 1), date(year, 12, 31)))
    return (await session.scalars(paginate(stmt, NEWEST_FIRST, params))).all()


async def get(
    session: AsyncSession, code: str, meeting_id: uuid.UUID, *, for_update: bool = False
) -> EngagementMeeting | None:
    stmt = sa.select(EngagementMeeting).where(
        EngagementMeeting.id == meeting_id, EngagementMeeting.authority_code == code
    )
    if for_update:
        stmt = stmt.with_for_update()
    return (await session.scalars(stmt.execution_options(populate_existing=True))).one_or_none()


async def held_between(session: AsyncSession, code: str, since: date, until: date) -> Sequence[EngagementMeeting]:
    """The authority's meetings held from ``since`` to ``until`` (both included), oldest first (one statement)."""
    stmt = (
        sa.select(EngagementMeeting)
        .where(EngagementMeeting.authority_code == code, EngagementMeeting.held_on.between(since, until))
        .order_by(EngagementMeeting.held_on, EngagementMeeting.id)
    )
    return (await session.scalars(stmt)).all()


async def self_evaluation_owner(session: AsyncSession, evaluation_id: uuid.UUID) -> str | None:
    owner: str | None = await session.scalar(
        sa.select(SelfEvaluation.authority_code).where(SelfEvaluation.id == evaluation_id)
    )
    return owner


async def count_discussing(session: AsyncSession, evaluation_id: uuid.UUID) -> int:
    """How many meetings name the self-evaluation (which then cannot be deleted)."""
    count: int = (
        await session.scalar(sa.select(sa.func.count()).where(EngagementMeeting.self_evaluation_id == evaluation_id))
        or 0
    )
    return count
