from datetime import datetime
from typing import Any

from pydantic import Field

from app.core.schemas import ResponseModel
from app.models import Event


class EventRead(ResponseModel):
    id: str = Field(max_length=20, description="The event's id (also the `webhook-id` of its deliveries).")
    type: str = Field(
        max_length=60,
        description="`<resource_type>.created|updated|deleted`, `inspection.published`, `action_item.overdue`.",
    )
    occurred_at: datetime
    resource_type: str = Field(max_length=40)
    resource_id: str = Field(max_length=100, description="The key the resource has in its path.")
    authority_code: str | None = Field(max_length=9, description="The authority the resource belongs to, if any.")
    data: dict[str, Any] = Field(
        description="The resource as its GET returns it after the change (its last state for a deletion)."
    )
    request_id: str | None = Field(max_length=128, description="The request that made the change (null: a tool).")


def event_json(event: Event) -> dict[str, Any]:
    """The event as the feed and the webhooks send it."""
    return {
        "id": str(event.id),
        "type": event.type,
        "occurred_at": event.occurred_at,
        "resource_type": event.resource_type,
        "resource_id": event.resource_id,
        "authority_code": event.authority_code,
        "data": event.data,
        "request_id": event.request_id,
    }
