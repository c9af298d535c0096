"""Self-evaluations: one per authority per year (409 on a second). Not published: only the authority's own
keys, inspectorate and admin see them (404 for every other caller); only its own keys and admin change them."""

import uuid
from typing import Any

from fastapi import Request

from app.core import audit, policy
from app.core.context import Context
from app.core.errors import Conflict, NotFound, ValidationFailed
from app.core.policy import require_plan_writer
from app.core.responses import check_if_match
from app.engagement_meetings.repository import count_discussing
from app.models import Authority, SelfEvaluation
from app.self_evaluations import repository
from app.self_evaluations.schemas import SelfEvaluationCreate, SelfEvaluationUpdate

RESOURCE = "self_evaluation"
FIELDS = ("year", "quality_and_impact", "evidence", "plans", "shared_on")


def snapshot(evaluation: SelfEvaluation) -> dict[str, Any]:
    return {f: getattr(evaluation, f) for f in FIELDS}


async def _require_authority(ctx: Context, code: str) -> None:
    if await ctx.session.get(Authority, code) is None:
        raise NotFound(f"No authority with code {code}.")


async def require_readable(ctx: Context, code: str) -> None:
    """404 unless the caller may see the authority's self-evaluations (and the authority exists)."""
    if not policy.may_read_self_evaluations_of(ctx.principal, code):
        raise NotFound(f"No self-evaluations of authority {code} are visible to this caller.")
    await _require_authority(ctx, code)


async def get_or_404(ctx: Context, code: str, evaluation_id: uuid.UUID) -> SelfEvaluation:
    await require_readable(ctx, code)
    evaluation = await repository.get(ctx.session, code, evaluation_id)
    if evaluation is None:
        raise NotFound(f"No self-evaluation {evaluation_id} of authority {code}.")
    return evaluation


def _check_shared_on(ctx: Context, values: dict[str, Any]) -> None:
    shared_on = values.get("shared_on")
    if shared_on is not None and shared_on > ctx.today():
        raise ValidationFailed.field("shared_on", f"is in the future (today is {ctx.today().isoformat()})")


async def _check_year_free(ctx: Context, code: str, year: int, other_than: uuid.UUID | None = None) -> None:
    if await repository.year_taken(ctx.session, code, year, other_than):
        raise Conflict(f"Authority {code} already has a self-evaluation for {year}; change that one instead.")


async def create(ctx: Context, code: str, data: SelfEvaluationCreate) -> SelfEvaluation:
    require_plan_writer(ctx.principal, code)
    await _require_authority(ctx, code)
    values = data.model_dump()
    _check_shared_on(ctx, values)
    await _check_year_free(ctx, code, data.year)
    evaluation = SelfEvaluation(authority_code=code, **values)
    ctx.session.add(evaluation)
    await ctx.session.flush()
    audit.record_create(ctx, RESOURCE, evaluation.id, {"authority_code": code, **snapshot(evaluation)})
    return await get_or_404(ctx, code, evaluation.id)


async def _get_for_change(ctx: Context, request: Request, code: str, evaluation_id: uuid.UUID) -> SelfEvaluation:
    # The path names the authority: a key of another authority is refused without learning what exists.
    require_plan_writer(ctx.principal, code)
    await _require_authority(ctx, code)
    evaluation = await repository.get(ctx.session, code, evaluation_id, for_update=True)
    if evaluation is None:
        raise NotFound(f"No self-evaluation {evaluation_id} of authority {code}.")
    check_if_match(request, evaluation.version)
    return evaluation


async def update(
    ctx: Context, request: Request, code: str, evaluation_id: uuid.UUID, data: SelfEvaluationUpdate
) -> SelfEvaluation:
    evaluation = await _get_for_change(ctx, request, code, evaluation_id)
    changes = data.model_dump(exclude_unset=True)
    _check_shared_on(ctx, changes)
    if "year" in changes:
        await _check_year_free(ctx, code, changes["year"], other_than=evaluation.id)
    before = snapshot(evaluation)
    for field, value in changes.items():
        setattr(evaluation, field, value)
    await audit.record_update(ctx, evaluation, RESOURCE, evaluation.id, before, snapshot(evaluation))
    return await get_or_404(ctx, code, evaluation.id)


async def delete(ctx: Context, request: Request, code: str, evaluation_id: uuid.UUID) -> None:
    evaluation = await _get_for_change(ctx, request, code, evaluation_id)
    meetings = await count_discussing(ctx.session, evaluation.id)
    if meetings:
        raise Conflict(
            f"Self-evaluation {evaluation_id} is discussed by {meetings} engagement meeting(s); change their "
            "self_evaluation_id first."
        )
    audit.record_delete(ctx, RESOURCE, evaluation.id, {"authority_code": code, **snapshot(evaluation)})
    await ctx.session.delete(evaluation)
    await ctx.session.flush()
