import uuid
from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, Versioned


class SelfEvaluation(Base, Versioned):
    __tablename__ = "self_evaluations"

    id: Mapped[uuid.UUID] = mapped_column(sa.Uuid, primary_key=True, default=uuid.uuid4)
    authority_code: Mapped[str] = mapped_column(sa.String(9), sa.ForeignKey("authorities.code", ondelete="RESTRICT"))
    year: Mapped[int] = mapped_column(sa.Integer)
    quality_and_impact: Mapped[str] = mapped_column(sa.Text)
    evidence: Mapped[str] = mapped_column(sa.Text)
    plans: Mapped[str] = mapped_column(sa.Text)
    shared_on: Mapped[date | None] = mapped_column(sa.Date)

    __table_args__ = (sa.UniqueConstraint("authority_code", "year", name="uq_self_evaluations_authority_year"),)
