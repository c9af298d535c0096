"""reference data: the 153 current authorities and the standard theme catalogue

Revision ID: 20261122_0002
Revises: 20261122_0001
Create Date: 2026-11-22
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from app.reference_data import THEME_CATALOGUE, current_authorities

revision: str = "20261122_0002"
down_revision: str | None = "20261122_0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

authorities = sa.table(
    "authorities",
    sa.column("code", sa.String),
    sa.column("la_number", sa.Integer),
    sa.column("name", sa.String),
    sa.column("region", sa.String),
    sa.column("status", sa.String),
)
themes = sa.table(
    "themes",
    sa.column("slug", sa.String),
    sa.column("name", sa.String),
    sa.column("description", sa.Text),
    sa.column("applies_to", sa.ARRAY(sa.String)),
)


def upgrade() -> None:
    op.bulk_insert(
        authorities,
        [
            {"code": a.code, "la_number": a.la_number, "name": a.name, "region": a.region.value, "status": "current"}
            for a in current_authorities()
        ],
    )
    op.bulk_insert(
        themes,
        [
            {"slug": t.slug, "name": t.name, "description": t.description, "applies_to": list(t.applies_to)}
            for t in THEME_CATALOGUE
        ],
    )


def downgrade() -> None:
    op.execute(themes.delete().where(themes.c.slug.in_([t.slug for t in THEME_CATALOGUE])))
    op.execute(authorities.delete().where(authorities.c.code.in_([a.code for a in current_authorities()])))
