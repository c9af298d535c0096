import uuid
from datetime import datetime
from typing import Annotated, Any, Literal

import sqlalchemy as sa
from fastapi import APIRouter, Depends, Query, Request
from pydantic import Field
from starlette.responses import Response

from app.core import openapi_docs as docs
from app.core.auth import CtxDep
from app.core.pagination import Page, PageParams, SortKey, next_cursor, page_params, page_response, paginate
from app.core.policy import AdminOnly
from app.core.responses import json_bytes
from app.core.routing import UnitOfWorkRoute
from app.core.schemas import IsoDateTime, ResponseModel
from app.core.security import CallerKind
from app.models import AuditEvent

router = APIRouter(prefix="/v1/audit-events", tags=["audit"], dependencies=[AdminOnly], route_class=UnitOfWorkRoute)
ResourceType = Literal[
    "authority",
    "inspection",
    "judgement",
    "finding",
    "theme",
    "improvement_plan",
    "action_item",
    "action_item_update",
    "self_evaluation",
    "engagement_meeting",
    "api_key",
]
ORDER = SortKey(columns=(AuditEvent.at, AuditEvent.id), types=(datetime, uuid.UUID), descending=True)


class Actor(ResponseModel):
    kind: CallerKind = Field(description="`api_key`, `user` or `service`, as `GET /v1/me` gives it.")
    id: str = Field(
        description="The API key's id; a user's or service's `oid` (else `sub`); for this service's own tools "
        "(`ilacs` command line, importer, demo data) their name."
    )
    name: str


class AuditEventRead(ResponseModel):
    id: uuid.UUID
    at: datetime
    actor: Actor = Field(description="Who made the change: an API key, a signed-in user or a service.")
    action: str = Field(description="`create`, `update` or `delete`.")
    resource_type: str
    resource_id: str = Field(description="The key the resource has in its path.")
    changes: dict[str, Any] = Field(description="`{field: [old, new]}`.")
    request_id: str | None


def to_read(event: AuditEvent) -> AuditEventRead:
    return AuditEventRead(
        id=event.id,
        at=event.at,
        actor=Actor(kind=CallerKind(event.actor_kind), id=event.actor_id, name=event.actor_name),
        action=event.action,
        resource_type=event.resource_type,
        resource_id=event.resource_id,
        changes=event.changes,
        request_id=event.request_id,
    )


@router.get(
    "", response_model=Page[AuditEventRead], responses=docs.LIST, summary="The audit trail, newest first (admin)"
)
async def list_audit_events(
    request: Request,
    ctx: CtxDep,
    page: Annotated[PageParams, Depends(page_params)],
    resource_type: ResourceType | None = None,
    resource_id: Annotated[str | None, Query(max_length=100)] = None,
    actor: Annotated[str | None, Query(max_length=255, description="The actor's id or name.")] = None,
    from_: Annotated[IsoDateTime | None, Query(alias="from")] = None,
    to: IsoDateTime | None = None,
) -> Response:
    stmt = sa.select(AuditEvent)
    if resource_type:
        stmt = stmt.where(AuditEvent.resource_type == resource_type)
    if resource_id:
        stmt = stmt.where(AuditEvent.resource_id == resource_id)
    if actor:
        stmt = stmt.where(sa.or_(AuditEvent.actor_id == actor, AuditEvent.actor_name == actor))
    if from_:
        stmt = stmt.where(AuditEvent.at >= from_)
    if to:
        stmt = stmt.where(AuditEvent.at <= to)
    rows = (await ctx.session.scalars(paginate(stmt, ORDER, page))).all()
    items = [json_bytes(to_read(e)) for e in rows[: page.limit]]
    return page_response(request, items, next_cursor(rows, page, lambda e: (e.at, e.id)))
