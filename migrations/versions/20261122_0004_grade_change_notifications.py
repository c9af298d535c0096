"""notify listeners when what the grade statistics count changes

Every statement that changes authorities, inspections or judgements sends ``pg_notify('ilacs_grades', '')``,
delivered when its transaction commits (once per transaction: PostgreSQL folds identical notifications). The
per-process cache of ``GET /v1/stats/grades`` (``app/stats/cache.py``) empties itself on it. A trigger, not
the application, sends it, so that no path (the API, ``ilacs import``, ``ilacs demo-data``, SQL by hand) can
change the figures without telling.

Revision ID: 20261122_0004
Revises: 20261122_0003
Create Date: 2026-11-22
"""

from collections.abc import Sequence

from alembic import op

revision: str = "20261122_0004"
down_revision: str | None = "20261122_0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = ("authorities", "inspections", "judgements")


def upgrade() -> None:
    op.execute(
        """
        CREATE FUNCTION ilacs_notify_grades_changed() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            PERFORM pg_notify('ilacs_grades', '');
            RETURN NULL;
        END
        $$
        """
    )
    for table in TABLES:
        op.execute(
            f"CREATE TRIGGER {table}_notify_grades AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {table} "
            "FOR EACH STATEMENT EXECUTE FUNCTION ilacs_notify_grades_changed()"
        )


def downgrade() -> None:
    for table in TABLES:
        op.execute(f"DROP TRIGGER {table}_notify_grades ON {table}")
    op.execute("DROP FUNCTION ilacs_notify_grades_changed()")
