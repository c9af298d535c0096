"""The audit trail: one event per change, written in the same transaction as the change.

Every write path records its changes through ``record`` and its helpers here (``record_update`` also bumps the
version); each queues the change for the outbox (``app.core.changes``), so the audit row and the feed's event
are written together or not at all.
"""

from collections.abc import Mapping
from datetime import date, datetime
from enum import StrEnum
from typing import Any, Protocol
from uuid import UUID

from app.core import changes as outbox
from app.core.context import Context
from app.core.security import Principal
from app.models import AuditEvent


class Action(StrEnum):
    create = "create"
    update = "update"
    delete = "delete"


def _plain(value: Any) -> Any:
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, UUID):
        return str(value)
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def diff(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, list[Any]]:
    """``{field: [old, new]}`` for every field whose value changed."""
    keys = list(dict.fromkeys([*before, *after]))
    return {k: [_plain(before.get(k)), _plain(after.get(k))] for k in keys if before.get(k) != after.get(k)}


def actor_columns(principal: Principal) -> dict[str, str]:
    """The audit event's actor columns for a caller: ``{"kind", "id", "name"}`` as ``GET /v1/me`` gives them."""
    return {"actor_kind": principal.kind.value, "actor_id": principal.id, "actor_name": principal.name}


def record(
    ctx: Context, action: Action, resource_type: str, resource_id: object, changes: Mapping[str, list[Any]]
) -> None:
    outbox.queue(
        ctx.session, outbox.Change(action.value, resource_type, str(resource_id), dict(changes), ctx.request_id)
    )
    ctx.session.add(
        AuditEvent(
            **actor_columns(ctx.principal),
            action=action.value,
            resource_type=resource_type,
            resource_id=str(resource_id),
            changes=dict(changes),
            request_id=ctx.request_id,
        )
    )


def record_create(ctx: Context, resource_type: str, resource_id: object, fields: Mapping[str, Any]) -> None:
    record(ctx, Action.create, resource_type, resource_id, diff({}, fields))


def record_delete(ctx: Context, resource_type: str, resource_id: object, fields: Mapping[str, Any]) -> None:
    record(ctx, Action.delete, resource_type, resource_id, {k: [_plain(v), None] for k, v in fields.items()})


class VersionedRow(Protocol):
    version: int


async def record_update(
    ctx: Context,
    row: VersionedRow,
    resource_type: str,
    resource_id: object,
    before: Mapping[str, Any],
    after: Mapping[str, Any],
) -> dict[str, list[Any]]:
    """If anything changed between ``before`` and ``after``: bump the row's version, flush, and record the
    change. The diff (empty when nothing changed: no version, no audit row, no event)."""
    changes = diff(before, after)
    if changes:
        row.version += 1
        await ctx.session.flush()
        record(ctx, Action.update, resource_type, resource_id, changes)
    return changes
