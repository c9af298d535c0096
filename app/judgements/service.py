"""Judgements of one inspection. A judgement has no version of its own: every write bumps its inspection's
version, and If-Match on a judgement write is checked against the inspection's ETag."""

import uuid
from collections.abc import Sequence
from dataclasses import replace

from fastapi import Request

from app.core import audit
from app.core.context import Context
from app.core.errors import NotFound, ValidationFailed
from app.core.pagination import CURSOR_MESSAGE, PageParams, decode_cursor, encode_cursor
from app.core.responses import check_if_match
from app.inspections import rules
from app.inspections import service as inspections
from app.inspections.schemas import JudgementRead
from app.inspections.vocabulary import Area, Grade, InspectionStatus
from app.models import Inspection, Judgement

WHAT = "judgements"


async def _for_write(ctx: Context, request: Request, inspection_id: uuid.UUID) -> Inspection:
    inspection = await inspections.get_or_404(ctx, inspection_id, for_update=True, with_findings=True)
    check_if_match(request, inspection.version)
    rules.ensure_outcomes_open(InspectionStatus(inspection.status), WHAT)
    return inspection


async def _changed(
    ctx: Context, inspection: Inspection, resource_id: str, action: audit.Action, change: list[str | None]
) -> None:
    inspection.version += 1
    await ctx.session.flush()
    await ctx.session.refresh(inspection, ["updated_at"])
    audit.record(ctx, action, inspections.JUDGEMENT_RESOURCE, resource_id, {"grade": change})


async def put(
    ctx: Context, request: Request, inspection_id: uuid.UUID, area: Area, grade: Grade
) -> tuple[Inspection, JudgementRead, bool]:
    """Set the grade of ``area``; True when the judgement is new."""
    inspection = await _for_write(ctx, request, inspection_id)
    existing = next((j for j in inspection.judgements if j.area == area.value), None)
    stored = inspections.candidate_of(inspection)
    others = tuple((a, g) for a, g in stored.judgements if a != area)
    await inspections.enforce_rules(
        ctx,
        inspection.authority_code,
        replace(stored, judgements=(*others, (area, grade))),
        inspection.id,
        InspectionStatus(inspection.status),
    )
    resource_id = inspections.judgement_resource_id(inspection.id, area)
    if existing is None:
        inspection.judgements.append(Judgement(area=area.value, grade=grade.value))
        await _changed(ctx, inspection, resource_id, audit.Action.create, [None, grade.value])
    elif existing.grade != grade.value:
        old, existing.grade = existing.grade, grade.value
        await _changed(ctx, inspection, resource_id, audit.Action.update, [old, grade.value])
    return inspection, JudgementRead.of(area, grade), existing is None


async def delete(ctx: Context, request: Request, inspection_id: uuid.UUID, area: Area) -> None:
    inspection = await _for_write(ctx, request, inspection_id)
    existing = next((j for j in inspection.judgements if j.area == area.value), None)
    if existing is None:
        raise NotFound(f"Inspection {inspection_id} has no judgement of {area}.")
    stored = inspections.candidate_of(inspection)
    candidate = replace(stored, judgements=tuple((a, g) for a, g in stored.judgements if a != area))
    await inspections.enforce_rules(
        ctx, inspection.authority_code, candidate, inspection.id, InspectionStatus(inspection.status)
    )
    inspection.judgements.remove(existing)
    await _changed(
        ctx,
        inspection,
        inspections.judgement_resource_id(inspection.id, area),
        audit.Action.delete,
        [existing.grade, None],
    )


async def get_one(ctx: Context, inspection_id: uuid.UUID, area: Area) -> tuple[Inspection, JudgementRead]:
    inspection = await inspections.get_or_404(ctx, inspection_id)
    existing = next((j for j in inspection.judgements if j.area == area.value), None)
    if existing is None:
        raise NotFound(f"Inspection {inspection_id} has no judgement of {area}.")
    return inspection, JudgementRead.of(existing.area, existing.grade)


async def list_of(
    ctx: Context, inspection_id: uuid.UUID, params: PageParams
) -> tuple[Sequence[JudgementRead], str | None]:
    """One page of the inspection's judgements in the framework's order; the cursor is the last area given."""
    inspection = await inspections.get_or_404(ctx, inspection_id)
    items = inspections.ordered_judgements(inspection.framework, {j.area: j.grade for j in inspection.judgements})
    start = 0
    if params.cursor:
        (after,) = decode_cursor(params.cursor, (str,))
        areas = [i.area.value for i in items]
        if after not in areas:
            raise ValidationFailed.field("cursor", CURSOR_MESSAGE)
        start = areas.index(after) + 1
    page = items[start : start + params.limit]
    more = start + params.limit < len(items)
    return page, params.signed(encode_cursor([page[-1].area.value])) if more and page else None
