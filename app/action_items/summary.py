"""An authority's action plan at a glance, as a committee reads it: items by status and by RAG, the overdue
ones, and the exception report since a date (``exceptions``). A fixed number of SQL statements (eight) whatever
the number of items, each respecting the caller's sight of the embargo.

``summarise`` is the service the HTTP endpoint and the committee report both call.
"""

from datetime import date, timedelta

import sqlalchemy as sa

from app.action_items import derived, exceptions, repository
from app.action_items.schemas import (
    ActionItemRead,
    ActionPlanSummary,
    DueOnChangeRecord,
    RagCounts,
    RescheduledItem,
    StatusCounts,
    UnansweredFinding,
    action_item_json,
)
from app.action_items.vocabulary import ActionStatus, Rag
from app.core.context import Context
from app.core.errors import NotFound, ValidationFailed
from app.inspections.visibility import sight_of, sight_params
from app.models import ActionItem, Authority

# The exception report looks back this far when the caller names no `since` (API.md).
DEFAULT_SINCE_DAYS = 90


def default_since(as_of: date) -> date:
    return as_of - timedelta(days=DEFAULT_SINCE_DAYS)


async def summarise(
    ctx: Context, code: str, *, overdue_limit: int, since: date | None = None, as_of: date | None = None
) -> ActionPlanSummary:
    """The summary of ``code``'s plan as of ``as_of`` (default today, UTC) with the exception report from
    ``since`` (default 90 days before). Statuses are the items' current ones."""
    as_of = as_of or ctx.today()
    since = since or default_since(as_of)
    if since > as_of:
        raise ValidationFailed.field("since", f"is after as_of ({as_of})")
    if await ctx.session.get(Authority, code) is None:
        raise NotFound(f"No authority with code {code}.")
    rated = (
        sa.select(ActionItem.status.label("status"), derived.rag().label("rag"))
        .where(ActionItem.authority_code == code)
        .subquery()
    )
    counts = (
        await ctx.session.execute(
            sa.select(rated.c.status, rated.c.rag, sa.func.count()).group_by(rated.c.status, rated.c.rag),
            derived.as_of(as_of),
        )
    ).all()
    by_status = dict.fromkeys([s.value for s in ActionStatus], 0)
    by_rag = dict.fromkeys([r.value for r in Rag], 0)
    for status, rag, count in counts:
        by_status[status] = by_status.get(status, 0) + count
        if rag is not None:
            by_rag[rag] += count
    overdue = await repository.overdue_of(ctx.session, ctx.principal, as_of, code, overdue_limit)

    sight = sight_of(ctx.principal)
    values = {**exceptions.params(code, since, as_of), **sight_params(ctx.principal)}
    run = ctx.session.execute
    moved = (await run(exceptions.rescheduled(sight), values)).all()
    changes = exceptions.group_changes((await run(exceptions.DUE_CHANGES, values)).all())
    done = (await run(exceptions.completed(sight), values)).all()
    fell_overdue = (await run(exceptions.became_overdue(sight), values)).all()
    unanswered = (await run(exceptions.findings_without_actions(sight), values)).all()

    def items(rows: list[sa.Row[object]]) -> list[ActionItemRead]:
        return [ActionItemRead.model_validate(action_item_json(row)) for row in rows]

    return ActionPlanSummary(
        authority_code=code,
        as_of=as_of,
        by_status=StatusCounts(**by_status),
        by_rag=RagCounts(**by_rag),
        overdue=items(list(overdue)),
        since=since,
        rescheduled_since=[
            RescheduledItem(
                **action_item_json(row),
                due_on_changes=[
                    DueOnChangeRecord(
                        from_=c.due_on_from, to=c.due_on_to, reason=c.note, author=c.author, changed_at=c.created_at
                    )
                    # The latest ones, should an item have been moved more often than a list holds.
                    for c in changes.get(row.id, [])[-exceptions.LIST_LIMIT :]
                ],
            )
            for row in moved
        ],
        completed_since=items(list(done)),
        became_overdue_since=items(list(fell_overdue)),
        findings_without_actions=[UnansweredFinding.model_validate(row._mapping) for row in unanswered],
    )
