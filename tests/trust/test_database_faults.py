"""PostgreSQL down, restarting, stuck or frozen: every /v1 call answers 503 quickly, and the service recovers.

These run on a PostgreSQL server of their own (stopped and started here), with the real app and its own engine.
"""

import asyncio
import os
import signal
import time
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from typing import Any

import pytest
import sqlalchemy as sa
from httpx import ASGITransport, AsyncClient
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from app.api_keys.service import ensure_bootstrap_admin
from app.core.config import Settings
from app.core.database import CLIENT_TIMEOUT_MARGIN_SECONDS, Database, make_engine, to_async_url
from app.main import create_app
from tests.trust.conftest import (
    ADMIN_SECRET,
    LiveApp,
    SeparateServer,
    create_migrated_database,
    live_settings,
    started_app,
)
from tests.trust.faults import Operation, assert_unavailable, database_down, timed, v1_operations

ADMIN = {"Authorization": f"Bearer {ADMIN_SECRET}"}
# "Within a few seconds": every answer while the database is away must come well inside this.
PROMPT_SECONDS = 3.0


@pytest.fixture(scope="module")
def fault_database_url(separate_server: SeparateServer) -> Iterator[str]:
    yield create_migrated_database(separate_server.url, "ilacs_faults")


@pytest.fixture
async def live(fault_database_url: str) -> AsyncIterator[LiveApp]:
    async with started_app(live_settings(fault_database_url)) as live:
        yield live


@asynccontextmanager
async def own_engine_app(settings: Settings) -> AsyncIterator[AsyncClient]:
    """The app without its lifespan, given a Database on an engine of its own (not the test's connection)."""
    database_url = settings.database_url
    assert database_url is not None
    database = Database(make_engine(database_url.get_secret_value(), settings))
    if settings.bootstrap_admin_key is not None:
        async with database.session() as session:
            await ensure_bootstrap_admin(session, settings.bootstrap_admin_key.get_secret_value())
            await session.commit()
    app = create_app(settings, database=database)
    try:
        async with AsyncClient(transport=ASGITransport(app=app), base_url="http://test") as client:
            yield client
    finally:
        await database.dispose()


@pytest.fixture
async def side_engine(fault_database_url: str) -> AsyncIterator[AsyncEngine]:
    """Connections of the test itself, outside the app's pool."""
    engine = create_async_engine(to_async_url(fault_database_url), isolation_level="AUTOCOMMIT")
    yield engine
    await engine.dispose()


async def _wait_for_lock_waiter(engine: AsyncEngine, table: str) -> int:
    """The pid of the app's backend waiting for a lock on ``table``."""
    for _ in range(200):
        async with engine.connect() as conn:
            pid = await conn.scalar(
                sa.text("SELECT pid FROM pg_locks WHERE relation = CAST(:t AS regclass) AND NOT granted LIMIT 1"),
                {"t": table},
            )
        if pid is not None:
            return int(pid)
        await asyncio.sleep(0.02)
    raise AssertionError(f"no request waited for a lock on {table}")


@asynccontextmanager
async def table_locked(engine: AsyncEngine, table: str) -> AsyncIterator[None]:
    """An ACCESS EXCLUSIVE lock on ``table`` held by another connection for the block: the database is stuck."""
    async with engine.connect() as conn:
        await conn.execute(sa.text("BEGIN"))
        await conn.execute(sa.text(f"LOCK TABLE {table} IN ACCESS EXCLUSIVE MODE"))
        try:
            yield
        finally:
            await conn.execute(sa.text("ROLLBACK"))


async def test_every_v1_operation_answers_503_with_retry_after_while_the_database_is_down(
    live: LiveApp, separate_server: SeparateServer
) -> None:
    assert (await live.client.get("/v1/authorities", headers=live.admin)).status_code == 200
    operations = list(v1_operations(live.app))
    async with database_down(separate_server):
        for operation in operations:
            response, elapsed = await timed(operation.call(live.client, live.admin))
            assert_unavailable(response)
            assert elapsed < PROMPT_SECONDS, f"{operation} took {elapsed:.2f}s"
    assert Operation("get", "/v1/authorities") in operations


async def test_health_ready_is_503_and_live_200_while_the_database_is_down(
    live: LiveApp, separate_server: SeparateServer
) -> None:
    assert (await live.client.get("/health/ready")).status_code == 200
    async with database_down(separate_server):
        ready, elapsed = await timed(live.client.get("/health/ready"))
        assert_unavailable(ready)
        assert elapsed < PROMPT_SECONDS
        assert (await live.client.get("/health/live")).status_code == 200


async def _first_success_after(client: AsyncClient, since: float, give_up_after: float = 10.0) -> tuple[float, int]:
    """Poll every 20 ms until a /v1 call succeeds: seconds from ``since`` to that success, and 503s before it."""
    refused = 0
    while time.perf_counter() - since < give_up_after:
        response = await client.get("/v1/authorities", params={"limit": 1}, headers=ADMIN)
        if response.status_code == 200:
            return time.perf_counter() - since, refused
        assert_unavailable(response)
        refused += 1
        await asyncio.sleep(0.02)
    raise AssertionError(f"not recovered {give_up_after}s after the database came back")


