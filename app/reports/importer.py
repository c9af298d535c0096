"""A report PDF as one of the importer's kinds (``app.imports.kinds``): read into one ``SourceRecord`` with
``report_pdf`` provenance, its authority resolved, then written by the importer's precedence like any other
source (``app.imports.writer``), and its findings added here.

- The authority: the one the title names (``rules.authority_rule``), or ``authority_code`` where the title is
  ambiguous; a code that contradicts the title is refused.
- Findings follow the precedence too: the report's are added to an inspection that has none; findings already
  on record (a person's entry through the API, or this report before) stand, and importing again adds nothing.
- On a dry run the answer's record is what was extracted (no ids); otherwise the inspection as
  ``GET /v1/inspections/{id}`` gives it, with its findings.
"""

import hashlib
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

import orjson
import sqlalchemy as sa

from app.core import audit
from app.core.context import Context
from app.core.errors import FieldError, ValidationFailed
from app.core.responses import json_body
from app.findings.schemas import FindingRead
from app.imports.authority_names import AuthorityDirectory
from app.imports.records import AuthorityRef, ParsedFile, Skipped, Source, SourceRecord, UnrecognisedFile
from app.imports.summary import ImportSummary
from app.inspections import service as inspections
from app.inspections.schemas import inspection_json, judgements_json
from app.inspections.vocabulary import InspectionStatus, SourceKind
from app.models import Authority, Finding, Inspection
from app.reports.reader import ReportRefused, read_report_file_sync
from app.reports.rules import authority_rule

PDF = "application/pdf"
LOCATION = "report"
FINDINGS = "report: findings"


@dataclass(frozen=True, slots=True)
class ReportOptions:
    """What the caller adds to a report: the authority where the title is ambiguous, the publication date
    (needed when the record is new and the report prints none) and the report's address."""

    authority_code: str | None = None
    published_on: date | None = None
    report_url: str | None = None

    @classmethod
    def from_query(cls, options: Mapping[str, str]) -> "ReportOptions":
        """From the request's query parameters (validated by the route) or the command line's options."""
        published = options.get("published_on")
        try:
            published_on = date.fromisoformat(published) if published else None
        except ValueError:
            raise _refuse("published_on", f"{published!r} is not a date (YYYY-MM-DD)") from None
        return cls(options.get("authority_code"), published_on, options.get("report_url"))


def is_pdf(data: bytes) -> bool:
    return data.lstrip()[:5] == b"%PDF-"


def read_pdf(data: bytes, file_name: str, options: Mapping[str, str]) -> ParsedFile:
    """The importer's reader of a report PDF (run in a thread; the PDF itself is parsed in a child process).
    The caller's options are applied later (``prepare``): resolving the authority needs the register."""
    try:
        report = read_report_file_sync(data)
    except ReportRefused as refused:
        raise UnrecognisedFile(str(refused)) from None
    reference = "sha256:" + hashlib.sha256(data).hexdigest()[:16]
    parsed = ParsedFile(source=Source(SourceKind.report_pdf, reference))
    parsed.records.append(
        SourceRecord(
            location=LOCATION,
            authority=AuthorityRef(name=report.authority_name),
            type=report.type,
            framework=report.framework,
            fieldwork_start=report.fieldwork_start,
            fieldwork_end=report.fieldwork_end,
            published_on=report.published_on,
            judgements=dict(report.judgements),
            lead_inspector=report.lead_inspector,
            findings=report.findings,
        )
    )
    return parsed


def _refuse(field: str, message: str) -> ValidationFailed:
    return ValidationFailed(message, errors=[FieldError(field, message)])


async def _authority(ctx: Context, printed: str, wanted: str | None) -> str:
    rows = (await ctx.session.execute(sa.select(Authority.code, Authority.name, Authority.status))).all()
    named = authority_rule(printed, [(code, name, status == "current") for code, name, status in rows])
    if wanted is not None:
        directory = await AuthorityDirectory.load(ctx.session)
        code = directory.codes.get(wanted)
        if code is None:
            raise _refuse("authority_code", f"no authority {wanted} on the register")
        if len(named) == 1 and named[0] != code:
            raise _refuse("authority_code", f"the report's title names {printed!r} ({named[0]}), not {wanted}")
        return code
    if len(named) == 1:
        return named[0]
    which = f"matches {', '.join(named)}" if named else "matches no authority on the register"
    raise _refuse("authority_code", f"the report's title names {printed!r}, which {which}: give authority_code")


