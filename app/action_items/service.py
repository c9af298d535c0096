"""Action items: only their authority (or admin) changes them; references, source, completion and moved due
dates follow the rulebook (``rules``). A moved due date is appended to the item's updates log, with its reason,
in the same transaction (``log.append``)."""

import uuid
from typing import Any

import sqlalchemy as sa
from fastapi import Request

from app.action_items import log, repository, rules
from app.action_items.item_references import References, check_references
from app.action_items.schemas import ActionItemChange, ActionItemCreate
from app.action_items.vocabulary import ActionSource, ActionStatus
from app.core import audit
from app.core.context import Context
from app.core.errors import NotFound
from app.core.policy import require_plan_writer
from app.core.responses import check_if_match
from app.improvement_plans.references import authority_error
from app.models import ActionItem

RESOURCE = "action_item"
FIELDS = (
    "plan_id",
    "inspection_id",
    "finding_id",
    "source",
    "source_reference",
    "title",
    "description",
    "owner",
    "due_on",
    "status",
    "completed_on",
)


def snapshot(item: ActionItem | sa.Row[Any]) -> dict[str, Any]:
    return {f: getattr(item, f) for f in FIELDS}


async def get_read_or_404(ctx: Context, item_id: uuid.UUID) -> sa.Row[Any]:
    """The item as the API shows it (``schemas.action_item_json``), or 404."""
    row = await repository.get_read(ctx.session, ctx.principal, ctx.today(), item_id)
    if row is None:
        raise NotFound(f"No action item with id {item_id}.")
    return row


async def get_for_change(ctx: Context, item_id: uuid.UUID) -> ActionItem:
    """The item, locked, after checking the caller may change its authority's plans."""
    item = await repository.get_for_update(ctx.session, item_id)
    if item is None:
        raise NotFound(f"No action item with id {item_id}.")
    require_plan_writer(ctx.principal, item.authority_code)
    return item


async def create(ctx: Context, data: ActionItemCreate) -> sa.Row[Any]:
    require_plan_writer(ctx.principal, data.authority_code)
    rules.refuse([await authority_error(ctx.session, data.authority_code)])
    source = data.source or rules.default_source(data.finding_id)
    rules.refuse(rules.source_violations(source, data.finding_id))
    refs = await check_references(
        ctx.session,
        ctx.principal,
        data.authority_code,
        References(data.plan_id, data.inspection_id, data.finding_id),
        inspection_given="inspection_id" in data.model_fields_set,
    )
    completed_on = rules.settle_completed_on(
        data.status, data.completed_on, ctx.today(), given="completed_on" in data.model_fields_set
    )
    row = await repository.insert(
        ctx.session,
        ctx.today(),
        {
            "authority_code": data.authority_code,
            "plan_id": refs.plan_id,
            "inspection_id": refs.inspection_id,
            "finding_id": refs.finding_id,
            "source": source.value,
            "source_reference": data.source_reference,
            "title": data.title,
            "description": data.description,
            "owner": data.owner,
            "due_on": data.due_on,
            "original_due_on": data.due_on,
            "status": data.status.value,
            "completed_on": completed_on,
        },
    )
    audit.record_create(ctx, RESOURCE, row.id, {"authority_code": row.authority_code, **snapshot(row)})
    return row


def apply_status(ctx: Context, item: ActionItem, status: ActionStatus, changes: dict[str, Any]) -> None:
    """Set the status and its completion date (``changes`` may carry a client's ``completed_on``)."""
    given = "completed_on" in changes
    kept = item.completed_on if item.status == ActionStatus.completed.value else None
    item.completed_on = rules.settle_completed_on(
        status, changes["completed_on"] if given else kept, ctx.today(), given=given
    )
    item.status = status.value


async def update(ctx: Context, request: Request, item_id: uuid.UUID, data: ActionItemChange) -> sa.Row[Any]:
    item = await get_for_change(ctx, item_id)
    check_if_match(request, item.version)
    return await change(ctx, item, data)


async def change(ctx: Context, item: ActionItem, data: ActionItemChange) -> sa.Row[Any]:
    """Apply a PATCH to a locked item (``get_for_change``): the rules, the audit, a moved due date's log entry."""
    changes = data.model_dump(exclude_unset=True)
    reason: str | None = changes.pop("due_change_reason", None)
    new_due_on = changes.get("due_on")
    rules.refuse(
        [
            rules.due_change_violation(item.due_on, new_due_on, reason),
            *rules.source_violations(
                ActionSource(changes.get("source", item.source)), changes.get("finding_id", item.finding_id)
            ),
        ]
    )
    if {"plan_id", "inspection_id", "finding_id"} & changes.keys():
        refs = await check_references(
            ctx.session,
            ctx.principal,
            item.authority_code,
            References(
                changes.get("plan_id", item.plan_id),
                changes.get("inspection_id", item.inspection_id),
                changes.get("finding_id", item.finding_id),
            ),
            inspection_given="inspection_id" in changes,
        )
        changes.update(plan_id=refs.plan_id, inspection_id=refs.inspection_id, finding_id=refs.finding_id)
    before = snapshot(item)
    apply_status(ctx, item, ActionStatus(changes.pop("status", item.status)), changes)
    changes.pop("completed_on", None)
    for field, value in changes.items():
        setattr(item, field, value)
    await record_change(ctx, item, before)
    if reason is not None and item.due_on != before["due_on"]:
        await log.append(ctx, item.id, reason, due_on_change=(before["due_on"], item.due_on))
    return await get_read_or_404(ctx, item.id)


async def record_change(ctx: Context, item: ActionItem, before: dict[str, Any]) -> None:
    """Bump the version and audit the change, if anything changed."""
    await audit.record_update(ctx, item, RESOURCE, item.id, before, snapshot(item))


async def delete(ctx: Context, request: Request, item_id: uuid.UUID) -> None:
    item = await get_for_change(ctx, item_id)
    check_if_match(request, item.version)
    audit.record_delete(ctx, RESOURCE, item.id, {"authority_code": item.authority_code, **snapshot(item)})
    await ctx.session.delete(item)
    await ctx.session.flush()
