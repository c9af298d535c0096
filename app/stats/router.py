"""``/v1/stats``: grades, their series, movement and activity, each counted by one rule (``app.stats.counting``)
and answered from the per-process cache while nothing they count has changed (``app.stats.cache``)."""

from collections.abc import Awaitable, Callable
from datetime import date, timedelta
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from pydantic import BaseModel
from starlette.responses import Response

from app.authorities.regions import Region
from app.core import openapi_docs as docs
from app.core.auth import CtxDep
from app.core.context import Context
from app.core.errors import ValidationFailed
from app.core.responses import json_bytes, json_response
from app.core.routing import UnitOfWorkRoute
from app.core.schemas import GSS_CODE_PATTERN, IsoDate
from app.inspections.vocabulary import FRAMEWORKS, Area, Framework
from app.stats import series, service
from app.stats.periods import Every, period_ends
from app.stats.schemas import MAX_POINTS, Activity, GradeSeries, GradeStats, Movement

router = APIRouter(prefix="/v1/stats", tags=["statistics"], route_class=UnitOfWorkRoute)
ILACS_AREAS = sorted({a for f, spec in FRAMEWORKS.items() if f is not Framework.sif_2013 for a in spec.areas})

RULE = """
Counted as DOMAIN.md "Statistics" says: every authority in existence on `as_of` counts once, by its latest
graded inspection (by fieldwork start; unknown fieldwork counts as begun on its publication date) that began
on or before `as_of` and was published on or before `published_by` (default `as_of`). Only published
inspections count, for every caller. `children_in_care` counts the combined 2018 judgement and SIF's
"looked after and permanence"; `impact_of_leaders` counts SIF's "leadership, management and governance".
Ofsted's official "as at 31 March, published by 30 June" figures are `as_of=YYYY-03-31&published_by=YYYY-06-30`.
"""


async def where(
    ctx: CtxDep,
    region: Annotated[Region | None, Query(description="Only authorities of this Ofsted region.")] = None,
    neighbours_of: Annotated[
        str | None,
        Query(
            pattern=GSS_CODE_PATTERN,
            max_length=9,
            description="Count this authority's DfE statistical neighbours (not itself); a former code is "
            "accepted; an authority with none counts nothing; an unknown code is a 422.",
        ),
    ] = None,
) -> service.Where:
    return service.Where(region=region, neighbours_of=neighbours_of)


WhereDep = Annotated[service.Where, Depends(where)]
AsOf = Annotated[IsoDate | None, Query(description="The day counted; default today (UTC).")]
PublishedBy = Annotated[
    IsoDate | None, Query(description="Count reports published on or before this day; default `as_of`, never before.")
]


def _year_before(day: date) -> date:
    """The same day a year earlier (28 February for 29 February); the first day there is, in year 1."""
    if day.year == 1:
        return date.min
    return day.replace(year=day.year - 1, day=28) if (day.month, day.day) == (2, 29) else day.replace(year=day.year - 1)


def _published_by(published_by: date | None, floor: date, floor_name: str) -> date:
    if published_by is None:
        return floor
    if published_by < floor:
        raise ValidationFailed.field("published_by", f"must not be before {floor_name} ({floor.isoformat()}).")
    return published_by


async def _cached(request: Request, key: tuple[object, ...], compute: Callable[[], Awaitable[BaseModel]]) -> Response:
    async def body() -> bytes:
        return json_bytes(await compute())

    return json_response(await request.app.state.grade_stats_cache.get(key, body))


@router.get(
    "/grades",
    response_model=GradeStats,
    responses=docs.LIST,
    description=RULE,
    summary="Count authorities by grade in a judgement area",
)
async def grade_stats(
    request: Request,
    ctx: CtxDep,
    scope: WhereDep,
    as_of: AsOf = None,
    published_by: PublishedBy = None,
    area: Annotated[Area, Query(description="The judgement area counted.")] = Area.overall_effectiveness,
) -> Response:
    day = as_of or Context.today()
    by = _published_by(published_by, day, "as_of")
    key = service.grades_cache_key(day, by, area, scope)
    return await _cached(request, key, lambda: service.grades(ctx, day, by, area, scope))


