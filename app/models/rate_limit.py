import uuid
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base


class RateLimitWindow(Base):
    """Requests per API key per fixed window, shared by every worker and replica."""

    __tablename__ = "rate_limit_windows"

    api_key_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid, primary_key=True)
    window_start: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), primary_key=True)
    count: Mapped[int] = mapped_column(sa.Integer, server_default="0")
