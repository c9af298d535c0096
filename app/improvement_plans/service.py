"""Improvement plans: only the authority itself (or admin) changes them, the inspection they answer belongs to
the same authority, dates in order, and no deletion while action items hang on them (``app.action_items.rules``)."""

import uuid
from typing import Any

import sqlalchemy as sa
from fastapi import Request

from app.action_items import rules
from app.core import audit
from app.core.context import Context
from app.core.errors import NotFound
from app.core.policy import require_plan_writer
from app.core.responses import check_if_match
from app.improvement_plans import repository
from app.improvement_plans.references import authority_error, inspection_error
from app.improvement_plans.schemas import ImprovementPlanCreate, ImprovementPlanRead, ImprovementPlanUpdate
from app.models import ImprovementPlan

RESOURCE = "improvement_plan"
FIELDS = ("title", "starts_on", "ends_on", "inspection_id")


def snapshot(plan: ImprovementPlan) -> dict[str, Any]:
    return {f: getattr(plan, f) for f in FIELDS}


def to_read(row: sa.Row[Any]) -> ImprovementPlanRead:
    plan: ImprovementPlan = row[0]
    return ImprovementPlanRead(
        id=plan.id,
        authority_code=plan.authority_code,
        title=plan.title,
        starts_on=plan.starts_on,
        ends_on=plan.ends_on,
        inspection_id=row.shown_inspection_id,
        created_at=plan.created_at,
        updated_at=plan.updated_at,
        version=plan.version,
    )


async def get_read_or_404(ctx: Context, plan_id: uuid.UUID) -> ImprovementPlanRead:
    row = await repository.get_read(ctx.session, ctx.principal, plan_id)
    if row is None:
        raise NotFound(f"No improvement plan with id {plan_id}.")
    return to_read(row)


async def _get_for_change(ctx: Context, request: Request, plan_id: uuid.UUID) -> ImprovementPlan:
    plan = await repository.get_for_update(ctx.session, plan_id)
    if plan is None:
        raise NotFound(f"No improvement plan with id {plan_id}.")
    require_plan_writer(ctx.principal, plan.authority_code)
    check_if_match(request, plan.version)
    return plan


async def create(ctx: Context, data: ImprovementPlanCreate) -> ImprovementPlanRead:
    require_plan_writer(ctx.principal, data.authority_code)
    missing = await authority_error(ctx.session, data.authority_code)
    rules.refuse([missing])
    rules.refuse(
        [
            await inspection_error(ctx.session, ctx.principal, data.authority_code, data.inspection_id),
            rules.plan_dates_violation(data.starts_on, data.ends_on),
        ]
    )
    plan = ImprovementPlan(**data.model_dump())
    ctx.session.add(plan)
    await ctx.session.flush()
    audit.record_create(ctx, RESOURCE, plan.id, {"authority_code": plan.authority_code, **snapshot(plan)})
    return await get_read_or_404(ctx, plan.id)


async def update(
    ctx: Context, request: Request, plan_id: uuid.UUID, data: ImprovementPlanUpdate
) -> ImprovementPlanRead:
    plan = await _get_for_change(ctx, request, plan_id)
    changes = data.model_dump(exclude_unset=True)
    merged = {**snapshot(plan), **changes}
    rules.refuse(
        [
            await inspection_error(ctx.session, ctx.principal, plan.authority_code, merged["inspection_id"])
            if "inspection_id" in changes
            else None,
            rules.plan_dates_violation(merged["starts_on"], merged["ends_on"]),
        ]
    )
    before = snapshot(plan)
    for field, value in changes.items():
        setattr(plan, field, value)
    await audit.record_update(ctx, plan, RESOURCE, plan.id, before, snapshot(plan))
    return await get_read_or_404(ctx, plan.id)


async def delete(ctx: Context, request: Request, plan_id: uuid.UUID) -> None:
    plan = await _get_for_change(ctx, request, plan_id)
    rules.ensure_plan_deletable(plan_id, await repository.item_count(ctx.session, plan_id))
    audit.record_delete(ctx, RESOURCE, plan.id, {"authority_code": plan.authority_code, **snapshot(plan)})
    await ctx.session.delete(plan)
    await ctx.session.flush()
