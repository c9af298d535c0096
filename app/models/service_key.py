from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base


class ServiceKey(Base):
    """A secret the service keeps for itself (the MAC key of list cursors), made once and shared by every worker
    and replica through the database."""

    __tablename__ = "service_keys"

    name: Mapped[str] = mapped_column(sa.String(50), primary_key=True)
    secret: Mapped[bytes] = mapped_column(sa.LargeBinary)
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), server_default=sa.func.now())
