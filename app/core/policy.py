"""Who may see and do what (DOMAIN.md): every authorisation rule, read off the caller's principal.

The principal says who is calling (``app.core.security``); this module alone says what that caller may do. A
person or system signed in through the identity provider has exactly the rights of an API key of its role.
"""

from collections.abc import Awaitable, Callable

from fastapi import Depends

from app.action_items.rules import Rule as PlanRule
from app.core.auth import PrincipalDep
from app.core.errors import Forbidden
from app.core.security import CallerKind, Principal, Role

_KIND_WORDS = {CallerKind.api_key: "key", CallerKind.user: "user", CallerKind.service: "service"}


def caller_phrase(principal: Principal) -> str:
    """'A reader key', 'An authority user': how refusals name the caller."""
    role = principal.role.value
    return f"{'An' if role[0] in 'aeiou' else 'A'} {role} {_KIND_WORDS[principal.kind]}"


def sees_all_embargoed(principal: Principal) -> bool:
    """Admin and inspectorate see every embargoed (unpublished) inspection."""
    return principal.role in (Role.admin, Role.inspectorate)


def sees_embargoed_of(principal: Principal, authority_code: str) -> bool:
    """Embargoed inspections exist only for admin, inspectorate and their own authority."""
    return sees_all_embargoed(principal) or (
        principal.role is Role.authority and principal.authority_code == authority_code
    )


def may_write_plans_of(principal: Principal, authority_code: str) -> bool:
    """Plans, action items, progress and self-evaluations: the authority's own callers and admin."""
    return principal.role is Role.admin or (
        principal.role is Role.authority and principal.authority_code == authority_code
    )


def may_read_self_evaluations_of(principal: Principal, authority_code: str) -> bool:
    """Self-evaluations (and engagement meetings) are seen like embargoed inspections."""
    return sees_embargoed_of(principal, authority_code)


# Events of these are read like self-evaluations (DOMAIN.md "Who may see and do what").
SEEN_LIKE_SELF_EVALUATIONS = frozenset({"self_evaluation", "engagement_meeting"})


def may_read_event(principal: Principal, resource_type: str, authority_code: str | None, embargoed: bool) -> bool:
    """Whether the caller may read the resource in the state an event carries (``events`` repository's
    ``readable_by`` is the same rule in SQL): an embargoed inspection (or its judgement or finding) only as the
    embargo allows; self-evaluations and engagement meetings only as they are seen."""
    code = authority_code or ""
    if resource_type in SEEN_LIKE_SELF_EVALUATIONS and not may_read_self_evaluations_of(principal, code):
        return False
    return not embargoed or sees_embargoed_of(principal, code)


def require_plan_writer(principal: Principal, authority_code: str) -> None:
    """Refuse (403) a change to another authority's plans, items, progress or self-evaluations (the action
    plans' rulebook names the rule)."""
    if not may_write_plans_of(principal, authority_code):
        rule = PlanRule.own_authority_writes
        raise Forbidden(
            f"{caller_phrase(principal)} of {principal.authority_code or 'no authority'} may not change "
            f"the action plans or self-evaluations of authority {authority_code} [rule {rule}]",
            extra={"rules": [rule.value]},
        )


def may_write_engagement_meetings_of(principal: Principal, authority_code: str) -> bool:
    """Engagement meetings: the authority's own callers, inspectorate and admin."""
    return sees_all_embargoed(principal) or (
        principal.role is Role.authority and principal.authority_code == authority_code
    )


ENGAGEMENT_MEETING_WRITERS = "engagement-meeting-writers"


def require_engagement_meeting_writer(principal: Principal, authority_code: str) -> None:
    if not may_write_engagement_meetings_of(principal, authority_code):
        raise Forbidden(
            f"{caller_phrase(principal)} of {principal.authority_code or 'no authority'} may not record the "
            f"engagement meetings of authority {authority_code} [rule {ENGAGEMENT_MEETING_WRITERS}]",
            extra={"rules": [ENGAGEMENT_MEETING_WRITERS]},
        )


def require_roles(*roles: Role) -> Callable[[Principal], Awaitable[None]]:
    """A dependency refusing (403) any caller whose role is not one of ``roles``, before anything is loaded."""
    allowed = frozenset(roles)

    async def check(principal: PrincipalDep) -> None:
        if principal.role not in allowed:
            raise Forbidden(
                f"{caller_phrase(principal)} may not do this; it needs one of: "
                + ", ".join(sorted(r.value for r in allowed))
                + "."
            )

    check.__name__ = "require_" + "_or_".join(sorted(r.value for r in allowed))
    return check


AdminOnly = Depends(require_roles(Role.admin))
# Inspections, judgements, findings and themes.
RecordsInspections = Depends(require_roles(Role.admin, Role.inspectorate))
# The role-level gate of every plan write: inspectorate and reader callers are refused before anything is loaded.
WritesPlans = Depends(require_roles(Role.admin, Role.authority))
# The same for engagement meetings: reader callers are refused before anything is loaded.
WritesEngagementMeetings = Depends(require_roles(Role.admin, Role.inspectorate, Role.authority))
