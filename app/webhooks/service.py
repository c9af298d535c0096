"""Subscriptions: made, read and changed by their owner (admin: every one), secrets shown once and rotated with
a day's overlap, pings and replays queued for the dispatcher."""

import uuid
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

import sqlalchemy as sa
from fastapi import Request

from app.core import audit
from app.core.context import Context
from app.core.errors import NotFound, ValidationFailed
from app.core.pagination import PageParams, SortKey, paginate
from app.core.responses import check_if_match
from app.core.security import Role
from app.events.repository import readable_by
from app.models import Authority, Event, Webhook, WebhookDelivery
from app.webhooks import destinations, rules
from app.webhooks.schemas import WebhookCreate, WebhookUpdate

RESOURCE = "webhook"
FIELDS = ("url", "event_types", "authority_code", "description", "active", "disabled_reason")
ROTATION_OVERLAP = timedelta(hours=24)
NEWEST_FIRST = SortKey(columns=(Webhook.created_at, Webhook.id), types=(datetime, uuid.UUID), descending=True)
DELIVERIES_NEWEST_FIRST = SortKey(
    columns=(WebhookDelivery.created_at, WebhookDelivery.id), types=(datetime, uuid.UUID), descending=True
)


def snapshot(webhook: Webhook) -> dict[str, Any]:
    return {f: getattr(webhook, f) for f in FIELDS}


async def _check_destination(request: Request, url: str) -> None:
    settings = request.app.state.settings
    try:
        await destinations.check(
            url, settings.webhook_allow_http, destinations.networks(settings.webhook_allowed_networks)
        )
    except destinations.Refused as refused:
        raise ValidationFailed.field("url", str(refused)) from None


async def _check_authority(ctx: Context, code: str | None) -> None:
    if code is not None and await ctx.session.get(Authority, code) is None:
        raise ValidationFailed.field("authority_code", f"no authority with code {code}")


async def create(ctx: Context, request: Request, data: WebhookCreate) -> tuple[Webhook, str]:
    await _check_destination(request, data.url)
    await _check_authority(ctx, data.authority_code)
    secret = rules.new_secret()
    owner = ctx.principal
    webhook = Webhook(
        **data.model_dump(mode="json"),
        active=True,
        owner_kind=owner.kind.value,
        owner_id=owner.id,
        owner_name=owner.name,
        owner_role=owner.role.value,
        owner_authority_code=owner.authority_code,
        secret=secret,
    )
    ctx.session.add(webhook)
    await ctx.session.flush()
    await ctx.session.refresh(webhook)
    audit.record_create(ctx, RESOURCE, webhook.id, snapshot(webhook))
    return webhook, secret


async def list_page(ctx: Context, params: PageParams) -> Sequence[Webhook]:
    stmt = sa.select(Webhook)
    if ctx.principal.role is not Role.admin:
        stmt = stmt.where(Webhook.owner_kind == ctx.principal.kind.value, Webhook.owner_id == ctx.principal.id)
    return (await ctx.session.scalars(paginate(stmt, NEWEST_FIRST, params))).all()


async def get_or_404(ctx: Context, webhook_id: uuid.UUID, *, for_update: bool = False) -> Webhook:
    """The subscription, if the caller owns it or is admin; 404 otherwise (another's does not exist for it)."""
    stmt = sa.select(Webhook).where(Webhook.id == webhook_id)
    webhook = (await ctx.session.scalars(stmt.with_for_update() if for_update else stmt)).one_or_none()
    if webhook is None or not (ctx.principal.role is Role.admin or rules.owned_by(webhook, ctx.principal)):
        raise NotFound(f"No webhook {webhook_id}.")
    return webhook


async def update(ctx: Context, request: Request, webhook_id: uuid.UUID, data: WebhookUpdate) -> Webhook:
    webhook = await get_or_404(ctx, webhook_id, for_update=True)
    check_if_match(request, webhook.version)
    changes = data.model_dump(mode="json", exclude_unset=True)
    if "url" in changes:
        await _check_destination(request, changes["url"])
    if "authority_code" in changes:
        await _check_authority(ctx, changes["authority_code"])
    before = snapshot(webhook)
    for field, value in changes.items():
        setattr(webhook, field, value)
    if "active" in changes:  # re-enabled or paused by hand: whatever disabled it no longer applies
        webhook.disabled_reason = None
        webhook.failing_since = None
    if await audit.record_update(ctx, webhook, RESOURCE, webhook.id, before, snapshot(webhook)):
        await ctx.session.refresh(webhook)
    return webhook


async def delete(ctx: Context, request: Request, webhook_id: uuid.UUID) -> None:
    webhook = await get_or_404(ctx, webhook_id, for_update=True)
    check_if_match(request, webhook.version)
    audit.record_delete(ctx, RESOURCE, webhook.id, snapshot(webhook))
    await ctx.session.delete(webhook)
    await ctx.session.flush()


async def rotate_secret(ctx: Context, webhook_id: uuid.UUID) -> tuple[Webhook, str]:
    """A new secret; the old one keeps signing beside it for 24 h, so receivers can switch without a gap."""
    webhook = await get_or_404(ctx, webhook_id, for_update=True)
    webhook.previous_secret = webhook.secret
    webhook.previous_secret_expires_at = datetime.now(UTC) + ROTATION_OVERLAP
    webhook.secret = rules.new_secret()
    webhook.version += 1
    await ctx.session.flush()
    await ctx.session.refresh(webhook)
    audit.record(ctx, audit.Action.update, RESOURCE, webhook.id, {"secret": ["(rotated)", "(new)"]})
    return webhook, webhook.secret


async def ping(ctx: Context, webhook_id: uuid.UUID) -> WebhookDelivery:
    webhook = await get_or_404(ctx, webhook_id)
    ping_id = f"ping_{uuid.uuid4().hex}"
    delivery = WebhookDelivery(
        webhook_id=webhook.id,
        event_id=None,
        event_type="webhook.ping",
        resource_key=f"webhook:{webhook.id}",
        ping_id=ping_id,
        attempt=0,
        status="pending",
        next_attempt_at=datetime.now(UTC),
    )
    ctx.session.add(delivery)
    await ctx.session.flush()
    return delivery


async def deliveries(ctx: Context, webhook_id: uuid.UUID, params: PageParams) -> Sequence[WebhookDelivery]:
    await get_or_404(ctx, webhook_id)
    stmt = sa.select(WebhookDelivery).where(WebhookDelivery.webhook_id == webhook_id)
    return (await ctx.session.scalars(paginate(stmt, DELIVERIES_NEWEST_FIRST, params))).all()


async def replay(ctx: Context, webhook_id: uuid.UUID, since: datetime) -> int:
    """Queue again every event since ``since`` that the subscription matches and its owner may read."""
    webhook = await get_or_404(ctx, webhook_id)
    stmt = sa.select(Event).where(Event.occurred_at >= since, readable_by(rules.owner_of(webhook))).order_by(Event.id)
    now = datetime.now(UTC)
    rows = [
        {
            "id": uuid.uuid4(),
            "webhook_id": webhook.id,
            "event_id": event.id,
            "event_type": event.type,
            "resource_key": rules.resource_key(event),
            "attempt": 0,
            "status": "pending",
            "next_attempt_at": now,
        }
        for event in await ctx.session.scalars(stmt)
        if rules.matches(webhook, event)
    ]
    if rows:
        await ctx.session.execute(sa.insert(WebhookDelivery), rows)
    return len(rows)
