"""Caps on what a client can make the service hold or do: sizes of inputs, bodies and pages (OWASP API4)."""

from collections.abc import AsyncIterator

from fastapi import FastAPI
from httpx import AsyncClient

from tests.conftest import Headers
from tests.trust.request_schemas import unbounded_inputs

MIB = 1024 * 1024


def test_every_string_list_and_map_a_client_sends_has_a_maximum_size(app: FastAPI) -> None:
    assert unbounded_inputs(app.openapi()) == []


def test_the_size_check_finds_an_unbounded_string_list_and_map() -> None:
    spec = {
        "paths": {
            "/v1/things": {
                "post": {
                    "responses": {},
                    "parameters": [{"in": "query", "name": "q", "schema": {"type": "string"}}],
                    "requestBody": {
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Thing"}}}
                    },
                }
            }
        },
        "components": {
            "schemas": {
                "Thing": {
                    "type": "object",
                    "properties": {
                        "name": {"type": "string", "maxLength": 10},
                        "code": {"type": "string", "pattern": "^E\\d{6}$"},
                        "free": {"type": "string", "pattern": "^E\\d+$"},
                        "tags": {"type": "array", "items": {"type": "string", "maxLength": 5}},
                        "notes": {"anyOf": [{"type": "string"}, {"type": "null"}]},
                        "extra": {"type": "object", "additionalProperties": {"type": "integer"}},
                    },
                }
            }
        },
    }
    assert unbounded_inputs(spec) == [
        "POST /v1/things q: string without maxLength",
        "POST /v1/things body<Thing>.free: string without maxLength",
        "POST /v1/things body<Thing>.tags: array without maxItems",
        "POST /v1/things body<Thing>.notes: string without maxLength",
        "POST /v1/things body<Thing>.extra: map without maxProperties",
    ]


async def test_a_page_larger_than_200_is_refused(client: AsyncClient, reader: Headers) -> None:
    response = await client.get("/v1/authorities", params={"limit": 201}, headers=reader)
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "limit"


async def test_a_body_announced_over_one_mebibyte_is_413(client: AsyncClient, admin: Headers) -> None:
    body = b'{"name": "' + b"x" * MIB + b'"}'
    response = await client.post("/v1/authorities", content=body, headers={**admin, "Content-Type": "application/json"})
    assert response.status_code == 413
    assert response.json()["type"] == "/problems/payload-too-large"


async def test_a_chunked_body_over_one_mebibyte_is_413(client: AsyncClient, admin: Headers) -> None:
    async def chunks() -> AsyncIterator[bytes]:
        yield b'{"name": "'
        for _ in range(17):
            yield b"x" * (64 * 1024)
        yield b'"}'

    response = await client.post(
        "/v1/authorities", content=chunks(), headers={**admin, "Content-Type": "application/json"}
    )
    assert "content-length" not in response.request.headers
    assert response.status_code == 413
    assert response.json()["type"] == "/problems/payload-too-large"


async def test_a_chunked_body_under_one_mebibyte_is_read(client: AsyncClient, admin: Headers) -> None:
    async def chunks() -> AsyncIterator[bytes]:
        yield b'{"code": "E06999991", "name": "Chunked", '
        yield b'"region": "london"}'

    response = await client.post(
        "/v1/authorities", content=chunks(), headers={**admin, "Content-Type": "application/json"}
    )
    assert response.status_code == 201


async def test_an_oversized_api_key_is_refused_before_any_lookup(client: AsyncClient) -> None:
    response = await client.get("/v1/authorities", headers={"Authorization": "Bearer " + "k" * 10_000})
    assert response.status_code == 401
