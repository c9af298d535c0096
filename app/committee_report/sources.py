"""What the report reads beyond the timeline, each behind one small function so that it can follow the features
it draws on: the action plan with its exception report, findings with their actions, the self-evaluation,
engagement meetings and the grade counts it benchmarks against. Everything as the caller may see it."""

import uuid
from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta

import sqlalchemy as sa

from app.action_items import repository as items
from app.action_items.schemas import ActionItemRead, RagCounts, StatusCounts, action_item_json
from app.action_items.vocabulary import ActionStatus, Rag
from app.authorities.regions import Region
from app.committee_report.schemas import ActionPlanReport, EngagementMeetingNote, ReportFinding, SelfEvaluationNote
from app.core.context import Context
from app.findings.schemas import FindingRead
from app.inspections.schemas import InspectionRead
from app.inspections.vocabulary import Area, FindingKind
from app.models import ActionItem, AuditEvent, Finding, SelfEvaluation
from app.stats import service as stats
from app.stats.schemas import GradeCounts

ANSWERED_KINDS = (FindingKind.priority_action, FindingKind.area_for_improvement)
KIND_ORDER = {FindingKind.priority_action: 0, FindingKind.area_for_improvement: 1, FindingKind.strength: 2}


async def findings_with_actions(ctx: Context, activities: Sequence[InspectionRead]) -> list[ReportFinding]:
    """The findings of ``activities`` (in their order, priority actions first), each with its actions by status."""
    by_id = {a.id: a for a in activities}
    if not by_id:
        return []
    found = (await ctx.session.scalars(sa.select(Finding).where(Finding.inspection_id.in_(by_id)))).all()
    counted = await ctx.session.execute(
        sa.select(ActionItem.finding_id, ActionItem.status, sa.func.count())
        .where(ActionItem.finding_id.in_([f.id for f in found]))
        .group_by(ActionItem.finding_id, ActionItem.status)
    )
    actions: dict[uuid.UUID | None, dict[str, int]] = {}
    for finding_id, status, count in counted.all():
        actions.setdefault(finding_id, dict.fromkeys([s.value for s in ActionStatus], 0))[status] = count
    order = {a.id: n for n, a in enumerate(activities)}
    found = sorted(found, key=lambda f: (order[f.inspection_id], KIND_ORDER[FindingKind(f.kind)], f.created_at))
    zero = dict.fromkeys([s.value for s in ActionStatus], 0)
    return [
        ReportFinding(
            **FindingRead.model_validate(f).model_dump(),
            inspection_type=by_id[f.inspection_id].type,
            published_on=by_id[f.inspection_id].published_on,
            actions=StatusCounts(**actions.get(f.id, zero)),
        )
        for f in found
    ]


async def _rescheduled_ids(ctx: Context, ids: Sequence[uuid.UUID], since: date, as_of: date) -> set[str]:
    """Items whose due date was changed after ``since`` (and by the end of ``as_of``), as the audit trail shows."""
    if not ids:
        return set()
    start = datetime.combine(since, time(), UTC) + timedelta(days=1)
    end = datetime.combine(as_of, time(), UTC) + timedelta(days=1)
    rows = await ctx.session.scalars(
        sa.select(AuditEvent.resource_id).where(
            AuditEvent.resource_type == "action_item",
            AuditEvent.action == "update",
            AuditEvent.resource_id.in_([str(i) for i in ids]),
            AuditEvent.changes.has_key("due_on"),
            AuditEvent.at >= start,
            AuditEvent.at < end,
        )
    )
    return set(rows)


async def action_plan(
    ctx: Context, code: str, as_of: date, since: date, findings: Sequence[ReportFinding]
) -> ActionPlanReport:
    """The action-plan summary as of ``as_of`` with the exception report since ``since``, from the authority's
    items (tens, read in one statement with ``overdue`` and ``rag`` computed for ``as_of``)."""
    rows = await items.list_all(ctx.session, ctx.principal, as_of, items.ItemFilters(authority_code=code))
    every = [ActionItemRead.model_validate(action_item_json(r)) for r in rows]
    by_status = dict.fromkeys([s.value for s in ActionStatus], 0)
    by_rag = dict.fromkeys([r.value for r in Rag], 0)
    for item in every:
        by_status[item.status.value] += 1
        if item.rag is not None:
            by_rag[item.rag.value] += 1
    rescheduled = await _rescheduled_ids(ctx, [i.id for i in every], since, as_of)
    answered = {i.finding_id for i in every if i.finding_id is not None and i.status is not ActionStatus.cancelled}
    return ActionPlanReport(
        authority_code=code,
        as_of=as_of,
        by_status=StatusCounts(**by_status),
        by_rag=RagCounts(**by_rag),
        overdue=[i for i in every if i.overdue],
        since=since,
        rescheduled_since=[i for i in every if str(i.id) in rescheduled],
        completed_since=[i for i in every if i.completed_on is not None and since <= i.completed_on <= as_of],
        became_overdue_since=[i for i in every if i.overdue and since <= i.due_on],
        findings_without_actions=[
            FindingRead.model_validate(f.model_dump())
            for f in findings
            if f.kind in ANSWERED_KINDS and f.id not in answered
        ],
    )


async def self_evaluation(ctx: Context, code: str, as_of: date) -> SelfEvaluationNote | None:
    if not ctx.principal.may_read_self_evaluations_of(code):
        return None
    row = (
        await ctx.session.execute(
            sa.select(SelfEvaluation.year, SelfEvaluation.shared_on)
            .where(SelfEvaluation.authority_code == code, SelfEvaluation.year <= as_of.year)
            .order_by(SelfEvaluation.year.desc())
            .limit(1)
        )
    ).one_or_none()
    return None if row is None else SelfEvaluationNote(year=row.year, shared_on=row.shared_on)


async def engagement_meetings(ctx: Context, code: str, since: date, as_of: date) -> list[EngagementMeetingNote]:
    """Engagement meetings held between ``since`` and ``as_of``: none are recorded by this version of the
    service (the resource arrives with its own issue), so the section reads "none recorded"."""
    return []


async def grade_counts(ctx: Context, as_of: date, area: Area, region: Region | None) -> GradeCounts:
    return (await stats.grade_stats(ctx, as_of, area, region)).counts


async def neighbour_counts(ctx: Context, code: str, as_of: date, area: Area) -> GradeCounts:
    """Its statistical neighbours' grades: no neighbours are on record in this version, and an authority with
    none counts nothing (API.md "Statistics")."""
    return GradeCounts(outstanding=0, good=0, requires_improvement=0, inadequate=0, not_graded=0, not_inspected=0)
