"""Schemathesis (4.x) against the app's own OpenAPI, with an admin key, on every operation: no 5xx, every answer
conforms to the schema (status code, content type, headers, body), invalid input is refused.

Each operation runs in one transaction of its own, rolled back at its end, on the world of matrix_support.py
inserted with fixed ids. About half the positive cases are aimed at that world (a valid id or authority code in
the path or body is swapped for a real one, chosen by the value's own checksum so the choice is reproducible):
they reach the code behind the 404. Requests go through httpx to the ASGI app on one event loop of the module's
own (a blocking portal), the loop that also holds the test's database connection.
"""

import os
import uuid
import zlib
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
import schemathesis
from anyio.from_thread import BlockingPortal, start_blocking_portal
from fastapi import FastAPI
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, async_sessionmaker, create_async_engine

from app.api_keys.schemas import ApiKeyCreate
from app.api_keys.service import create_key
from app.core.config import Settings
from app.core.database import Database, to_async_url
from app.core.security import Role
from app.main import create_app
from tests.conftest import Headers
from tests.inspections.helpers import published, record
from tests.trust.matrix_support import FIXED_WORLD, OWN, SPARE_AUTHORITY, build_world

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    negative_data_rejection,
]
# Per operation, for the fuzzing phase: the whole module stays well under a minute on two cores. A deeper or
# different run: ILACS_FUZZ_EXAMPLES=500 ILACS_FUZZ_SEED=<any integer> pytest tests/trust/test_schemathesis.py
MAX_EXAMPLES = int(os.environ.get("ILACS_FUZZ_EXAMPLES", "25"))
SEED = int(os.environ.get("ILACS_FUZZ_SEED", "20261122"))  # fixed: `make test` is reproducible
ADMIN_SECRET = "ilk_schemathesis-admin-key"  # its row lives only in each test's rolled-back transaction
schema = schemathesis.openapi.from_dict(create_app(Settings(seed_on_empty=False)).openapi())
# Sent with every case, so that schemathesis knows the requests are authenticated.
schema.config.update(headers={"Authorization": f"Bearer {ADMIN_SECRET}"})
schema.config.seed = SEED
CASES_RUN: dict[str, int] = {}

# Path parameters and body fields a case may aim at the world: name -> the real values to choose from.
WORLD = FIXED_WORLD
REAL_VALUES: dict[str, tuple[str, ...]] = {
    "code": (OWN, SPARE_AUTHORITY),  # the spare one, referred to by nothing, can be deleted
    "authority_code": (OWN,),
    "inspection_id": (str(WORLD.published_id), str(WORLD.embargoed_id)),
    "finding_id": (str(WORLD.published_finding_id), str(WORLD.embargoed_finding_id)),
    "plan_id": (str(WORLD.plan_id),),
    "item_id": (str(WORLD.item_id),),
    "update_id": (str(WORLD.update_id),),
    "evaluation_id": (str(WORLD.evaluation_id),),
    "key_id": (str(WORLD.key_id),),
    "meeting_id": (str(WORLD.meeting_id),),
    "self_evaluation_id": (str(WORLD.evaluation_id),),
}
SLUGS = {"/problems/{slug}": "not-found"}


def _checksum(value: object) -> int:
    return zlib.crc32(repr(value).encode())


def _aimed(name: str, value: object, pick: int) -> object:
    """A real value instead of ``value`` for about half the valid values; ``pick`` keeps ids of one record."""
    if not isinstance(value, str) or _checksum(value) % 2:
        return value
    if name.endswith("_id"):
        try:
            uuid.UUID(value)
        except ValueError:
            return value
    choices = REAL_VALUES[name]
    return choices[pick % len(choices)]


