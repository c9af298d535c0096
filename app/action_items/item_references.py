"""The facts the rulebook needs about what an action item names: its plan, inspection and finding, looked up as
the caller may see them (an inspection, or its finding, under embargo for the caller is unknown)."""

import uuid
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from app.action_items import rules
from app.action_items.rules import Violation
from app.core.security import Principal
from app.improvement_plans.references import finding_of, inspection_error, plan_error


@dataclass(slots=True)
class References:
    plan_id: uuid.UUID | None
    inspection_id: uuid.UUID | None
    finding_id: uuid.UUID | None


async def check_references(
    session: AsyncSession, principal: Principal, authority_code: str, refs: References, *, inspection_given: bool
) -> References:
    """Check the references; when a finding is given without an inspection, the inspection is the finding's."""
    found: list[Violation | None] = [await plan_error(session, authority_code, refs.plan_id)]
    if refs.finding_id is not None:
        finding = await finding_of(session, principal, refs.finding_id)
        if finding is None:
            found.append(rules.unknown("finding_id", "finding", refs.finding_id))
        else:
            finding_inspection, owner = finding
            if owner == authority_code and refs.inspection_id is None and not inspection_given:
                refs.inspection_id = finding_inspection
            wrong_authority = rules.same_authority("finding_id", "finding", refs.finding_id, owner, authority_code)
            found.append(
                wrong_authority or rules.finding_of_inspection(refs.finding_id, finding_inspection, refs.inspection_id)
            )
    found.append(await inspection_error(session, principal, authority_code, refs.inspection_id))
    rules.refuse(found)
    return refs
