import uuid
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, Versioned


class Webhook(Base, Versioned):
    """A subscription: events it matches are POSTed, signed, to ``url`` with its owner's sight."""

    __tablename__ = "webhooks"

    id: Mapped[uuid.UUID] = mapped_column(sa.Uuid, primary_key=True, default=uuid.uuid4)
    url: Mapped[str] = mapped_column(sa.String(2000))
    event_types: Mapped[list[str]] = mapped_column(ARRAY(sa.String(60)))
    authority_code: Mapped[str | None] = mapped_column(
        sa.String(9), sa.ForeignKey("authorities.code", ondelete="RESTRICT"), index=True
    )
    description: Mapped[str | None] = mapped_column(sa.String(500))
    active: Mapped[bool] = mapped_column(sa.Boolean, default=True)
    disabled_reason: Mapped[str | None] = mapped_column(sa.String(20))
    # The owner is the caller that created it (``Principal``): its sight is the subscription's sight.
    owner_kind: Mapped[str] = mapped_column(sa.String(10))
    owner_id: Mapped[str] = mapped_column(sa.String(255), index=True)
    owner_name: Mapped[str] = mapped_column(sa.String(200))
    owner_role: Mapped[str] = mapped_column(sa.String(20))
    owner_authority_code: Mapped[str | None] = mapped_column(sa.String(9))
    # Signing needs the secret itself (HMAC), so it is stored as given; the previous one signs beside it until
    # ``previous_secret_expires_at`` (24 h after a rotation).
    secret: Mapped[str] = mapped_column(sa.String(100))
    previous_secret: Mapped[str | None] = mapped_column(sa.String(100))
    previous_secret_expires_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    # When deliveries began failing without a success since (5 days of it disables the subscription).
    failing_since: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))

    __table_args__ = (
        sa.CheckConstraint(
            "disabled_reason IS NULL OR disabled_reason IN ('failing', 'gone', 'owner_revoked')",
            name="disabled_reason",
        ),
    )
