"""What the report reads beyond the timeline, each behind one small function naming the feature it draws on:
findings with their actions, the action plan with its exception report, the self-evaluation, engagement
meetings and the grade counts it benchmarks against. Everything as the caller may see it."""

import uuid
from collections.abc import Sequence
from datetime import date

import sqlalchemy as sa

from app.action_items import summary
from app.action_items.schemas import ActionPlanSummary, StatusCounts
from app.action_items.vocabulary import ActionStatus
from app.committee_report.schemas import ReportFinding, SelfEvaluationNote
from app.core import policy
from app.core.context import Context
from app.core.responses import json_bytes
from app.engagement_meetings import repository as meetings
from app.engagement_meetings.schemas import EngagementMeetingRead
from app.findings.schemas import FindingRead
from app.inspections.schemas import InspectionRead
from app.inspections.vocabulary import Area, FindingKind
from app.models import ActionItem, Finding, SelfEvaluation
from app.stats import service as stats
from app.stats.cache import GradeStatsCache
from app.stats.schemas import GradeCounts, GradeStats

KIND_ORDER = {FindingKind.priority_action: 0, FindingKind.area_for_improvement: 1, FindingKind.strength: 2}
# The committee reads every overdue item; the summary endpoint allows at most this many.
OVERDUE_LIMIT = 200


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


async def action_plan(ctx: Context, code: str, as_of: date, since: date) -> ActionPlanSummary:
    """The action-plan summary with its exception report, exactly as its endpoint gives it."""
    return await summary.summarise(ctx, code, overdue_limit=OVERDUE_LIMIT, since=since, as_of=as_of)


async def self_evaluation(ctx: Context, code: str, as_of: date) -> SelfEvaluationNote | None:
    if not policy.may_read_self_evaluations_of(ctx.principal, code):
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


async def engagement_meetings(ctx: Context, code: str, since: date, as_of: date) -> list[EngagementMeetingRead]:
    """Meetings held from ``since`` to ``as_of``, for callers who may see them (as self-evaluations); none
    otherwise."""
    if not policy.may_read_self_evaluations_of(ctx.principal, code):
        return []
    return [
        EngagementMeetingRead.model_validate(m) for m in await meetings.held_between(ctx.session, code, since, as_of)
    ]


async def grade_counts(
    ctx: Context, as_of: date, area: Area, where: stats.Where, cache: GradeStatsCache
) -> GradeCounts:
    """The statistics' counts as at ``as_of`` (published by then), for England, a region or an authority's
    statistical neighbours (none on record: nothing counted), through ``cache``: the same entry as
    ``GET /v1/stats/grades`` asked the same question, emptied when anything counted changes."""

    async def body() -> bytes:
        return json_bytes(await stats.grades(ctx, as_of, as_of, area, where))

    cached = await cache.get(stats.grades_cache_key(as_of, as_of, area, where), body)
    return GradeStats.model_validate_json(cached).counts
