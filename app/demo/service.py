"""``ilacs demo-data`` and the first-run seed: a small, realistic demo on top of the national record.

For each demo authority: a self-evaluation, and an improvement plan answering its latest published inspection's
areas for improvement (a few findings are recorded for that inspection if it has none), items in every status
and RAG rating with their progress updates. One authority (``content.STORY_AUTHORITY``) tells the committee
story instead (``app.demo.story``): sources beyond the inspection, a rescheduled item with its reason, a finding
left without an action, and an engagement meeting. Everything goes through the domain services (so
every rule holds and every write is audited, by "ilacs demo-data"). Idempotent: an authority that already has
a plan, or a self-evaluation, gets no second one. ``--scale N`` adds benchmark data (``app.demo.scale``).
"""

import asyncio
import logging
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from app.action_items import progress
from app.action_items import service as items
from app.action_items.schemas import ActionItemCreate, ProgressUpdateCreate
from app.action_items.vocabulary import ActionStatus
from app.core import audit
from app.core.config import get_settings
from app.core.context import Context
from app.core.database import Database, make_command_engine
from app.core.security import local_principal
from app.demo import content, story
from app.improvement_plans import service as plans
from app.improvement_plans.schemas import ImprovementPlanCreate
from app.inspections import latest
from app.inspections.vocabulary import Area, FindingKind, Grade, InspectionStatus
from app.models import Authority, Finding, ImprovementPlan, Inspection, Judgement, SelfEvaluation
from app.self_evaluations import service as self_evaluations
from app.self_evaluations.schemas import SelfEvaluationCreate

log = logging.getLogger("ilacs.demo")
DEMO_PRINCIPAL = local_principal("ilacs demo-data")


@dataclass(slots=True)
class DemoSummary:
    plans: int = 0
    findings: int = 0
    items: int = 0
    updates: int = 0
    self_evaluations: int = 0
    engagement_meetings: int = 0
    skipped: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        return (
            f"demo: {self.plans} plans, {self.items} action items, {self.updates} progress updates, "
            f"{self.findings} findings, {self.self_evaluations} self-evaluations, "
            f"{self.engagement_meetings} engagement meetings added"
        )


async def _latest_inspection(session: AsyncSession, code: str) -> Inspection | None:
    """The latest published inspection, graded ones first: the report whose improvements the plan answers."""
    graded = Inspection.type.in_(latest.GRADED_TYPE_VALUES)
    return await session.scalar(
        sa.select(Inspection)
        .where(Inspection.authority_code == code, Inspection.status == InspectionStatus.published.value)
        .order_by(graded.desc(), *latest.LATEST_FIRST)
        .limit(1)
    )


async def _findings_for(ctx: Context, inspection: Inspection, summary: DemoSummary, how_many: int = 3) -> list[Finding]:
    existing = (
        await ctx.session.scalars(
            sa.select(Finding)
            .where(Finding.inspection_id == inspection.id, Finding.kind != FindingKind.strength.value)
            .order_by(Finding.created_at, Finding.id)
        )
    ).all()
    if existing:
        return list(existing)
    grades: dict[str, str] = {
        area: grade
        for area, grade in (
            await ctx.session.execute(
                sa.select(Judgement.area, Judgement.grade).where(Judgement.inspection_id == inspection.id)
            )
        ).all()
    }
    areas = [a for a in content.IMPROVEMENTS if a.value in grades and a is not Area.overall_effectiveness]
    # The weakest areas first; ungraded visits answer the areas every plan answers.
    areas.sort(key=lambda a: list(Grade).index(Grade(grades[a.value])), reverse=True)
    areas = (areas or [Area.help_and_protection, Area.impact_of_leaders])[:how_many]
    created = []
    for area in areas:
        kind = (
            FindingKind.priority_action
            if grades.get(area.value) == Grade.inadequate.value
            else FindingKind.area_for_improvement
        )
        finding = Finding(
            inspection_id=inspection.id,
            kind=kind.value,
            text=content.IMPROVEMENTS[area][0],
            area=area.value if area.value in grades else None,
        )
        ctx.session.add(finding)
        created.append(finding)
    await ctx.session.flush()
    for finding in created:
        audit.record_create(
            ctx,
            "finding",
            finding.id,
            {"inspection_id": inspection.id, "kind": finding.kind, "text": finding.text, "area": finding.area},
        )
    summary.findings += len(created)
    return created


def _area_of(finding: Finding | None, n: int) -> Area:
    if finding is not None and finding.area in content.IMPROVEMENTS:
        return Area(finding.area)
    return list(content.IMPROVEMENTS)[n % len(content.IMPROVEMENTS)]


