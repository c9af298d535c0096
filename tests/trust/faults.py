"""Helpers of the database fault tests: every /v1 operation from the app's own OpenAPI, and timing."""

import time
import uuid
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

from fastapi import FastAPI
from httpx import AsyncClient, Response

from tests.trust.conftest import SeparateServer

BODY_METHODS = frozenset({"post", "put", "patch"})


@dataclass(frozen=True)
class Operation:
    method: str
    path: str

    async def call(self, client: AsyncClient, headers: dict[str, str]) -> Response:
        body: dict[str, Any] = {"json": {}} if self.method in BODY_METHODS else {}
        return await client.request(self.method.upper(), self.path, headers=headers, **body)


def _sample(schema: dict[str, Any]) -> str:
    if "enum" in schema:
        return str(schema["enum"][0])
    if schema.get("format") == "uuid":
        return str(uuid.uuid4())
    if schema.get("type") == "integer":
        return "1"
    if schema.get("format") == "date":
        return "2024-01-01"
    return "E10000018"


def v1_operations(app: FastAPI) -> Iterator[Operation]:
    """Every /v1 operation in the app's OpenAPI, its path parameters filled with plausible values."""
    spec = app.openapi()
    for path, item in spec["paths"].items():
        if not path.startswith("/v1"):
            continue
        for method, operation in item.items():
            if method not in {"get", "post", "put", "patch", "delete"}:
                continue
            filled = path
            for parameter in operation.get("parameters", []):
                if parameter["in"] == "path":
                    filled = filled.replace("{" + parameter["name"] + "}", _sample(parameter.get("schema", {})))
            yield Operation(method, filled)


@asynccontextmanager
async def database_down(server: SeparateServer) -> AsyncIterator[None]:
    """The server stopped for the block, started again after it (even when the block fails)."""
    await server.stop()
    try:
        yield
    finally:
        if not server.is_running():
            await server.start()


async def timed(call: Any) -> tuple[Response, float]:
    started = time.perf_counter()
    response = await call
    return response, time.perf_counter() - started


def assert_unavailable(response: Response) -> None:
    assert response.status_code == 503, response.text[:300]
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["type"] == "/problems/service-unavailable"
    assert int(response.headers["retry-after"]) >= 1
    leaked = [t for t in ("Error", "ilacs-trust-pg", "socket", "postgres", "timeout", "pid") if t in response.text]
    assert leaked == [], response.text
