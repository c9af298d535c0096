from typing import Annotated

from fastapi import APIRouter, Query, Request
from starlette.responses import Response

from app.authorities.regions import Region
from app.core import openapi_docs as docs
from app.core.auth import CtxDep
from app.core.context import Context
from app.core.responses import json_response
from app.core.routing import UnitOfWorkRoute
from app.core.schemas import IsoDate
from app.inspections.vocabulary import Area
from app.stats import service
from app.stats.schemas import GradeStats

router = APIRouter(prefix="/v1/stats", tags=["statistics"], route_class=UnitOfWorkRoute)

DESCRIPTION = """
How the current authorities stand in one judgement area, as Ofsted counts in its official statistics
(DOMAIN.md "Statistics"): each current authority once, by its latest graded inspection published on or
before `as_of` (among those the caller may see). `not_graded`: that inspection's framework has no such
area; `not_inspected`: none. Asking for `children_in_care` counts the combined
`children_in_care_and_care_leavers` judgement of an `ilacs_2018` inspection.

Ofsted's "as at 31 March" headline counts every inspection whose fieldwork began by 31 March, including
those published in the weeks after; ask with an `as_of` after those publications (e.g. 30 June) to
reproduce it.
"""


@router.get(
    "/grades",
    response_model=GradeStats,
    responses=docs.LIST,
    description=DESCRIPTION,
    summary="Count current authorities by grade in a judgement area",
)
async def grade_stats(
    request: Request,
    ctx: CtxDep,
    as_of: Annotated[
        IsoDate | None, Query(description="Count inspections published on or before this day; default today (UTC).")
    ] = None,
    area: Annotated[Area, Query(description="The judgement area counted.")] = Area.overall_effectiveness,
    region: Annotated[Region | None, Query(description="Only authorities of this Ofsted region.")] = None,
) -> Response:
    cache = request.app.state.grade_stats_cache
    return json_response(await service.grade_stats_json(ctx, cache, as_of or Context.today(), area, region))
