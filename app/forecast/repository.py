"""What the forecast reads: the basis inspection and the activities since it, as the caller may see them."""

import uuid
from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from app.core.security import Principal
from app.forecast.cycle import FOCUSED_VISIT_OR_JTAI
from app.inspections import latest
from app.inspections.visibility import visible_to
from app.inspections.vocabulary import InspectionStatus
from app.models import Inspection


async def latest_graded(session: AsyncSession, principal: Principal, code: str, as_of: date) -> Inspection | None:
    """The latest graded inspection of ``code`` published on or before ``as_of``, with its judgements."""
    stmt = (
        sa.select(Inspection)
        .where(
            Inspection.authority_code == code,
            latest.is_published_graded(),
            Inspection.published_on <= as_of,
            visible_to(principal),
        )
        .order_by(*latest.LATEST_FIRST)
        .limit(1)
        .options(selectinload(Inspection.judgements))
    )
    return (await session.scalars(stmt)).one_or_none()


@dataclass(frozen=True, slots=True)
class SinceBasis:
    latest_fieldwork: date | None
    focused_visit_or_jtai: bool


async def since_basis(
    session: AsyncSession, principal: Principal, code: str, basis_id: uuid.UUID, since: date, as_of: date
) -> SinceBasis:
    """Activities (any type, not cancelled) whose fieldwork began in [since, as_of], besides the basis."""
    row = (
        await session.execute(
            sa.select(
                sa.func.max(Inspection.fieldwork_start),
                sa.func.coalesce(
                    sa.func.bool_or(Inspection.type.in_([t.value for t in FOCUSED_VISIT_OR_JTAI])), sa.false()
                ),
            ).where(
                Inspection.authority_code == code,
                Inspection.id != basis_id,
                Inspection.status != InspectionStatus.cancelled.value,
                Inspection.fieldwork_start >= since,
                Inspection.fieldwork_start <= as_of,
                visible_to(principal),
            )
        )
    ).one()
    return SinceBasis(latest_fieldwork=row[0], focused_visit_or_jtai=bool(row[1]))
