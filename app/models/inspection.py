import uuid
from datetime import date

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, Versioned
from app.models.finding import Finding
from app.models.inspection_source import InspectionSource
from app.models.judgement import Judgement


class Inspection(Base, Versioned):
    __tablename__ = "inspections"

    id: Mapped[uuid.UUID] = mapped_column(sa.Uuid, primary_key=True, default=uuid.uuid4)
    authority_code: Mapped[str] = mapped_column(
        sa.String(9), sa.ForeignKey("authorities.code", ondelete="RESTRICT"), index=True
    )
    type: Mapped[str] = mapped_column(sa.String(30), index=True)
    framework: Mapped[str] = mapped_column(sa.String(20))
    # True when the client chose the framework; otherwise it follows fieldwork_start.
    framework_chosen: Mapped[bool] = mapped_column(sa.Boolean, server_default=sa.false())
    status: Mapped[str] = mapped_column(sa.String(20), index=True)
    notified_on: Mapped[date | None] = mapped_column(sa.Date)
    fieldwork_start: Mapped[date | None] = mapped_column(sa.Date)
    fieldwork_end: Mapped[date | None] = mapped_column(sa.Date)
    published_on: Mapped[date | None] = mapped_column(sa.Date)
    # Set only when the source gives no exact publication date: the date by which it was published.
    published_by: Mapped[date | None] = mapped_column(sa.Date)
    report_url: Mapped[str | None] = mapped_column(sa.String(2000))
    lead_inspector: Mapped[str | None] = mapped_column(sa.String(200))
    inspector_count: Mapped[int | None] = mapped_column(sa.Integer)
    partner_inspectorates: Mapped[list[str]] = mapped_column(ARRAY(sa.String(20)), server_default="{}")

    judgements: Mapped[list[Judgement]] = relationship(
        lazy="raise", cascade="all, delete-orphan", order_by="Judgement.area"
    )
    findings: Mapped[list[Finding]] = relationship(lazy="raise", cascade="all, delete-orphan")
    sources: Mapped[list[InspectionSource]] = relationship(
        lazy="raise", cascade="all, delete-orphan", order_by="InspectionSource.id"
    )
    theme_links: Mapped[list["InspectionTheme"]] = relationship(
        lazy="raise", cascade="all, delete-orphan", order_by="InspectionTheme.theme_slug"
    )

    @property
    def themes(self) -> list[str]:
        return [link.theme_slug for link in self.theme_links]

    __table_args__ = (
        # Newest fieldwork first, keyset-paged: (coalesce(fieldwork_start), id).
        sa.Index("ix_inspections_fieldwork_id", sa.text("coalesce(fieldwork_start, '9999-12-31'::date) DESC"), "id"),
        sa.Index("ix_inspections_authority_fieldwork", "authority_code", "fieldwork_start"),
        sa.Index("ix_inspections_published_on", "published_on"),
        # The framework filter of /v1/inspections and /v1/judgements, in the list's own order.
        sa.Index(
            "ix_inspections_framework_fieldwork_id",
            "framework",
            sa.text("coalesce(fieldwork_start, '9999-12-31'::date) DESC"),
            "id",
        ),
    )


class InspectionTheme(Base):
    """Which theme an inspection looked at: keeps theme deletion honest (RESTRICT while in use)."""

    __tablename__ = "inspection_themes"

    inspection_id: Mapped[uuid.UUID] = mapped_column(
        sa.Uuid, sa.ForeignKey("inspections.id", ondelete="CASCADE"), primary_key=True
    )
    theme_slug: Mapped[str] = mapped_column(
        sa.String(80),
        sa.ForeignKey("themes.slug", ondelete="RESTRICT", onupdate="CASCADE"),
        primary_key=True,
        index=True,
    )