async def _add_plan(ctx: Context, code: str, today: date, summary: DemoSummary) -> None:
    inspection = await _latest_inspection(ctx.session, code)
    findings = await _findings_for(ctx, inspection, summary) if inspection else []
    answered = inspection.published_on if inspection and inspection.published_on else None
    starts_on = answered + timedelta(days=30) if answered else today - timedelta(days=90)
    title = (
        f"Improvement plan following the {answered:%B %Y} inspection"
        if answered
        else "Children's services improvement plan"
    )
    plan = await plans.create(
        ctx,
        ImprovementPlanCreate(
            authority_code=code,
            title=title,
            starts_on=starts_on,
            ends_on=max(starts_on, today) + timedelta(days=365),
            inspection_id=inspection.id if inspection else None,
        ),
    )
    summary.plans += 1
    for n, shape in enumerate(content.SHAPES):
        finding = findings[n % len(findings)] if findings else None
        area = _area_of(finding, n)
        item = await items.create(
            ctx,
            ActionItemCreate(
                authority_code=code,
                plan_id=plan.id,
                finding_id=finding.id if finding else None,
                title=content.IMPROVEMENTS[area][1][n % 2],
                owner=content.OWNERS[n % len(content.OWNERS)],
                due_on=today + timedelta(days=shape.due_in_days),
                description=f"Answers: {finding.text}" if finding else None,
            ),
        )
        summary.items += 1
        # Work starts, then the last update sets where the item stands now.
        statuses = [ActionStatus.in_progress] * (len(shape.notes) - 1) + [shape.status]
        for step, (note, status) in enumerate(zip(shape.notes, statuses, strict=False)):
            update = await progress.add(ctx, item.id, ProgressUpdateCreate(note=note, status=status))
            update.created_at = datetime.now(UTC) - timedelta(days=7 * (len(shape.notes) - step))
            summary.updates += 1
        if shape.days_ago_completed is not None:
            row = await items.get_for_change(ctx, item.id)
            row.completed_on = today - timedelta(days=shape.days_ago_completed)
    await ctx.session.flush()


async def _add_story(ctx: Context, code: str, today: date, summary: DemoSummary) -> None:
    inspection = await _latest_inspection(ctx.session, code)
    findings = await _findings_for(ctx, inspection, summary, how_many=4) if inspection else []
    evaluation_id = await ctx.session.scalar(
        sa.select(SelfEvaluation.id)
        .where(SelfEvaluation.authority_code == code)
        .order_by(SelfEvaluation.year.desc())
        .limit(1)
    )
    counts = story.StoryCounts()
    await story.tell(ctx, code, today, inspection, findings, evaluation_id, counts)
    summary.plans += 1
    summary.items += counts.items
    summary.updates += counts.updates
    summary.findings += counts.findings
    summary.engagement_meetings += counts.meetings


async def load_demo(session: AsyncSession, today: date | None = None) -> DemoSummary:
    """Add the demo in ``session``'s transaction (the caller commits); nothing is added twice."""
    ctx = Context(session=session, principal=DEMO_PRINCIPAL, request_id=None)
    today = today or ctx.today()
    summary = DemoSummary()
    for code in content.DEMO_AUTHORITIES:
        if await session.get(Authority, code) is None:
            summary.skipped.append(code)
            continue
        if await session.scalar(sa.select(SelfEvaluation.id).where(SelfEvaluation.authority_code == code)) is None:
            await self_evaluations.create(
                ctx,
                code,
                SelfEvaluationCreate(year=today.year, shared_on=today - timedelta(days=60), **content.SELF_EVALUATION),
            )
            summary.self_evaluations += 1
        if await session.scalar(sa.select(ImprovementPlan.id).where(ImprovementPlan.authority_code == code)) is None:
            if code == content.STORY_AUTHORITY:
                await _add_story(ctx, code, today, summary)
            else:
                await _add_plan(ctx, code, today, summary)
    return summary


async def _run(url: str, scale: int) -> list[str]:
    from app.demo.scale import generate_scale

    db = Database(make_command_engine(url, get_settings()))  # bulk generation outlasts a request's timeout
    try:
        async with db.session() as session:
            lines = [str(await load_demo(session))]
            if scale > 0:
                lines.append(str(await generate_scale(session, scale)))
            await session.commit()
            return lines
    finally:
        await db.dispose()


def run_demo_command(url: str, scale: int) -> int:
    """``ilacs demo-data [--scale N]``: prints what was added; exit status 0."""
    import typer

    from app.demo.scale import MAX_SCALE

    if scale > MAX_SCALE:
        typer.echo(f"error: --scale is at most {MAX_SCALE}", err=True)
        return 2
    for line in asyncio.run(_run(url, scale)):
        typer.echo(line)
    return 0


def seed_demo(url: str) -> None:
    """First run of ``ilacs serve``: the demo on top of the national record just imported."""
    for line in asyncio.run(_run(url, 0)):
        log.info(line)
