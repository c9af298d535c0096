"""Keyset pagination with opaque cursors: stable under concurrent inserts, never OFFSET."""

import base64
import binascii
import hashlib
import hmac
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Annotated, Any, Generic, TypeVar
from urllib.parse import urlencode

import orjson
import sqlalchemy as sa
from fastapi import Query, Request
from pydantic import BaseModel, Field
from starlette.responses import Response

from app.core.errors import ValidationFailed
from app.core.responses import json_body

T = TypeVar("T")
MAX_LIMIT = 200
DEFAULT_LIMIT = 50
# What the service issues: base64url payload, ".", base64url HMAC. A cursor sent back is checked by its MAC
# (CursorSeal.open), which names the problem better than a pattern would.
CURSOR_PATTERN = r"^[A-Za-z0-9_:-]+\.[A-Za-z0-9_-]+$"  # the event feed's position holds a colon
MAX_CURSOR = 2048  # base64 of the sort key: a 300-character title of 4-byte characters, a date and a UUID fit


class Page(BaseModel, Generic[T]):
    items: list[T] = Field(max_length=MAX_LIMIT)
    next_cursor: str | None = Field(
        max_length=MAX_CURSOR,
        pattern=CURSOR_PATTERN,
        description="Opaque cursor of the next page, or null on the last page.",
    )


CURSOR_MESSAGE = "is not a cursor of this list"


@dataclass(frozen=True, slots=True)
class CursorSeal:
    """Signs a list's cursors and opens them: a cursor is ``<payload>.<mac>``, the MAC (HMAC-SHA256 under the
    service's cursor key, ``app.core.cursor_key``) covering the list it was made by and the payload. A cursor is
    opened before any of it reaches SQL; one that another list made, or that anyone changed, is a 422."""

    key: bytes
    list_path: str

    def _mac(self, payload: str) -> str:
        digest = hmac.new(self.key, f"{self.list_path}\n{payload}".encode(), hashlib.sha256).digest()
        return base64.urlsafe_b64encode(digest).decode().rstrip("=")

    def sign(self, payload: str) -> str:
        return f"{payload}.{self._mac(payload)}"

    def open(self, cursor: str) -> str:
        """The payload of a cursor this list made; 422 naming ``cursor`` for any other."""
        payload, dot, mac = cursor.rpartition(".")
        if not dot or not hmac.compare_digest(mac.encode(), self._mac(payload).encode()):
            raise ValidationFailed.field("cursor", CURSOR_MESSAGE)
        return payload


@dataclass(frozen=True, slots=True)
class PageParams:
    """``cursor`` is the payload of a cursor whose signature was checked (``CursorSeal.open``), or None."""

    limit: int
    cursor: str | None
    seal: CursorSeal | None = None

    def signed(self, payload: str) -> str:
        if self.seal is None:
            raise RuntimeError("a page made without its list's seal cannot hand out a cursor")
        return self.seal.sign(payload)


async def page_params(  # async: FastAPI runs a plain def dependency in a worker thread
    request: Request,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT, description="Items per page (1..200).")] = DEFAULT_LIMIT,
    cursor: Annotated[
        str | None,
        Query(max_length=MAX_CURSOR, description="Opaque cursor from `next_cursor`."),
    ] = None,
) -> PageParams:
    seal = CursorSeal(request.app.state.cursor_key, request.url.path)
    return PageParams(limit=limit, cursor=seal.open(cursor) if cursor else None, seal=seal)


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

    def after_bound(self) -> sa.ColumnElement[bool]:
        """``after`` with bind parameters, for a statement built once (``bound_page`` gives their values)."""
        left = sa.tuple_(*self.columns)
        right = sa.tuple_(*[sa.bindparam(f"after_{i}", type_=c.type) for i, c in enumerate(self.columns)])
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
        raise ValidationFailed.field("cursor", CURSOR_MESSAGE) from exc


def paginate(stmt: sa.Select[Any], key: SortKey, params: PageParams) -> sa.Select[Any]:
    """Apply the cursor and the ordering; fetch one more row than asked to know if there is a next page."""
    if params.cursor:
        stmt = stmt.where(key.after(params.cursor))
    return stmt.order_by(*key.order_by()).limit(params.limit + 1)


PAGE_LIMIT = sa.bindparam("page_limit", type_=sa.Integer)


def paginate_bound(stmt: sa.Select[Any], key: SortKey, *, after_cursor: bool) -> sa.Select[Any]:
    """``paginate`` for a statement built once and reused: the cursor's values and the limit are bind
    parameters, filled in by ``bound_page``. Building a statement costs more Python time than running it."""
    if after_cursor:
        stmt = stmt.where(key.after_bound())
    return stmt.order_by(*key.order_by()).limit(PAGE_LIMIT)


def bound_page(key: SortKey, params: PageParams) -> dict[str, Any]:
    """The bind parameter values of ``paginate_bound`` for this page (one row more than asked)."""
    values: dict[str, Any] = {"page_limit": params.limit + 1}
    if params.cursor:
        values.update({f"after_{i}": v for i, v in enumerate(decode_cursor(params.cursor, key.types))})
    return values


def next_cursor(rows: Sequence[Any], params: PageParams, key_of: Callable[[Any], Sequence[Any]]) -> str | None:
    if len(rows) <= params.limit:
        return None
    return params.signed(encode_cursor(key_of(rows[params.limit - 1])))


def page_response(request: Request, items_json: Sequence[bytes], cursor: str | None) -> Response:
    body = b'{"items":[' + b",".join(items_json) + b'],"next_cursor":' + orjson.dumps(cursor) + b"}"
    return _page_response(request, body, cursor)


def page_data_response(request: Request, items: Sequence[Any], cursor: str | None) -> Response:
    """A page of plain data (``responses.json_body``): the same body as ``page_response``, encoded at once."""
    return _page_response(request, json_body({"items": items, "next_cursor": cursor}), cursor)


def _page_response(request: Request, body: bytes, cursor: str | None) -> Response:
    headers = {}
    if cursor is not None:
        # The request's query with its cursor replaced (moved last), as URL.include_query_params writes it.
        query = [(k, v) for k, v in request.query_params.multi_items() if k != "cursor"]
        headers["Link"] = f'<{request.url.path}?{urlencode([*query, ("cursor", cursor)])}>; rel="next"'
    return Response(body, media_type="application/json", headers=headers)
