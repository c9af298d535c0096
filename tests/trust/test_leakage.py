"""Nothing leaks: no secret, stack trace, SQL or version in any answer; keys compared in constant time;
authenticated answers never cached; CORS closed unless explicit origins are configured (OWASP API8)."""

import hmac
from collections.abc import AsyncIterator
from typing import Any

import pytest
import sqlalchemy as sa
from fastapi import APIRouter, FastAPI
from httpx import ASGITransport, AsyncClient, Response
from pydantic import ValidationError

from app.core import security
from app.core.auth import SessionDep
from app.core.config import Settings
from app.core.database import Database
from app.core.routing import UnitOfWorkRoute
from app.main import create_app
from tests.conftest import Headers

SECRET = "hunter2-0f9e8d7c"
LEAKY_MESSAGE = f"password={SECRET} postgresql://ilacs:{SECRET}@db.internal:5432/ilacs"
TELLTALES = (
    SECRET,
    "Traceback",
    'File "',
    "SELECT",
    "no_such_table",
    "sqlalchemy",
    "asyncpg",
    "postgresql",
    "RuntimeError",
    "uvicorn",
    "Python",
    "db.internal",
)


def failing_routers() -> list[APIRouter]:
    unit_of_work = APIRouter(prefix="/v1/failing", route_class=UnitOfWorkRoute)

    @unit_of_work.get("/exception")
    async def raises() -> None:
        raise RuntimeError(LEAKY_MESSAGE)

    @unit_of_work.get("/sql")
    async def bad_sql(session: SessionDep) -> None:
        await session.execute(sa.text("SELECT secret_hash FROM no_such_table"))

    plain = APIRouter(prefix="/failing-outside-v1")

    @plain.get("")
    async def raises_outside() -> None:
        raise RuntimeError(LEAKY_MESSAGE)

    return [unit_of_work, plain]


@pytest.fixture
async def failing_client(settings: Settings, database: Database) -> AsyncIterator[AsyncClient]:
    app = create_app(settings, database=database)
    for router in failing_routers():
        app.include_router(router)
    transport = ASGITransport(app=app, raise_app_exceptions=False)
    async with AsyncClient(transport=transport, base_url="http://test") as client:
        yield client


def assert_bare_internal_error(response: Response) -> None:
    assert response.status_code == 500
    assert response.json() == {
        "type": "/problems/internal-error",
        "title": "Internal error",
        "status": 500,
        "detail": "An unexpected error occurred.",
        "instance": response.request.url.path,
    }
    leaked = [t for t in TELLTALES if t.lower() in (response.text + str(response.headers)).lower()]
    assert leaked == []
    assert "server" not in response.headers


@pytest.mark.parametrize("path", ["/v1/failing/exception", "/v1/failing/sql", "/failing-outside-v1"])
async def test_a_forced_500_says_nothing_of_its_cause(failing_client: AsyncClient, admin: Headers, path: str) -> None:
    assert_bare_internal_error(await failing_client.get(path, headers=admin))


async def test_key_secrets_and_hashes_are_never_answered_after_creation(client: AsyncClient, admin: Headers) -> None:
    created = await client.post("/v1/api-keys", json={"name": "shown-once", "role": "reader"}, headers=admin)
    secret = created.json()["secret"]
    one = await client.get(f"/v1/api-keys/{created.json()['id']}", headers=admin)
    listed = await client.get("/v1/api-keys", params={"limit": 200}, headers=admin)
    for response in (one, listed):
        assert response.status_code == 200
        assert secret not in response.text
        assert security.hash_secret(secret) not in response.text
        assert "secret" not in response.text


async def test_a_presented_key_is_compared_in_constant_time(
    client: AsyncClient, reader: Headers, monkeypatch: pytest.MonkeyPatch
) -> None:
    compared: list[tuple[Any, Any]] = []

    class SpyHmac:
        @staticmethod
        def compare_digest(a: Any, b: Any) -> bool:
            compared.append((a, b))
            return hmac.compare_digest(a, b)

    monkeypatch.setattr(security, "hmac", SpyHmac)
    assert (await client.get("/v1/authorities", headers=reader)).status_code == 200
    digest = security.hash_secret(reader["Authorization"].removeprefix("Bearer "))
    assert compared == [(digest, digest)]


@pytest.mark.parametrize("path", ["/v1/authorities", "/v1/authorities/E99999999", "/v1/api-keys"])
async def test_authenticated_answers_are_not_stored_by_caches(client: AsyncClient, reader: Headers, path: str) -> None:
    response = await client.get(path, headers=reader)
    assert response.status_code in (200, 403, 404)
    assert response.headers["cache-control"] == "no-store"


async def test_a_refused_key_is_not_stored_by_caches_either(client: AsyncClient) -> None:
    response = await client.get("/v1/authorities", headers={"Authorization": "Bearer nope"})
    assert response.status_code == 401
    assert response.headers["cache-control"] == "no-store"


def _app_with_cors(settings: Settings, database: Database, origins: list[str]) -> FastAPI:
    return create_app(settings.model_copy(update={"cors_origins": origins}), database=database)


async def _preflight(app: FastAPI, origin: str) -> Response:
    async with AsyncClient(transport=ASGITransport(app=app), base_url="http://test") as client:
        return await client.options(
            "/v1/authorities",
            headers={
                "Origin": origin,
                "Access-Control-Request-Method": "GET",
                "Access-Control-Request-Headers": "authorization",
            },
        )


async def test_cors_is_off_by_default(settings: Settings, database: Database) -> None:
    response = await _preflight(create_app(settings, database=database), "https://council.example")
    assert "access-control-allow-origin" not in response.headers


async def test_cors_admits_exactly_the_configured_origins(settings: Settings, database: Database) -> None:
    app = _app_with_cors(settings, database, ["https://council.example"])
    allowed = await _preflight(app, "https://council.example")
    other = await _preflight(app, "https://elsewhere.example")
    assert allowed.headers["access-control-allow-origin"] == "https://council.example"
    assert "access-control-allow-origin" not in other.headers


def test_a_wildcard_cors_origin_is_refused_at_start() -> None:
    with pytest.raises(ValidationError, match="cors_origins"):
        Settings(cors_origins=["*"])
