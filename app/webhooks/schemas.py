import uuid
from datetime import datetime
from typing import Annotated

from pydantic import Field, StringConstraints, field_validator

from app.core.schemas import AuthorityCode, IsoDateTime, RequestModel, ResponseModel
from app.core.security import CallerKind
from app.events.vocabulary import EVENT_TYPES

EventType = Annotated[str, StringConstraints(max_length=60, pattern=r"^(\*|[a-z_]+\.[a-z_]+)$")]
Url = Annotated[str, StringConstraints(min_length=8, max_length=2000, pattern=r"^https?://")]
Description = Annotated[str, StringConstraints(max_length=500)]
EVENT_TYPES_DESCRIPTION = 'Event types to deliver (non-empty), or `["*"]` for every type.'


def _known_types(value: list[str] | None) -> list[str] | None:
    if value is None:
        return value
    if "*" in value and value != ["*"]:
        raise ValueError('"*" stands alone')
    unknown = [t for t in value if t != "*" and t not in EVENT_TYPES]
    if unknown:
        raise ValueError(f"unknown event type {unknown[0]!r}")
    return list(dict.fromkeys(value))


class Owner(ResponseModel):
    kind: CallerKind
    id: str = Field(max_length=255)
    name: str = Field(max_length=200)


class WebhookRead(ResponseModel):
    id: uuid.UUID
    url: str = Field(max_length=2000)
    event_types: list[str] = Field(max_length=len(EVENT_TYPES) + 1, description=EVENT_TYPES_DESCRIPTION)
    authority_code: str | None = Field(max_length=9, description="Only events of this authority, or null.")
    description: str | None = Field(max_length=500)
    active: bool
    disabled_reason: str | None = Field(
        max_length=20, description="Why it is inactive: `failing`, `gone`, `owner_revoked`; null if it is not."
    )
    owner: Owner = Field(description="The caller that made it: its sight is the subscription's.")
    created_at: datetime
    updated_at: datetime
    version: int = Field(ge=1, le=2**31 - 1)


class WebhookCreated(WebhookRead):
    secret: str | None = Field(
        max_length=60,
        description="The signing secret (`whsec_` and base64 of 32 random bytes), shown this once. Null in the "
        "replay of an `Idempotency-Key` repeat.",
    )


class WebhookCreate(RequestModel):
    url: Url = Field(description="Where events are POSTed: `https` (loopback and private addresses refused).")
    event_types: list[EventType] = Field(min_length=1, max_length=len(EVENT_TYPES) + 1)
    authority_code: AuthorityCode | None = Field(default=None, description="Only events of this authority.")
    description: Description | None = None

    _types = field_validator("event_types")(_known_types)


class WebhookUpdate(RequestModel):
    url: Url | None = None
    event_types: list[EventType] | None = Field(default=None, min_length=1, max_length=len(EVENT_TYPES) + 1)
    authority_code: AuthorityCode | None = None
    description: Description | None = None
    active: bool | None = Field(default=None, description="`true` re-enables a disabled subscription.")

    _types = field_validator("event_types")(_known_types)


class DeliveryRead(ResponseModel):
    id: uuid.UUID
    event_id: str | None = Field(max_length=40, description="The event delivered (the ping's id for a ping).")
    event_type: str = Field(max_length=60)
    attempt: int = Field(ge=0, le=100, description="Attempts made so far.")
    status: str = Field(max_length=10, description="`pending`, `succeeded`, `retrying` or `failed`.")
    response_status: int | None = Field(ge=100, le=599)
    error: str | None = Field(max_length=500)
    duration_ms: int | None = Field(ge=0, le=2**31 - 1)
    attempted_at: datetime | None
    next_attempt_at: datetime | None


class Replay(RequestModel):
    since: IsoDateTime = Field(description="Queue again every event from this moment on that the subscription matches.")


class Queued(ResponseModel):
    queued: int = Field(ge=0, le=2**31 - 1, description="Deliveries queued.")
