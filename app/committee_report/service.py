"""The committee report of one authority as at a date (API.md "Committee report"), assembled from the timeline,
the action plan, the forecast, the self-evaluation, engagement meetings and the grade statistics."""

from datetime import date, timedelta

from app.authorities import service as authorities
from app.authorities.regions import Region
from app.committee_report import comparison, sources
from app.committee_report.schemas import Benchmark, CommitteeReport
from app.core.context import Context
from app.forecast import service as forecasts
from app.inspections import reads
from app.inspections.schemas import InspectionRead, inspection_json
from app.inspections.vocabulary import AREA_LABELS, InspectionStatus
from app.stats.cache import GradeStatsCache
from app.stats.service import Where

DEFAULT_SINCE_DAYS = 90


def default_since(as_of: date) -> date:
    return as_of - timedelta(days=DEFAULT_SINCE_DAYS)


async def _history(ctx: Context, code: str, as_of: date) -> list[InspectionRead]:
    rows = await reads.timeline(ctx.session, ctx.principal, code)
    items = [InspectionRead.model_validate(inspection_json(r)) for r in rows if r.id is not None]
    return sorted((i for i in items if comparison.in_history(i, as_of)), key=comparison.began_order)


def _reported_activities(
    history: list[InspectionRead], latest: InspectionRead | None, as_of: date
) -> list[InspectionRead]:
    """The latest graded inspection and every activity published after it (all published ones without it)."""
    after = latest.published_on if latest is not None and latest.published_on else date.min
    later = [
        i
        for i in history
        if i.status is InspectionStatus.published and i.published_on is not None and after < i.published_on <= as_of
    ]
    return ([latest] if latest is not None else []) + sorted(later, key=lambda i: (i.published_on, str(i.id)))


async def build(ctx: Context, code: str, as_of: date, since: date, grade_cache: GradeStatsCache) -> CommitteeReport:
    authority = await authorities.get_or_404(ctx, code)
    history = await _history(ctx, authority.code, as_of)
    graded = comparison.graded_on_record(history, as_of)
    latest = graded[-1] if graded else None
    previous = graded[-2] if len(graded) > 1 else None
    findings = await sources.findings_with_actions(ctx, _reported_activities(history, latest, as_of))
    region = Region(authority.region)
    benchmarks = [
        Benchmark(
            area=area,
            area_label=AREA_LABELS[area],
            authority_grade=comparison.grade_in(latest, area),
            region=await sources.grade_counts(ctx, as_of, area, Where(region=region), grade_cache),
            neighbours=await sources.grade_counts(ctx, as_of, area, Where(neighbours_of=authority.code), grade_cache),
            england=await sources.grade_counts(ctx, as_of, area, Where(), grade_cache),
        )
        for area in comparison.BENCHMARK_AREAS
    ]
    return CommitteeReport(
        authority_code=authority.code,
        authority_name=authority.name,
        as_of=as_of,
        since=since,
        latest_graded=latest,
        previous_graded=previous,
        comparison=comparison.compare(latest, previous),
        history=history,
        findings=findings,
        action_plan=await sources.action_plan(ctx, authority.code, as_of, since),
        forecast=await forecasts.forecast(ctx, authority.code, as_of),
        self_evaluation=await sources.self_evaluation(ctx, authority.code, as_of),
        engagement_meetings=await sources.engagement_meetings(ctx, authority.code, since, as_of),
        benchmarks=benchmarks,
    )
