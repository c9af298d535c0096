import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from starlette.responses import Response

from app.authorities.regions import Region
from app.core import openapi_docs as docs
from app.core.auth import CtxDep
from app.core.idempotency import Idempotent
from app.core.pagination import Page, PageParams, next_cursor, page_data_response, page_params
from app.core.policy import RecordsInspections
from app.core.responses import json_body, json_response, no_content, resource_response
from app.core.routing import UnitOfWorkRoute
from app.core.schemas import AuthorityCodePath, IsoDate
from app.core.tabular import ExportFormat, FormatDep, Table, file_response
from app.inspections import reads, repository, service
from app.inspections.schemas import (
    InspectionCreate,
    InspectionRead,
    InspectionUpdate,
    ThemeSlug,
    TimelineRead,
    inspection_json,
)
from app.inspections.vocabulary import Area, Framework, InspectionStatus, InspectionType

router = APIRouter(prefix="/v1/inspections", tags=["inspections"], route_class=UnitOfWorkRoute)
timeline_router = APIRouter(prefix="/v1/authorities", tags=["authorities"], route_class=UnitOfWorkRoute)
TABLE_COLUMNS = [
    "id",
    "authority_code",
    "type",
    "framework",
    "status",
    "notified_on",
    "fieldwork_start",
    "fieldwork_end",
    "published_on",
    "published_by",
    "report_url",
    "lead_inspector",
    "inspector_count",
    "themes",
    "partner_inspectorates",
    *[a.value for a in Area],
    "sources",
    "created_at",
    "updated_at",
    "version",
]
TABLE = Table("inspections", TABLE_COLUMNS)
NOT_MODIFIED: dict[int | str, dict[str, object]] = {304: {"description": "Not modified"}}
RULES_NOTE = (
    " Refusals name the rule broken (in each message and in the problem's `rules` member): 422 for "
    "content rules, 409 `invalid-transition` for the lifecycle and what a state needs."
)


async def inspection_filters(
    authority_code: Annotated[str | None, Query(max_length=9, description="ONS code of the authority.")] = None,
    type: InspectionType | None = None,
    status: InspectionStatus | None = None,
    framework: Framework | None = None,
    region: Region | None = None,
    theme: Annotated[ThemeSlug | None, Query(description="Theme slug the activity looked at.")] = None,
    fieldwork_from: Annotated[IsoDate | None, Query(description="Fieldwork started on or after.")] = None,
    fieldwork_to: Annotated[IsoDate | None, Query(description="Fieldwork started on or before.")] = None,
    published_from: Annotated[IsoDate | None, Query(description="Published on or after.")] = None,
    published_to: Annotated[IsoDate | None, Query(description="Published on or before.")] = None,
) -> repository.InspectionFilters:
    return repository.InspectionFilters(
        authority_code=authority_code,
        type=type,
        status=status,
        framework=framework,
        region=region,
        theme=theme,
        fieldwork_from=fieldwork_from,
        fieldwork_to=fieldwork_to,
        published_from=published_from,
        published_to=published_to,
    )


Filters = Annotated[repository.InspectionFilters, Depends(inspection_filters)]


@router.get(
    "",
    response_model=Page[InspectionRead],
    responses={**docs.LIST, **docs.CSV},
    summary="List inspections, newest fieldwork first (CSV and XLSX too)",
    description="Embargoed (unpublished) inspections appear only to admin, inspectorate and the inspected "
    "authority's own keys. Inspections without a fieldwork date sort first. CSV and XLSX: one column "
    "per judgement area; themes and partner inspectorates joined by `;` (CSV) or `; ` (XLSX).",
)
async def list_inspections(
    request: Request,
    ctx: CtxDep,
    filters: Filters,
    page: Annotated[PageParams, Depends(page_params)],
    fmt: FormatDep,
) -> Response:
    if fmt is not ExportFormat.json:
        rows = await reads.list_all(ctx.session, ctx.principal, filters)
        models = (InspectionRead.model_validate(inspection_json(r)) for r in rows)
        return await file_response(fmt, TABLE, (_table_row(m) for m in models))
    found = await reads.list_page(ctx.session, ctx.principal, filters, page)
    cursor = next_cursor(found, page, repository.sort_key_of)
    return page_data_response(request, [inspection_json(r) for r in found[: page.limit]], cursor)


def _table_row(read: InspectionRead) -> dict[str, object]:
    row: dict[str, object] = read.model_dump(exclude={"judgements"})
    row.update({j.area.value: j.grade for j in read.judgements})
    row["sources"] = [f"{s.kind.value} {s.reference or ''}".strip() for s in read.sources]
    return row


@router.post(
    "",
    status_code=201,
    response_model=InspectionRead,
    responses=docs.CREATE,
    dependencies=[RecordsInspections, Idempotent],
    summary="Record an inspection (inspectorate, admin)",
    description="May carry `judgements` and `findings`, so that a whole published inspection is recorded "
    "in one request; every rule is checked on the whole." + RULES_NOTE,
)
async def create_inspection(request: Request, ctx: CtxDep, body: InspectionCreate) -> Response:
    inspection = await service.create(ctx, body)
    row = await service.read_or_404(ctx, inspection.id)
    return resource_response(
        request,
        json_body(inspection_json(row)),
        version=row.version,
        status_code=201,
        location=f"/v1/inspections/{inspection.id}",
    )


@router.get(
    "/{inspection_id}",
    response_model=InspectionRead,
    responses={**docs.READ, **NOT_MODIFIED},
    summary="Get an inspection",
    description="404 for a caller who may not see an embargoed inspection.",
)
async def get_inspection(request: Request, ctx: CtxDep, inspection_id: uuid.UUID) -> Response:
    row = await service.read_or_404(ctx, inspection_id)
    return resource_response(request, json_body(inspection_json(row)), version=row.version)


@router.patch(
    "/{inspection_id}",
    response_model=InspectionRead,
    responses=docs.CHANGE,
    dependencies=[RecordsInspections],
    summary="Change an inspection (inspectorate, admin; If-Match)",
    description="A `status` change is a transition: forward only (states may be skipped), or to "
    "`cancelled` before publication. Once published, judgements and findings are final but "
    "other fields (report URL, lead inspector) may still be corrected." + RULES_NOTE,
)
async def update_inspection(
    request: Request, ctx: CtxDep, inspection_id: uuid.UUID, body: InspectionUpdate
) -> Response:
    inspection = await service.update(ctx, request, inspection_id, body)
    row = await service.read_or_404(ctx, inspection.id)
    return resource_response(request, json_body(inspection_json(row)), version=row.version)


@router.delete(
    "/{inspection_id}",
    status_code=204,
    responses=docs.DELETE,
    dependencies=[RecordsInspections],
    summary="Delete a planned or cancelled inspection (inspectorate, admin; If-Match)",
    description="409 once the inspection is under way or published, or while plans or action items refer to it.",
)
async def delete_inspection(request: Request, ctx: CtxDep, inspection_id: uuid.UUID) -> Response:
    await service.delete(ctx, request, inspection_id)
    return no_content()


@timeline_router.get(
    "/{code}/timeline",
    response_model=TimelineRead,
    responses=docs.READ,
    summary="Every inspection of an authority the caller may see, oldest first",
    description="Not paged (an authority has tens of inspections). Each with its judgements and "
    "themes; inspections without fieldwork dates come last.",
)
async def authority_timeline(ctx: CtxDep, code: AuthorityCodePath) -> Response:
    return json_response(await service.timeline(ctx, code))
