"""The rulebook of action plans: improvement plans, action items and their progress log (DOMAIN.md "Findings
and action plans", "Who may see and do what").

Pure functions over the facts a change brings (the values it would leave, and what the references it names
turn out to be); the services gather the facts (``app.improvement_plans.references``) and call them. Every
refusal names its rule (``Rule``) in the problem's message and in its ``rules`` member, as the inspections'
rulebook (``app.inspections.rules``) does.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from app.action_items.vocabulary import ActionSource, ActionStatus
from app.core.errors import Conflict, FieldError, ValidationFailed

DUE_CHANGE_REASON_MAX = 2000


class Rule(StrEnum):
    own_authority_writes = "own-authority-writes-plans"  # enforced by ``app.core.policy.require_plan_writer``
    reference_exists = "reference-exists"
    reference_same_authority = "reference-of-same-authority"
    finding_of_item_inspection = "finding-of-item-inspection"
    finding_source_needs_finding = "finding-source-needs-finding"
    finding_only_for_finding_source = "finding-only-for-finding-source"
    completed_on_not_in_future = "completed-on-not-in-future"
    completed_on_only_when_completed = "completed-on-only-when-completed"
    due_change_needs_reason = "due-change-needs-reason"
    reason_only_with_due_change = "due-change-reason-only-with-due-change"
    plan_dates_in_order = "plan-dates-in-order"
    plan_deletable_when_empty = "plan-deletable-only-without-items"


@dataclass(frozen=True, slots=True)
class Violation:
    rule: Rule
    field: str
    message: str


def _extra(rules: Iterable[Rule]) -> dict[str, object]:
    return {"rules": list(dict.fromkeys(r.value for r in rules))}


def refuse(found: Sequence[Violation | None]) -> None:
    """Raise a 422 naming every field and rule broken, if any."""
    broken = [v for v in found if v is not None]
    if broken:
        raise ValidationFailed(
            "; ".join(f"{v.field}: {v.message} [rule {v.rule}]" for v in broken),
            errors=[FieldError(v.field, f"{v.message} [rule {v.rule}]") for v in broken],
            extra=_extra(v.rule for v in broken),
        )


# --- references ---------------------------------------------------------------------------------------------


def unknown(field: str, what: str, ident: object) -> Violation:
    """A reference to nothing, or to an inspection (or its finding) under embargo for the caller."""
    return Violation(Rule.reference_exists, field, f"no {what} with id {ident}")


def same_authority(field: str, what: str, ident: object, owner: str, authority_code: str) -> Violation | None:
    """A plan, inspection or finding an item (or plan) names belongs to the same authority."""
    if owner == authority_code:
        return None
    return Violation(
        Rule.reference_same_authority, field, f"{what} {ident} belongs to authority {owner}, not {authority_code}"
    )


def finding_of_inspection(finding_id: object, finding_inspection: object, item_inspection: object) -> Violation | None:
    """An item's finding belongs to the item's inspection."""
    if finding_inspection == item_inspection:
        return None
    return Violation(
        Rule.finding_of_item_inspection,
        "finding_id",
        f"finding {finding_id} belongs to inspection {finding_inspection}, "
        f"not to the item's inspection ({item_inspection or 'none'})",
    )


# --- what an item answers -----------------------------------------------------------------------------------


def default_source(finding_id: object | None) -> ActionSource:
    """`finding` when the item names a finding, `local` otherwise."""
    return ActionSource.finding if finding_id is not None else ActionSource.local


def source_violations(source: ActionSource, finding_id: object | None) -> list[Violation]:
    """Source `finding` names its finding; a finding is named only by an item whose source is `finding`."""
    if source is ActionSource.finding and finding_id is None:
        return [Violation(Rule.finding_source_needs_finding, "finding_id", "is needed when source is finding")]
    if source is not ActionSource.finding and finding_id is not None:
        return [
            Violation(
                Rule.finding_only_for_finding_source,
                "source",
                f"is {source}, but the item names finding {finding_id}: an item that answers a finding has "
                "source finding",
            )
        ]
    return []


# --- completion ---------------------------------------------------------------------------------------------


def settle_completed_on(status: ActionStatus, completed_on: date | None, today: date, *, given: bool) -> date | None:
    """The item's ``completed_on`` for ``status``; ``completed_on`` is what the client sent (``given``) or kept.

    ``completed`` needs it (default today, never in the future); any other status has none, and leaving
    ``completed`` clears it.
    """
    if status is ActionStatus.completed:
        value = completed_on or today
        if value > today:
            refuse([Violation(Rule.completed_on_not_in_future, "completed_on", f"is in the future (today is {today})")])
        return value
    if given and completed_on is not None:
        refuse(
            [
                Violation(
                    Rule.completed_on_only_when_completed,
                    "completed_on",
                    f"is only for completed items; this one is {status.value}",
                )
            ]
        )
    return None


# --- moving a due date --------------------------------------------------------------------------------------


def due_change_violation(old_due_on: date, new_due_on: date | None, reason: str | None) -> Violation | None:
    """A change of `due_on` carries its reason (kept in the updates log). A reason comes with a `due_on`; when
    that is the current due date nothing moves and the reason is not kept (a retried PATCH stays harmless)."""
    if new_due_on is None:
        if reason is None:
            return None
        return Violation(Rule.reason_only_with_due_change, "due_change_reason", "is only sent with a new due_on")
    if new_due_on != old_due_on and reason is None:
        return Violation(
            Rule.due_change_needs_reason,
            "due_change_reason",
            f"is needed to move due_on from {old_due_on} to {new_due_on}",
        )
    return None


# --- plans --------------------------------------------------------------------------------------------------


def plan_dates_violation(starts_on: date | None, ends_on: date | None) -> Violation | None:
    if starts_on is not None and ends_on is not None and ends_on < starts_on:
        return Violation(Rule.plan_dates_in_order, "ends_on", f"is before starts_on ({starts_on})")
    return None


def ensure_plan_deletable(plan_id: object, items: int) -> None:
    if items:
        raise Conflict(
            f"Improvement plan {plan_id} still has {items} action item(s); move or delete them first "
            f"[rule {Rule.plan_deletable_when_empty}]",
            extra=_extra([Rule.plan_deletable_when_empty]),
        )
