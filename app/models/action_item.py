import uuid
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, Versioned


class ActionItem(Base, Versioned):
    __tablename__ = "action_items"

    id: Mapped[uuid.UUID] = mapped_column(sa.Uuid, primary_key=True, default=uuid.uuid4)
    authority_code: Mapped[str] = mapped_column(sa.String(9), sa.ForeignKey("authorities.code", ondelete="RESTRICT"))
    plan_id: Mapped[uuid.UUID | None] = mapped_column(
        sa.Uuid, sa.ForeignKey("improvement_plans.id", ondelete="RESTRICT"), index=True
    )
    inspection_id: Mapped[uuid.UUID | None] = mapped_column(
        sa.Uuid, sa.ForeignKey("inspections.id", ondelete="RESTRICT"), index=True
    )
    finding_id: Mapped[uuid.UUID | None] = mapped_column(
        sa.Uuid, sa.ForeignKey("findings.id", ondelete="RESTRICT"), index=True
    )
    title: Mapped[str] = mapped_column(sa.String(300))
    description: Mapped[str | None] = mapped_column(sa.Text)
    owner: Mapped[str | None] = mapped_column(sa.String(200))
    due_on: Mapped[date] = mapped_column(sa.Date)
    status: Mapped[str] = mapped_column(sa.String(20), server_default="not_started")
    completed_on: Mapped[date | None] = mapped_column(sa.Date)

    __table_args__ = (
        # Soonest due first, keyset-paged by (due_on, id), usually within one authority.
        sa.Index("ix_action_items_authority_due_id", "authority_code", "due_on", "id"),
        sa.Index("ix_action_items_due_id", "due_on", "id"),
        sa.Index("ix_action_items_status", "status"),
    )


class ActionItemUpdate(Base):
    """Append-only progress log of an action item."""

    __tablename__ = "action_item_updates"

    id: Mapped[uuid.UUID] = mapped_column(sa.Uuid, primary_key=True, default=uuid.uuid4)
    action_item_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid, sa.ForeignKey("action_items.id", ondelete="CASCADE"))
    note: Mapped[str] = mapped_column(sa.Text)
    status: Mapped[str | None] = mapped_column(sa.String(20))
    author: Mapped[str] = mapped_column(sa.String(200))
    author_ref: Mapped[str | None] = mapped_column(sa.String(300))  # the author's ``Principal.ref``
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), server_default=sa.func.now())

    __table_args__ = (sa.Index("ix_action_item_updates_item_created", "action_item_id", "created_at", "id"),)
