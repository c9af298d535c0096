"""Idempotency-Key on POST: the first response is stored in the same transaction as its write.

A repeat by the same API key with the same key and body within 24 hours gets the stored response. A
concurrent repeat blocks on the primary key until the first transaction ends, then replays its answer
(or, if the first rolled back, runs itself). The same key with another body is a 422.
"""

import hashlib
from dataclasses import dataclass
from typing import Annotated

import sqlalchemy as sa
from fastapi import Depends, Header, Request
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.responses import Response

from app.core.auth import PrincipalDep, SessionDep
from app.core.errors import ValidationFailed
from app.core.routing import ReplayResponse
from app.models import IdempotencyKey

RETENTION = sa.text("interval '24 hours'")


@dataclass(slots=True)
class Reservation:
    session: AsyncSession
    api_key_id: object
    key: str

    async def store(self, response: Response) -> None:
        await self.session.execute(
            sa.update(IdempotencyKey)
            .where(IdempotencyKey.api_key_id == self.api_key_id, IdempotencyKey.key == self.key)
            .values(
                status_code=response.status_code,
                response_body=bytes(response.body),
                location=response.headers.get("location"),
            )
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
    if idempotency_key is None or principal.key_id is None:
        return
    body = await request.body()
    request_hash = hashlib.sha256(request.method.encode() + b" " + request.url.path.encode() + b"\n" + body).hexdigest()
    stmt = insert(IdempotencyKey).values(api_key_id=principal.key_id, key=idempotency_key, request_hash=request_hash)
    upsert = stmt.on_conflict_do_update(
        index_elements=[IdempotencyKey.api_key_id, IdempotencyKey.key],
        set_={
            "request_hash": request_hash,
            "status_code": None,
            "response_body": None,
            "location": None,
            "created_at": sa.func.now(),
        },
        where=IdempotencyKey.created_at < sa.func.now() - RETENTION,
    ).returning(IdempotencyKey.key)
    reserved = (await session.execute(upsert)).scalar_one_or_none()
    if reserved is not None:
        request.state.idempotency = Reservation(session, principal.key_id, idempotency_key)
        return
    stored = await session.get(IdempotencyKey, (principal.key_id, idempotency_key))
    assert stored is not None  # the conflicting row is committed and fresh
    if stored.request_hash != request_hash:
        raise ValidationFailed.field(
            "Idempotency-Key", "was already used with a different request; use a new key for a new request"
        )
    headers = {"Idempotent-Replayed": "true"}
    if stored.location:
        headers["Location"] = stored.location
    raise ReplayResponse(
        Response(
            stored.response_body, status_code=stored.status_code or 200, media_type="application/json", headers=headers
        )
    )


Idempotent = Depends(idempotency)
