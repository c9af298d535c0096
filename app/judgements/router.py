import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from starlette.responses import Response

from app.authorities.regions import Region
from app.core import openapi_docs as docs
from app.core.auth import CtxDep
from app.core.pagination import Page, PageParams, next_cursor, page_params, page_response
from app.core.policy import RecordsInspections
from app.core.responses import json_bytes, no_content, resource_response
from app.core.routing import UnitOfWorkRoute
from app.core.schemas import IsoDate
from app.core.tabular import ExportFormat, FormatDep, Table, file_response
from app.inspections.schemas import JudgementRead
from app.inspections.vocabulary import Area, Framework, Grade
from app.judgements import repository, service
from app.judgements.schemas import JudgementPut, JudgementRow

router = APIRouter(
    prefix="/v1/inspections/{inspection_id}/judgements", tags=["judgements"], route_class=UnitOfWorkRoute
)
across_router = APIRouter(prefix="/v1/judgements", tags=["judgements"], route_class=UnitOfWorkRoute)
ETAG_NOTE = (
    " A judgement has no version of its own: its `ETag` is its inspection's, every judgement write bumps "
    "the inspection's `version`, and `If-Match` is checked against the inspection's ETag."
)
FINAL_NOTE = " Judgements are final once the inspection is published (409)."
TABLE_COLUMNS = [
    "inspection_id",
    "authority_code",
    "type",
    "framework",
    "published_on",
    "area",
    "area_label",
    "grade",
    "grade_label",
    "grade_score",
]
TABLE = Table("judgements", TABLE_COLUMNS)


@router.get(
    "",
    response_model=Page[JudgementRead],
    responses=docs.READ,
    summary="Judgements of an inspection, in the framework's order of areas",
)
async def list_judgements(
    request: Request, ctx: CtxDep, inspection_id: uuid.UUID, page: Annotated[PageParams, Depends(page_params)]
) -> Response:
    items, cursor = await service.list_of(ctx, inspection_id, page)
    return page_response(request, [json_bytes(i) for i in items], cursor)


@router.get(
    "/{area}",
    response_model=JudgementRead,
    responses={**docs.READ, 304: {"description": "Not modified"}},
    summary="One judgement of an inspection",
    description=ETAG_NOTE.strip(),
)
async def get_judgement(request: Request, ctx: CtxDep, inspection_id: uuid.UUID, area: Area) -> Response:
    inspection, read = await service.get_one(ctx, inspection_id, area)
    return resource_response(request, read, version=inspection.version)


@router.put(
    "/{area}",
    response_model=JudgementRead,
    responses={**docs.CHANGE, 201: {"model": JudgementRead, "description": "Created"}},
    dependencies=[RecordsInspections],
    summary="Set the grade of one area (inspectorate, admin): 201 when new, 200 when replaced",
    description="The area must be one of the inspection's framework, on a graded type. Audit events name "
    "a judgement `<inspection_id>/<area>` (resource type `judgement`)." + ETAG_NOTE + FINAL_NOTE,
)
async def put_judgement(
    request: Request, ctx: CtxDep, inspection_id: uuid.UUID, area: Area, body: JudgementPut
) -> Response:
    inspection, read, created = await service.put(ctx, request, inspection_id, area, body.grade)
    location = f"/v1/inspections/{inspection_id}/judgements/{area.value}" if created else None
    return resource_response(
        request, read, version=inspection.version, status_code=201 if created else 200, location=location
    )


@router.delete(
    "/{area}",
    status_code=204,
    responses=docs.DELETE,
    dependencies=[RecordsInspections],
    summary="Remove the judgement of one area (inspectorate, admin)",
    description=(ETAG_NOTE + FINAL_NOTE).strip(),
)
async def delete_judgement(request: Request, ctx: CtxDep, inspection_id: uuid.UUID, area: Area) -> Response:
    await service.delete(ctx, request, inspection_id, area)
    return no_content()


async def judgement_filters(
    authority_code: Annotated[str | None, Query(max_length=9, description="ONS code of the authority.")] = None,
    area: Area | None = None,
    grade: Grade | None = None,
    region: Region | None = None,
    framework: Framework | None = None,
    published_from: Annotated[IsoDate | None, Query(description="Published on or after.")] = None,
    published_to: Annotated[IsoDate | None, Query(description="Published on or before.")] = None,
) -> repository.JudgementFilters:
    return repository.JudgementFilters(
        authority_code=authority_code,
        area=area,
        grade=grade,
        region=region,
        framework=framework,
        published_from=published_from,
        published_to=published_to,
    )


@across_router.get(
    "",
    response_model=Page[JudgementRow],
    responses={**docs.LIST, **docs.CSV},
    summary="Judgements of published inspections, oldest publication first (CSV and XLSX too)",
    description="One row per judgement; only published inspections appear.",
)
async def list_all_judgements(
    request: Request,
    ctx: CtxDep,
    filters: Annotated[repository.JudgementFilters, Depends(judgement_filters)],
    page: Annotated[PageParams, Depends(page_params)],
    fmt: FormatDep,
) -> Response:
    if fmt is not ExportFormat.json:
        rows = await repository.list_all(ctx.session, ctx.principal, filters)
        return await file_response(fmt, TABLE, (_row(r).model_dump() for r in rows))
    found = await repository.list_page(ctx.session, ctx.principal, filters, page)
    cursor = next_cursor(found, page, lambda r: (r.published_on, r.inspection_id, r.area))
    return page_response(request, [json_bytes(_row(r)) for r in found[: page.limit]], cursor)


def _row(row: repository.JudgementRow) -> JudgementRow:
    base = JudgementRead.of(row.area, row.grade)
    return JudgementRow(
        **base.model_dump(),
        inspection_id=row.inspection_id,
        authority_code=row.authority_code,
        type=row.type,
        framework=row.framework,
        published_on=row.published_on,
    )
