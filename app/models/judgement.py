import uuid

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, Timestamped


class Judgement(Base, Timestamped):
    __tablename__ = "judgements"

    inspection_id: Mapped[uuid.UUID] = mapped_column(
        sa.Uuid, sa.ForeignKey("inspections.id", ondelete="CASCADE"), primary_key=True
    )
    area: Mapped[str] = mapped_column(sa.String(50), primary_key=True)
    grade: Mapped[str] = mapped_column(sa.String(30))

    __table_args__ = (sa.Index("ix_judgements_area_grade", "area", "grade"),)
