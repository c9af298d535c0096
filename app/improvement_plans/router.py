import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from starlette.responses import Response

from app.core import openapi_docs as docs
from app.core.auth import CtxDep
from app.core.idempotency import Idempotent
from app.core.pagination import Page, PageParams, next_cursor, page_params, page_response
from app.core.policy import WritesPlans
from app.core.responses import json_bytes, no_content, resource_response
from app.core.routing import UnitOfWorkRoute
from app.core.schemas import AuthorityCode
from app.improvement_plans import repository, service
from app.improvement_plans.schemas import ImprovementPlanCreate, ImprovementPlanRead, ImprovementPlanUpdate

router = APIRouter(prefix="/v1/improvement-plans", tags=["action plans"], route_class=UnitOfWorkRoute)


@router.get(
    "",
    response_model=Page[ImprovementPlanRead],
    responses=docs.LIST,
    summary="List improvement plans, newest first (every key reads every authority's plans)",
)
async def list_plans(
    request: Request,
    ctx: CtxDep,
    page: Annotated[PageParams, Depends(page_params)],
    authority_code: Annotated[AuthorityCode | None, Query(description="Only this authority's plans.")] = None,
) -> Response:
    rows = await repository.list_page(ctx.session, ctx.principal, authority_code, page)
    items = [json_bytes(service.to_read(r)) for r in rows[: page.limit]]
    return page_response(request, items, next_cursor(rows, page, lambda r: (r[0].created_at, r[0].id)))


@router.post(
    "",
    status_code=201,
    response_model=ImprovementPlanRead,
    responses=docs.CREATE,
    dependencies=[WritesPlans, Idempotent],
    summary="Create an improvement plan (the authority's own keys, or admin)",
)
async def create_plan(request: Request, ctx: CtxDep, body: ImprovementPlanCreate) -> Response:
    read = await service.create(ctx, body)
    return resource_response(
        request, read, version=read.version, status_code=201, location=f"/v1/improvement-plans/{read.id}"
    )


@router.get(
    "/{plan_id}",
    response_model=ImprovementPlanRead,
    responses={**docs.READ, 304: {"description": "Not modified"}},
    summary="Get an improvement plan",
)
async def get_plan(request: Request, ctx: CtxDep, plan_id: uuid.UUID) -> Response:
    read = await service.get_read_or_404(ctx, plan_id)
    return resource_response(request, read, version=read.version)


@router.patch(
    "/{plan_id}",
    response_model=ImprovementPlanRead,
    responses=docs.CHANGE,
    dependencies=[WritesPlans],
    summary="Change an improvement plan (the authority's own keys, or admin; honours If-Match)",
)
async def update_plan(request: Request, ctx: CtxDep, plan_id: uuid.UUID, body: ImprovementPlanUpdate) -> Response:
    read = await service.update(ctx, request, plan_id, body)
    return resource_response(request, read, version=read.version)


@router.delete(
    "/{plan_id}",
    status_code=204,
    responses=docs.DELETE,
    dependencies=[WritesPlans],
    summary="Delete an improvement plan (409 while it has action items)",
)
async def delete_plan(request: Request, ctx: CtxDep, plan_id: uuid.UUID) -> Response:
    await service.delete(ctx, request, plan_id)
    return no_content()
