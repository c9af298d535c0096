"""ORM models, one file per table. Storage only: the API's shapes live in each feature's schemas."""

from app.models.action_item import ActionItem, ActionItemUpdate
from app.models.api_key import ApiKey
from app.models.audit_event import AuditEvent
from app.models.authority import Authority
from app.models.base import Base
from app.models.dispatch_position import DispatchPosition
from app.models.engagement_meeting import EngagementMeeting
from app.models.event import Event
from app.models.finding import Finding
from app.models.idempotency_key import IdempotencyKey
from app.models.improvement_plan import ImprovementPlan
from app.models.inspection import Inspection, InspectionTheme
from app.models.inspection_source import InspectionSource
from app.models.judgement import Judgement
from app.models.overdue_notice import OverdueNotice
from app.models.rate_limit import RateLimitWindow
from app.models.self_evaluation import SelfEvaluation
from app.models.service_key import ServiceKey
from app.models.theme import Theme
from app.models.webhook import Webhook
from app.models.webhook_delivery import WebhookDelivery

__all__ = [
    "ActionItem",
    "ActionItemUpdate",
    "ApiKey",
    "AuditEvent",
    "Authority",
    "Base",
    "DispatchPosition",
    "EngagementMeeting",
    "Event",
    "Finding",
    "IdempotencyKey",
    "ImprovementPlan",
    "Inspection",
    "InspectionSource",
    "InspectionTheme",
    "Judgement",
    "OverdueNotice",
    "RateLimitWindow",
    "SelfEvaluation",
    "ServiceKey",
    "Theme",
    "Webhook",
    "WebhookDelivery",
]
