import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from starlette.responses import Response

from app.action_items import progress, repository, service, summary
from app.action_items.schemas import (
    ActionItemChange,
    ActionItemCreate,
    ActionItemRead,
    ActionPlanSummary,
    ProgressUpdateCreate,
    ProgressUpdateRead,
    action_item_json,
)
from app.action_items.vocabulary import ActionStatus, Rag
from app.core import openapi_docs as docs
from app.core.auth import CtxDep
from app.core.idempotency import Idempotent
from app.core.pagination import Page, PageParams, next_cursor, page_data_response, page_params, page_response
from app.core.policy import WritesPlans
from app.core.responses import json_body, json_bytes, json_response, no_content, resource_response
from app.core.routing import UnitOfWorkRoute
from app.core.schemas import AuthorityCode, AuthorityCodePath, IsoDate
from app.core.tabular import ExportFormat, FormatDep, Table, file_response

router = APIRouter(tags=["action plans"], route_class=UnitOfWorkRoute)
ITEMS = "/v1/action-items"
TABLE_COLUMNS = [
    "id",
    "authority_code",
    "plan_id",
    "inspection_id",
    "finding_id",
    "source",
    "source_reference",
    "title",
    "description",
    "owner",
    "due_on",
    "original_due_on",
    "rescheduled",
    "status",
    "completed_on",
    "overdue",
    "rag",
    "created_at",
    "updated_at",
    "version",
]
TABLE = Table("action-items", TABLE_COLUMNS)


async def item_filters(
    authority_code: Annotated[AuthorityCode | None, Query(description="Only this authority's items.")] = None,
    plan_id: Annotated[uuid.UUID | None, Query(description="Only items of this improvement plan.")] = None,
    inspection_id: Annotated[uuid.UUID | None, Query(description="Only items answering this inspection.")] = None,
    status: ActionStatus | None = None,
    overdue: Annotated[bool | None, Query(description="Overdue (true) or not (false), as of today (UTC).")] = None,
    rag: Annotated[
        Rag | None, Query(description="RAG rating as of today (UTC); completed and cancelled items have none.")
    ] = None,
    owner: Annotated[
        str | None, Query(min_length=1, max_length=200, description="Owner, exact match ignoring case.")
    ] = None,
    due_before: Annotated[IsoDate | None, Query(description="Due strictly before this date.")] = None,
    due_after: Annotated[IsoDate | None, Query(description="Due strictly after this date.")] = None,
) -> repository.ItemFilters:
    return repository.ItemFilters(
        authority_code=authority_code,
        plan_id=plan_id,
        inspection_id=inspection_id,
        status=status,
        overdue=overdue,
        rag=rag,
        owner=owner,
        due_before=due_before,
        due_after=due_after,
    )


Filters = Annotated[repository.ItemFilters, Depends(item_filters)]


@router.get(
    ITEMS,
    response_model=Page[ActionItemRead],
    responses={**docs.LIST, **docs.CSV},
    summary="List action items, soonest due first (CSV and XLSX too)",
)
async def list_items(
    request: Request,
    ctx: CtxDep,
    filters: Filters,
    page: Annotated[PageParams, Depends(page_params)],
    fmt: FormatDep,
) -> Response:
    if fmt is not ExportFormat.json:
        rows = await repository.list_all(ctx.session, ctx.principal, ctx.today(), filters)
        models = (ActionItemRead.model_validate(action_item_json(r)) for r in rows)
        return await file_response(fmt, TABLE, (m.model_dump() for m in models))
    rows = await repository.list_page(ctx.session, ctx.principal, ctx.today(), filters, page)
    items = [action_item_json(r) for r in rows[: page.limit]]
    return page_data_response(request, items, next_cursor(rows, page, lambda r: (r.due_on, r.id)))


@router.post(
    ITEMS,
    status_code=201,
    response_model=ActionItemRead,
    responses=docs.CREATE,
    dependencies=[WritesPlans, Idempotent],
    summary="Create an action item (the authority's own keys, or admin)",
)
async def create_item(request: Request, ctx: CtxDep, body: ActionItemCreate) -> Response:
    row = await service.create(ctx, body)
    return resource_response(
        request, json_body(action_item_json(row)), version=row.version, status_code=201, location=f"{ITEMS}/{row.id}"
    )


