from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from pydantic import StringConstraints
from starlette.responses import Response

from app.core import openapi_docs as docs
from app.core.auth import CtxDep
from app.core.errors import ValidationFailed
from app.core.pagination import Page, PageParams, page_data_response, page_params
from app.core.routing import UnitOfWorkRoute
from app.core.schemas import AuthorityCode
from app.events import service
from app.events.repository import EventFilters
from app.events.schemas import EventRead, event_json
from app.events.vocabulary import EVENT_TYPES, RESOURCE_TYPES

router = APIRouter(prefix="/v1/events", tags=["events"], route_class=UnitOfWorkRoute)

FEED = (
    "The events of every change, oldest first (in commit order), as far as the caller may read the resource in "
    "the state each carries: an embargoed inspection's events (and its judgements' and findings') only for "
    "admin, inspectorate and its own authority, the others seeing that inspection from its "
    "`inspection.published` on; self-evaluations and engagement meetings only for their own authority, "
    "inspectorate and admin. Unlike other lists `next_cursor` is never null: it is the position after the "
    "last event given (or the cursor given, when nothing is new), so a consumer polls with it. Events are kept "
    "`ILACS_EVENT_RETENTION_DAYS` (90): an older cursor is a 410 `cursor-expired`."
)


@router.get(
    "",
    response_model=Page[EventRead],
    responses=docs.problems(403, 410),
    summary="The event feed",
    description=FEED,
)
async def list_events(
    request: Request,
    ctx: CtxDep,
    page: Annotated[PageParams, Depends(page_params)],
    type: Annotated[
        list[Annotated[str, StringConstraints(max_length=60)]] | None,
        Query(max_length=len(EVENT_TYPES), description="Only events of these types (repeatable)."),
    ] = None,
    resource_type: Annotated[str | None, Query(max_length=40, description="Only events of this resource type.")] = None,
    authority_code: Annotated[AuthorityCode | None, Query(description="Only events of this authority.")] = None,
) -> Response:
    types = type or []
    unknown = [t for t in types if t not in EVENT_TYPES]
    if unknown:
        raise ValidationFailed.field("type", f"unknown event type {unknown[0]!r}")
    if resource_type is not None and resource_type not in RESOURCE_TYPES:
        raise ValidationFailed.field("resource_type", f"unknown resource type {resource_type!r}")
    filters = EventFilters(types=types, resource_type=resource_type, authority_code=authority_code)
    retention = request.app.state.settings.event_retention_days
    events, position = await service.read_feed(ctx, page.cursor, filters, page.limit, retention)
    cursor = page.signed(position)
    response = page_data_response(request, [event_json(e) for e in events], cursor)
    if len(events) < page.limit:
        del response.headers["Link"]  # no next page yet: the cursor is for polling
    return response
