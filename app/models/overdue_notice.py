import uuid
from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base


class OverdueNotice(Base):
    """``action_item.overdue`` raised for an item and due date, so once each."""

    __tablename__ = "overdue_notices"

    action_item_id: Mapped[uuid.UUID] = mapped_column(
        sa.Uuid, sa.ForeignKey("action_items.id", ondelete="CASCADE"), primary_key=True
    )
    due_on: Mapped[date] = mapped_column(sa.Date, primary_key=True)
