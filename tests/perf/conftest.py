"""Two app instances on a database of their own, where transactions really commit.

LISTEN/NOTIFY and the pool only show their behaviour on committed work, which the suite's rolled-back test
connection cannot give. Each instance has its own engine, as two workers or replicas would.
"""

import asyncio
import uuid
from collections.abc import AsyncIterator, Iterator
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
from app.core.key_cache import KeyCache
from app.core.migrations import upgrade
from app.core.security import Role
from tests.conftest import LEICESTERSHIRE, Headers, StatementCounter, _drop_database

# A read that always goes to the database (an authority itself is kept in the statistics' cache).
READ_PATH = f"/v1/authorities/{LEICESTERSHIRE}/timeline"


class Statements(StatementCounter):
    """The statements an instance sent, with the isolation level each ran under."""

    def __init__(self) -> None:
        super().__init__()
        self.isolation_levels: list[str | None] = []

    def __call__(self, conn, cursor, statement, parameters, context, executemany):  # type: ignore[no-untyped-def]
        super().__call__(conn, cursor, statement, parameters, context, executemany)
        self.isolation_levels.append(conn.get_execution_options().get("isolation_level"))

    def reset(self) -> None:
        super().reset()
        self.isolation_levels.clear()


class Instance:
    """One running app: its database handle, key cache, client and the SQL statements it sent."""

    def __init__(self, app: FastAPI, db: Database, client: AsyncClient, statements: Statements) -> None:
        self.app, self.db, self.client, self.statements = app, db, client, statements

    @property
    def cache(self) -> KeyCache:
        cache: KeyCache = self.app.state.key_cache
        return cache

    async def get(self, headers: Headers, path: str = READ_PATH) -> int:
        self.statements.reset()
        return (await self.client.get(path, headers=headers)).status_code

    def key_queries(self) -> int:
        return sum("api_keys" in s for s in self.statements.statements)


@pytest.fixture(scope="session")
def committed_url(server_url: str) -> Iterator[str]:
    """A migrated database of these tests' own."""
    name = f"ilacs_perf_{uuid.uuid4().hex[:8]}"
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
        statements = Statements()
        sa.event.listen(db.engine.sync_engine, "before_cursor_execute", statements)
        await app.state.key_cache.start(db)
        await app.state.grade_stats_cache.start(db)
        client = AsyncClient(transport=ASGITransport(app=app), base_url="http://test")
        started.append(Instance(app, db, client, statements))
    assert [i.cache.listening for i in started] == [True, True]
    yield started[0], started[1]
    for instance in started:
        await instance.client.aclose()
        await instance.cache.stop()
        await instance.app.state.grade_stats_cache.stop()
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
        while not condition():  # noqa: ASYNC110 - a flag set by another task, not an event to await
            await asyncio.sleep(0.002)
