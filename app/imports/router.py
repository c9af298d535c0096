"""``POST /v1/imports`` (admin): one file as the body, its kind told by ``Content-Type``."""

from typing import Annotated

from fastapi import APIRouter, Query, Request
from starlette.responses import Response

from app.core import openapi_docs as docs
from app.core.auth import CtxDep
from app.core.errors import UnrecognisedFileProblem, UnsupportedMediaType, ValidationFailed
from app.core.idempotency import Idempotent
from app.core.policy import AdminOnly
from app.core.responses import json_response
from app.core.routing import FileRoute
from app.core.schemas import AuthorityCode, IsoDate
from app.imports import kinds, service
from app.imports.records import UnrecognisedFile
from app.imports.schemas import ImportSummaryRead
from app.inspections.schemas import ReportUrl
from app.reports.importer import PDF

router = APIRouter(prefix="/v1/imports", tags=["imports"], dependencies=[AdminOnly], route_class=FileRoute)

_BINARY = {"schema": {"type": "string", "format": "binary", "maxLength": 32 * 1024 * 1024}}
DESCRIPTION = """Record what one file holds, in one transaction, audited as the caller, idempotently (the same
file twice changes nothing). `Content-Type` says what the file is: an edition of Ofsted's official statistics
(`application/vnd.oasis.opendocument.spreadsheet`, or the xlsx type), or the community report-scrape history
(`text/csv`), or one of Ofsted's report PDFs on a local authority's children's services (`application/pdf`:
the inspection, its judgements and each point of what needs to improve as findings, recorded with
`report_pdf` provenance; `authority_code` where the title does not name one authority, `published_on` when
the inspection is not on record yet and the report prints no date, `report_url` for the record; a dry run
answers the record as extracted, for a person to check). Each record is matched to a stored inspection by DOMAIN.md's identity rules and the more
authoritative source wins field by field; a row that makes no valid record is listed in `skipped` with its
reason and nothing of it is stored. A file that is none of the kinds, a corrupt spreadsheet or a CSV with
another header: 422 `unrecognised-file`, nothing changed. Bodies up to 32 MiB; other content types 415."""


@router.post(
    "",
    response_model=ImportSummaryRead,
    responses=docs.problems(403, 413, 415),
    dependencies=[Idempotent],
    summary="Import a file into the record (admin)",
    description=DESCRIPTION,
    openapi_extra={
        "requestBody": {"required": True, "content": {t: _BINARY for t in kinds.media_types()}},
    },
)
async def import_file(
    request: Request,
    ctx: CtxDep,
    dry_run: Annotated[bool, Query(description="Do everything but store.")] = False,
    authority_code: Annotated[
        AuthorityCode | None,
        Query(max_length=9, description="Report PDFs: the authority, where the title does not name one."),
    ] = None,
    published_on: Annotated[
        IsoDate | None,
        Query(description="Report PDFs: the publication date, needed when the inspection is new to the record."),
    ] = None,
    report_url: Annotated[ReportUrl | None, Query(description="Report PDFs: where the report is published.")] = None,
) -> Response:
    kind = kinds.by_media_type(request.headers.get("content-type", ""))
    if kind is None:
        raise UnsupportedMediaType("Send one of: " + ", ".join(kinds.media_types()) + ".")
    if kind.name != "report_pdf" and (authority_code or published_on or report_url):
        raise ValidationFailed(f"authority_code, published_on and report_url apply to {PDF} only.")
    data = await request.body()
    if not data:
        raise ValidationFailed("The body is empty: send the file as the request body.")
    try:
        options = {k: v for k, v in request.query_params.items() if k != "dry_run"}
        summary = await service.import_file(ctx, data, "upload", kind, dry_run=dry_run, options=options)
    except UnrecognisedFile as error:
        raise UnrecognisedFileProblem(f"Not {kind.describe}: {error}.") from None
    return json_response(summary.as_json())
