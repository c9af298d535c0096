"""Which events a subscription delivers, and with whose sight (API.md "Events and webhooks")."""

import base64
import secrets

from app.core import policy
from app.core.security import CallerKind, Principal, Role
from app.models import Event, Webhook

SECRET_PREFIX = "whsec_"  # noqa: S105 - a marker, not a secret


def new_secret() -> str:
    """``whsec_`` and base64 of 32 random bytes (Standard Webhooks)."""
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(32)).decode()


def owner_of(webhook: Webhook) -> Principal:
    """The subscription's owner, whose sight it delivers with."""
    return Principal(
        kind=CallerKind(webhook.owner_kind),
        id=webhook.owner_id,
        name=webhook.owner_name,
        role=Role(webhook.owner_role),
        authority_code=webhook.owner_authority_code,
    )


def owned_by(webhook: Webhook, principal: Principal) -> bool:
    return webhook.owner_kind == principal.kind.value and webhook.owner_id == principal.id


def matches(webhook: Webhook, event: Event) -> bool:
    """The subscription asks for the event, and its owner may read it."""
    if webhook.event_types != ["*"] and event.type not in webhook.event_types:
        return False
    if webhook.authority_code is not None and event.authority_code != webhook.authority_code:
        return False
    return policy.may_read_event(owner_of(webhook), event.resource_type, event.authority_code, event.embargoed)


def resource_key(event: Event) -> str:
    """Deliveries to one subscription keep the order of their resource's events."""
    return f"{event.resource_type}:{event.resource_id}"
