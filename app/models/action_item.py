import uuid
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from app.action_items.vocabulary import ActionSource
from app.models.base import Base, Versioned

ACTION_SOURCES = tuple(s.value for s in ActionSource)  # the database checks the same list


def _default_source(context: Any) -> str:
    return "finding" if context.get_current_parameters().get("finding_id") is not None else "local"


def _default_original_due_on(context: Any) -> date:
    due_on: date = context.get_current_parameters()["due_on"]
    return due_on


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
    # The due date it was created with; never changes (a moved due date is logged in action_item_updates).
    original_due_on: Mapped[date] = mapped_column(sa.Date, default=_default_original_due_on)
    status: Mapped[str] = mapped_column(sa.String(20), server_default="not_started")
    completed_on: Mapped[date | None] = mapped_column(sa.Date)
    source: Mapped[str] = mapped_column(sa.String(30), default=_default_source)
    source_reference: Mapped[str | None] = mapped_column(sa.String(500))

    __table_args__ = (
        sa.CheckConstraint(sa.column("source").in_(ACTION_SOURCES), name="source_known"),
        sa.CheckConstraint("source <> 'finding' OR finding_id IS NOT NULL", name="finding_source_has_finding"),
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
    # Set when this entry records a change of the item's due date (its note is the reason given).
    due_on_from: Mapped[date | None] = mapped_column(sa.Date)
    due_on_to: Mapped[date | None] = mapped_column(sa.Date)
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), server_default=sa.func.now())

    __table_args__ = (
        sa.Index("ix_action_item_updates_item_created", "action_item_id", "created_at", "id"),
        sa.CheckConstraint("(due_on_from IS NULL) = (due_on_to IS NULL)", name="due_on_change_whole"),
    )
