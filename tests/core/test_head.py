"""Every GET also answers HEAD: the same status and headers, no body (API.md "Conventions")."""

import re
import uuid

from fastapi import FastAPI
from httpx import AsyncClient

from tests.conftest import LEICESTERSHIRE, Headers

# A value for each path parameter: a real authority, a slug, and a UUID that names nothing (a 404 must match too).
PATH_VALUES = {"code": LEICESTERSHIRE, "slug": "front-door"}
VARYING = {"date", "x-request-id", "ratelimit-remaining", "ratelimit-reset"}


def _get_paths(app: FastAPI) -> list[str]:
    paths = []
    for route in app.routes:
        if "GET" in getattr(route, "methods", set()) and getattr(route, "include_in_schema", False):
            path: str = route.path  # type: ignore[attr-defined]
            paths.append(re.sub(r"\{(\w+)\}", lambda m: PATH_VALUES.get(m[1], str(uuid.UUID(int=1))), path))
    return paths


async def test_every_get_answers_head_with_the_same_status_and_headers_and_no_body(
    app: FastAPI, client: AsyncClient, admin: Headers
) -> None:
    paths = _get_paths(app)
    assert len(paths) == sum(1 for p in app.openapi()["paths"].values() if "get" in p)
    mismatches = []
    for path in paths:
        get = await client.get(path, headers=admin)
        head = await client.head(path, headers=admin)
        varying = VARYING | ({"content-length"} if path == "/metrics" else set())  # counts this very request
        same_headers = {k: v for k, v in get.headers.items() if k not in varying} == {
            k: v for k, v in head.headers.items() if k not in varying
        }
        if (head.status_code, same_headers, head.content) != (get.status_code, True, b""):
            mismatches.append(f"{path}: GET {get.status_code}, HEAD {head.status_code}, same headers {same_headers}")
    assert mismatches == []


async def test_head_of_the_openapi_document_and_docs_needs_no_key(client: AsyncClient) -> None:
    for path in ("/openapi.json", "/docs", "/health/live"):
        response = await client.head(path)
        assert (path, response.status_code, response.content) == (path, 200, b"")
        assert int(response.headers["content-length"]) > 0


async def test_head_is_listed_in_allow_beside_get(client: AsyncClient, admin: Headers) -> None:
    response = await client.delete("/v1/authorities", headers=admin)
    assert response.status_code == 405
    assert response.headers["allow"] == "GET, HEAD, POST"
