import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, Versioned


class Theme(Base, Versioned):
    __tablename__ = "themes"

    slug: Mapped[str] = mapped_column(sa.String(80), primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    description: Mapped[str] = mapped_column(sa.Text, server_default="")
    applies_to: Mapped[list[str]] = mapped_column(ARRAY(sa.String(30)))
