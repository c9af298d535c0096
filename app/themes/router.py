from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from starlette.responses import Response

from app.authorities.regions import Region
from app.core import openapi_docs as docs
from app.core.auth import CtxDep
from app.core.idempotency import Idempotent
from app.core.pagination import Page, PageParams, next_cursor, page_params, page_response
from app.core.policy import RecordsInspections
from app.core.responses import json_bytes, json_response, no_content, resource_response
from app.core.routing import UnitOfWorkRoute
from app.core.schemas import IsoDate, SlugPath
from app.themes import repository, service, trends
from app.themes.schemas import ThemeCreate, ThemedType, ThemeRead, ThemeTrends, ThemeUpdate

router = APIRouter(prefix="/v1/themes", tags=["themes"], route_class=UnitOfWorkRoute)
# Admin and inspectorate keep the catalogue (DOMAIN.md "Who may see and do what").
WritesThemes = RecordsInspections


@router.get("", response_model=Page[ThemeRead], responses=docs.LIST, summary="List themes, sorted by slug")
async def list_themes(
    request: Request,
    ctx: CtxDep,
    page: Annotated[PageParams, Depends(page_params)],
    applies_to: Annotated[ThemedType | None, Query(description="Only themes applying to this type.")] = None,
) -> Response:
    rows = await repository.list_page(ctx.session, applies_to.value if applies_to else None, page)
    items = [json_bytes(service.to_read(t)) for t in rows[: page.limit]]
    return page_response(request, items, next_cursor(rows, page, lambda t: (t.slug,)))


@router.post(
    "",
    status_code=201,
    response_model=ThemeRead,
    responses=docs.CREATE,
    dependencies=[WritesThemes, Idempotent],
    summary="Create a theme (admin, inspectorate)",
)
async def create_theme(request: Request, ctx: CtxDep, body: ThemeCreate) -> Response:
    theme = await service.create(ctx, body)
    return resource_response(
        request, service.to_read(theme), version=theme.version, status_code=201, location=f"/v1/themes/{theme.slug}"
    )


# Declared before /{slug}, which would otherwise take "trends" for a slug.
@router.get(
    "/trends",
    response_model=ThemeTrends,
    responses=docs.LIST,
    summary="Visible published visits per theme in a fieldwork window, most first",
    description="Counts the published visits the caller may see whose first day of fieldwork is within "
    "[`from`, `to`] (either bound optional), per theme, with the number of distinct "
    "authorities visited. Themes without a visit in the window are left out. A JTAI looking "
    "at several themes counts once for each.",
)
async def theme_trends(
    ctx: CtxDep,
    fieldwork_from: Annotated[IsoDate | None, Query(alias="from", description="First fieldwork day counted.")] = None,
    fieldwork_to: Annotated[IsoDate | None, Query(alias="to", description="Last fieldwork day counted.")] = None,
    region: Annotated[Region | None, Query(description="Only visits to authorities of this region.")] = None,
    type: Annotated[ThemedType | None, Query(description="Only visits of this type.")] = None,
) -> Response:
    filters = trends.TrendFilters(fieldwork_from, fieldwork_to, region.value if region else None, type)
    return json_response(await trends.trends(ctx, filters))


@router.get(
    "/{slug}",
    response_model=ThemeRead,
    summary="Get a theme",
    responses={**docs.READ, 304: {"description": "Not modified"}},
)
async def get_theme(request: Request, ctx: CtxDep, slug: SlugPath) -> Response:
    theme = await service.get_or_404(ctx, slug)
    return resource_response(request, service.to_read(theme), version=theme.version)


@router.patch(
    "/{slug}",
    response_model=ThemeRead,
    responses=docs.CHANGE,
    dependencies=[WritesThemes],
    summary="Change a theme (admin, inspectorate; honours If-Match; the slug is immutable)",
    description="409 when narrowing `applies_to` would leave inspections of a removed type looking at the theme.",
)
async def update_theme(request: Request, ctx: CtxDep, slug: SlugPath, body: ThemeUpdate) -> Response:
    theme = await service.update(ctx, request, slug, body)
    return resource_response(request, service.to_read(theme), version=theme.version)


@router.delete(
    "/{slug}",
    status_code=204,
    responses=docs.DELETE,
    dependencies=[WritesThemes],
    summary="Delete a theme (admin, inspectorate; 409 while an inspection uses it)",
)
async def delete_theme(request: Request, ctx: CtxDep, slug: SlugPath) -> Response:
    await service.delete(ctx, request, slug)
    return no_content()
