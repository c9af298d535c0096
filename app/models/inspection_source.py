import uuid
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base

SOURCE_KINDS = ("official_statistics", "entered", "report_pdf", "report_scrape")


class InspectionSource(Base):
    """One source of an inspection (DOMAIN.md "Importing"): its kind, the file or edition, when it was first
    recorded, and what it says of each field (``claims``), so that the record can always be rebuilt by
    precedence whatever order the sources came in."""

    __tablename__ = "inspection_sources"

    id: Mapped[int] = mapped_column(sa.BigInteger, sa.Identity(), primary_key=True)
    inspection_id: Mapped[uuid.UUID] = mapped_column(
        sa.Uuid, sa.ForeignKey("inspections.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(sa.String(30))
    reference: Mapped[str | None] = mapped_column(sa.String(300))
    # Official editions: the date the edition was published (a later edition outranks an earlier one).
    edition: Mapped[date | None] = mapped_column(sa.Date)
    recorded_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), server_default=sa.func.now())
    claims: Mapped[dict[str, Any]] = mapped_column(JSONB, server_default="{}")

    __table_args__ = (
        sa.CheckConstraint(f"kind IN {SOURCE_KINDS}", name="kind"),
        sa.Index(
            "uq_inspection_sources_inspection_kind_reference",
            "inspection_id",
            "kind",
            sa.text("coalesce(reference, '')"),
            unique=True,
        ),
    )
