"""Every action plan endpoint needs a key (401 with WWW-Authenticate), and POSTs are idempotent."""

import uuid

import pytest
from httpx import AsyncClient

from tests.action_items.helpers import days
from tests.conftest import LEICESTERSHIRE, Headers

ID = uuid.uuid4()
SE = f"/v1/authorities/{LEICESTERSHIRE}/self-evaluations"
ENDPOINTS = [
    ("GET", "/v1/improvement-plans"),
    ("POST", "/v1/improvement-plans"),
    ("GET", f"/v1/improvement-plans/{ID}"),
    ("PATCH", f"/v1/improvement-plans/{ID}"),
    ("DELETE", f"/v1/improvement-plans/{ID}"),
    ("GET", "/v1/action-items"),
    ("POST", "/v1/action-items"),
    ("GET", f"/v1/action-items/{ID}"),
    ("PATCH", f"/v1/action-items/{ID}"),
    ("DELETE", f"/v1/action-items/{ID}"),
    ("GET", f"/v1/action-items/{ID}/updates"),
    ("POST", f"/v1/action-items/{ID}/updates"),
    ("GET", f"/v1/action-items/{ID}/updates/{ID}"),
    ("GET", f"/v1/authorities/{LEICESTERSHIRE}/action-plan-summary"),
    ("GET", SE),
    ("POST", SE),
    ("GET", f"{SE}/{ID}"),
    ("PATCH", f"{SE}/{ID}"),
    ("DELETE", f"{SE}/{ID}"),
]


@pytest.mark.parametrize(("method", "url"), ENDPOINTS, ids=[f"{m} {u}" for m, u in ENDPOINTS])
async def test_every_endpoint_needs_a_key(client: AsyncClient, method: str, url: str) -> None:
    response = await client.request(method, url, json={} if method in ("POST", "PATCH") else None)
    assert response.status_code == 401
    assert response.headers["www-authenticate"].startswith("Bearer")


async def test_repeated_post_with_the_same_idempotency_key_creates_one_item(
    client: AsyncClient, leics: Headers
) -> None:
    body = {"authority_code": LEICESTERSHIRE, "title": "Once", "due_on": days(5)}
    headers = {**leics, "Idempotency-Key": "item-once"}
    first = await client.post("/v1/action-items", json=body, headers=headers)
    second = await client.post("/v1/action-items", json=body, headers=headers)
    assert (first.status_code, second.status_code) == (201, 201)
    assert second.json() == first.json()
    listed = await client.get("/v1/action-items", params={"authority_code": LEICESTERSHIRE}, headers=leics)
    assert [i["id"] for i in listed.json()["items"]] == [first.json()["id"]]
