"""The caller migration (20261201_15) keeps what was recorded: key actors stay keys, tool actors become services,
idempotency keys and rate-limit windows keep belonging to their key; and down again restores the old columns."""

import uuid
from collections.abc import Iterator
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import create_async_engine

from app.core.database import to_async_url
from app.core.migrations import downgrade, upgrade
from tests.trust.conftest import create_migrated_database, drop_database

BEFORE = "20261201_11_service_keys"
KEY = uuid.UUID("3f2b8c1e-6a4d-4e9f-8b7c-1d2e3f4a5b6c")


@pytest.fixture(scope="module")
def url(server_url: str) -> Iterator[str]:
    created = create_migrated_database(server_url, "ilacs_caller_migration", migrate=False)
    upgrade(created, BEFORE)
    yield created
    drop_database(created)


async def _sql(url: str, *statements: str, **params: Any) -> list[Any]:
    engine = create_async_engine(to_async_url(url))
    try:
        async with engine.begin() as conn:
            results = [await conn.execute(sa.text(s), params) for s in statements]
            return [r.all() if r.returns_rows else None for r in results]
    finally:
        await engine.dispose()


async def test_rows_keep_their_caller_up_and_down(url: str) -> None:
    await _sql(
        url,
        "INSERT INTO audit_events (id, at, actor_key_id, actor_name, action, resource_type, resource_id, changes) VALUES "
        "(gen_random_uuid(), now(), :key, 'leics-planner', 'create', 'theme', 'a', '{}'), "
        "(gen_random_uuid(), now(), NULL, 'import', 'create', 'theme', 'b', '{}')",
        "INSERT INTO idempotency_keys (api_key_id, key, request_hash, created_at) VALUES (:key, 'once', 'h', now())",
        "INSERT INTO rate_limit_windows (api_key_id, window_start, count) VALUES (:key, now(), 3)",
        key=KEY,
    )

    upgrade(url)
    actors, idempotency, windows = await _sql(
        url,
        "SELECT actor_kind, actor_id, actor_name FROM audit_events ORDER BY resource_id",
        "SELECT caller, key FROM idempotency_keys",
        "SELECT caller, count FROM rate_limit_windows",
    )
    assert actors == [("api_key", str(KEY), "leics-planner"), ("service", "import", "import")]
    assert idempotency == [(f"api_key:{KEY}", "once")]
    assert windows == [(f"api_key:{KEY}", 3)]

    await _sql(
        url,
        "INSERT INTO idempotency_keys (caller, key, request_hash, created_at) VALUES ('user:x', 'once', 'h', now())",
        "INSERT INTO audit_events (id, at, actor_kind, actor_id, actor_name, action, resource_type, resource_id, "
        "changes) VALUES (gen_random_uuid(), now(), 'user', 'someone', 'Jo Bloggs', 'create', 'theme', 'c', '{}')",
    )
    downgrade(url, BEFORE)
    actors, idempotency = await _sql(
        url,
        "SELECT actor_key_id, actor_name FROM audit_events ORDER BY resource_id",
        "SELECT api_key_id, key FROM idempotency_keys",
    )
    assert actors == [(KEY, "leics-planner"), (None, "import"), (None, "Jo Bloggs")]
    assert idempotency == [(KEY, "once")]