@router.get(
    "/grades/series",
    response_model=GradeSeries,
    responses=docs.LIST,
    description=RULE + "\nEach point is counted as `/v1/stats/grades` counts with `as_of` = `published_by` = the "
    "last day of a calendar month, quarter or year falling between `from` and `to`; at most "
    f"{MAX_POINTS} points (else 422); points after today are left out. One statement whatever the range.",
    summary="Grade counts at the end of every month, quarter or year",
)
async def grade_series(
    request: Request,
    ctx: CtxDep,
    scope: WhereDep,
    from_: Annotated[
        IsoDate | None, Query(alias="from", description="First day of the range; default a year before `to`.")
    ] = None,
    to: Annotated[IsoDate | None, Query(description="Last day of the range; default today (UTC).")] = None,
    every: Annotated[Every, Query(description="Calendar month, quarter or year.")] = Every.month,
    area: Annotated[Area, Query(description="The judgement area counted.")] = Area.overall_effectiveness,
) -> Response:
    today = Context.today()
    last = to or today
    from_ = from_ or _year_before(last)
    if from_ > last:
        raise ValidationFailed.field("from", f"must not be after to ({last.isoformat()}).")
    ends = period_ends(from_, last, every)
    if len(ends) > MAX_POINTS:
        raise ValidationFailed.field("every", f"{len(ends)} points asked; at most {MAX_POINTS}.")
    points = tuple(day for day in ends if day <= today)
    key = ("series", points, area, scope)
    return await _cached(request, key, lambda: series.series(ctx, points, area, scope))


@router.get(
    "/movement",
    response_model=Movement,
    responses=docs.LIST,
    description=RULE + "\nAmong the authorities counted, those with two or more ILACS graded inspections counted "
    "that grade the area: the first and the latest compared.",
    summary="How authorities moved between their first and latest ILACS grade",
)
async def movement(
    request: Request,
    ctx: CtxDep,
    scope: WhereDep,
    as_of: AsOf = None,
    published_by: PublishedBy = None,
    area: Annotated[
        Area, Query(description="An ILACS judgement area: " + ", ".join(ILACS_AREAS) + ".")
    ] = Area.overall_effectiveness,
) -> Response:
    if area not in ILACS_AREAS:
        raise ValidationFailed.field("area", "must be an ILACS area: " + ", ".join(ILACS_AREAS) + ".")
    day = as_of or Context.today()
    by = _published_by(published_by, day, "as_of")
    key = ("movement", day, by, area, scope)
    return await _cached(request, key, lambda: service.movement(ctx, day, by, area, scope))


@router.get(
    "/activity",
    response_model=Activity,
    responses=docs.LIST,
    description="Published activities of every type whose fieldwork began between `from` and `to` (inclusive; "
    "unknown fieldwork counts as begun on its publication date), published on or before `published_by` "
    "(default `to`, never before it), by type.",
    summary="Inspection activity in a window, by type",
)
async def activity(
    request: Request,
    ctx: CtxDep,
    scope: WhereDep,
    from_: Annotated[
        IsoDate | None,
        Query(alias="from", description="First fieldwork day counted; default the day after a year before `to`."),
    ] = None,
    to: Annotated[IsoDate | None, Query(description="Last fieldwork day counted; default today (UTC).")] = None,
    published_by: Annotated[
        IsoDate | None, Query(description="Count reports published on or before this day; default `to`.")
    ] = None,
) -> Response:
    last = to or Context.today()
    from_ = from_ or _year_before(last) + timedelta(days=1)
    if from_ > last:
        raise ValidationFailed.field("from", f"must not be after to ({last.isoformat()}).")
    by = _published_by(published_by, last, "to")
    key = ("activity", from_, last, by, scope)
    return await _cached(request, key, lambda: service.activity(ctx, from_, last, by, scope))
