"""Findings of one inspection: final once it is published, their areas those of its framework."""

import uuid
from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from fastapi import Request

from app.core import audit
from app.core.context import Context
from app.core.errors import Conflict, NotFound
from app.core.pagination import PageParams, SortKey, paginate
from app.core.responses import check_if_match
from app.findings.schemas import FindingCreate, FindingUpdate
from app.inspections import rules
from app.inspections import service as inspections
from app.inspections.vocabulary import Area, InspectionStatus
from app.models import ActionItem, Finding, Inspection

RESOURCE = inspections.FINDING_RESOURCE
ORDER = SortKey(columns=(Finding.created_at, Finding.id), types=(datetime, uuid.UUID))
WHAT = "findings"


def snapshot(finding: Finding) -> dict[str, Any]:
    return {"inspection_id": finding.inspection_id, "kind": finding.kind, "text": finding.text, "area": finding.area}


async def list_page(ctx: Context, inspection_id: uuid.UUID, params: PageParams) -> Sequence[Finding]:
    await inspections.get_or_404(ctx, inspection_id)
    stmt = paginate(sa.select(Finding).where(Finding.inspection_id == inspection_id), ORDER, params)
    return (await ctx.session.scalars(stmt)).all()


async def get_or_404(ctx: Context, inspection_id: uuid.UUID, finding_id: uuid.UUID) -> Finding:
    await inspections.get_or_404(ctx, inspection_id)
    finding = await ctx.session.get(Finding, finding_id)
    if finding is None or finding.inspection_id != inspection_id:
        raise NotFound(f"Inspection {inspection_id} has no finding {finding_id}.")
    return finding


async def _enforce(ctx: Context, inspection: Inspection, areas: tuple[Area | None, ...]) -> None:
    candidate = replace(inspections.candidate_of(inspection), finding_areas=areas)
    await inspections.enforce_rules(
        ctx, inspection.authority_code, candidate, inspection.id, InspectionStatus(inspection.status)
    )


def _areas(findings: Sequence[Finding], skip: uuid.UUID | None = None) -> tuple[Area | None, ...]:
    return tuple(Area(f.area) if f.area else None for f in findings if f.id != skip)


async def _for_write(
    ctx: Context, request: Request, inspection_id: uuid.UUID, finding_id: uuid.UUID
) -> tuple[Inspection, Finding]:
    inspection = await inspections.get_or_404(ctx, inspection_id, for_update=True, with_findings=True)
    finding = next((f for f in inspection.findings if f.id == finding_id), None)
    if finding is None:
        raise NotFound(f"Inspection {inspection_id} has no finding {finding_id}.")
    check_if_match(request, finding.version)
    rules.ensure_outcomes_open(InspectionStatus(inspection.status), WHAT)
    return inspection, finding


async def create(ctx: Context, inspection_id: uuid.UUID, data: FindingCreate) -> Finding:
    inspection = await inspections.get_or_404(ctx, inspection_id, for_update=True, with_findings=True)
    rules.ensure_outcomes_open(InspectionStatus(inspection.status), WHAT)
    await _enforce(ctx, inspection, (*_areas(inspection.findings), data.area))
    now = inspections.stamp(datetime.now(UTC))
    finding = Finding(
        id=uuid.uuid4(),
        inspection_id=inspection.id,
        kind=data.kind.value,
        text=data.text,
        area=data.area.value if data.area else None,
        version=1,
        created_at=now,
        updated_at=now,
    )
    ctx.session.add(finding)
    await ctx.session.flush()
    audit.record_create(ctx, RESOURCE, finding.id, snapshot(finding))
    return finding


async def update(
    ctx: Context, request: Request, inspection_id: uuid.UUID, finding_id: uuid.UUID, data: FindingUpdate
) -> Finding:
    inspection, finding = await _for_write(ctx, request, inspection_id, finding_id)
    changes = {k: getattr(data, k) for k in data.model_fields_set}
    area = changes["area"] if "area" in changes else (Area(finding.area) if finding.area else None)
    await _enforce(ctx, inspection, (*_areas(inspection.findings, skip=finding.id), area))
    before = snapshot(finding)
    for name, value in changes.items():
        setattr(finding, name, value.value if hasattr(value, "value") else value)
    if await audit.record_update(ctx, finding, RESOURCE, finding.id, before, snapshot(finding)):
        await ctx.session.refresh(finding, ["updated_at"])
    return finding


async def delete(ctx: Context, request: Request, inspection_id: uuid.UUID, finding_id: uuid.UUID) -> None:
    inspection, finding = await _for_write(ctx, request, inspection_id, finding_id)
    answered = await ctx.session.scalar(sa.select(sa.func.count()).where(ActionItem.finding_id == finding.id))
    if answered:
        raise Conflict(f"Finding {finding.id} is answered by {answered} action item(s); it cannot be deleted.")
    audit.record_delete(ctx, RESOURCE, finding.id, snapshot(finding))
    inspection.findings.remove(finding)
    await ctx.session.flush()
