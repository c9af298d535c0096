import uuid
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base


class AuditEvent(Base):
    __tablename__ = "audit_events"

    id: Mapped[uuid.UUID] = mapped_column(sa.Uuid, primary_key=True, default=uuid.uuid4)
    # Stamped by the application, not now(): events of one transaction must keep their order.
    at: Mapped[datetime] = mapped_column(
        sa.DateTime(timezone=True), server_default=sa.func.now(), default=lambda: datetime.now(UTC)
    )
    # Who made the change (``app.core.security.Principal``): an API key, a signed-in user or a service.
    actor_kind: Mapped[str] = mapped_column(sa.String(10))
    actor_id: Mapped[str] = mapped_column(sa.String(255))
    actor_name: Mapped[str] = mapped_column(sa.String(200))
    action: Mapped[str] = mapped_column(sa.String(10))
    resource_type: Mapped[str] = mapped_column(sa.String(40))
    resource_id: Mapped[str] = mapped_column(sa.String(100))
    changes: Mapped[dict[str, Any]] = mapped_column(JSONB)
    request_id: Mapped[str | None] = mapped_column(sa.String(128))

    __table_args__ = (
        sa.Index("ix_audit_events_at_id", "at", "id"),
        sa.Index("ix_audit_events_resource", "resource_type", "resource_id"),
        sa.CheckConstraint("actor_kind IN ('api_key', 'user', 'service')", name="actor_kind"),
    )
