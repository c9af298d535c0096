import uuid
from collections.abc import Sequence

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.pagination import PageParams, SortKey, paginate
from app.models import SelfEvaluation

NEWEST_YEAR_FIRST = SortKey(columns=(SelfEvaluation.year, SelfEvaluation.id), types=(int, uuid.UUID), descending=True)


async def list_page(session: AsyncSession, code: str, params: PageParams) -> Sequence[SelfEvaluation]:
    stmt = sa.select(SelfEvaluation).where(SelfEvaluation.authority_code == code)
    return (await session.scalars(paginate(stmt, NEWEST_YEAR_FIRST, params))).all()


async def get(
    session: AsyncSession, code: str, evaluation_id: uuid.UUID, *, for_update: bool = False
) -> SelfEvaluation | None:
    stmt = sa.select(SelfEvaluation).where(SelfEvaluation.id == evaluation_id, SelfEvaluation.authority_code == code)
    if for_update:
        stmt = stmt.with_for_update()
    return (await session.scalars(stmt.execution_options(populate_existing=True))).one_or_none()


async def year_taken(session: AsyncSession, code: str, year: int, other_than: uuid.UUID | None = None) -> bool:
    stmt = sa.select(SelfEvaluation.id).where(SelfEvaluation.authority_code == code, SelfEvaluation.year == year)
    if other_than is not None:
        stmt = stmt.where(SelfEvaluation.id != other_than)
    return await session.scalar(stmt) is not None