async def test_service_recovers_by_itself_once_the_database_is_back(
    live: LiveApp, separate_server: SeparateServer
) -> None:
    assert (await live.client.get("/v1/authorities", headers=live.admin)).status_code == 200
    await separate_server.stop()
    assert_unavailable(await live.client.get("/v1/authorities", headers=live.admin))
    await separate_server.start()
    recovery, refused = await _first_success_after(live.client, time.perf_counter())
    print(f"\nlifespan app: first success {recovery * 1000:.0f} ms after the database is back, {refused} 503s before")
    assert refused == 0
    assert recovery < 1.0
    assert (await live.client.get("/health/ready")).status_code == 200


async def test_app_with_its_own_engine_recovers_after_a_restart(
    fault_database_url: str, separate_server: SeparateServer
) -> None:
    async with own_engine_app(live_settings(fault_database_url)) as client:
        assert (await client.get("/health/ready")).status_code == 200
        async with database_down(separate_server):
            assert_unavailable(await client.get("/health/ready"))
        recovery, refused = await _first_success_after(client, time.perf_counter())
        print(f"\nown engine: first success {recovery * 1000:.0f} ms after the database is back, {refused} 503s before")
        assert refused == 0
        assert recovery < 1.0


async def test_a_request_blocked_by_a_lock_gets_503_within_the_statement_timeout(
    fault_database_url: str, side_engine: AsyncEngine
) -> None:
    settings = live_settings(fault_database_url, db_statement_timeout_ms=300)
    async with started_app(settings) as live, table_locked(side_engine, "authorities"):
        response, elapsed = await timed(live.client.get("/v1/authorities", headers=live.admin))
        assert_unavailable(response)
        assert elapsed < 1.5


async def test_a_full_pool_answers_503_after_the_pool_timeout_not_a_pile_up(
    fault_database_url: str, side_engine: AsyncEngine
) -> None:
    settings = live_settings(
        fault_database_url, db_pool_size=1, db_max_overflow=0, db_pool_timeout_seconds=0.3, db_statement_timeout_ms=5000
    )
    async with started_app(settings) as live, table_locked(side_engine, "authorities"):
        stuck = asyncio.create_task(live.client.get("/v1/authorities", headers=live.admin))
        await _wait_for_lock_waiter(side_engine, "authorities")
        waiting, elapsed = await timed(live.client.get("/v1/authorities", headers=live.admin))
        ready, ready_elapsed = await timed(live.client.get("/health/ready"))
        stuck.cancel()
    assert_unavailable(waiting)
    assert elapsed < 1.0
    assert_unavailable(ready)
    assert ready_elapsed < 1.0


async def test_a_connection_killed_mid_request_answers_503_and_the_next_request_succeeds(
    fault_database_url: str, side_engine: AsyncEngine
) -> None:
    async with started_app(live_settings(fault_database_url)) as live:
        async with table_locked(side_engine, "authorities"):
            request = asyncio.create_task(live.client.get("/v1/authorities", headers=live.admin))
            pid = await _wait_for_lock_waiter(side_engine, "authorities")
            async with side_engine.connect() as conn:
                assert await conn.scalar(sa.text("SELECT pg_terminate_backend(:pid)"), {"pid": pid}) is True
            response = await request
        assert_unavailable(response)
        assert (await live.client.get("/v1/authorities", headers=live.admin)).status_code == 200


async def test_a_frozen_server_answers_503_within_the_connect_timeout(
    fault_database_url: str, separate_server: SeparateServer
) -> None:
    settings = live_settings(fault_database_url, db_connect_timeout_seconds=0.5, bootstrap_admin_key=None)
    postmaster = separate_server.postmaster_pid()
    assert postmaster is not None
    async with own_engine_app(settings) as client:
        os.kill(postmaster, signal.SIGSTOP)  # accepts on its socket, never answers: new connections hang
        try:
            responses: list[Any] = [
                await timed(client.get(path, headers=ADMIN)) for path in ("/v1/authorities", "/health/ready")
            ]
        finally:
            os.kill(postmaster, signal.SIGCONT)
        for response, elapsed in responses:
            assert_unavailable(response)
            assert elapsed < 2.0
        assert (await client.get("/health/ready")).status_code == 200


async def test_a_frozen_backend_mid_query_answers_503_within_the_client_timeout(
    fault_database_url: str, side_engine: AsyncEngine
) -> None:
    settings = live_settings(fault_database_url, db_statement_timeout_ms=300)
    async with started_app(settings) as live, table_locked(side_engine, "authorities"):
        request = asyncio.create_task(timed(live.client.get("/v1/authorities", headers=live.admin)))
        backend = await _wait_for_lock_waiter(side_engine, "authorities")
        os.kill(backend, signal.SIGSTOP)  # neither answers nor times out on the server side
        try:
            response, elapsed = await request
        finally:
            os.kill(backend, signal.SIGCONT)
    assert_unavailable(response)
    # asyncpg's command_timeout (statement_timeout + 1 s) fires, then SQLAlchemy's graceful close of the dead
    # connection waits about as long again before it aborts it.
    assert elapsed < 2 * (0.3 + CLIENT_TIMEOUT_MARGIN_SECONDS) + 1.0
