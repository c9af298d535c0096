import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base


class DispatchPosition(Base):
    """Positions in the feed: ``fanned_out`` (every event up to it has its deliveries queued) and ``purged``
    (the last event deleted after the retention period)."""

    __tablename__ = "dispatch_position"

    name: Mapped[str] = mapped_column(sa.String(20), primary_key=True)
    event_id: Mapped[int] = mapped_column(sa.BigInteger)
