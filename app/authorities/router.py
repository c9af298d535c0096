from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query, Request
from starlette.responses import Response

from app.authorities import repository, service
from app.authorities.regions import KIND_BY_PREFIX, AuthorityKind, AuthorityStatus, Region
from app.authorities.schemas import AuthorityCreate, AuthorityRead, AuthorityUpdate, authority_json
from app.core import openapi_docs as docs
from app.core.auth import CtxDep
from app.core.idempotency import Idempotent
from app.core.pagination import Page, PageParams, next_cursor, page_data_response, page_params
from app.core.policy import AdminOnly
from app.core.responses import json_body, no_content, resource_response
from app.core.routing import UnitOfWorkRoute
from app.core.schemas import GSS_CODE_PATTERN, AuthorityCodePath, IsoDate
from app.core.tabular import ExportFormat, FormatDep, Table, file_response
from app.inspections.vocabulary import Area, Grade

router = APIRouter(prefix="/v1/authorities", tags=["authorities"], route_class=UnitOfWorkRoute)
PREFIX_BY_KIND = {kind: prefix for prefix, kind in KIND_BY_PREFIX.items()}
TABLE_COLUMNS = [
    "code",
    "la_number",
    "name",
    "kind",
    "region",
    "status",
    "ofsted_urn",
    "regional_adoption_agency",
    "former_codes",
    "established_on",
    "ceased_on",
    "successors",
    "predecessors",
    "statistical_neighbours",
    "latest_graded_type",
    "latest_graded_published_on",
    "latest_graded_overall_effectiveness",
    "created_at",
    "updated_at",
    "version",
]
TABLE = Table("authorities", TABLE_COLUMNS)


async def authority_filters(
    ctx: CtxDep,
    region: Region | None = None,
    kind: AuthorityKind | None = None,
    status: AuthorityStatus | None = None,
    q: Annotated[
        str | None, Query(min_length=1, max_length=100, description="Case-insensitive name substring.")
    ] = None,
    grade: Annotated[
        Grade | Literal["none"] | None,
        Query(description="Grade in `area` of the latest graded inspection; `none`: no graded inspection on record."),
    ] = None,
    area: Annotated[Area, Query(description="Judgement area for `grade`.")] = Area.overall_effectiveness,
    in_existence_on: Annotated[
        IsoDate | None, Query(description="Authorities in existence on this date (established by it, not yet ceased).")
    ] = None,
    neighbours_of: Annotated[
        str | None,
        Query(
            pattern=GSS_CODE_PATTERN,
            max_length=9,
            description="An authority's code (or former code): its DfE statistical neighbours. Unknown code: 422.",
        ),
    ] = None,
) -> repository.AuthorityFilters:
    return repository.AuthorityFilters(
        in_existence_on=in_existence_on,
        neighbours_of=await service.neighbours_code(ctx, neighbours_of) if neighbours_of else None,
        region=region,
        kind_prefix=PREFIX_BY_KIND[kind] if kind else None,
        status=status,
        q=q,
        grade=grade,
        area=area,
    )


Filters = Annotated[repository.AuthorityFilters, Depends(authority_filters)]


@router.get(
    "",
    response_model=Page[AuthorityRead],
    responses={**docs.LIST, **docs.CSV},
    summary="List authorities, sorted by name (CSV and XLSX too)",
)
async def list_authorities(
    request: Request,
    ctx: CtxDep,
    filters: Filters,
    page: Annotated[PageParams, Depends(page_params)],
    fmt: FormatDep,
) -> Response:
    if fmt is not ExportFormat.json:
        rows = await repository.list_all(ctx.session, filters)
        reads = (AuthorityRead.model_validate(authority_json(r)) for r in rows)
        return await file_response(fmt, TABLE, (_table_row(r) for r in reads))
    rows = await repository.list_page(ctx.session, filters, page)
    cursor = next_cursor(rows, page, lambda a: (a.name, a.code))
    return page_data_response(request, [authority_json(r) for r in rows[: page.limit]], cursor)


def _table_row(read: AuthorityRead) -> dict[str, object]:
    row: dict[str, object] = read.model_dump(exclude={"latest_graded"})
    if read.latest_graded is not None:
        row["latest_graded_type"] = read.latest_graded.type
        row["latest_graded_published_on"] = read.latest_graded.published_on
        overall = [j.grade.value for j in read.latest_graded.judgements if j.area is Area.overall_effectiveness]
        row["latest_graded_overall_effectiveness"] = overall[0] if overall else None
    return row


@router.post(
    "",
    status_code=201,
    response_model=AuthorityRead,
    responses=docs.CREATE,
    dependencies=[AdminOnly, Idempotent],
    summary="Create an authority (admin)",
)
async def create_authority(request: Request, ctx: CtxDep, body: AuthorityCreate) -> Response:
    authority = await service.create(ctx, body)
    row = await service.read_or_404(ctx, authority.code)
    return resource_response(
        request,
        json_body(authority_json(row)),
        version=row.version,
        status_code=201,
        location=f"/v1/authorities/{authority.code}",
    )


@router.get(
    "/{code}",
    response_model=AuthorityRead,
    responses={**docs.READ, 304: {"description": "Not modified"}},
    summary="Get an authority",
)
async def get_authority(request: Request, ctx: CtxDep, code: AuthorityCodePath) -> Response:
    async def read() -> tuple[bytes, int]:
        row = await service.read_or_404(ctx, code)
        return json_body(authority_json(row)), row.version

    # Kept per process until authorities, inspections or judgements change (app.stats.cache); a 404 is not kept.
    body, version = await request.app.state.grade_stats_cache.get(("authority", code), read)
    return resource_response(request, body, version=version)


@router.patch(
    "/{code}",
    response_model=AuthorityRead,
    responses=docs.CHANGE,
    dependencies=[AdminOnly],
    summary="Change an authority (admin; honours If-Match)",
)
async def update_authority(request: Request, ctx: CtxDep, code: AuthorityCodePath, body: AuthorityUpdate) -> Response:
    await service.update(ctx, request, code, body)
    row = await service.read_or_404(ctx, code)
    return resource_response(request, json_body(authority_json(row)), version=row.version)


@router.delete(
    "/{code}",
    status_code=204,
    responses=docs.DELETE,
    dependencies=[AdminOnly],
    summary="Delete an authority (admin; 409 while anything refers to it)",
)
async def delete_authority(request: Request, ctx: CtxDep, code: AuthorityCodePath) -> Response:
    await service.delete(ctx, request, code)
    return no_content()
