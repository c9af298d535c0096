"""Who may change an authority's action plans: its own authority keys and admin (DOMAIN.md).

Readers, inspectorate and every authority read every authority's plans, items and progress; self-evaluations
are the exception (``app.self_evaluations``).
"""

from fastapi import Depends

from app.action_items.rules import refuse_writer
from app.core.auth import key_phrase, require_roles
from app.core.security import Principal, Role

# Role-level gate of every plan write: inspectorate and reader keys are refused before anything is loaded.
WritesPlans = Depends(require_roles(Role.admin, Role.authority))


def require_plan_writer(principal: Principal, authority_code: str) -> None:
    """Refuse (403) a change to another authority's plans, items, progress or self-evaluations."""
    if not principal.may_write_plans_of(authority_code):
        refuse_writer(key_phrase(principal.role), principal.authority_code, authority_code)
