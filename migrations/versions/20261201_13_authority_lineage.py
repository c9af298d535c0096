"""authorities: URNs, DfE numbers, statistical neighbours, former codes and reorganisations; inspections.published_by

Barnsley and Sheffield are re-keyed onto their current codes (E08000038, E08000039), every row that refers to
them following; the four authorities gone in reorganisations exist as `no_longer_exists` rows with their dates
and successors. Reference data: ``app.reference_data.authority_facts`` (DOMAIN.md "Authorities").

Revision ID: 20261201_13_authority_lineage
Revises: 20261201_15_caller_principal
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import ARRAY

from app.authorities.lineage import GONE_AUTHORITIES, RECODINGS
from app.reference_data import authority_facts

revision: str = "20261201_13_authority_lineage"
down_revision: str | None = "20261201_15_caller_principal"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Every (table, column) with a foreign key onto authorities.code, whichever migrations added them.
REFERRING = sa.text(
    """
    SELECT c.conrelid::regclass::text AS tbl, a.attname AS col
    FROM pg_constraint c
    JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
    WHERE c.contype = 'f' AND c.confrelid = 'authorities'::regclass
    """
)
COLUMNS = "la_number, name, region, status, ofsted_urn, regional_adoption_agency, version, created_at, updated_at"


def _rekey(old: str, new: str) -> None:
    """Move the authority ``old`` onto the key ``new``, with everything that refers to it."""
    bind = op.get_bind()
    if bind.execute(sa.text("SELECT 1 FROM authorities WHERE code = :c"), {"c": old}).first() is None:
        return
    number = bind.execute(sa.text("SELECT la_number FROM authorities WHERE code = :c"), {"c": old}).scalar()
    bind.execute(sa.text("UPDATE authorities SET la_number = NULL WHERE code = :c"), {"c": old})
    bind.execute(
        sa.text(f"INSERT INTO authorities (code, {COLUMNS}) SELECT :new, {COLUMNS} FROM authorities WHERE code = :old"),  # noqa: S608 (constant)
        {"old": old, "new": new},
    )
    for table, column in bind.execute(REFERRING).all():
        # Names from the catalogue, not from input.
        rekey = sa.text(f'UPDATE {table} SET "{column}" = :new WHERE "{column}" = :old')  # noqa: S608
        bind.execute(rekey, {"old": old, "new": new})
    bind.execute(sa.text("DELETE FROM authorities WHERE code = :c"), {"c": old})
    bind.execute(sa.text("UPDATE authorities SET la_number = :n WHERE code = :c"), {"c": new, "n": number})


def upgrade() -> None:
    codes = ARRAY(sa.String(9))
    op.add_column("authorities", sa.Column("former_codes", codes, server_default="{}", nullable=False))
    op.add_column("authorities", sa.Column("established_on", sa.Date(), nullable=True))
    op.add_column("authorities", sa.Column("ceased_on", sa.Date(), nullable=True))
    op.add_column("authorities", sa.Column("successors", codes, server_default="{}", nullable=False))
    op.add_column("authorities", sa.Column("statistical_neighbours", codes, server_default="{}", nullable=False))
    op.create_index("ix_authorities_former_codes", "authorities", ["former_codes"], postgresql_using="gin")
    op.create_check_constraint(
        "lifespan", "authorities", "ceased_on IS NULL OR established_on IS NULL OR established_on < ceased_on"
    )
    op.add_column("inspections", sa.Column("published_by", sa.Date(), nullable=True))

    for recoding in RECODINGS:
        _rekey(recoding.former_code, recoding.current_code)
    bind = op.get_bind()
    for gone in GONE_AUTHORITIES:
        bind.execute(
            sa.text(
                "INSERT INTO authorities (code, name, region, status) VALUES (:code, :name, :region, 'no_longer_exists')"
                " ON CONFLICT (code) DO UPDATE SET status = 'no_longer_exists'"
            ),
            {"code": gone.code, "name": gone.name, "region": gone.region.value},
        )
    facts = authority_facts()
    # DfE numbers move in two steps so that no swap between rows can trip the unique constraint midway.
    bind.execute(
        sa.text("UPDATE authorities SET la_number = NULL WHERE code = ANY(:codes)"), {"codes": [f.code for f in facts]}
    )
    update = sa.text(
        "UPDATE authorities SET la_number = :la_number, ofsted_urn = :ofsted_urn,"
        " statistical_neighbours = :statistical_neighbours, former_codes = :former_codes,"
        " established_on = :established_on, ceased_on = :ceased_on, successors = :successors"
        " WHERE code = :code"
    ).bindparams(
        sa.bindparam("statistical_neighbours", type_=codes),
        sa.bindparam("former_codes", type_=codes),
        sa.bindparam("successors", type_=codes),
    )
    bind.execute(
        update,
        [
            {
                "code": f.code,
                "la_number": f.la_number,
                "ofsted_urn": f.ofsted_urn,
                "statistical_neighbours": list(f.statistical_neighbours),
                "former_codes": list(f.former_codes),
                "established_on": f.established_on,
                "ceased_on": f.ceased_on,
                "successors": list(f.successors),
            }
            for f in facts
        ],
    )


def downgrade() -> None:
    for recoding in RECODINGS:
        _rekey(recoding.current_code, recoding.former_code)
    op.drop_column("inspections", "published_by")
    op.drop_constraint(op.f("ck_authorities_lifespan"), "authorities", type_="check")
    op.drop_index("ix_authorities_former_codes", table_name="authorities")
    for column in ("statistical_neighbours", "successors", "ceased_on", "established_on", "former_codes"):
        op.drop_column("authorities", column)
