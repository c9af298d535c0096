"""Rules of action items (DOMAIN.md "Findings and action plans").

- Its plan, inspection and finding, when given, belong to the item's authority, and the finding to the
  item's inspection: 422 naming the field otherwise. An inspection (or a finding's inspection) the caller may
  not see is unknown.
- ``completed`` needs ``completed_on``: it defaults to today and is never in the future; any other status has
  none, and leaving ``completed`` clears it.
"""

import uuid
from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from app.action_items.vocabulary import ActionStatus
from app.core.errors import FieldError, ValidationFailed
from app.core.security import Principal
from app.improvement_plans.references import inspection_error, raise_if_any
from app.inspections.visibility import visible_to
from app.models import Finding, ImprovementPlan, Inspection


@dataclass(slots=True)
class References:
    plan_id: uuid.UUID | None
    inspection_id: uuid.UUID | None
    finding_id: uuid.UUID | None


async def _plan_error(session: AsyncSession, authority_code: str, plan_id: uuid.UUID | None) -> FieldError | None:
    if plan_id is None:
        return None
    owner = await session.scalar(sa.select(ImprovementPlan.authority_code).where(ImprovementPlan.id == plan_id))
    if owner is None:
        return FieldError("plan_id", f"no improvement plan with id {plan_id}")
    if owner != authority_code:
        return FieldError("plan_id", f"improvement plan {plan_id} belongs to authority {owner}, not {authority_code}")
    return None


async def _finding_of(
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


async def check_references(
    session: AsyncSession, principal: Principal, authority_code: str, refs: References, *, inspection_given: bool
) -> References:
    """Check the references; when a finding is given without an inspection, the inspection is the finding's."""
    errors: list[FieldError | None] = [await _plan_error(session, authority_code, refs.plan_id)]
    if refs.finding_id is not None:
        finding = await _finding_of(session, principal, refs.finding_id)
        if finding is None:
            errors.append(FieldError("finding_id", f"no finding with id {refs.finding_id}"))
        else:
            finding_inspection, owner = finding
            if owner == authority_code and refs.inspection_id is None and not inspection_given:
                refs.inspection_id = finding_inspection
            if owner != authority_code:
                errors.append(
                    FieldError(
                        "finding_id", f"finding {refs.finding_id} belongs to authority {owner}, not {authority_code}"
                    )
                )
            elif finding_inspection != refs.inspection_id:
                errors.append(
                    FieldError(
                        "finding_id",
                        f"finding {refs.finding_id} belongs to inspection {finding_inspection}, "
                        f"not to the item's inspection ({refs.inspection_id or 'none'})",
                    )
                )
    errors.append(await inspection_error(session, principal, authority_code, refs.inspection_id))
    raise_if_any(errors)
    return refs


def settle_completed_on(status: ActionStatus, completed_on: date | None, today: date, *, given: bool) -> date | None:
    """The item's ``completed_on`` for ``status``; ``completed_on`` is what the client sent (``given``) or kept."""
    if status is ActionStatus.completed:
        value = completed_on or today
        if value > today:
            raise ValidationFailed.field("completed_on", f"is in the future (today is {today.isoformat()})")
        return value
    if given and completed_on is not None:
        raise ValidationFailed.field("completed_on", f"is only for completed items; this one is {status.value}")
    return None
