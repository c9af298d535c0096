from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base

# The writing transaction's id: the feed and the dispatcher read events in (txid, id) order and only those of
# transactions older than every transaction still running, so a later commit can never slip in behind a cursor.
CURRENT_TXID = sa.text("(pg_current_xact_id()::text)::bigint")


class Event(Base):
    """The outbox: one row per change the audit trail records, written in the same transaction."""

    __tablename__ = "events"

    id: Mapped[int] = mapped_column(sa.BigInteger, sa.Identity(), primary_key=True)
    txid: Mapped[int] = mapped_column(sa.BigInteger, server_default=CURRENT_TXID)
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

    __table_args__ = (
        sa.Index("ix_events_txid_id", "txid", "id"),
        sa.Index("ix_events_occurred_at", "occurred_at"),
    )
