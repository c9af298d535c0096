"""An authority's action plan at a glance: items by status and by RAG, and the overdue ones, as of today."""

import sqlalchemy as sa

from app.action_items import derived, repository
from app.action_items.schemas import ActionItemRead, ActionPlanSummary, RagCounts, StatusCounts, action_item_json
from app.action_items.vocabulary import ActionStatus, Rag
from app.core.context import Context
from app.core.errors import NotFound
from app.models import ActionItem, Authority


async def summarise(ctx: Context, code: str, overdue_limit: int) -> ActionPlanSummary:
    if await ctx.session.get(Authority, code) is None:
        raise NotFound(f"No authority with code {code}.")
    today = ctx.today()
    rated = (
        sa.select(ActionItem.status.label("status"), derived.rag().label("rag"))
        .where(ActionItem.authority_code == code)
        .subquery()
    )
    counts = (
        await ctx.session.execute(
            sa.select(rated.c.status, rated.c.rag, sa.func.count()).group_by(rated.c.status, rated.c.rag),
            derived.as_of(today),
        )
    ).all()
    by_status = dict.fromkeys([s.value for s in ActionStatus], 0)
    by_rag = dict.fromkeys([r.value for r in Rag], 0)
    for status, rag, count in counts:
        by_status[status] = by_status.get(status, 0) + count
        if rag is not None:
            by_rag[rag] += count
    overdue = await repository.overdue_of(ctx.session, ctx.principal, today, code, overdue_limit)
    return ActionPlanSummary(
        authority_code=code,
        as_of=today,
        by_status=StatusCounts(**by_status),
        by_rag=RagCounts(**by_rag),
        overdue=[ActionItemRead.model_validate(action_item_json(row)) for row in overdue],
    )
