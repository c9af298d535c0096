"""The demo's committee story, told for one authority (``content.STORY_AUTHORITY``): from the inspectors'
findings to what its scrutiny committee reads.

Its latest published graded inspection, with areas for improvement (recorded if it has none), answered by a
plan whose items answer all but one of them; an item answering the latest later monitoring visit's finding
(when the authority has one); items from a peer review and a councillor's visit; one item rescheduled with its
reason; one overdue; one completed; and the annual engagement meeting that discussed its self-evaluation.
Everything goes through the domain services, so every rule holds and every write is audited.
"""

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

import sqlalchemy as sa

from app.action_items import progress
from app.action_items import service as items
from app.action_items.schemas import ActionItemChange, ActionItemCreate, ProgressUpdateCreate
from app.action_items.vocabulary import ActionSource, ActionStatus
from app.core import audit
from app.core.context import Context
from app.demo import content
from app.engagement_meetings import service as meetings
from app.engagement_meetings.schemas import EngagementMeetingCreate
from app.improvement_plans import service as plans
from app.improvement_plans.schemas import ImprovementPlanCreate
from app.inspections.vocabulary import FindingKind, InspectionStatus, InspectionType
from app.models import EngagementMeeting, Finding, Inspection

STORY_MINIMUM_ITEMS = 3  # the rescheduled, the overdue and the completed item


@dataclass(slots=True)
class StoryCounts:
    items: int = 0
    updates: int = 0
    findings: int = 0
    meetings: int = 0


async def _monitoring_visit_after(ctx: Context, inspection: Inspection | None) -> Inspection | None:
    if inspection is None:
        return None
    began = inspection.fieldwork_start or inspection.published_on
    stmt = (
        sa.select(Inspection)
        .where(
            Inspection.authority_code == inspection.authority_code,
            Inspection.type == InspectionType.monitoring_visit.value,
            Inspection.status == InspectionStatus.published.value,
        )
        .order_by(Inspection.fieldwork_start.desc().nulls_last(), Inspection.id)
        .limit(1)
    )
    if began is not None:
        stmt = stmt.where(Inspection.fieldwork_start > began)
    return await ctx.session.scalar(stmt)


async def _monitoring_finding(ctx: Context, visit: Inspection, counts: StoryCounts) -> Finding:
    existing = await ctx.session.scalar(
        sa.select(Finding)
        .where(Finding.inspection_id == visit.id, Finding.kind != FindingKind.strength.value)
        .order_by(Finding.created_at, Finding.id)
        .limit(1)
    )
    if existing is not None:
        return existing
    finding = Finding(
        inspection_id=visit.id, kind=FindingKind.area_for_improvement.value, text=content.MONITORING_FINDING
    )
    ctx.session.add(finding)
    await ctx.session.flush()
    audit.record_create(
        ctx, "finding", finding.id, {"inspection_id": visit.id, "kind": finding.kind, "text": finding.text}
    )
    counts.findings += 1
    return finding


async def _item(ctx: Context, counts: StoryCounts, data: ActionItemCreate, notes: Sequence[str] = ()) -> uuid.UUID:
    row = await items.create(ctx, data)
    counts.items += 1
    for note in notes:
        await progress.add(ctx, row.id, ProgressUpdateCreate(note=note, status=ActionStatus.in_progress))
        counts.updates += 1
    item_id: uuid.UUID = row.id
    return item_id


async def tell(
    ctx: Context,
    code: str,
    today: date,
    inspection: Inspection | None,
    findings: Sequence[Finding],
    self_evaluation_id: uuid.UUID | None,
    counts: StoryCounts,
) -> None:
    """The story's plan, items and meeting for ``code`` (``findings``: the inspection's areas to answer)."""
    published = inspection.published_on if inspection and inspection.published_on else None
    starts_on = published + timedelta(days=30) if published else today - timedelta(days=180)
    plan = await plans.create(
        ctx,
        ImprovementPlanCreate(
            authority_code=code,
            title=f"Improvement plan following the {published:%B %Y} inspection" if published else content.STORY_PLAN,
            starts_on=starts_on,
            ends_on=max(starts_on, today) + timedelta(days=365),
            inspection_id=inspection.id if inspection else None,
        ),
    )
    # Every finding but the last is answered; the last is what the committee sees without an action. The first
    # three shapes (rescheduled, overdue, completed) are told even without findings to answer (as local items).
    shapes = content.STORY_FINDING_ITEMS
    answered = findings[:-1]
    for n in range(max(len(answered), STORY_MINIMUM_ITEMS)):
        shape = shapes[n % len(shapes)]
        finding = answered[n] if n < len(answered) else None
        item_id = await _item(
            ctx,
            counts,
            ActionItemCreate(
                authority_code=code,
                plan_id=plan.id,
                finding_id=finding.id if finding else None,
                title=shape.title,
                owner=content.OWNERS[n % len(content.OWNERS)],
                due_on=today + timedelta(days=shape.due_in_days),
                description=f"Answers: {finding.text}" if finding else None,
            ),
            shape.notes,
        )
        locked = await items.get_for_change(ctx, item_id)
        if shape.moved_to_days is not None:
            await items.change(
                ctx,
                locked,
                ActionItemChange(due_on=today + timedelta(days=shape.moved_to_days), due_change_reason=shape.reason),
            )
            counts.updates += 1
        if shape.completed_days_ago is not None:
            await items.change(
                ctx,
                locked,
                ActionItemChange(
                    status=ActionStatus.completed, completed_on=today - timedelta(days=shape.completed_days_ago)
                ),
            )
    visit = await _monitoring_visit_after(ctx, inspection)
    if visit is not None:
        finding = await _monitoring_finding(ctx, visit, counts)
        await _item(
            ctx,
            counts,
            ActionItemCreate(
                authority_code=code,
                plan_id=plan.id,
                finding_id=finding.id,
                title=content.MONITORING_ITEM,
                owner="Head of Service, Children in Care",
                due_on=today + timedelta(days=35),
                description=f"Answers the monitoring visit of {visit.fieldwork_start:%B %Y}: {finding.text}",
            ),
            ("Tracker in place; first monthly report to the practice board.",),
        )
    for source, reference, title, due_in_days in content.STORY_OTHER_SOURCES:
        await _item(
            ctx,
            counts,
            ActionItemCreate(
                authority_code=code,
                plan_id=plan.id,
                source=ActionSource(source),
                source_reference=reference.format(when=today - timedelta(days=120)),
                title=title,
                owner="Assistant Director, Quality and Practice",
                due_on=today + timedelta(days=due_in_days),
            ),
        )
    if await ctx.session.scalar(sa.select(EngagementMeeting.id).where(EngagementMeeting.authority_code == code)):
        return
    held_on = today - timedelta(days=45)
    await meetings.create(
        ctx,
        code,
        EngagementMeetingCreate(
            held_on=held_on,
            attendees=list(content.MEETING_ATTENDEES),
            self_evaluation_id=self_evaluation_id,
            discussion=content.MEETING_DISCUSSION,
            agreed_next_steps=list(content.MEETING_NEXT_STEPS),
            letter_received_on=held_on + timedelta(days=14),
        ),
    )
    counts.meetings += 1
