import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from starlette.responses import Response

from app.core import openapi_docs as docs
from app.core.auth import CtxDep
from app.core.idempotency import Idempotent
from app.core.pagination import Page, PageParams, next_cursor, page_params, page_response
from app.core.policy import RecordsInspections
from app.core.responses import json_bytes, no_content, resource_response
from app.core.routing import UnitOfWorkRoute
from app.findings import service
from app.findings.schemas import FindingCreate, FindingRead, FindingUpdate

router = APIRouter(prefix="/v1/inspections/{inspection_id}/findings", tags=["findings"], route_class=UnitOfWorkRoute)
FINAL_NOTE = (
    " Findings are final once the inspection is published (409); a finding's `area` must be a judgement "
    "area of the inspection's framework (422)."
)


def _read(finding: object) -> FindingRead:
    return FindingRead.model_validate(finding)


@router.get(
    "", response_model=Page[FindingRead], responses=docs.READ, summary="Findings of an inspection, oldest first"
)
async def list_findings(
    request: Request, ctx: CtxDep, inspection_id: uuid.UUID, page: Annotated[PageParams, Depends(page_params)]
) -> Response:
    found = await service.list_page(ctx, inspection_id, page)
    cursor = next_cursor(found, page, lambda f: (f.created_at, f.id))
    return page_response(request, [json_bytes(_read(f)) for f in found[: page.limit]], cursor)


@router.post(
    "",
    status_code=201,
    response_model=FindingRead,
    responses=docs.CREATE,
    dependencies=[RecordsInspections, Idempotent],
    summary="Add a finding (inspectorate, admin)",
    description=FINAL_NOTE.strip(),
)
async def create_finding(request: Request, ctx: CtxDep, inspection_id: uuid.UUID, body: FindingCreate) -> Response:
    finding = await service.create(ctx, inspection_id, body)
    return resource_response(
        request,
        _read(finding),
        version=finding.version,
        status_code=201,
        location=f"/v1/inspections/{inspection_id}/findings/{finding.id}",
    )


@router.get(
    "/{finding_id}",
    response_model=FindingRead,
    responses={**docs.READ, 304: {"description": "Not modified"}},
    summary="Get a finding",
)
async def get_finding(request: Request, ctx: CtxDep, inspection_id: uuid.UUID, finding_id: uuid.UUID) -> Response:
    finding = await service.get_or_404(ctx, inspection_id, finding_id)
    return resource_response(request, _read(finding), version=finding.version)


@router.patch(
    "/{finding_id}",
    response_model=FindingRead,
    responses=docs.CHANGE,
    dependencies=[RecordsInspections],
    summary="Change a finding (inspectorate, admin; If-Match)",
    description=FINAL_NOTE.strip(),
)
async def update_finding(
    request: Request, ctx: CtxDep, inspection_id: uuid.UUID, finding_id: uuid.UUID, body: FindingUpdate
) -> Response:
    finding = await service.update(ctx, request, inspection_id, finding_id, body)
    return resource_response(request, _read(finding), version=finding.version)


@router.delete(
    "/{finding_id}",
    status_code=204,
    responses=docs.DELETE,
    dependencies=[RecordsInspections],
    summary="Delete a finding (inspectorate, admin; If-Match)",
    description="409 once the inspection is published, or while an action item answers the finding.",
)
async def delete_finding(request: Request, ctx: CtxDep, inspection_id: uuid.UUID, finding_id: uuid.UUID) -> Response:
    await service.delete(ctx, request, inspection_id, finding_id)
    return no_content()
