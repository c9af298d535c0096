"""References from plans and action items to authorities and inspections, checked and shown under the embargo.

A referenced inspection must be one the caller may see (otherwise it is unknown, as everywhere else) and
must belong to the referring resource's authority: 422 naming the field otherwise. On reads, a reference to
an inspection the caller may not see is shown as null, so a plan never reveals an embargoed inspection.
"""

import uuid
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import InstrumentedAttribute

from app.core import policy
from app.core.errors import FieldError, ValidationFailed
from app.core.security import Principal
from app.inspections.visibility import visible_to
from app.models import Authority, Inspection

_authority = Authority.__table__.c
AUTHORITY_EXISTS = sa.select(_authority.code).where(_authority.code == sa.bindparam("code"))  # built once


async def authority_error(session: AsyncSession, code: str) -> FieldError | None:
    if await session.scalar(AUTHORITY_EXISTS, {"code": code}) is None:
        return FieldError("authority_code", f"no authority with code {code}")
    return None


async def inspection_error(
    session: AsyncSession,
    principal: Principal,
    authority_code: str,
    inspection_id: uuid.UUID | None,
    field: str = "inspection_id",
) -> FieldError | None:
    if inspection_id is None:
        return None
    owner = await session.scalar(
        sa.select(Inspection.authority_code).where(Inspection.id == inspection_id, visible_to(principal))
    )
    if owner is None:
        return FieldError(field, f"no inspection with id {inspection_id}")
    if owner != authority_code:
        return FieldError(field, f"inspection {inspection_id} belongs to authority {owner}, not {authority_code}")
    return None


def raise_if_any(errors: list[FieldError | None]) -> None:
    found = [e for e in errors if e is not None]
    if found:
        raise ValidationFailed("; ".join(f"{e.field}: {e.message}" for e in found), errors=found)


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