def aim_at_world(case: schemathesis.Case) -> None:
    """Swap valid ids and codes of a positive case for the world's (in place), so it reaches real records.
    Negative cases stay as generated: swapping could replace the very value that makes them invalid."""
    if case.meta is None or not case.meta.generation.mode.is_positive:
        return
    pick = _checksum(case.path_parameters) // 2
    for name, value in list(case.path_parameters.items()):
        if name in REAL_VALUES:
            case.path_parameters[name] = _aimed(name, value, pick)
        elif name == "slug" and _checksum(value) % 2 == 0:
            case.path_parameters[name] = SLUGS.get(case.path, WORLD.theme_slug)
    if isinstance(case.body, dict):
        for name in REAL_VALUES.keys() & case.body.keys():
            case.body[name] = _aimed(name, case.body[name], pick)


class FuzzTarget:
    """The app bound to one rolled-back transaction on the portal's event loop, with an admin key."""

    def __init__(self, portal: BlockingPortal, engine: AsyncEngine, app: FastAPI) -> None:
        self.portal, self.engine, self.app = portal, engine, app

    def open(self) -> None:
        self.portal.call(self._open)

    def close(self) -> None:
        self.portal.call(self._close)

    async def _open(self) -> None:
        self.connection: AsyncConnection = await self.engine.connect()
        self.transaction = await self.connection.begin()
        factory = async_sessionmaker(
            bind=self.connection, expire_on_commit=False, join_transaction_mode="create_savepoint"
        )
        database = Database(self.engine, factory)
        self.app.state.db = database
        await build_world(database, WORLD)
        async with database.session() as session:
            await create_key(session, ApiKeyCreate(name="schemathesis", role=Role.admin), secret=ADMIN_SECRET)
            await session.commit()
        self.client = httpx.AsyncClient(transport=httpx.ASGITransport(app=self.app), base_url="http://test")

    async def _close(self) -> None:
        await self.client.aclose()
        await self.transaction.rollback()
        await self.connection.close()

    def send(self, case: schemathesis.Case) -> httpx.Response:
        kwargs = case.as_transport_kwargs(base_url="http://test")
        return self.portal.call(self._send, kwargs)

    async def _send(self, kwargs: dict[str, Any]) -> httpx.Response:
        data = kwargs.pop("data", None)
        request: dict[str, Any] = {k: v for k, v in kwargs.items() if k in ("method", "url", "headers", "params")}
        if "json" in kwargs:
            request["json"] = kwargs["json"]
        elif isinstance(data, bytes | str):
            request["content"] = data
        elif data is not None:
            request["data"] = data
        return await self.client.request(**request)


@pytest.fixture(scope="module")
def portal() -> Iterator[BlockingPortal]:
    with start_blocking_portal() as portal:
        yield portal


@pytest.fixture(scope="module")
def target_engine(portal: BlockingPortal, database_url: str) -> Iterator[AsyncEngine]:
    engine = create_async_engine(to_async_url(database_url), pool_size=1)
    yield engine
    portal.call(engine.dispose)


@pytest.fixture(scope="module")
def target_app(settings: Settings) -> FastAPI:
    """One app for the module (a fresh app builds its routing on its first request)."""
    return create_app(settings)


@pytest.fixture
def target(portal: BlockingPortal, target_engine: AsyncEngine, target_app: FastAPI) -> Iterator[FuzzTarget]:
    fuzz_target = FuzzTarget(portal, target_engine, target_app)
    fuzz_target.open()
    yield fuzz_target
    fuzz_target.close()


@pytest.fixture(scope="module", autouse=True)
def report_cases_run(request: pytest.FixtureRequest) -> Iterator[None]:
    yield
    reporter = request.config.pluginmanager.get_plugin("terminalreporter")
    capture = request.config.pluginmanager.get_plugin("capturemanager")
    if reporter is not None and capture is not None and CASES_RUN:
        with capture.global_and_fixture_disabled():
            reporter.write_line(f"schemathesis: {sum(CASES_RUN.values())} cases over {len(CASES_RUN)} operations")


