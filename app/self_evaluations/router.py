import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from starlette.responses import Response

from app.core import openapi_docs as docs
from app.core.auth import CtxDep
from app.core.idempotency import Idempotent
from app.core.pagination import Page, PageParams, next_cursor, page_params, page_response
from app.core.policy import WritesPlans
from app.core.responses import json_bytes, no_content, resource_response
from app.core.routing import UnitOfWorkRoute
from app.core.schemas import AuthorityCodePath
from app.self_evaluations import repository, service
from app.self_evaluations.schemas import SelfEvaluationCreate, SelfEvaluationRead, SelfEvaluationUpdate

router = APIRouter(
    prefix="/v1/authorities/{code}/self-evaluations", tags=["self-evaluations"], route_class=UnitOfWorkRoute
)
NOTE = " Not published: 404 for keys other than the authority's own, inspectorate and admin."


@router.get(
    "",
    response_model=Page[SelfEvaluationRead],
    responses=docs.READ,
    summary="An authority's self-evaluations, newest year first." + NOTE,
)
async def list_self_evaluations(
    request: Request, ctx: CtxDep, code: AuthorityCodePath, page: Annotated[PageParams, Depends(page_params)]
) -> Response:
    await service.require_readable(ctx, code)
    rows = await repository.list_page(ctx.session, code, page)
    items = [json_bytes(SelfEvaluationRead.model_validate(e)) for e in rows[: page.limit]]
    return page_response(request, items, next_cursor(rows, page, lambda e: (e.year, e.id)))


@router.post(
    "",
    status_code=201,
    response_model=SelfEvaluationRead,
    responses=docs.CREATE,
    dependencies=[WritesPlans, Idempotent],
    summary="Create the authority's self-evaluation of a year (its own keys, or admin; 409 if one exists)",
)
async def create_self_evaluation(
    request: Request, ctx: CtxDep, code: AuthorityCodePath, body: SelfEvaluationCreate
) -> Response:
    evaluation = await service.create(ctx, code, body)
    return resource_response(
        request,
        SelfEvaluationRead.model_validate(evaluation),
        version=evaluation.version,
        status_code=201,
        location=f"/v1/authorities/{code}/self-evaluations/{evaluation.id}",
    )


@router.get(
    "/{evaluation_id}",
    response_model=SelfEvaluationRead,
    responses={**docs.READ, 304: {"description": "Not modified"}},
    summary="Get a self-evaluation." + NOTE,
)
async def get_self_evaluation(
    request: Request, ctx: CtxDep, code: AuthorityCodePath, evaluation_id: uuid.UUID
) -> Response:
    evaluation = await service.get_or_404(ctx, code, evaluation_id)
    return resource_response(request, SelfEvaluationRead.model_validate(evaluation), version=evaluation.version)


@router.patch(
    "/{evaluation_id}",
    response_model=SelfEvaluationRead,
    responses=docs.CHANGE,
    dependencies=[WritesPlans],
    summary="Change a self-evaluation (its own keys, or admin; honours If-Match)",
)
async def update_self_evaluation(
    request: Request, ctx: CtxDep, code: AuthorityCodePath, evaluation_id: uuid.UUID, body: SelfEvaluationUpdate
) -> Response:
    evaluation = await service.update(ctx, request, code, evaluation_id, body)
    return resource_response(request, SelfEvaluationRead.model_validate(evaluation), version=evaluation.version)


@router.delete(
    "/{evaluation_id}",
    status_code=204,
    responses=docs.DELETE,
    dependencies=[WritesPlans],
    summary="Delete a self-evaluation (its own keys, or admin)",
)
async def delete_self_evaluation(
    request: Request, ctx: CtxDep, code: AuthorityCodePath, evaluation_id: uuid.UUID
) -> Response:
    await service.delete(ctx, request, code, evaluation_id)
    return no_content()
