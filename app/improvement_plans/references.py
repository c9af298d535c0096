"""References from plans and action items to authorities and inspections, checked and shown under the embargo.

A referenced inspection must be one the caller may see (otherwise it is unknown, as everywhere else) and
must belong to the referring resource's authority: 422 naming the field and the rule (``app.action_items.rules``)
otherwise. On reads, a reference to
an inspection the caller may not see is shown as null, so a plan never reveals an embargoed inspection.
"""

import uuid
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import InstrumentedAttribute

from app.action_items import rules
from app.action_items.rules import Violation
from app.core import policy
from app.core.security import Principal
from app.inspections.visibility import visible_to
from app.models import Authority, Finding, ImprovementPlan, Inspection

_authority = Authority.__table__.c
AUTHORITY_EXISTS = sa.select(_authority.code).where(_authority.code == sa.bindparam("code"))  # built once


async def authority_error(session: AsyncSession, code: str) -> Violation | None:
    if await session.scalar(AUTHORITY_EXISTS, {"code": code}) is None:
        return rules.unknown("authority_code", "authority", code)
    return None


async def inspection_error(
    session: AsyncSession,
    principal: Principal,
    authority_code: str,
    inspection_id: uuid.UUID | None,
    field: str = "inspection_id",
) -> Violation | None:
    if inspection_id is None:
        return None
    owner = await session.scalar(
        sa.select(Inspection.authority_code).where(Inspection.id == inspection_id, visible_to(principal))
    )
    if owner is None:
        return rules.unknown(field, "inspection", inspection_id)
    return rules.same_authority(field, "inspection", inspection_id, owner, authority_code)


async def plan_error(session: AsyncSession, authority_code: str, plan_id: uuid.UUID | None) -> Violation | None:
    if plan_id is None:
        return None
    owner = await session.scalar(sa.select(ImprovementPlan.authority_code).where(ImprovementPlan.id == plan_id))
    if owner is None:
        return rules.unknown("plan_id", "improvement plan", plan_id)
    return rules.same_authority("plan_id", "improvement plan", plan_id, owner, authority_code)


async def finding_of(
    session: AsyncSession, principal: Principal, finding_id: uuid.UUID
) -> tuple[uuid.UUID, str] | None:
    """The finding's inspection and that inspection's authority, if the caller may see it."""
    row = (
        await session.execute(
            sa.select(Finding.inspection_id, Inspection.authority_code)
            .join(Inspection, Inspection.id == Finding.inspection_id)
            .where(Finding.id == finding_id, visible_to(principal))
        )
    ).one_or_none()
    return None if row is None else (row[0], row[1])


def shown_inspection(
    stmt: sa.Select[Any], principal: Principal, column: InstrumentedAttribute[uuid.UUID | None]
) -> tuple[sa.Select[Any], sa.ColumnElement[Any]]:
    """``column`` as the caller may see it: null where it names an inspection under embargo for them.

    Adds an outer join on ``inspections`` for callers who do not see every embargoed inspection.
    """
    if policy.sees_all_embargoed(principal):
        return stmt, column.expression
    stmt = stmt.outerjoin(Inspection, sa.and_(Inspection.id == column, visible_to(principal)))
    return stmt, Inspection.id.expression
