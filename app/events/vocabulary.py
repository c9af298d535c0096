"""The event types (API.md "Events and webhooks")."""

# Every audited resource type except api_key and webhook.
RESOURCE_TYPES = (
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
)
PUBLISHED = "inspection.published"
OVERDUE = "action_item.overdue"
PING = "webhook.ping"
EVENT_TYPES = (
    *(f"{resource}.{action}" for resource in RESOURCE_TYPES for action in ("created", "updated", "deleted")),
    PUBLISHED,
    OVERDUE,
)
