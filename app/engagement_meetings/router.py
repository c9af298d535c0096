import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from starlette.responses import Response

from app.core import openapi_docs as docs
from app.core.auth import CtxDep
from app.core.idempotency import Idempotent
from app.core.pagination import Page, PageParams, next_cursor, page_params, page_response
from app.core.policy import WritesEngagementMeetings
from app.core.responses import json_bytes, no_content, resource_response
from app.core.routing import UnitOfWorkRoute
from app.core.schemas import AuthorityCodePath
from app.engagement_meetings import repository, service
from app.engagement_meetings.schemas import EngagementMeetingCreate, EngagementMeetingRead, EngagementMeetingUpdate

router = APIRouter(
    prefix="/v1/authorities/{code}/engagement-meetings", tags=["engagement meetings"], route_class=UnitOfWorkRoute
)
NOTE = " Seen like self-evaluations: 404 for keys other than the authority's own, inspectorate and admin."


@router.get(
    "",
    response_model=Page[EngagementMeetingRead],
    responses=docs.READ,
    summary="An authority's engagement meetings, newest first." + NOTE,
)
async def list_engagement_meetings(
    request: Request,
    ctx: CtxDep,
    code: AuthorityCodePath,
    page: Annotated[PageParams, Depends(page_params)],
    year: Annotated[
        int | None, Query(ge=2013, le=2100, description="Only meetings held in this calendar year.")
    ] = None,
) -> Response:
    await service.require_readable(ctx, code)
    rows = await repository.list_page(ctx.session, code, year, page)
    items = [json_bytes(EngagementMeetingRead.model_validate(m)) for m in rows[: page.limit]]
    return page_response(request, items, next_cursor(rows, page, lambda m: (m.held_on, m.id)))


@router.post(
    "",
    status_code=201,
    response_model=EngagementMeetingRead,
    responses=docs.CREATE,
    dependencies=[WritesEngagementMeetings, Idempotent],
    summary="Record an engagement meeting (the authority's own keys, inspectorate or admin)",
)
async def create_engagement_meeting(
    request: Request, ctx: CtxDep, code: AuthorityCodePath, body: EngagementMeetingCreate
) -> Response:
    meeting = await service.create(ctx, code, body)
    return resource_response(
        request,
        EngagementMeetingRead.model_validate(meeting),
        version=meeting.version,
        status_code=201,
        location=f"/v1/authorities/{code}/engagement-meetings/{meeting.id}",
    )


@router.get(
    "/{meeting_id}",
    response_model=EngagementMeetingRead,
    responses={**docs.READ, 304: {"description": "Not modified"}},
    summary="Get an engagement meeting." + NOTE,
)
async def get_engagement_meeting(
    request: Request, ctx: CtxDep, code: AuthorityCodePath, meeting_id: uuid.UUID
) -> Response:
    meeting = await service.get_or_404(ctx, code, meeting_id)
    return resource_response(request, EngagementMeetingRead.model_validate(meeting), version=meeting.version)


@router.patch(
    "/{meeting_id}",
    response_model=EngagementMeetingRead,
    responses=docs.CHANGE,
    dependencies=[WritesEngagementMeetings],
    summary="Change an engagement meeting (own keys, inspectorate or admin; honours If-Match)",
)
async def update_engagement_meeting(
    request: Request, ctx: CtxDep, code: AuthorityCodePath, meeting_id: uuid.UUID, body: EngagementMeetingUpdate
) -> Response:
    meeting = await service.update(ctx, request, code, meeting_id, body)
    return resource_response(request, EngagementMeetingRead.model_validate(meeting), version=meeting.version)


@router.delete(
    "/{meeting_id}",
    status_code=204,
    responses=docs.DELETE,
    dependencies=[WritesEngagementMeetings],
    summary="Delete an engagement meeting (own keys, inspectorate or admin)",
)
async def delete_engagement_meeting(
    request: Request, ctx: CtxDep, code: AuthorityCodePath, meeting_id: uuid.UUID
) -> Response:
    await service.delete(ctx, request, code, meeting_id)
    return no_content()
