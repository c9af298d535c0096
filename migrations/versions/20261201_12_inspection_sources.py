"""inspection_sources: where each inspection's facts came from (DOMAIN.md "Importing", API.md ``sources``)

Revision ID: 20261201_12_inspection_sources
Revises: 20261201_13_authority_lineage
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision: str = "20261201_12_inspection_sources"
down_revision: str | None = "20261201_13_authority_lineage"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "inspection_sources",
        sa.Column("id", sa.BigInteger, sa.Identity(), nullable=False),
        sa.Column("inspection_id", sa.Uuid, nullable=False),
        sa.Column("kind", sa.String(30), nullable=False),
        sa.Column("reference", sa.String(300), nullable=True),
        sa.Column("edition", sa.Date, nullable=True),
        sa.Column("recorded_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.Column("claims", JSONB, server_default="{}", nullable=False),
        sa.CheckConstraint(
            "kind IN ('official_statistics', 'entered', 'report_pdf', 'report_scrape')",
            name=op.f("ck_inspection_sources_kind"),
        ),
        sa.ForeignKeyConstraint(
            ["inspection_id"],
            ["inspections.id"],
            name=op.f("fk_inspection_sources_inspection_id_inspections"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_inspection_sources")),
    )
    op.create_index(op.f("ix_inspection_sources_inspection_id"), "inspection_sources", ["inspection_id"])
    op.create_index(
        "uq_inspection_sources_inspection_kind_reference",
        "inspection_sources",
        ["inspection_id", "kind", sa.text("coalesce(reference, '')")],
        unique=True,
    )


def downgrade() -> None:
    op.drop_table("inspection_sources")
