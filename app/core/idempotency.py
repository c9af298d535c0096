"""Idempotency-Key on POST: the first response is stored in the same transaction as its write.

A repeat by the same caller (``Principal.ref``: the same API key, user or service, whatever credential it
sent) with the same key and body within 24 hours gets the stored response. A
concurrent repeat blocks on the primary key until the first transaction ends, then replays its answer
(or, if the first rolled back, runs itself). The same key with another body is a 422.
"""

import hashlib
from dataclasses import dataclass
from typing import Annotated, cast

import orjson
import sqlalchemy as sa
from fastapi import Depends, Header, Request
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.responses import Response

from app.core.auth import PrincipalDep, SessionDep
from app.core.errors import ValidationFailed
from app.core.responses import etag_for
from app.core.routing import ReplayResponse
from app.models import IdempotencyKey

RETENTION = sa.text("interval '24 hours'")
KEYS = cast(sa.Table, IdempotencyKey.__table__)
# Built once (building a statement costs more Python time than running it); the values are bind parameters.
_NEW = insert(KEYS).values(
    caller=sa.bindparam("reserving_caller"),
    key=sa.bindparam("reserved_key"),
    request_hash=sa.bindparam("reserved_hash"),
)
# A key is reserved when it is new, or when its previous use is older than the retention (then reused).
RESERVE = _NEW.on_conflict_do_update(
    index_elements=[KEYS.c.caller, KEYS.c.key],
    set_={
        "request_hash": _NEW.excluded.request_hash,
        "status_code": None,
        "response_body": None,
        "location": None,
        "created_at": sa.func.now(),
    },
    where=KEYS.c.created_at < sa.func.now() - RETENTION,
).returning(KEYS.c.key)
STORE = (
    sa.update(KEYS)
    .where(KEYS.c.caller == sa.bindparam("reserving_caller"), KEYS.c.key == sa.bindparam("reserved_key"))
    .values(
        status_code=sa.bindparam("stored_status"),
        response_body=sa.bindparam("stored_body"),
        location=sa.bindparam("stored_location"),
    )
)


@dataclass(slots=True)
class Reservation:
    session: AsyncSession
    caller: str
    key: str
    withheld: tuple[str, ...] = ()  # top-level fields stored (and so replayed) as null: secrets shown once

    async def store(self, response: Response) -> None:
        body = bytes(response.body)
        if self.withheld:
            data = orjson.loads(body)
            body = orjson.dumps({**data, **dict.fromkeys(self.withheld)})
        await self.session.execute(
            STORE,
            {
                "reserving_caller": self.caller,
                "reserved_key": self.key,
                "stored_status": response.status_code,
                "stored_body": body,
                "stored_location": response.headers.get("location"),
            },
        )


async def idempotency(
    request: Request,
    session: SessionDep,
    principal: PrincipalDep,
    idempotency_key: Annotated[
        str | None,
        Header(min_length=1, max_length=255, description="Repeat-safe POST: same key and body, same answer."),
    ] = None,
) -> None:
    if idempotency_key is None:
        return
    body = await request.body()
    request_hash = hashlib.sha256(request.method.encode() + b" " + request.url.path.encode() + b"\n" + body).hexdigest()
    reservation = {"reserving_caller": principal.ref, "reserved_key": idempotency_key, "reserved_hash": request_hash}
    reserved = (await session.execute(RESERVE, reservation)).scalar_one_or_none()
    if reserved is not None:
        request.state.idempotency = Reservation(session, principal.ref, idempotency_key)
        return
    stored = await session.get(IdempotencyKey, (principal.ref, idempotency_key))
    assert stored is not None  # the conflicting row is committed and fresh
    if stored.request_hash != request_hash:
        raise ValidationFailed.field(
            "Idempotency-Key", "was already used with a different request; use a new key for a new request"
        )
    headers = {"Idempotent-Replayed": "true"}
    if stored.location:
        headers["Location"] = stored.location
    etag = _etag_of(stored.response_body)
    if etag:
        headers["ETag"] = etag
    raise ReplayResponse(
        Response(
            stored.response_body, status_code=stored.status_code or 200, media_type="application/json", headers=headers
        )
    )


def withhold_from_replay(request: Request, *fields: str) -> None:
    """Store this response for replay with ``fields`` set to null: a secret is shown once and never stored."""
    reservation: Reservation | None = getattr(request.state, "idempotency", None)
    if reservation is not None:
        reservation.withheld = fields


def _etag_of(body: bytes | None) -> str | None:
    """The ETag the first response carried: a created resource's is its ``version`` (not stored apart)."""
    try:
        data = orjson.loads(body or b"")
    except orjson.JSONDecodeError:
        return None
    version = data.get("version") if isinstance(data, dict) else None
    return etag_for(version) if isinstance(version, int) and not isinstance(version, bool) else None


Idempotent = Depends(idempotency)
