"""The API-key cache: no query for a key seen before, yet a revocation refused at once everywhere.

Two app instances (two engines, as two workers or replicas would) on a committed database (conftest.py).
"""

import asyncio
import time
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from httpx import AsyncClient

from app.core.key_cache import LISTENER_NAME
from app.core.security import Role
from tests.conftest import Headers, StatementCounter
from tests.perf.conftest import READ_PATH, Instance, committed_key, wait_until


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
        assert (await client.get(READ_PATH, headers=reader)).status_code == 200
        assert sum("api_keys" in s for s in statements.statements) == 1
