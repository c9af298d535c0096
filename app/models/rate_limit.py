from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base


class RateLimitWindow(Base):
    """Requests per caller (API key, user or service) per fixed window, shared by every worker and replica."""

    __tablename__ = "rate_limit_windows"

    caller: Mapped[str] = mapped_column(sa.String(300), primary_key=True)  # ``Principal.ref``: kind and id
    window_start: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), primary_key=True)
    count: Mapped[int] = mapped_column(sa.Integer, server_default="0")
