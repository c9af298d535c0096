import enum
from typing import Annotated

import anyio.to_thread
from fastapi import APIRouter, Query, Request
from starlette.responses import Response

from app.committee_report import docx_writer, html_writer, service
from app.committee_report.schemas import CommitteeReport
from app.core import openapi_docs as docs
from app.core.auth import CtxDep
from app.core.context import Context
from app.core.errors import ValidationFailed
from app.core.responses import json_response
from app.core.routing import UnitOfWorkRoute
from app.core.schemas import AuthorityCodePath, IsoDate

router = APIRouter(prefix="/v1/authorities", tags=["authorities"], route_class=UnitOfWorkRoute)
HTML_MEDIA_TYPE = "text/html"
DOCX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


class ReportFormat(enum.StrEnum):
    json = "json"
    html = "html"
    docx = "docx"


DESCRIPTION = """
What a council's scrutiny committee reads about its inspections and its improvement plan, as at `as_of`:
the latest graded inspection against the previous one, the history, the findings with the actions answering
them, the action plan with its exception report since `since`, what comes next, the self-evaluation and
engagement, and benchmarks against the region, the statistical neighbours and England. Everything respects
the caller's sight (embargoed inspections, self-evaluations).

As JSON, as one self-contained, print-ready HTML page (WCAG 2.2 AA; three charts, each with its table), or as
a Word document (`format=json|html|docx` overrides `Accept`). `action_plan` is the action-plan summary with
`since` and `as_of` exactly as its endpoint gives it.
"""
RESPONSES: dict[int | str, dict[str, object]] = {
    **docs.READ,
    200: {
        "content": {
            HTML_MEDIA_TYPE: {"schema": {"type": "string", "maxLength": 5_000_000}},
            DOCX_MEDIA_TYPE: {"schema": {"type": "string", "format": "binary", "maxLength": 20_000_000}},
        }
    },
}


def _format(request: Request, chosen: ReportFormat | None) -> ReportFormat:
    if chosen is not None:
        return chosen
    accepted = {p.split(";", 1)[0].strip().lower() for p in request.headers.get("accept", "").split(",")}
    if DOCX_MEDIA_TYPE in accepted:
        return ReportFormat.docx
    if HTML_MEDIA_TYPE in accepted:
        return ReportFormat.html
    return ReportFormat.json


@router.get(
    "/{code}/committee-report",
    response_model=CommitteeReport,
    responses=RESPONSES,
    summary="The committee report: JSON, HTML or Word",
    description=DESCRIPTION,
)
async def committee_report(
    request: Request,
    ctx: CtxDep,
    code: AuthorityCodePath,
    as_of: Annotated[IsoDate | None, Query(description="The report's date; default today (UTC).")] = None,
    since: Annotated[
        IsoDate | None, Query(description="The previous report's date; default 90 days before `as_of`.")
    ] = None,
    format: Annotated[ReportFormat | None, Query(description="Overrides `Accept`.")] = None,
) -> Response:
    as_of = as_of or Context.today()
    since = since or service.default_since(as_of)
    if since > as_of:
        raise ValidationFailed.field("since", "must not be after as_of")
    report = await service.build(ctx, code, as_of, since, request.app.state.grade_stats_cache)
    chosen = _format(request, format)
    if chosen is ReportFormat.html:
        page = await anyio.to_thread.run_sync(html_writer.render, report)
        return Response(page, media_type="text/html; charset=utf-8")
    if chosen is ReportFormat.docx:
        document = await anyio.to_thread.run_sync(docx_writer.render, report)
        filename = f"committee-report-{report.authority_code}-{report.as_of.isoformat()}.docx"
        return Response(
            document, media_type=DOCX_MEDIA_TYPE, headers={"Content-Disposition": f'attachment; filename="{filename}"'}
        )
    return json_response(report)
