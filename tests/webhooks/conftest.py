"""Delivery tests need what the rolled-back fixtures cannot give: commits another connection sees. Each test gets
its own database (a copy of one migrated template), the app on it, and a dispatcher running beside it."""

import asyncio
import contextlib
import uuid
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass

import pytest
import sqlalchemy as sa
from httpx import AsyncClient
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import create_async_engine

from app.core.config import Settings
from app.core.database import Database, ensure_database, make_engine, to_async_url
from app.core.migrations import upgrade
from app.main import create_app
from app.webhooks.dispatcher import Dispatcher
from tests.conftest import MakeKey, _client_of, _drop_database, _key_maker

RETRY = [0.3, 0.3, 0.3, 0.3]


@pytest.fixture(scope="session")
def template_name(server_url: str) -> Iterator[str]:
    name = f"ilacs_hooks_tpl_{uuid.uuid4().hex[:8]}"
    ensure_database(server_url, name)
    upgrade(make_url(server_url).set(database=name).render_as_string(hide_password=False))
    yield name
    _drop_database(server_url, name)


async def _copy(server_url: str, template: str, name: str) -> None:
    engine = create_async_engine(to_async_url(server_url), isolation_level="AUTOCOMMIT")
    try:
        async with engine.connect() as conn:
            await conn.execute(sa.text(f'CREATE DATABASE "{name}" TEMPLATE "{template}"'))
    finally:
        await engine.dispose()


@dataclass
class Live:
    url: str
    settings: Settings
    db: Database
    client: AsyncClient
    make_key: MakeKey


def live_settings(url: str) -> Settings:
    return Settings(
        database_url=url,  # type: ignore[arg-type]
        seed_on_empty=False,
        rate_limit_per_minute=0,
        webhook_allow_http=True,
        webhook_allowed_networks=["127.0.0.0/8"],
        webhook_retry_seconds=RETRY,
        dispatcher=False,
    )


@pytest.fixture
async def live(server_url: str, template_name: str) -> AsyncIterator[Live]:
    name = f"ilacs_hooks_{uuid.uuid4().hex[:8]}"
    await _copy(server_url, template_name, name)
    url = make_url(server_url).set(database=name).render_as_string(hide_password=False)
    settings = live_settings(url)
    db = Database(make_engine(url, settings))
    app = create_app(settings, db)
    try:
        async for client in _client_of(app):
            yield Live(url, settings, db, client, _key_maker(db))
    finally:
        await db.dispose()
        await asyncio.to_thread(_drop_database, server_url, name)


@pytest.fixture
async def dispatching(live: Live) -> AsyncIterator[Dispatcher]:
    dispatcher = Dispatcher(live.db, live.settings)
    task = asyncio.create_task(dispatcher.run())
    yield dispatcher
    task.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await task
