"""Migration 20261201_17_committee on existing data: items keep their due date as original_due_on, answer a
finding when they name one (else a local decision), and the migration goes down and up again."""

import uuid
from collections.abc import Iterator

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from app.core.migrations import downgrade, upgrade
from tests.trust.conftest import create_migrated_database, drop_database
from tests.trust.test_migrations import _run

BEFORE = "20261201_12_inspection_sources"
INSPECTION, FINDING, LOCAL_ITEM, FINDING_ITEM = (uuid.uuid4() for _ in range(4))


@pytest.fixture(scope="module")
def url_before(server_url: str) -> Iterator[str]:
    url = create_migrated_database(server_url, "ilacs_migration_17", migrate=False)
    upgrade(url, BEFORE)
    yield url
    drop_database(url)


def _insert_items(conn: Connection) -> None:
    conn.execute(
        sa.text(
            "INSERT INTO inspections (id, authority_code, type, framework, status) "
            "VALUES (:id, 'E10000018', 'standard_inspection', 'ilacs_2023', 'planned')"
        ),
        {"id": INSPECTION},
    )
    conn.execute(
        sa.text("INSERT INTO findings (id, inspection_id, kind, text) VALUES (:id, :i, 'priority_action', 'Act')"),
        {"id": FINDING, "i": INSPECTION},
    )
    conn.execute(
        sa.text(
            "INSERT INTO action_items (id, authority_code, inspection_id, finding_id, title, due_on, status) VALUES "
            "(:local, 'E10000018', NULL, NULL, 'Local', DATE '2026-03-31', 'not_started'), "
            "(:answer, 'E10000018', :i, :f, 'Answer', DATE '2026-06-30', 'in_progress')"
        ),
        {"local": LOCAL_ITEM, "answer": FINDING_ITEM, "i": INSPECTION, "f": FINDING},
    )


def _items(conn: Connection) -> list[tuple[str, str, str, str]]:
    rows = conn.execute(sa.text("SELECT title, due_on, original_due_on, source FROM action_items ORDER BY title"))
    return [(title, str(due), str(original), source) for title, due, original, source in rows]


def _columns(conn: Connection) -> set[str]:
    return {c["name"] for c in sa.inspect(conn).get_columns("action_items")}


async def test_existing_items_get_their_due_date_as_original_and_a_source(url_before: str) -> None:
    await _run(url_before, _insert_items)
    upgrade(url_before)
    assert await _run(url_before, _items) == [
        ("Answer", "2026-06-30", "2026-06-30", "finding"),
        ("Local", "2026-03-31", "2026-03-31", "local"),
    ]
    downgrade(url_before, BEFORE)
    assert {"original_due_on", "source", "source_reference"} & await _run(url_before, _columns) == set()
    upgrade(url_before)
    assert await _run(url_before, _items) == [
        ("Answer", "2026-06-30", "2026-06-30", "finding"),
        ("Local", "2026-03-31", "2026-03-31", "local"),
    ]


async def test_an_insert_without_them_gets_the_same_defaults(url_before: str) -> None:
    upgrade(url_before)

    def insert_and_read(conn: Connection) -> tuple[str, str]:
        row = conn.execute(
            sa.text(
                "INSERT INTO action_items (id, authority_code, title, due_on, status) "
                "VALUES (:id, 'E10000018', 'Bulk', DATE '2027-01-29', 'not_started') "
                "RETURNING original_due_on, source"
            ),
            {"id": uuid.uuid4()},
        ).one()
        return str(row[0]), row[1]

    assert await _run(url_before, insert_and_read) == ("2027-01-29", "local")
