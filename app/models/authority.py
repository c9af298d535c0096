from datetime import date

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import ARRAY
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
    # GSS codes this same authority used before (recoding); GET by one redirects.
    former_codes: Mapped[list[str]] = mapped_column(ARRAY(sa.String(9)), server_default="{}")
    # Reorganisation: when it came into and went out of existence, and who took over its children's services.
    established_on: Mapped[date | None] = mapped_column(sa.Date)
    ceased_on: Mapped[date | None] = mapped_column(sa.Date)
    successors: Mapped[list[str]] = mapped_column(ARRAY(sa.String(9)), server_default="{}")
    # The DfE's ten statistical neighbours, in the department's order.
    statistical_neighbours: Mapped[list[str]] = mapped_column(ARRAY(sa.String(9)), server_default="{}")

    __table_args__ = (
        sa.Index("ix_authorities_name_code", "name", "code"),
        sa.Index("ix_authorities_lower_name", sa.text("lower(name) text_pattern_ops")),
        sa.Index("ix_authorities_former_codes", "former_codes", postgresql_using="gin"),
        sa.Index("ix_authorities_successors", "successors", postgresql_using="gin"),
        sa.CheckConstraint(
            "ceased_on IS NULL OR established_on IS NULL OR established_on < ceased_on", name="lifespan"
        ),
    )
