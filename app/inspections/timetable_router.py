"""``GET /v1/inspections/{id}/timetable``: the expected run of a notified activity (``timetable``)."""

import uuid
from datetime import date

from fastapi import APIRouter, Request
from pydantic import ConfigDict, Field
from starlette.responses import Response

from app.core import openapi_docs as docs
from app.core.auth import CtxDep
from app.core.errors import Conflict
from app.core.responses import resource_response
from app.core.routing import UnitOfWorkRoute
from app.core.schemas import ResponseModel
from app.inspections import service, timetable
from app.inspections.vocabulary import InspectionType

router = APIRouter(prefix="/v1/inspections", tags=["inspections"], route_class=UnitOfWorkRoute)


class MilestoneRead(ResponseModel):
    key: str = Field(
        max_length=40,
        description="`off_site`, `on_site`, `fieldwork`, `information_due`, `feedback`, `report` or `letter`.",
    )
    label: str = Field(max_length=200)
    from_: date = Field(alias="from", description="First day.")
    to: date = Field(
        description="Last day (equal to `from` for a single day; for `report` and `letter`, the "
        "last working day by which it is expected)."
    )

    model_config = ConfigDict(populate_by_name=True, serialize_by_alias=True)


class TimetableRead(ResponseModel):
    inspection_id: uuid.UUID
    type: InspectionType
    notified_on: date
    milestones: list[MilestoneRead] = Field(max_length=10)


@router.get(
    "/{inspection_id}/timetable",
    response_model=TimetableRead,
    responses={**docs.READ, 409: {"description": "`notified_on` is unknown, or the type has no timetable"}},
    summary="The expected run of a notified activity, counted from notified_on; report and letter deadlines in "
    "working days (weekends and England's bank holidays skipped). 409 while notified_on is unknown.",
)
async def get_timetable(request: Request, ctx: CtxDep, inspection_id: uuid.UUID) -> Response:
    inspection = await service.get_or_404(ctx, inspection_id)
    kind = InspectionType(inspection.type)
    why = timetable.refusal(kind, inspection.notified_on)
    if why is not None or inspection.notified_on is None:
        raise Conflict(f"No timetable for inspection {inspection_id}: {why}.")
    steps = timetable.milestones(kind, inspection.notified_on, inspection.fieldwork_end)
    body = TimetableRead(
        inspection_id=inspection.id,
        type=kind,
        notified_on=inspection.notified_on,
        milestones=[MilestoneRead(key=m.key, label=m.label, from_=m.first, to=m.last) for m in steps],
    )
    return resource_response(request, body, version=None)
