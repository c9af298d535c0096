import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, Versioned


class Authority(Base, Versioned):
    __tablename__ = "authorities"

    code: Mapped[str] = mapped_column(sa.String(9), primary_key=True)
    la_number: Mapped[int | None] = mapped_column(sa.Integer, unique=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    region: Mapped[str] = mapped_column(sa.String(60), index=True)
    status: Mapped[str] = mapped_column(sa.String(20), server_default="current", index=True)
    ofsted_urn: Mapped[int | None] = mapped_column(sa.Integer)
    regional_adoption_agency: Mapped[str | None] = mapped_column(sa.String(200))

    __table_args__ = (
        sa.Index("ix_authorities_name_code", "name", "code"),
        sa.Index("ix_authorities_lower_name", sa.text("lower(name) text_pattern_ops")),
    )
