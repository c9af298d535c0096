import uuid
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base


class WebhookDelivery(Base):
    """One event for one subscription: queued by the dispatcher, attempted until it succeeds or fails."""

    __tablename__ = "webhook_deliveries"

    id: Mapped[uuid.UUID] = mapped_column(sa.Uuid, primary_key=True, default=uuid.uuid4)
    # The order deliveries were queued in: one resource's go out in this order.
    seq: Mapped[int] = mapped_column(sa.BigInteger, sa.Identity(), unique=True)
    webhook_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid, sa.ForeignKey("webhooks.id", ondelete="CASCADE"))
    # Null for a ping, whose event is not in the feed (``ping_event``).
    event_id: Mapped[int | None] = mapped_column(
        sa.BigInteger, sa.ForeignKey("events.id", ondelete="CASCADE"), index=True
    )
    event_type: Mapped[str] = mapped_column(sa.String(60))
    # Deliveries of one resource to one subscription go in order: a later one waits for the earlier.
    resource_key: Mapped[str] = mapped_column(sa.String(150))
    ping_id: Mapped[str | None] = mapped_column(sa.String(40))
    attempt: Mapped[int] = mapped_column(sa.Integer, default=0)
    status: Mapped[str] = mapped_column(sa.String(10), default="pending")
    response_status: Mapped[int | None] = mapped_column(sa.Integer)
    error: Mapped[str | None] = mapped_column(sa.String(500))
    duration_ms: Mapped[int | None] = mapped_column(sa.Integer)
    attempted_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    next_attempt_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), server_default=sa.func.now())

    __table_args__ = (
        sa.CheckConstraint("status IN ('pending', 'succeeded', 'retrying', 'failed')", name="status"),
        sa.Index("ix_webhook_deliveries_webhook_created", "webhook_id", "created_at"),
        # The unfinished deliveries of one resource to one subscription, oldest first (order per resource).
        sa.Index(
            "ix_webhook_deliveries_unfinished",
            "webhook_id",
            "resource_key",
            "seq",
            postgresql_where=sa.text("status IN ('pending', 'retrying')"),
        ),
        sa.Index(
            "ix_webhook_deliveries_due",
            "next_attempt_at",
            postgresql_where=sa.text("status IN ('pending', 'retrying')"),
        ),
    )
