"""Recording inspections: every create and change is checked against ``app.inspections.rules`` on the whole."""

import uuid
from collections.abc import Iterable, Mapping
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

import sqlalchemy as sa
from fastapi import Request

from app.authorities import service as authorities
from app.core import audit
from app.core.context import Context
from app.core.errors import Conflict, NotFound, ValidationFailed
from app.core.responses import check_if_match
from app.inspections import provenance, reads, repository, rules
from app.inspections.rules import Candidate, Surroundings
from app.inspections.schemas import InspectionCreate, InspectionUpdate, JudgementRead, inspection_json
from app.inspections.vocabulary import FRAMEWORKS, Area, Framework, InspectionStatus, InspectionType
from app.models import Authority, Finding, Inspection, InspectionTheme, Judgement

RESOURCE = "inspection"
JUDGEMENT_RESOURCE = "judgement"
FINDING_RESOURCE = "finding"
FIELDS = (
    "authority_code",
    "type",
    "framework",
    "framework_chosen",
    "status",
    "notified_on",
    "fieldwork_start",
    "fieldwork_end",
    "published_on",
    "report_url",
    "lead_inspector",
    "inspector_count",
)
ELIGIBILITY_TYPES = frozenset({InspectionType.short_inspection, InspectionType.monitoring_visit})


def stamp(now: datetime, offset: int = 0) -> datetime:
    """Creation time stamped by the application, so that findings keep the order they were given in (now() is
    the same for every row of a transaction)."""
    return now + timedelta(microseconds=offset)


def judgement_resource_id(inspection_id: uuid.UUID, area: str) -> str:
    """Audit events of a judgement name it as its path does: ``<inspection_id>/<area>``."""
    return f"{inspection_id}/{area}"


def snapshot(inspection: Inspection) -> dict[str, Any]:
    values = {f: getattr(inspection, f) for f in FIELDS}
    values["themes"] = list(inspection.themes)
    values["partner_inspectorates"] = list(inspection.partner_inspectorates)
    return values


def ordered_judgements(framework: str, grades: Mapping[str, str]) -> list[JudgementRead]:
    """Judgements in the order of the framework's areas (any stray area last)."""
    order = {area.value: i for i, area in enumerate(FRAMEWORKS[Framework(framework)].areas)}
    return [JudgementRead.of(area, grades[area]) for area in sorted(grades, key=lambda a: (order.get(a, 99), a))]


def candidate_of(inspection: Inspection, *, with_findings: bool = True) -> Candidate:
    """The stored inspection as a candidate (judgements, themes, and findings when loaded)."""
    return Candidate(
        type=InspectionType(inspection.type),
        framework=Framework(inspection.framework),
        status=InspectionStatus(inspection.status),
        notified_on=inspection.notified_on,
        fieldwork_start=inspection.fieldwork_start,
        fieldwork_end=inspection.fieldwork_end,
        published_on=inspection.published_on,
        themes=tuple(inspection.themes),
        partner_inspectorates=tuple(inspection.partner_inspectorates),
        judgements=tuple((Area(j.area), j.grade) for j in inspection.judgements),
        finding_areas=tuple(Area(f.area) if f.area else None for f in inspection.findings) if with_findings else (),
    )


async def enforce_rules(
    ctx: Context,
    authority_code: str,
    candidate: Candidate,
    inspection_id: uuid.UUID | None,
    current: InspectionStatus | None,
) -> None:
    """Gather what the rules need from outside the inspection, then apply every rule to the candidate."""
    prior = None
    if candidate.type in ELIGIBILITY_TYPES:
        prior = await repository.prior_graded(ctx.session, authority_code, inspection_id, candidate.fieldwork_start)
    surroundings = Surroundings(
        today=ctx.today(),
        theme_applies_to=await repository.theme_applies_to(ctx.session, candidate.themes),
        prior=prior,
    )
    rules.enforce(candidate, surroundings, current)


async def read_or_404(ctx: Context, inspection_id: uuid.UUID) -> sa.Row[Any]:
    """The inspection as the API shows it (``schemas.inspection_json``) if the caller may see it, or 404."""
    row = await reads.read_visible(ctx.session, ctx.principal, inspection_id)
    if row is None:
        raise NotFound(f"No inspection with id {inspection_id}.")
    return row


async def timeline(ctx: Context, code: str) -> dict[str, Any]:
    """Every inspection of the authority the caller may see, oldest first (``TimelineRead``); 404: no authority."""
    rows = await reads.timeline(ctx.session, ctx.principal, code)
    if not rows:
        raise authorities.not_found(code)
    items = [inspection_json(row) for row in rows if row.id is not None]
    return {"authority_code": rows[0].timeline_authority, "items": items}


async def get_or_404(
    ctx: Context, inspection_id: uuid.UUID, *, for_update: bool = False, with_findings: bool = False
) -> Inspection:
    """The inspection if the caller may see it; otherwise it does not exist (the embargo)."""
    inspection = await repository.get_visible(
        ctx.session, ctx.principal, inspection_id, for_update=for_update, with_findings=with_findings
    )
    if inspection is None:
        raise NotFound(f"No inspection with id {inspection_id}.")
    return inspection


def record_outcomes_created(ctx: Context, inspection: Inspection, findings: Iterable[Finding]) -> None:
    """Audit events of a new inspection's judgements and findings (the inspection's own event is apart)."""
    for j in inspection.judgements:
        audit.record_create(ctx, JUDGEMENT_RESOURCE, judgement_resource_id(inspection.id, j.area), {"grade": j.grade})
    for f in findings:
        audit.record_create(
            ctx,
            FINDING_RESOURCE,
            f.id,
            {"inspection_id": inspection.id, "kind": f.kind, "text": f.text, "area": f.area},
        )