@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    database=None,
    # One rolled-back transaction per operation, shared by its examples, is the point of the fixture.
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.filter_too_much],
)
def test_operation_conforms_to_its_schema(case: schemathesis.Case, target: FuzzTarget) -> None:
    aim_at_world(case)
    response = target.send(case)
    CASES_RUN[case.operation.label] = CASES_RUN.get(case.operation.label, 0) + 1
    case.validate_response(response, checks=CHECKS, headers=dict(response.request.headers))


# Inputs a bounded run may not draw, each checked once: refused with 422 naming the parameter, never a 500.
EDGE_QUERIES = [
    ("/v1/authorities?q=a%00b", "q"),  # PostgreSQL text cannot hold NUL
    ("/v1/authorities?limit=100000000000000000000000000000", "limit"),
    ("/v1/stats/grades?as_of=0", "as_of"),  # pydantic alone reads a number as a Unix time
    ("/v1/stats/grades?published_by=0", "published_by"),
    ("/v1/authorities?in_existence_on=0", "in_existence_on"),
    ("/v1/inspections?published_to=2025-03-07T00:00:00", "published_to"),
    ("/v1/audit-events?from=2026-01-31T09:00:00", "from"),  # no offset
    ("/v1/audit-events?to=9999-12-31T23:00:00-05:00", "to"),  # past year 9999 in UTC
]


@pytest.mark.parametrize(("url", "field"), EDGE_QUERIES)
async def test_edge_query_is_refused_naming_the_parameter(
    client: httpx.AsyncClient, admin: Headers, url: str, field: str
) -> None:
    response = await client.get(url, headers=admin)
    assert response.status_code == 422, response.text
    assert [e["field"] for e in response.json()["errors"]] == [field]


EDGE_BODIES = [
    ("/v1/themes", {"slug": "nul-theme", "name": "a\u0000b", "applies_to": ["jtai"]}, "name"),
    ("/v1/improvement-plans", {"authority_code": OWN, "title": "Plan", "starts_on": 0}, "starts_on"),
    ("/v1/api-keys", {"name": "k", "role": "reader", "expires_at": "0001-01-01T00:00:00+05:00"}, "expires_at"),
]


@pytest.mark.parametrize(("url", "body", "field"), EDGE_BODIES)
async def test_edge_body_is_refused_naming_the_field(
    client: httpx.AsyncClient, admin: Headers, url: str, body: dict[str, Any], field: str
) -> None:
    response = await client.post(url, json=body, headers=admin)
    assert response.status_code == 422, response.text
    assert [e["field"] for e in response.json()["errors"]] == [field]


async def test_nul_in_a_path_names_no_resource(client: httpx.AsyncClient, admin: Headers) -> None:
    response = await client.get("/v1/themes/front%00door", headers=admin)
    assert response.status_code == 404, response.text


async def test_unicode_text_is_stored_as_sent(client: httpx.AsyncClient, admin: Headers) -> None:
    name = "Enfants & jeunes \u2014 \u5b50\u3069\u3082 \U0001f9d2"
    created = await client.post(
        "/v1/themes", json={"slug": "unicode-theme", "name": name, "applies_to": ["jtai"]}, headers=admin
    )
    assert created.status_code == 201, created.text
    assert (await client.get("/v1/themes/unicode-theme", headers=admin)).json()["name"] == name


async def test_forecast_at_the_end_of_the_calendar_ends_its_windows_there(
    client: httpx.AsyncClient, admin: Headers
) -> None:
    await record(client, admin, published(overall="inadequate"))  # the inadequate track: monitoring visits
    planned = {
        "authority_code": OWN,
        "type": "monitoring_visit",
        "status": "planned",
        "fieldwork_start": "9999-11-01",
        "themes": ["front-door"],
    }
    await record(client, admin, planned)
    response = await client.get(f"/v1/authorities/{OWN}/forecast", params={"as_of": "9999-12-31"}, headers=admin)
    assert response.status_code == 200, response.text
    visit = next(e for e in response.json()["expected"] if e["type"] == "monitoring_visit")
    assert (visit["earliest"], visit["latest"]) == ("9999-12-31", "9999-12-31")
