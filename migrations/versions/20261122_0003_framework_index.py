"""index the framework filter of inspection and judgement lists

Revision ID: 20261122_0003
Revises: 20261122_0002
Create Date: 2026-11-22
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "20261122_0003"
down_revision: str | None = "20261122_0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index(
        "ix_inspections_framework_fieldwork_id",
        "inspections",
        ["framework", sa.literal_column("coalesce(fieldwork_start, '9999-12-31'::date) DESC"), "id"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index("ix_inspections_framework_fieldwork_id", table_name="inspections")
