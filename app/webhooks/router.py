import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from starlette.responses import Response

from app.core import openapi_docs as docs
from app.core.auth import CtxDep
from app.core.idempotency import Idempotent, withhold_from_replay
from app.core.pagination import Page, PageParams, next_cursor, page_params, page_response
from app.core.responses import json_bytes, json_response, no_content, resource_response
from app.core.routing import UnitOfWorkRoute
from app.models import Webhook, WebhookDelivery
from app.webhooks import service
from app.webhooks.schemas import (
    DeliveryRead,
    Owner,
    Queued,
    Replay,
    WebhookCreate,
    WebhookCreated,
    WebhookRead,
    WebhookUpdate,
)

router = APIRouter(prefix="/v1/webhooks", tags=["webhooks"], route_class=UnitOfWorkRoute)
ONE = "/{webhook_id}"
SIGHT = (
    " Every role may subscribe; a subscription delivers only what its owner may read at delivery time, and is "
    "disabled (`owner_revoked`) when its owner's key is revoked."
)


def to_read(webhook: Webhook) -> WebhookRead:
    return WebhookRead(
        id=webhook.id,
        url=webhook.url,
        event_types=webhook.event_types,
        authority_code=webhook.authority_code,
        description=webhook.description,
        active=webhook.active,
        disabled_reason=webhook.disabled_reason,
        owner=Owner(kind=webhook.owner_kind, id=webhook.owner_id, name=webhook.owner_name),
        created_at=webhook.created_at,
        updated_at=webhook.updated_at,
        version=webhook.version,
    )


def delivery_read(delivery: WebhookDelivery) -> DeliveryRead:
    return DeliveryRead(
        id=delivery.id,
        event_id=str(delivery.event_id) if delivery.event_id is not None else delivery.ping_id,
        event_type=delivery.event_type,
        attempt=delivery.attempt,
        status=delivery.status,
        response_status=delivery.response_status,
        error=delivery.error,
        duration_ms=delivery.duration_ms,
        attempted_at=delivery.attempted_at,
        next_attempt_at=delivery.next_attempt_at,
    )


def _with_secret(webhook: Webhook, secret: str) -> WebhookCreated:
    return WebhookCreated.model_validate({**to_read(webhook).model_dump(), "secret": secret})


@router.get("", response_model=Page[WebhookRead], responses=docs.LIST, summary="List webhooks (own; admin: all)")
async def list_webhooks(request: Request, ctx: CtxDep, page: Annotated[PageParams, Depends(page_params)]) -> Response:
    rows = await service.list_page(ctx, page)
    items = [json_bytes(to_read(w)) for w in rows[: page.limit]]
    return page_response(request, items, next_cursor(rows, page, lambda w: (w.created_at, w.id)))


@router.post(
    "",
    status_code=201,
    response_model=WebhookCreated,
    responses=docs.CREATE,
    dependencies=[Idempotent],
    summary="Subscribe to events; the signing secret is in this response only",
    description="Destinations: `https` only (unless `ILACS_WEBHOOK_ALLOW_HTTP`); a host resolving to a loopback, "
    "private, link-local or reserved address is a 422 unless it lies in `ILACS_WEBHOOK_ALLOWED_NETWORKS`." + SIGHT,
)
async def create_webhook(request: Request, ctx: CtxDep, body: WebhookCreate) -> Response:
    withhold_from_replay(request, "secret")
    webhook, secret = await service.create(ctx, request, body)
    return json_response(
        _with_secret(webhook, secret), status_code=201, headers={"Location": f"/v1/webhooks/{webhook.id}"}
    )


@router.get(ONE, response_model=WebhookRead, responses=docs.READ, summary="Get a webhook (owner or admin)")
async def get_webhook(request: Request, ctx: CtxDep, webhook_id: uuid.UUID) -> Response:
    webhook = await service.get_or_404(ctx, webhook_id)
    return resource_response(request, to_read(webhook), version=webhook.version)


@router.patch(
    ONE,
    response_model=WebhookRead,
    responses=docs.CHANGE,
    summary="Change a webhook; `active: true` re-enables it",
)
async def update_webhook(request: Request, ctx: CtxDep, webhook_id: uuid.UUID, body: WebhookUpdate) -> Response:
    webhook = await service.update(ctx, request, webhook_id, body)
    return resource_response(request, to_read(webhook), version=webhook.version)


@router.delete(ONE, status_code=204, responses=docs.DELETE, summary="Delete a webhook")
async def delete_webhook(request: Request, ctx: CtxDep, webhook_id: uuid.UUID) -> Response:
    await service.delete(ctx, request, webhook_id)
    return no_content()


@router.post(
    ONE + "/rotate-secret",
    response_model=WebhookCreated,
    responses=docs.problems(403, 404),
    dependencies=[Idempotent],
    summary="A new signing secret; the old one keeps signing beside it for 24 hours",
)
async def rotate_secret(request: Request, ctx: CtxDep, webhook_id: uuid.UUID) -> Response:
    withhold_from_replay(request, "secret")
    webhook, secret = await service.rotate_secret(ctx, webhook_id)
    return resource_response(request, _with_secret(webhook, secret), version=webhook.version)


@router.post(
    ONE + "/ping",
    status_code=202,
    response_model=DeliveryRead,
    responses=docs.problems(403, 404),
    dependencies=[Idempotent],
    summary="Deliver a `webhook.ping` event",
)
async def ping_webhook(request: Request, ctx: CtxDep, webhook_id: uuid.UUID) -> Response:
    delivery = await service.ping(ctx, webhook_id)
    return json_response(delivery_read(delivery), status_code=202)


@router.get(
    ONE + "/deliveries",
    response_model=Page[DeliveryRead],
    responses=docs.READ,
    summary="Deliveries of a webhook, newest first",
)
async def list_deliveries(
    request: Request, ctx: CtxDep, webhook_id: uuid.UUID, page: Annotated[PageParams, Depends(page_params)]
) -> Response:
    rows = await service.deliveries(ctx, webhook_id, page)
    items = [json_bytes(delivery_read(d)) for d in rows[: page.limit]]
    return page_response(request, items, next_cursor(rows, page, lambda d: (d.created_at, d.id)))


@router.post(
    ONE + "/replay",
    status_code=202,
    response_model=Queued,
    responses=docs.CREATE,
    dependencies=[Idempotent],
    summary="Queue again every event since a moment that the webhook matches",
)
async def replay_webhook(request: Request, ctx: CtxDep, webhook_id: uuid.UUID, body: Replay) -> Response:
    queued = await service.replay(ctx, webhook_id, body.since)
    return json_response(Queued(queued=queued), status_code=202)