async def create(ctx: Context, data: InspectionCreate) -> Inspection:
    if await ctx.session.get(Authority, data.authority_code) is None:
        raise ValidationFailed.field("authority_code", f"no authority with code {data.authority_code}")
    framework = data.framework or rules.default_framework(data.type, data.fieldwork_start, ctx.today())
    candidate = Candidate(
        type=data.type,
        framework=framework,
        status=data.status,
        notified_on=data.notified_on,
        fieldwork_start=data.fieldwork_start,
        fieldwork_end=data.fieldwork_end,
        published_on=data.published_on,
        themes=tuple(data.themes),
        partner_inspectorates=tuple(p.value for p in data.partner_inspectorates),
        judgements=tuple((j.area, j.grade.value) for j in data.judgements),
        finding_areas=tuple(f.area for f in data.findings),
    )
    await enforce_rules(ctx, data.authority_code, candidate, None, None)
    now = datetime.now(UTC)
    findings = [
        Finding(
            id=uuid.uuid4(),
            kind=f.kind.value,
            text=f.text,
            area=f.area.value if f.area else None,
            version=1,
            created_at=stamp(now, i),
            updated_at=stamp(now, i),
        )
        for i, f in enumerate(data.findings)
    ]
    inspection = Inspection(
        id=uuid.uuid4(),
        authority_code=data.authority_code,
        type=data.type.value,
        framework=framework.value,
        framework_chosen=data.framework is not None,
        status=data.status.value,
        notified_on=data.notified_on,
        fieldwork_start=data.fieldwork_start,
        fieldwork_end=data.fieldwork_end,
        published_on=data.published_on,
        report_url=data.report_url,
        lead_inspector=data.lead_inspector,
        inspector_count=data.inspector_count,
        partner_inspectorates=list(candidate.partner_inspectorates),
        version=1,
        judgements=[Judgement(area=a.value, grade=g) for a, g in candidate.judgements],
        theme_links=[InspectionTheme(theme_slug=slug) for slug in data.themes],
        findings=findings,
    )
    ctx.session.add(inspection)
    await ctx.session.flush()
    await provenance.note_entered(ctx.session, inspection, data.model_fields_set)
    audit.record_create(ctx, RESOURCE, inspection.id, snapshot(inspection))
    record_outcomes_created(ctx, inspection, findings)
    return inspection


def _changed_candidate(inspection: Inspection, changes: dict[str, Any], ctx: Context) -> tuple[Candidate, bool]:
    """The candidate after a PATCH, and whether the framework is (still) the client's choice."""
    stored = candidate_of(inspection)
    plain = {
        k: v
        for k, v in changes.items()
        if k in {"type", "status", "notified_on", "fieldwork_start", "fieldwork_end", "published_on"}
    }
    candidate = replace(stored, **plain)
    if "themes" in changes:
        candidate = replace(candidate, themes=tuple(changes["themes"]))
    if "partner_inspectorates" in changes:
        candidate = replace(candidate, partner_inspectorates=tuple(p.value for p in changes["partner_inspectorates"]))
    chosen = inspection.framework_chosen
    if "framework" in changes:
        chosen = changes["framework"] is not None
    if chosen:
        framework = changes.get("framework") or candidate.framework
    else:
        framework = rules.default_framework(candidate.type, candidate.fieldwork_start, ctx.today())
    return replace(candidate, framework=Framework(framework)), chosen


async def update(ctx: Context, request: Request, inspection_id: uuid.UUID, data: InspectionUpdate) -> Inspection:
    inspection = await get_or_404(ctx, inspection_id, for_update=True, with_findings=True)
    check_if_match(request, inspection.version)
    changes = {k: getattr(data, k) for k in data.model_fields_set}
    candidate, chosen = _changed_candidate(inspection, changes, ctx)
    await enforce_rules(ctx, inspection.authority_code, candidate, inspection.id, InspectionStatus(inspection.status))
    before = snapshot(inspection)
    for name in (
        "notified_on",
        "fieldwork_start",
        "fieldwork_end",
        "published_on",
        "report_url",
        "lead_inspector",
        "inspector_count",
    ):
        if name in changes:
            setattr(inspection, name, changes[name])
    inspection.type = candidate.type.value
    inspection.status = candidate.status.value
    inspection.framework = candidate.framework.value
    inspection.framework_chosen = chosen
    inspection.partner_inspectorates = list(candidate.partner_inspectorates)
    if "themes" in changes:
        wanted = list(dict.fromkeys(candidate.themes))
        inspection.theme_links = [link for link in inspection.theme_links if link.theme_slug in wanted] + [
            InspectionTheme(theme_slug=slug) for slug in wanted if slug not in inspection.themes
        ]
    diff = audit.diff(before, snapshot(inspection))
    if diff:
        await provenance.note_entered(ctx.session, inspection, diff)
    if await audit.record_update(ctx, inspection, RESOURCE, inspection.id, before, snapshot(inspection)):
        await ctx.session.refresh(inspection, ["updated_at"])
    return inspection


async def delete(ctx: Context, request: Request, inspection_id: uuid.UUID) -> None:
    inspection = await get_or_404(ctx, inspection_id, for_update=True, with_findings=True)
    check_if_match(request, inspection.version)
    rules.ensure_deletable(InspectionStatus(inspection.status))
    blocking = await repository.references(ctx.session, inspection.id)
    if blocking:
        raise Conflict(f"Inspection {inspection.id} is still referred to by " + ", ".join(blocking) + ".")
    audit.record_delete(ctx, RESOURCE, inspection.id, snapshot(inspection))
    await ctx.session.delete(inspection)
    await ctx.session.flush()
