"""Building responses: JSON bodies, ETags and conditional requests, Location on create."""

import uuid
from typing import Any

import orjson
from fastapi import Request
from pydantic import BaseModel
from starlette.responses import Response

from app.core.errors import PreconditionFailed, PreconditionRequired

JSON = "application/json"


def etag_for(version: int) -> str:
    return f'"{version}"'


def _etags(header: str) -> list[str]:
    return [t.strip().removeprefix("W/") for t in header.split(",") if t.strip()]


MAX_PRECONDITION = 1000  # a longer If-Match names no version: 412 (as documented in app.core.openapi_headers)


def check_if_match(request: Request, current_version: int) -> None:
    """Refuse a change whose If-Match does not name the current version (412), before changing anything."""
    header = request.headers.get("if-match")
    if header is None:
        if request.app.state.settings.require_if_match:
            raise PreconditionRequired("Send If-Match with the resource's current ETag.")
        return
    tags = _etags(header) if len(header) <= MAX_PRECONDITION else []
    if "*" not in tags and etag_for(current_version) not in tags:
        raise PreconditionFailed(
            f"If-Match {header[:100]} does not match the current ETag {etag_for(current_version)}; nothing was changed."
        )


def json_bytes(model: BaseModel) -> bytes:
    return model.__pydantic_serializer__.to_json(model)


def _encode_other(value: Any) -> Any:
    if isinstance(value, uuid.UUID):  # asyncpg's own UUID subclass, which orjson does not take as one
        return str(value)
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


def json_body(data: Any) -> bytes:
    """Plain data (dicts of database values) as JSON written exactly as the response models write it:
    timestamps RFC 3339 with ``Z``, dates ``YYYY-MM-DD``, UUIDs canonical, enums by value. Read paths build
    their dicts in their schema's field order and skip pydantic (a model per row costs more than the query);
    tests hold both to the same bytes."""
    return orjson.dumps(data, default=_encode_other, option=orjson.OPT_UTC_Z)


def resource_response(
    request: Request,
    model: BaseModel | bytes,
    *,
    version: int | None,
    status_code: int = 200,
    location: str | None = None,
) -> Response:
    """A single resource, with its ETag; 304 when the client's If-None-Match already names it."""
    headers: dict[str, str] = {}
    if version is not None:
        etag = etag_for(version)
        headers["ETag"] = etag
        if request.method == "GET":
            inm = request.headers.get("if-none-match")
            if inm is not None and ("*" in _etags(inm) or etag in _etags(inm)):
                return Response(status_code=304, headers=headers)
    if location is not None:
        headers["Location"] = location
    body = model if isinstance(model, bytes) else json_bytes(model)
    return Response(body, status_code=status_code, media_type=JSON, headers=headers)


def json_response(data: Any, status_code: int = 200, headers: dict[str, str] | None = None) -> Response:
    """``data``: a response model, plain data (``json_body``) or a body already encoded."""
    body = data if isinstance(data, bytes) else json_bytes(data) if isinstance(data, BaseModel) else json_body(data)
    return Response(body, status_code=status_code, media_type=JSON, headers=headers)


def no_content() -> Response:
    return Response(status_code=204)
