import uuid
from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, Versioned


class ImprovementPlan(Base, Versioned):
    __tablename__ = "improvement_plans"

    id: Mapped[uuid.UUID] = mapped_column(sa.Uuid, primary_key=True, default=uuid.uuid4)
    authority_code: Mapped[str] = mapped_column(
        sa.String(9), sa.ForeignKey("authorities.code", ondelete="RESTRICT"), index=True
    )
    title: Mapped[str] = mapped_column(sa.String(300))
    starts_on: Mapped[date | None] = mapped_column(sa.Date)
    ends_on: Mapped[date | None] = mapped_column(sa.Date)
    inspection_id: Mapped[uuid.UUID | None] = mapped_column(
        sa.Uuid, sa.ForeignKey("inspections.id", ondelete="RESTRICT"), index=True
    )

    __table_args__ = (sa.Index("ix_improvement_plans_authority_id", "authority_code", "id"),)
