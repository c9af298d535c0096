"""one idea of the caller: audit actors, idempotency keys, rate limits and progress authors by kind and id

API keys are no longer the only callers: a person or a system signed in through the council's identity
provider is one too (API.md "Sign-in"). The audit trail records the actor's kind (``api_key``, ``user``,
``service``), id and name; idempotency keys and rate-limit windows belong to ``<kind>:<id>``
(``Principal.ref``), and so does a progress update's author. Rows written by this service's own tools (actor
key null: the command line, the importer, the demo) become actors of kind ``service`` whose id is their name.

Downgrade keeps what the old columns can hold: an API key's id; rows of users and services lose their id
(audit events keep the name), and their idempotency keys and rate-limit windows are dropped.

Revision ID: 20261201_15_caller_principal
Revises: 20261201_11_service_keys
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "20261201_15_caller_principal"
down_revision: str | None = "20261201_11_service_keys"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# (table, the other column of its primary key)
KEYED_BY_CALLER = (("idempotency_keys", "key"), ("rate_limit_windows", "window_start"))


def upgrade() -> None:
    op.add_column("audit_events", sa.Column("actor_kind", sa.String(10), nullable=True))
    op.alter_column(
        "audit_events",
        "actor_key_id",
        new_column_name="actor_id",
        type_=sa.String(255),
        postgresql_using="actor_key_id::text",
    )
    op.execute(
        "UPDATE audit_events SET actor_kind = CASE WHEN actor_id IS NULL THEN 'service' ELSE 'api_key' END, "
        "actor_id = coalesce(actor_id, actor_name)"
    )
    op.alter_column("audit_events", "actor_kind", nullable=False)
    op.alter_column("audit_events", "actor_id", nullable=False)
    op.create_check_constraint(
        op.f("ck_audit_events_actor_kind"), "audit_events", "actor_kind IN ('api_key', 'user', 'service')"
    )

    for table, other in KEYED_BY_CALLER:
        op.add_column(table, sa.Column("caller", sa.String(300), nullable=True))
        op.execute(f"UPDATE {table} SET caller = 'api_key:' || api_key_id::text")  # noqa: S608 - fixed names
        op.drop_constraint(f"pk_{table}", table, type_="primary")
        op.drop_column(table, "api_key_id")
        op.alter_column(table, "caller", nullable=False)
        op.create_primary_key(f"pk_{table}", table, ["caller", other])

    op.add_column("action_item_updates", sa.Column("author_ref", sa.String(300), nullable=True))
    op.execute(
        "UPDATE action_item_updates SET author_ref = 'api_key:' || author_key_id::text WHERE author_key_id IS NOT NULL"
    )
    op.drop_column("action_item_updates", "author_key_id")


def downgrade() -> None:
    op.add_column("action_item_updates", sa.Column("author_key_id", sa.Uuid(), nullable=True))
    op.execute(
        "UPDATE action_item_updates SET author_key_id = substr(author_ref, 9)::uuid WHERE author_ref LIKE 'api\\_key:%'"
    )
    op.drop_column("action_item_updates", "author_ref")

    for table, other in KEYED_BY_CALLER:
        op.execute(f"DELETE FROM {table} WHERE caller NOT LIKE 'api\\_key:%'")  # noqa: S608 - fixed names
        op.add_column(table, sa.Column("api_key_id", sa.Uuid(), nullable=True))
        op.execute(f"UPDATE {table} SET api_key_id = substr(caller, 9)::uuid")  # noqa: S608 - fixed names
        op.drop_constraint(f"pk_{table}", table, type_="primary")
        op.drop_column(table, "caller")
        op.alter_column(table, "api_key_id", nullable=False)
        op.create_primary_key(f"pk_{table}", table, ["api_key_id", other])

    op.drop_constraint(op.f("ck_audit_events_actor_kind"), "audit_events", type_="check")
    op.alter_column("audit_events", "actor_id", nullable=True)
    op.execute("UPDATE audit_events SET actor_id = NULL WHERE actor_kind <> 'api_key'")
    op.alter_column(
        "audit_events", "actor_id", new_column_name="actor_key_id", type_=sa.Uuid(), postgresql_using="actor_id::uuid"
    )
    op.drop_column("audit_events", "actor_kind")
