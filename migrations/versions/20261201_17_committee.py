"""action items answer a source and keep their original due date; due-date changes in the updates log;
engagement meetings

Existing items get ``original_due_on`` equal to their due date, and ``source`` ``finding`` when they name a
finding, ``local`` otherwise; a trigger gives the same defaults to any insert that leaves them out. The database checks the source vocabulary and that a ``finding`` source names
its finding.

Revision ID: 20261201_17_committee
Revises: 20261201_12_inspection_sources
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "20261201_17_committee"
down_revision: str | None = "20261201_12_inspection_sources"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SOURCES = ("finding", "peer_review", "improvement_notice", "councillor_visit", "self_evaluation", "local")


def upgrade() -> None:
    op.add_column("action_items", sa.Column("original_due_on", sa.Date(), nullable=True))
    op.add_column("action_items", sa.Column("source", sa.String(length=30), nullable=True))
    op.add_column("action_items", sa.Column("source_reference", sa.String(length=500), nullable=True))
    op.execute(
        "UPDATE action_items SET original_due_on = due_on, "
        "source = CASE WHEN finding_id IS NULL THEN 'local' ELSE 'finding' END"
    )
    # Every path that inserts items (the API, the demo, bulk SQL) gets the same defaults from the database.
    op.execute(
        """
        CREATE FUNCTION ilacs_action_item_defaults() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            NEW.original_due_on := coalesce(NEW.original_due_on, NEW.due_on);
            NEW.source := coalesce(NEW.source, CASE WHEN NEW.finding_id IS NULL THEN 'local' ELSE 'finding' END);
            RETURN NEW;
        END $$
        """
    )
    op.execute(
        "CREATE TRIGGER action_items_defaults BEFORE INSERT ON action_items "
        "FOR EACH ROW EXECUTE FUNCTION ilacs_action_item_defaults()"
    )
    op.alter_column("action_items", "original_due_on", nullable=False)
    op.alter_column("action_items", "source", nullable=False)
    op.create_check_constraint(
        op.f("ck_action_items_source_known"), "action_items", "source IN (" + ", ".join(f"'{s}'" for s in SOURCES) + ")"
    )
    op.create_check_constraint(
        op.f("ck_action_items_finding_source_has_finding"),
        "action_items",
        "source <> 'finding' OR finding_id IS NOT NULL",
    )
    op.add_column("action_item_updates", sa.Column("due_on_from", sa.Date(), nullable=True))
    op.add_column("action_item_updates", sa.Column("due_on_to", sa.Date(), nullable=True))
    op.create_check_constraint(
        op.f("ck_action_item_updates_due_on_change_whole"),
        "action_item_updates",
        "(due_on_from IS NULL) = (due_on_to IS NULL)",
    )
    op.create_table(
        "engagement_meetings",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("authority_code", sa.String(length=9), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("attendees", postgresql.ARRAY(sa.String(length=200)), server_default="{}", nullable=False),
        sa.Column("self_evaluation_id", sa.Uuid(), nullable=True),
        sa.Column("discussion", sa.Text(), nullable=False),
        sa.Column("agreed_next_steps", postgresql.ARRAY(sa.Text()), server_default="{}", nullable=False),
        sa.Column("letter_received_on", sa.Date(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.ForeignKeyConstraint(
            ["authority_code"],
            ["authorities.code"],
            name=op.f("fk_engagement_meetings_authority_code_authorities"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["self_evaluation_id"],
            ["self_evaluations.id"],
            name=op.f("fk_engagement_meetings_self_evaluation_id_self_evaluations"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_engagement_meetings")),
    )
    op.create_index(
        "ix_engagement_meetings_authority_held_id", "engagement_meetings", ["authority_code", "held_on", "id"]
    )
    op.create_index(op.f("ix_engagement_meetings_self_evaluation_id"), "engagement_meetings", ["self_evaluation_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_engagement_meetings_self_evaluation_id"), table_name="engagement_meetings")
    op.drop_index("ix_engagement_meetings_authority_held_id", table_name="engagement_meetings")
    op.drop_table("engagement_meetings")
    op.drop_constraint(op.f("ck_action_item_updates_due_on_change_whole"), "action_item_updates", type_="check")
    op.drop_column("action_item_updates", "due_on_to")
    op.drop_column("action_item_updates", "due_on_from")
    op.drop_constraint(op.f("ck_action_items_finding_source_has_finding"), "action_items", type_="check")
    op.drop_constraint(op.f("ck_action_items_source_known"), "action_items", type_="check")
    op.execute("DROP TRIGGER action_items_defaults ON action_items")
    op.execute("DROP FUNCTION ilacs_action_item_defaults()")
    op.drop_column("action_items", "source_reference")
    op.drop_column("action_items", "source")
    op.drop_column("action_items", "original_due_on")
