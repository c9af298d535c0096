from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base


class Event(Base):
    """The outbox: one row per change the audit trail records, written in the same transaction. Ids are taken
    in commit order (``app.core.changes.EVENT_ORDER_LOCK``), so a reader that has seen an id has seen every
    smaller one that will ever exist."""

    __tablename__ = "events"

    id: Mapped[int] = mapped_column(sa.BigInteger, sa.Identity(), primary_key=True)
    type: Mapped[str] = mapped_column(sa.String(60))
    occurred_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=lambda: datetime.now(UTC))
    resource_type: Mapped[str] = mapped_column(sa.String(40))
    resource_id: Mapped[str] = mapped_column(sa.String(100))
    # Not a foreign key: the events of a deleted authority stay in the feed.
    authority_code: Mapped[str | None] = mapped_column(sa.String(9))
    # Whether ``data`` is an inspection (or its judgement or finding) under embargo: shown only to those who see it.
    embargoed: Mapped[bool] = mapped_column(sa.Boolean, default=False)
    data: Mapped[dict[str, Any]] = mapped_column(JSONB)
    request_id: Mapped[str | None] = mapped_column(sa.String(128))

    __table_args__ = (sa.Index("ix_events_occurred_at", "occurred_at"),)
