"""Migrations on real PostgreSQL: up, down to nothing, up again, and the result agrees with the models."""

import asyncio
import warnings
from collections.abc import Iterator
from typing import Any

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import create_async_engine

from app.core.database import to_async_url
from app.core.migrations import downgrade, head_revision, upgrade
from app.models import Base
from tests.trust.conftest import create_migrated_database, drop_database


@pytest.fixture(scope="module")
def migrated_url(server_url: str) -> Iterator[str]:
    url = create_migrated_database(server_url, "ilacs_migrations")
    yield url
    drop_database(url)


async def _run(url: str, fn: Any) -> Any:
    """``fn(connection)`` in a transaction that is committed."""
    engine = create_async_engine(to_async_url(url))
    try:
        async with engine.begin() as conn:
            return await conn.run_sync(fn)
    finally:
        await engine.dispose()


def _tables(conn: Connection) -> set[str]:
    return set(sa.inspect(conn).get_table_names())


def _drift(conn: Connection) -> list[Any]:
    context = MigrationContext.configure(conn, opts={"compare_type": True, "compare_server_default": True})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # alembic cannot compare expression indexes; see the test below
        return list(compare_metadata(context, Base.metadata))


def _constraints(conn: Connection) -> dict[str, str]:
    rows = conn.execute(
        sa.text(
            "SELECT conrelid::regclass::text || '.' || conname, pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE connamespace = 'public'::regnamespace AND conrelid::regclass::text <> 'alembic_version'"
        )
    )
    return {name: definition for name, definition in rows}


def _indexes(conn: Connection) -> dict[str, str]:
    rows = conn.execute(
        sa.text(
            "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename <> 'alembic_version'"
        )
    )
    return {name: definition for name, definition in rows}


async def test_downgrade_to_base_removes_every_table_and_upgrade_restores_them(migrated_url: str) -> None:
    tables = await _run(migrated_url, _tables)
    downgrade(migrated_url, "base")
    assert await _run(migrated_url, _tables) == {"alembic_version"}
    upgrade(migrated_url)
    assert await _run(migrated_url, _tables) == tables
    assert (
        await _run(migrated_url, lambda c: c.scalar(sa.text("SELECT version_num FROM alembic_version")))
        == head_revision()
    )


async def test_the_migrated_schema_agrees_with_the_models(migrated_url: str) -> None:
    assert await _run(migrated_url, _drift) == []


@pytest.fixture(scope="module")
def models_url(server_url: str) -> Iterator[str]:
    """A database made by ``Base.metadata.create_all`` from the models alone, no migrations."""
    url = create_migrated_database(server_url, "ilacs_models", migrate=False)

    async def create_all() -> None:
        await _run(url, Base.metadata.create_all)

    asyncio.run(create_all())
    yield url
    drop_database(url)


async def test_every_index_is_defined_alike_by_the_models_and_the_migrations(
    migrated_url: str, models_url: str
) -> None:
    """Autogenerate cannot compare expression indexes; PostgreSQL's own rendering of each index can."""
    assert await _run(migrated_url, _indexes) == await _run(models_url, _indexes)


async def test_every_constraint_is_defined_alike_by_the_models_and_the_migrations(
    migrated_url: str, models_url: str
) -> None:
    """Check constraints are not compared by autogenerate either."""
    assert await _run(migrated_url, _constraints) == await _run(models_url, _constraints)
