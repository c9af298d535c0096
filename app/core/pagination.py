"""Keyset pagination with opaque cursors: stable under concurrent inserts, never OFFSET."""

import base64
import binascii
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Annotated, Any, Generic, TypeVar

import orjson
import sqlalchemy as sa
from fastapi import Query, Request
from pydantic import BaseModel, Field
from starlette.responses import Response

from app.core.errors import ValidationFailed

T = TypeVar("T")
MAX_LIMIT = 200
DEFAULT_LIMIT = 50


class Page(BaseModel, Generic[T]):
    items: list[T]
    next_cursor: str | None = Field(description="Opaque cursor of the next page, or null on the last page.")


@dataclass(frozen=True, slots=True)
class PageParams:
    limit: int
    cursor: str | None


async def page_params(  # async: FastAPI runs a plain def dependency in a worker thread
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT, description="Items per page (1..200).")] = DEFAULT_LIMIT,
    cursor: Annotated[str | None, Query(max_length=500, description="Opaque cursor from `next_cursor`.")] = None,
) -> PageParams:
    return PageParams(limit=limit, cursor=cursor)


_DECODERS: dict[type, Callable[[Any], Any]] = {
    str: str,
    int: int,
    date: date.fromisoformat,
    datetime: datetime.fromisoformat,
    uuid.UUID: uuid.UUID,
}


@dataclass(frozen=True, slots=True)
class SortKey:
    """A keyset ordering: expressions all in one direction, the last one unique."""

    columns: tuple[Any, ...]  # column expressions or ORM attributes
    types: tuple[type, ...]
    descending: bool = False

    def order_by(self) -> list[sa.ColumnElement[Any]]:
        return [c.desc() if self.descending else c.asc() for c in self.columns]

    def after(self, cursor: str) -> sa.ColumnElement[bool]:
        values = decode_cursor(cursor, self.types)
        left = sa.tuple_(*self.columns)
        right = sa.tuple_(*[sa.literal(v) for v in values])
        return left < right if self.descending else left > right


def encode_cursor(values: Sequence[Any]) -> str:
    raw = orjson.dumps(
        [v.isoformat() if isinstance(v, date | datetime) else str(v) if isinstance(v, uuid.UUID) else v for v in values]
    )
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str, types: Sequence[type]) -> list[Any]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        values = orjson.loads(raw)
        if not isinstance(values, list) or len(values) != len(types):
            raise ValueError("shape")
        return [_DECODERS[t](v) for v, t in zip(values, types, strict=True)]
    except (ValueError, TypeError, KeyError, binascii.Error, orjson.JSONDecodeError) as exc:
        raise ValidationFailed.field("cursor", "is not a cursor this service issued") from exc


def paginate(stmt: sa.Select[Any], key: SortKey, params: PageParams) -> sa.Select[Any]:
    """Apply the cursor and the ordering; fetch one more row than asked to know if there is a next page."""
    if params.cursor:
        stmt = stmt.where(key.after(params.cursor))
    return stmt.order_by(*key.order_by()).limit(params.limit + 1)


def next_cursor(rows: Sequence[Any], params: PageParams, key_of: Callable[[Any], Sequence[Any]]) -> str | None:
    if len(rows) <= params.limit:
        return None
    return encode_cursor(key_of(rows[params.limit - 1]))


def page_response(request: Request, items_json: Sequence[bytes], cursor: str | None) -> Response:
    body = b'{"items":[' + b",".join(items_json) + b'],"next_cursor":' + orjson.dumps(cursor) + b"}"
    headers = {}
    if cursor is not None:
        url = request.url.include_query_params(cursor=cursor)
        headers["Link"] = f'<{url.path}?{url.query}>; rel="next"'
    return Response(body, media_type="application/json", headers=headers)
