"""authorities.successors: a GIN index, so an authority's predecessors are found without reading every authority

Every authority read (one or a page) lists its predecessors: the authorities naming it as a successor. Without an
index that was a sequential scan of ``authorities`` per authority shown (issue 19: 16 ms of a 17 ms page at ten
times national scale).

Revision ID: 20261202_19_successors_index
Revises: 20261201_16_events_webhooks
Create Date: 2026-12-02
"""

from collections.abc import Sequence

from alembic import op

revision: str = "20261202_19_successors_index"
down_revision: str | None = "20261201_16_events_webhooks"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_authorities_successors", "authorities", ["successors"], postgresql_using="gin")


def downgrade() -> None:
    op.drop_index("ix_authorities_successors", table_name="authorities")
