import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base


class DispatchPosition(Base):
    """Where the dispatcher is in the feed: every event up to (txid, event_id) has been fanned out to the
    subscriptions (one row)."""

    __tablename__ = "dispatch_position"

    name: Mapped[str] = mapped_column(sa.String(20), primary_key=True)
    txid: Mapped[int] = mapped_column(sa.BigInteger)
    event_id: Mapped[int] = mapped_column(sa.BigInteger)
