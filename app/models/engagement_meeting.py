import uuid
from datetime import date

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, Versioned


class EngagementMeeting(Base, Versioned):
    """The annual engagement meeting between an authority and the inspectorate's regional leads."""

    __tablename__ = "engagement_meetings"

    id: Mapped[uuid.UUID] = mapped_column(sa.Uuid, primary_key=True, default=uuid.uuid4)
    authority_code: Mapped[str] = mapped_column(sa.String(9), sa.ForeignKey("authorities.code", ondelete="RESTRICT"))
    held_on: Mapped[date] = mapped_column(sa.Date)
    attendees: Mapped[list[str]] = mapped_column(ARRAY(sa.String(200)), server_default="{}")
    self_evaluation_id: Mapped[uuid.UUID | None] = mapped_column(
        sa.Uuid, sa.ForeignKey("self_evaluations.id", ondelete="RESTRICT"), index=True
    )
    discussion: Mapped[str] = mapped_column(sa.Text)
    agreed_next_steps: Mapped[list[str]] = mapped_column(ARRAY(sa.Text), server_default="{}")
    letter_received_on: Mapped[date | None] = mapped_column(sa.Date)

    __table_args__ = (
        # An authority's meetings, newest first, paged by (held_on, id).
        sa.Index("ix_engagement_meetings_authority_held_id", "authority_code", "held_on", "id"),
    )
