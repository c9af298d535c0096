from typing import Annotated

from fastapi import APIRouter, Query
from starlette.responses import Response

from app.core import openapi_docs as docs
from app.core.auth import CtxDep
from app.core.context import Context
from app.core.responses import json_response
from app.core.routing import UnitOfWorkRoute
from app.core.schemas import AuthorityCodePath, IsoDate
from app.forecast import service
from app.forecast.schemas import Forecast

router = APIRouter(prefix="/v1/authorities", tags=["authorities"], route_class=UnitOfWorkRoute)

DESCRIPTION = """
The next expected inspection activity of the authority, following the cycle assumed in DOMAIN.md ("Cycle").

The basis is the authority's latest graded inspection published on or before `as_of` that the caller may
see; its result gives the track. S is its first day of fieldwork; L the latest first day of fieldwork of
any activity (not cancelled, visible to the caller) since S and on or before `as_of`. Windows are whole
calendar months, both ends included (a day past the end of a shorter month falls on its last day); an
item is `overdue` when `as_of` is after `latest`. Without a graded inspection on record a standard
inspection is expected with no window. An authority that no longer exists expects nothing.
"""


@router.get(
    "/{code}/forecast",
    response_model=Forecast,
    responses=docs.READ,
    description=DESCRIPTION,
    summary="Forecast the authority's next inspection activity",
)
async def get_forecast(
    ctx: CtxDep,
    code: AuthorityCodePath,
    as_of: Annotated[IsoDate | None, Query(description="The day to forecast from; default today (UTC).")] = None,
) -> Response:
    return json_response(await service.forecast(ctx, code, as_of or Context.today()))
