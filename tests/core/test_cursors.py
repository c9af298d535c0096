"""Cursors are signed by the service and bound to their list: any other cursor is a 422 naming `cursor`."""

import base64
import json
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.dependencies.utils import get_flat_params
from fastapi.routing import APIRoute
from httpx import AsyncClient

from app.core.database import Database
from tests.action_items.helpers import add_inspection, create_item
from tests.conftest import LEICESTERSHIRE, Headers


def _b64(values: Any) -> str:
    return base64.urlsafe_b64encode(json.dumps(values).encode()).decode().rstrip("=")


# What an attacker sends: the old unsigned shapes with a hostile value in each slot, and plain garbage.
CRAFTED = {
    "boolean where a uuid belongs": _b64(["2025-01-01T00:00:00+00:00", True]),
    "nul in a text slot": _b64(["A\u0000", "E10000018"]),
    "timestamp pushed out of range by its offset": _b64(["9999-12-31T23:59:59-23:59", "x"]),
    "integer beyond 64 bits": _b64([2**70, "00000000-0000-0000-0000-000000000000"]),
    "one value": _b64(["a"]),
    "a dict": _b64({"a": 1}),
    "not base64": "!!!",
    "empty json": _b64([]),
    "a signature of nothing": "e30.AAAA",
}


def cursor_lists(app: FastAPI) -> list[str]:
    """The path of every list that takes a cursor."""
    return [
        route.path
        for route in app.routes
        if isinstance(route, APIRoute)
        and "GET" in route.methods
        and any(p.name == "cursor" for p in get_flat_params(route.dependant))
    ]


@pytest.fixture
async def list_urls(app: FastAPI, client: AsyncClient, database: Database, admin: Headers) -> list[str]:
    inspection_id, _ = await add_inspection(database, LEICESTERSHIRE, findings=1)
    item = await create_item(client, admin, LEICESTERSHIRE)
    hook = await client.post(
        "/v1/webhooks", json={"url": "https://93.184.215.14/hooks", "event_types": ["*"]}, headers=admin
    )
    values = {
        "{code}": LEICESTERSHIRE,
        "{inspection_id}": str(inspection_id),
        "{item_id}": item["id"],
        "{webhook_id}": hook.json()["id"],
    }
    urls = []
    for path in cursor_lists(app):
        for name, value in values.items():
            path = path.replace(name, value)
        assert "{" not in path, path
        urls.append(path)
    assert len(urls) == 16  # with engagement meetings, events, webhooks and their deliveries
    return urls


def _assert_cursor_refused(response: Any, url: str) -> None:
    assert response.status_code == 422, (url, response.status_code, response.text)
    problem = response.json()
    assert problem["type"] == "/problems/validation-error", url
    assert problem["errors"] == [{"field": "cursor", "message": "is not a cursor of this list"}], url


async def test_crafted_cursors_are_refused_by_every_list_with_no_server_error(
    client: AsyncClient, admin: Headers, list_urls: list[str]
) -> None:
    for url in list_urls:
        for cursor in CRAFTED.values():
            response = await client.get(url, params={"cursor": cursor}, headers=admin)
            _assert_cursor_refused(response, url)


async def test_a_cursor_of_one_list_is_refused_by_every_other_list(
    client: AsyncClient, admin: Headers, list_urls: list[str]
) -> None:
    page = (await client.get("/v1/authorities", params={"limit": 1}, headers=admin)).json()
    cursor = page["next_cursor"]
    assert (
        await client.get("/v1/authorities", params={"limit": 1, "cursor": cursor}, headers=admin)
    ).status_code == 200
    for url in list_urls:
        if url != "/v1/authorities":
            _assert_cursor_refused(await client.get(url, params={"cursor": cursor}, headers=admin), url)


async def test_a_cursor_with_a_changed_value_is_refused(client: AsyncClient, admin: Headers) -> None:
    cursor = (await client.get("/v1/authorities", params={"limit": 1}, headers=admin)).json()["next_cursor"]
    _, _, signature = cursor.partition(".")
    tampered = _b64(["Zzz", "E10000018"]) + "." + signature
    response = await client.get("/v1/authorities", params={"cursor": tampered}, headers=admin)
    _assert_cursor_refused(response, "/v1/authorities")
