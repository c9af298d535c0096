"""TEMPORARY (i13 provides this): inspections.published_by

Revision ID: 20261201_12_tmp_published_by
Revises: 20261201_12_inspection_sources
"""

import sqlalchemy as sa
from alembic import op

revision = "20261201_12_tmp_published_by"
down_revision = "20261201_12_inspection_sources"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("inspections", sa.Column("published_by", sa.Date, nullable=True))


def downgrade() -> None:
    op.drop_column("inspections", "published_by")
