"""Engagement meetings: the annual meeting of an authority with the inspectorate's regional leads.

Seen like self-evaluations (the authority's own keys, inspectorate and admin; 404 for everyone else) and written
by the same three (DOMAIN.md "Who may see and do what"). Rules: the self-evaluation discussed is one of the same
authority; the inspectorate's letter comes on or after the meeting and not in the future. Every refusal names
its rule.
"""

import uuid
from datetime import date
from enum import StrEnum
from typing import Any

from fastapi import Request

from app.core import audit, policy
from app.core.context import Context
from app.core.errors import FieldError, NotFound, ValidationFailed
from app.core.responses import check_if_match
from app.engagement_meetings import repository
from app.engagement_meetings.schemas import EngagementMeetingCreate, EngagementMeetingUpdate
from app.models import Authority, EngagementMeeting

RESOURCE = "engagement_meeting"
FIELDS = (
    "held_on",
    "attendees",
    "self_evaluation_id",
    "discussion",
    "agreed_next_steps",
    "letter_received_on",
)


class Rule(StrEnum):
    writers = policy.ENGAGEMENT_MEETING_WRITERS  # enforced by ``app.core.policy``
    self_evaluation_of_same_authority = "self-evaluation-of-same-authority"
    letter_after_meeting = "letter-on-or-after-meeting"
    letter_not_in_future = "letter-not-in-future"


def snapshot(meeting: EngagementMeeting) -> dict[str, Any]:
    return {f: (list(v) if isinstance(v := getattr(meeting, f), list) else v) for f in FIELDS}


async def _require_authority(ctx: Context, code: str) -> None:
    if await ctx.session.get(Authority, code) is None:
        raise NotFound(f"No authority with code {code}.")


async def require_readable(ctx: Context, code: str) -> None:
    """404 unless the caller may see the authority's engagement meetings (and the authority exists)."""
    if not policy.may_read_self_evaluations_of(ctx.principal, code):
        raise NotFound(f"No engagement meetings of authority {code} are visible to this key.")
    await _require_authority(ctx, code)


async def get_or_404(ctx: Context, code: str, meeting_id: uuid.UUID) -> EngagementMeeting:
    await require_readable(ctx, code)
    meeting = await repository.get(ctx.session, code, meeting_id)
    if meeting is None:
        raise NotFound(f"No engagement meeting {meeting_id} of authority {code}.")
    return meeting


async def _check(ctx: Context, code: str, values: dict[str, Any], changed: set[str]) -> None:
    """The rules, on the values the meeting would have; only the changed references are looked up."""
    found: list[tuple[Rule, str, str]] = []
    evaluation_id = values.get("self_evaluation_id")
    if "self_evaluation_id" in changed and evaluation_id is not None:
        owner = await repository.self_evaluation_owner(ctx.session, evaluation_id)
        if owner != code:
            why = f"self-evaluation {evaluation_id} " + (
                "does not exist" if owner is None else f"belongs to authority {owner}, not {code}"
            )
            found.append((Rule.self_evaluation_of_same_authority, "self_evaluation_id", why))
    letter: date | None = values.get("letter_received_on")
    if letter is not None and letter < values["held_on"]:
        found.append((Rule.letter_after_meeting, "letter_received_on", f"is before held_on ({values['held_on']})"))
    if letter is not None and letter > ctx.today():
        found.append((Rule.letter_not_in_future, "letter_received_on", f"is in the future (today is {ctx.today()})"))
    if found:
        raise ValidationFailed(
            "; ".join(f"{field}: {message} [rule {rule}]" for rule, field, message in found),
            errors=[FieldError(field, f"{message} [rule {rule}]") for rule, field, message in found],
            extra={"rules": list(dict.fromkeys(rule.value for rule, _, _ in found))},
        )


async def create(ctx: Context, code: str, data: EngagementMeetingCreate) -> EngagementMeeting:
    policy.require_engagement_meeting_writer(ctx.principal, code)
    await _require_authority(ctx, code)
    values = data.model_dump()
    await _check(ctx, code, values, set(values))
    meeting = EngagementMeeting(authority_code=code, **values)
    ctx.session.add(meeting)
    await ctx.session.flush()
    audit.record_create(ctx, RESOURCE, meeting.id, {"authority_code": code, **snapshot(meeting)})
    return await get_or_404(ctx, code, meeting.id)


async def _get_for_change(ctx: Context, request: Request, code: str, meeting_id: uuid.UUID) -> EngagementMeeting:
    # The path names the authority: a caller who may not write is refused without learning what exists.
    policy.require_engagement_meeting_writer(ctx.principal, code)
    await _require_authority(ctx, code)
    meeting = await repository.get(ctx.session, code, meeting_id, for_update=True)
    if meeting is None:
        raise NotFound(f"No engagement meeting {meeting_id} of authority {code}.")
    check_if_match(request, meeting.version)
    return meeting


async def update(
    ctx: Context, request: Request, code: str, meeting_id: uuid.UUID, data: EngagementMeetingUpdate
) -> EngagementMeeting:
    meeting = await _get_for_change(ctx, request, code, meeting_id)
    changes = data.model_dump(exclude_unset=True)
    before = snapshot(meeting)
    await _check(ctx, code, {**before, **changes}, set(changes))
    for field, value in changes.items():
        setattr(meeting, field, value)
    diff = audit.diff(before, snapshot(meeting))
    if diff:
        meeting.version += 1
        await ctx.session.flush()
        audit.record(ctx, audit.Action.update, RESOURCE, meeting.id, diff)
    return await get_or_404(ctx, code, meeting.id)


async def delete(ctx: Context, request: Request, code: str, meeting_id: uuid.UUID) -> None:
    meeting = await _get_for_change(ctx, request, code, meeting_id)
    audit.record_delete(ctx, RESOURCE, meeting.id, {"authority_code": code, **snapshot(meeting)})
    await ctx.session.delete(meeting)
    await ctx.session.flush()


async def held_between_as_seen(ctx: Context, code: str, since: date, until: date) -> list[EngagementMeeting]:
    """The meetings held from ``since`` to ``until`` (both included), oldest first, for another resource that
    shows them (the committee report): none for a caller who may not see them."""
    if not policy.may_read_self_evaluations_of(ctx.principal, code):
        return []
    return list(await repository.held_between(ctx.session, code, since, until))