async def prepare(ctx: Context, parsed: ParsedFile, options: ReportOptions) -> ParsedFile:
    """The record's authority resolved and the caller's additions applied; the source referenced by the
    report's address where given (else the file's SHA-256), so the same report twice is the same source."""
    [record] = parsed.records
    printed_on = record.published_on
    if options.published_on and printed_on and options.published_on != printed_on:
        raise _refuse("published_on", f"{options.published_on} contradicts the report's own {printed_on}")
    record.authority = AuthorityRef(code=await _authority(ctx, record.authority.name or "", options.authority_code))
    record.published_on = options.published_on or printed_on
    record.report_url = options.report_url
    reference = options.report_url or parsed.source.reference
    return ParsedFile(source=Source(SourceKind.report_pdf, reference), records=[record], skipped=parsed.skipped)


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _extracted(record: SourceRecord, reference: str | None) -> dict[str, Any]:
    """The record as extracted, in the shape ``GET /v1/inspections/{id}`` gives, without ids."""
    return {
        "authority_code": record.authority.code,
        "type": record.type.value,
        "framework": record.framework.value,
        "status": InspectionStatus.published.value,
        "notified_on": None,
        "fieldwork_start": _iso(record.fieldwork_start),
        "fieldwork_end": _iso(record.fieldwork_end),
        "published_on": _iso(record.published_on),
        "report_url": record.report_url,
        "lead_inspector": record.lead_inspector,
        "inspector_count": None,
        "themes": [],
        "partner_inspectorates": [],
        "judgements": judgements_json(record.framework, [(a.value, g.value) for a, g in record.judgements.items()]),
        "published_by": None,
        "sources": [{"kind": SourceKind.report_pdf.value, "reference": reference, "recorded_at": None}],
        "findings": [{"kind": kind.value, "text": text, "area": None} for kind, text in record.findings],
    }


async def _findings(ctx: Context, inspection: Inspection, record: SourceRecord, summary: ImportSummary) -> None:
    stored = (await ctx.session.scalars(sa.select(Finding).where(Finding.inspection_id == inspection.id))).all()
    wanted = [(kind.value, text) for kind, text in record.findings]
    if stored:
        summary.unchanged["finding"] += len(stored)
        if sorted((f.kind, f.text) for f in stored) != sorted(wanted):
            summary.skipped.append(Skipped(FINDINGS, "the findings on record stand; the report's were not added"))
        return
    # Findings list oldest first, ties by id: ids ascending in the printed order keep that order.
    for finding_id, (kind, text) in zip(sorted(uuid.uuid4() for _ in wanted), wanted, strict=True):
        finding = Finding(id=finding_id, inspection_id=inspection.id, kind=kind, text=text, area=None, version=1)
        ctx.session.add(finding)
        audit.record_create(ctx, inspections.FINDING_RESOURCE, finding_id, {"kind": kind, "text": text, "area": None})
        summary.added["finding"] += 1
    await ctx.session.flush()


async def complete(ctx: Context, parsed: ParsedFile, summary: ImportSummary) -> None:
    """After the writer: refuse a report whose record it could not take, add the findings, answer the record."""
    [record] = parsed.records
    refused = [s for s in summary.skipped if s.location == LOCATION]
    if refused:
        reason = refused[0].reason
        if "no publication date" in reason:
            raise _refuse("published_on", "published_on is needed: this report's inspection is not on record yet")
        raise _refuse("body", f"the report's record breaks a rule: {reason}")
    [inspection_id] = summary.inspection_ids  # the one the writer added or matched
    inspection = await ctx.session.get_one(Inspection, inspection_id)
    await _findings(ctx, inspection, record, summary)
    if summary.dry_run:
        summary.records = [_extracted(record, parsed.source.reference)]
        return
    row = await inspections.read_or_404(ctx, inspection.id)
    findings = (
        await ctx.session.scalars(
            sa.select(Finding).where(Finding.inspection_id == inspection.id).order_by(Finding.created_at, Finding.id)
        )
    ).all()
    body = inspection_json(row)
    body["findings"] = [FindingRead.model_validate(f).model_dump() for f in findings]
    summary.records = [orjson.loads(json_body(body))]  # as the API writes it (timestamps with Z)