@router.get(
    ITEMS + "/{item_id}",
    response_model=ActionItemRead,
    responses={**docs.READ, 304: {"description": "Not modified"}},
    summary="Get an action item",
)
async def get_item(request: Request, ctx: CtxDep, item_id: uuid.UUID) -> Response:
    row = await service.get_read_or_404(ctx, item_id)
    return resource_response(request, json_body(action_item_json(row)), version=row.version)


@router.patch(
    ITEMS + "/{item_id}",
    response_model=ActionItemRead,
    responses=docs.CHANGE,
    dependencies=[WritesPlans],
    summary="Change an action item (the authority's own keys, or admin; honours If-Match)",
)
async def update_item(request: Request, ctx: CtxDep, item_id: uuid.UUID, body: ActionItemChange) -> Response:
    row = await service.update(ctx, request, item_id, body)
    return resource_response(request, json_body(action_item_json(row)), version=row.version)


@router.delete(
    ITEMS + "/{item_id}",
    status_code=204,
    responses=docs.DELETE,
    dependencies=[WritesPlans],
    summary="Delete an action item and its progress log",
)
async def delete_item(request: Request, ctx: CtxDep, item_id: uuid.UUID) -> Response:
    await service.delete(ctx, request, item_id)
    return no_content()


@router.get(
    ITEMS + "/{item_id}/updates",
    response_model=Page[ProgressUpdateRead],
    responses=docs.READ,
    summary="An action item's progress log, oldest first",
)
async def list_updates(
    request: Request, ctx: CtxDep, item_id: uuid.UUID, page: Annotated[PageParams, Depends(page_params)]
) -> Response:
    rows = await progress.list_page(ctx, item_id, page)
    items = [json_bytes(progress.to_read(u)) for u in rows[: page.limit]]
    return page_response(request, items, next_cursor(rows, page, lambda u: (u.created_at, u.id)))


@router.post(
    ITEMS + "/{item_id}/updates",
    status_code=201,
    response_model=ProgressUpdateRead,
    responses=docs.CREATE,
    dependencies=[WritesPlans, Idempotent],
    summary="Append a progress update; with `status`, the item moves to it in the same transaction",
)
async def add_update(request: Request, ctx: CtxDep, item_id: uuid.UUID, body: ProgressUpdateCreate) -> Response:
    update = await progress.add(ctx, item_id, body)
    return resource_response(
        request,
        progress.to_read(update),
        version=None,
        status_code=201,
        location=f"{ITEMS}/{item_id}/updates/{update.id}",
    )


@router.get(
    ITEMS + "/{item_id}/updates/{update_id}",
    response_model=ProgressUpdateRead,
    responses=docs.READ,
    summary="One progress update (updates are never changed or deleted)",
)
async def get_update(request: Request, ctx: CtxDep, item_id: uuid.UUID, update_id: uuid.UUID) -> Response:
    return resource_response(
        request, progress.to_read(await progress.get_or_404(ctx, item_id, update_id)), version=None
    )


@router.get(
    "/v1/authorities/{code}/action-plan-summary",
    response_model=ActionPlanSummary,
    responses=docs.READ,
    summary="An authority's action items by status and RAG, its overdue items, and the exception report since a "
    "date: what moved and why, what was completed, what fell overdue, which findings no action answers",
)
async def action_plan_summary(
    ctx: CtxDep,
    code: AuthorityCodePath,
    overdue_limit: Annotated[int, Query(ge=1, le=200, description="At most this many overdue items.")] = 50,
    since: Annotated[
        IsoDate | None,
        Query(
            description="First day of the exception report (the previous committee's date); default 90 days "
            "before today. Not after today (422)."
        ),
    ] = None,
) -> Response:
    return json_response(await summary.summarise(ctx, code, overdue_limit=overdue_limit, since=since))
