"""The API-key cache: no query for a key seen before, yet a revocation refused at once everywhere.

LISTEN/NOTIFY needs committed transactions, which the rolled-back test connection cannot give, so these
tests run two app instances (two engines, as two workers or replicas would) on a database of their own.
"""

import asyncio
import time
import uuid
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import sqlalchemy as sa
from fastapi import FastAPI
from httpx import ASGITransport, AsyncClient
from sqlalchemy.engine import make_url

from app.api_keys.schemas import ApiKeyCreate
from app.api_keys.service import create_key
from app.core.config import Settings
from app.core.database import Database, ensure_database, make_engine
from app.core.key_cache import LISTENER_NAME, KeyCache
from app.core.migrations import upgrade
from app.core.security import Role
from tests.conftest import LEICESTERSHIRE, Headers, StatementCounter, _drop_database

AUTHORITY = f"/v1/authorities/{LEICESTERSHIRE}"


class Instance:
    """One running app: its database handle, key cache, client and a counter of its SQL statements."""

    def __init__(self, app: FastAPI, db: Database, client: AsyncClient, counter: StatementCounter) -> None:
        self.app, self.db, self.client, self.statements = app, db, client, counter

    @property
    def cache(self) -> KeyCache:
        cache: KeyCache = self.app.state.key_cache
        return cache

    async def get(self, headers: Headers) -> int:
        self.statements.reset()
        return (await self.client.get(AUTHORITY, headers=headers)).status_code

    def key_queries(self) -> int:
        return sum("api_keys" in s for s in self.statements.statements)


@pytest.fixture(scope="module")
def committed_url(server_url: str) -> Iterator[str]:
    """A migrated database of this module's own, where transactions really commit."""
    name = f"ilacs_keycache_{uuid.uuid4().hex[:8]}"
    ensure_database(server_url, name)
    url = make_url(server_url).set(database=name).render_as_string(hide_password=False)
    upgrade(url)
    yield url
    _drop_database(server_url, name)


@pytest.fixture
async def instances(committed_url: str) -> AsyncIterator[tuple[Instance, Instance]]:
    from app.main import create_app

    settings = Settings(database_url=committed_url, seed_on_empty=False, rate_limit_per_minute=0)  # type: ignore[arg-type]
    started: list[Instance] = []
    for _ in range(2):
        db = Database(make_engine(committed_url, settings, pool_size=2))
        app = create_app(settings, database=db)
        counter = StatementCounter()
        sa.event.listen(db.engine.sync_engine, "before_cursor_execute", counter)
        await app.state.key_cache.start(db)
        client = AsyncClient(transport=ASGITransport(app=app), base_url="http://test")
        started.append(Instance(app, db, client, counter))
    assert [i.cache.listening for i in started] == [True, True]
    yield started[0], started[1]
    for instance in started:
        await instance.client.aclose()
        await instance.cache.stop()
        await instance.db.dispose()


async def committed_key(instance: Instance, role: Role, **fields: Any) -> tuple[Headers, uuid.UUID]:
    async with instance.db.session() as session:
        key, secret = await create_key(
            session, ApiKeyCreate(name=f"{role}-{uuid.uuid4().hex[:6]}", role=role, **fields)
        )
        await session.commit()
    return {"Authorization": f"Bearer {secret}"}, key.id


async def wait_until(condition: Any) -> None:
    """Poll the event loop until ``condition()`` holds; fail after two seconds."""
    async with asyncio.timeout(2.0):
        while not condition():  # noqa: ASYNC110 - a flag of the cache, not an event to await
            await asyncio.sleep(0.002)


async def test_cached_key_costs_no_statement_on_second_request(instances: tuple[Instance, Instance]) -> None:
    first, _ = instances
    reader, _ = await committed_key(first, Role.reader)
    assert await first.get(reader) == 200
    statements_with_lookup = first.statements.count
    assert first.key_queries() == 1
    assert await first.get(reader) == 200
    assert first.key_queries() == 0
    assert first.statements.count == statements_with_lookup - 1


async def test_revocation_on_one_instance_is_refused_by_another_at_once(
    instances: tuple[Instance, Instance],
) -> None:
    first, second = instances
    admin, _ = await committed_key(first, Role.admin)
    victim, victim_id = await committed_key(first, Role.reader)
    assert await second.get(victim) == 200
    assert await second.get(victim) == 200
    assert second.key_queries() == 0  # served from the second instance's cache

    revoked = await first.client.delete(f"/v1/api-keys/{victim_id}", headers=admin)
    assert revoked.status_code == 204
    start = time.perf_counter()
    status = await second.get(victim)
    while status != 401 and time.perf_counter() - start < 0.5:
        await asyncio.sleep(0.001)
        status = await second.get(victim)
    assert status == 401
    assert time.perf_counter() - start < 0.5


async def test_key_is_queried_on_every_request_while_listener_is_down(
    instances: tuple[Instance, Instance],
) -> None:
    first, _ = instances
    reader, _ = await committed_key(first, Role.reader)
    assert await first.get(reader) == 200
    async with first.db.session() as session:
        terminated = await session.scalar(
            sa.text(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
                " WHERE application_name = :name AND datname = current_database()"
            ),
            {"name": LISTENER_NAME},
        )
    assert terminated == 2
    await wait_until(lambda: not first.cache.listening)
    assert await first.get(reader) == 200
    assert first.key_queries() == 1
    assert await first.get(reader) == 200
    assert first.key_queries() == 1  # not trusted: queried again

    await wait_until(lambda: first.cache.listening)
    assert await first.get(reader) == 200
    assert first.key_queries() == 1  # the cache restarts empty after a reconnection
    assert await first.get(reader) == 200
    assert first.key_queries() == 0


async def test_cached_key_is_refused_once_it_expires(instances: tuple[Instance, Instance]) -> None:
    first, _ = instances
    expires_at = datetime.now(UTC) + timedelta(milliseconds=600)
    short_lived, _ = await committed_key(first, Role.reader, expires_at=expires_at)
    assert await first.get(short_lived) == 200
    assert await first.get(short_lived) == 200
    assert first.key_queries() == 0
    await asyncio.sleep((expires_at - datetime.now(UTC)).total_seconds() + 0.05)
    assert await first.get(short_lived) == 401


async def test_app_without_running_cache_queries_key_on_every_request(
    client: AsyncClient, reader: Headers, statements: StatementCounter
) -> None:
    for _ in range(2):
        statements.reset()
        assert (await client.get(AUTHORITY, headers=reader)).status_code == 200
        assert sum("api_keys" in s for s in statements.statements) == 1
