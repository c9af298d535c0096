import uuid
from typing import Annotated

import sqlalchemy as sa
from fastapi import APIRouter, Depends, Request
from starlette.responses import Response

from app.api_keys import service
from app.api_keys.schemas import ApiKeyCreate, ApiKeyCreated, ApiKeyRead
from app.core import openapi_docs as docs
from app.core.auth import CtxDep
from app.core.idempotency import Idempotent, withhold_from_replay
from app.core.pagination import Page, PageParams, next_cursor, page_params, page_response
from app.core.policy import AdminOnly
from app.core.responses import json_bytes, json_response, no_content
from app.core.routing import UnitOfWorkRoute

router = APIRouter(prefix="/v1/api-keys", tags=["api keys"], dependencies=[AdminOnly], route_class=UnitOfWorkRoute)


@router.get("", response_model=Page[ApiKeyRead], responses=docs.LIST, summary="List API keys (admin)")
async def list_keys(request: Request, ctx: CtxDep, page: Annotated[PageParams, Depends(page_params)]) -> Response:
    rows = await service.list_page(ctx.session, page)
    items = [json_bytes(ApiKeyRead.model_validate(k)) for k in rows[: page.limit]]
    return page_response(request, items, next_cursor(rows, page, lambda k: (k.created_at, k.id)))


@router.post(
    "",
    status_code=201,
    response_model=ApiKeyCreated,
    responses=docs.CREATE,
    dependencies=[Idempotent],
    summary="Create an API key (admin); the secret is in this response only",
    description="The secret is in this response only and never stored (only its hash). A repeat with the same "
    "`Idempotency-Key` creates nothing and replays this answer with `secret` null.",
)
async def create_key(request: Request, ctx: CtxDep, body: ApiKeyCreate) -> Response:
    withhold_from_replay(request, "secret")
    key, secret = await service.create(ctx, body)
    created = ApiKeyCreated.model_validate({**ApiKeyRead.model_validate(key).model_dump(), "secret": secret})
    return json_response(created, status_code=201, headers={"Location": f"/v1/api-keys/{key.id}"})


@router.get("/{key_id}", response_model=ApiKeyRead, responses=docs.READ, summary="Get an API key (admin)")
async def get_key(ctx: CtxDep, key_id: uuid.UUID) -> Response:
    return json_response(ApiKeyRead.model_validate(await service.get_or_404(ctx.session, key_id)))


@router.delete("/{key_id}", status_code=204, responses=docs.DELETE, summary="Revoke an API key at once (admin)")
async def revoke_key(request: Request, ctx: CtxDep, key_id: uuid.UUID) -> Response:
    await service.revoke(ctx, key_id)
    # The NOTIFY that tells every process arrives asynchronously, maybe after the 204; this process forgets its
    # cached keys as the revocation commits, so that the revoked key's very next request here is a 401.
    cache = request.app.state.key_cache
    sa.event.listen(ctx.session.sync_session, "after_commit", lambda _session: cache.invalidate(), once=True)
    return no_content()
