"""One attempt at one delivery: the owner and the destination checked again, the event signed as Standard
Webhooks specify (with the maintained ``standardwebhooks`` library), POSTed without following redirects, and
the outcome recorded: retried on the schedule, ``gone`` on a 410, ``failing`` after 5 days of failures."""

import time
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
from sqlalchemy.ext.asyncio import AsyncSession
from standardwebhooks import Webhook as Signer

from app.core.config import Settings
from app.core.database import Database
from app.core.responses import json_body
from app.events.schemas import event_json
from app.events.vocabulary import PING
from app.models import ApiKey, Event, Webhook, WebhookDelivery
from app.webhooks import destinations, rules

FAILING_FOR = timedelta(days=5)
USER_AGENT = "ilacs-webhooks/1"


@dataclass(frozen=True, slots=True)
class Outcome:
    status_code: int | None
    error: str | None
    duration_ms: int


def signatures(webhook: Webhook, msg_id: str, at: datetime, body: str) -> str:
    """``v1,<base64>`` for every valid secret: the current one, and the previous one within 24 h of a rotation."""
    secrets = [webhook.secret]
    if webhook.previous_secret and webhook.previous_secret_expires_at and webhook.previous_secret_expires_at > at:
        secrets.append(webhook.previous_secret)
    return " ".join(Signer(secret).sign(msg_id, at, body) for secret in secrets)


def ping_json(webhook: Webhook, delivery: WebhookDelivery) -> dict[str, Any]:
    return {
        "id": delivery.ping_id,
        "type": PING,
        "occurred_at": delivery.created_at,
        "resource_type": "webhook",
        "resource_id": str(webhook.id),
        "authority_code": None,
        "data": {"webhook_id": str(webhook.id)},
        "request_id": None,
    }


async def owner_revoked(session: AsyncSession, webhook: Webhook) -> bool:
    """An API key owner revoked or expired (a signed-in owner's rights are those its token gave)."""
    if webhook.owner_kind != "api_key":
        return False
    key = await session.get(ApiKey, uuid.UUID(webhook.owner_id))
    now = datetime.now(UTC)
    return key is None or key.revoked_at is not None or (key.expires_at is not None and key.expires_at <= now)


async def post(client: httpx.AsyncClient, settings: Settings, webhook: Webhook, msg_id: str, body: str) -> Outcome:
    started = time.perf_counter()

    def done(status_code: int | None, error: str | None) -> Outcome:
        return Outcome(status_code, error, int((time.perf_counter() - started) * 1000))

    try:
        address = await destinations.check(
            webhook.url, settings.webhook_allow_http, destinations.networks(settings.webhook_allowed_networks)
        )
    except destinations.Refused as refused:
        return done(None, f"destination refused: {refused}")
    url, host = destinations.pinned(webhook.url, address)
    at = datetime.now(UTC)
    headers = {
        "content-type": "application/json",
        "user-agent": USER_AGENT,
        "host": host,
        "webhook-id": msg_id,
        "webhook-timestamp": str(int(at.timestamp())),
        "webhook-signature": signatures(webhook, msg_id, at, body),
    }
    try:
        response = await client.post(
            url,
            content=body.encode(),
            headers=headers,
            extensions={"sni_hostname": host.split(":")[0]},
            timeout=settings.webhook_timeout_seconds,
        )
    except httpx.HTTPError as exc:
        return done(None, f"{type(exc).__name__}: {exc}"[:500])
    return done(response.status_code, None if 200 <= response.status_code < 300 else f"HTTP {response.status_code}")


def record_outcome(settings: Settings, webhook: Webhook, delivery: WebhookDelivery, outcome: Outcome) -> None:
    now = datetime.now(UTC)
    delivery.attempt += 1
    delivery.attempted_at = now
    delivery.response_status = outcome.status_code
    delivery.error = outcome.error
    delivery.duration_ms = outcome.duration_ms
    if outcome.error is None:
        delivery.status, delivery.next_attempt_at = "succeeded", None
        webhook.failing_since = None
        return
    schedule = settings.webhook_retry_seconds
    if outcome.status_code == 410:
        delivery.status, delivery.next_attempt_at = "failed", None
        webhook.active, webhook.disabled_reason = False, "gone"
    elif delivery.attempt > len(schedule):
        delivery.status, delivery.next_attempt_at = "failed", None
    else:
        delivery.status = "retrying"
        delivery.next_attempt_at = now + timedelta(seconds=schedule[delivery.attempt - 1])
    webhook.failing_since = webhook.failing_since or now
    if webhook.active and now - webhook.failing_since >= FAILING_FOR:
        webhook.active, webhook.disabled_reason = False, "failing"


async def _prepare(session: AsyncSession, delivery_id: Any) -> tuple[Webhook, str, str] | None:
    """The subscription, message id and body of a due delivery, or None when it is not to be sent now."""
    delivery = await session.get(WebhookDelivery, delivery_id)
    if delivery is None or delivery.status not in ("pending", "retrying"):
        return None
    webhook = await session.get(Webhook, delivery.webhook_id)
    if webhook is None or not webhook.active:
        return None
    if await owner_revoked(session, webhook):
        webhook.active, webhook.disabled_reason = False, "owner_revoked"
        return None
    if delivery.event_id is None:
        payload, msg_id = ping_json(webhook, delivery), delivery.ping_id or ""
    else:
        event = await session.get(Event, delivery.event_id)
        if event is None or not rules.matches(webhook, event):
            delivery.status, delivery.error = "failed", "the event is no longer one its owner may read"
            return None
        payload, msg_id = event_json(event), str(event.id)
    return webhook, msg_id, json_body(payload).decode()


async def attempt(db: Database, client: httpx.AsyncClient, settings: Settings, delivery_id: Any) -> None:
    """One attempt at a due delivery. No database connection is held while the receiver answers; the outcome is
    recorded after it, so a dispatcher killed in between sends the delivery again (at least once)."""
    async with db.session() as session:
        prepared = await _prepare(session, delivery_id)
        await session.commit()
    if prepared is None:
        return
    webhook, msg_id, body = prepared
    outcome = await post(client, settings, webhook, msg_id, body)
    async with db.session() as session:
        delivery = await session.get(WebhookDelivery, delivery_id, with_for_update=True)
        stored = await session.get(Webhook, webhook.id, with_for_update=True)
        if delivery is not None and stored is not None and delivery.status in ("pending", "retrying"):
            record_outcome(settings, stored, delivery, outcome)
        await session.commit()
