"""The later sections of the report: the action plan and its exception report, what comes next, the
self-evaluation and engagement, and the benchmarks."""

from collections.abc import Sequence

from app.action_items.schemas import ActionItemRead, RescheduledItem
from app.action_items.vocabulary import Rag
from app.committee_report.document import Bars, Cell, Chart, GroupedBars, Paragraph, Section, Table
from app.committee_report.schemas import CommitteeReport
from app.committee_report.words import (
    KIND_WORDS,
    RAG_WORDS,
    SHORT_AREA,
    STATUS_WORDS,
    TYPE_WORDS,
    day,
    grade,
    grade_tone,
    percent,
)
from app.inspections.vocabulary import FindingKind
from app.stats.schemas import GradeCounts

ITEM_HEADER = ["Action", "Owner", "Due", "Status", "RAG"]


def _due(item: ActionItemRead) -> str:
    """The due date, and where it moved from: members read "rescheduled" beside "overdue" (DOMAIN.md)."""
    return day(item.due_on) + (f" (rescheduled from {day(item.original_due_on)})" if item.rescheduled else "")


def _item_rows(items: Sequence[ActionItemRead]) -> list[list[Cell]]:
    return [
        [
            Cell(i.title),
            Cell(i.owner or "Not named"),
            Cell(_due(i)),
            Cell(STATUS_WORDS[i.status] + (f" {day(i.completed_on)}" if i.completed_on else "")),
            Cell(RAG_WORDS[i.rag], f"rag-{i.rag.value}") if i.rag else Cell("None (closed)"),
        ]
        for i in items
    ]


def _moves(items: Sequence[RescheduledItem]) -> list[list[Cell]]:
    return [
        [
            Cell(i.title),
            Cell(i.owner or "Not named"),
            Cell(_due(i)),
            Cell("; ".join(f"{day(c.from_)} to {day(c.to)}: {c.reason}" for c in i.due_on_changes)),
        ]
        for i in items
    ]


def _plan_chart(report: CommitteeReport) -> Chart:
    plan = report.action_plan
    labels = [RAG_WORDS[Rag.red], RAG_WORDS[Rag.amber], RAG_WORDS[Rag.green], "Completed", "Cancelled"]
    values = [plan.by_rag.red, plan.by_rag.amber, plan.by_rag.green, plan.by_status.completed, plan.by_status.cancelled]
    tones = ["rag-red", "rag-amber", "rag-green", "status-completed", "status-cancelled"]
    total = sum(values)
    description = (
        f"{total} actions: "
        + ", ".join(f"{v} {label.split(':')[0].lower()}" for label, v in zip(labels, values, strict=True))
        + "."
        if total
        else "The plan has no actions yet."
    )
    rows = [[Cell(label, tone), Cell(str(v))] for label, v, tone in zip(labels, values, tones, strict=True)]
    table = Table("Actions by RAG rating (open) and by status (closed)", ["Rating or status", "Actions"], rows)
    return Chart("action-plan", "Action plan by RAG rating", description, Bars(labels, values, tones), table)


def action_plan(report: CommitteeReport) -> list[Section]:
    plan = report.action_plan
    by_status = ", ".join(f"{n} {STATUS_WORDS[s].lower()}" for s, n in plan.by_status.model_dump().items())  # type: ignore[index]
    progress = Section("Action plan", 2, [Paragraph(f"The plan has {by_status}."), _plan_chart(report)])
    overdue = Section(
        "Overdue actions",
        3,
        [
            Table(
                "Actions past their due date, most overdue first",
                ITEM_HEADER,
                _item_rows(plan.overdue),
                "No action is overdue.",
            )
        ],
    )
    since = day(plan.since)
    exceptions = Section(
        f"Exceptions since {since}",
        3,
        [
            Table(
                f"Actions whose due date changed since {since}, with the reasons",
                ["Action", "Owner", "Due", "Moves and reasons"],
                _moves(plan.rescheduled_since),
                f"No due date has changed since {since}.",
            ),
            Table(
                f"Actions completed since {since}",
                ITEM_HEADER,
                _item_rows(plan.completed_since),
                f"No action has been completed since {since}.",
            ),
            Table(
                f"Actions that fell due after {since} and are still open",
                ITEM_HEADER,
                _item_rows(plan.became_overdue_since),
                f"No action has become overdue since {since}.",
            ),
            Table(
                "Priority actions and areas for improvement that no action answers",
                ["Kind", "Activity", "Finding"],
                [
                    [
                        Cell(KIND_WORDS[f.kind], "rag-red" if f.kind is FindingKind.priority_action else None),
                        Cell(f"{TYPE_WORDS[f.inspection_type]}, {day(f.inspection_published_on)}"),
                        Cell(f.text),
                    ]
                    for f in plan.findings_without_actions
                ],
                "Every priority action and area for improvement has an action.",
            ),
        ],
    )
    return [progress, overdue, exceptions]


def next_activity(report: CommitteeReport) -> Section:
    forecast = report.forecast
    basis = forecast.basis
    lead = (
        f"The latest graded inspection puts the authority on the {basis.track} track of the inspection cycle."
        if basis
        else "No graded inspection is on record."
    )
    rows = [
        [
            Cell(TYPE_WORDS[e.type]),
            Cell(f"{day(e.earliest)} to {day(e.latest)}" if e.earliest else "No window"),
            Cell("Overdue" if e.overdue else "Not overdue", "rag-red" if e.overdue else None),
            Cell(e.reason),
        ]
        for e in forecast.expected
    ]
    table = Table(
        "Expected inspection activity",
        ["Activity", "Expected window", "Overdue", "Why"],
        rows,
        "No further inspection activity is expected.",
    )
    return Section("What comes next", 2, [Paragraph(lead), table])


def self_evaluation(report: CommitteeReport) -> Section:
    note = report.self_evaluation
    text = (
        f"The latest self-evaluation covers {note.year}; "
        + (f"it was shared with Ofsted on {day(note.shared_on)}." if note.shared_on else "it has not been shared.")
        if note
        else "No self-evaluation is on record that this report may show."
    )
    rows = [
        [
            Cell(day(m.held_on)),
            Cell("; ".join(m.attendees) or "Not recorded"),
            Cell("; ".join(m.agreed_next_steps) or "None recorded"),
            Cell(day(m.letter_received_on) if m.letter_received_on else "Not yet received"),
        ]
        for m in report.engagement_meetings
    ]
    table = Table(
        f"Annual engagement meetings held since {day(report.since)}",
        ["Held", "Attendees", "Agreed next steps", "Letter received"],
        rows,
        f"No engagement meeting is recorded since {day(report.since)}.",
    )
    return Section("Self-evaluation and engagement", 2, [Paragraph(text), table])


def _good_or_better(counts: GradeCounts) -> tuple[int, int]:
    graded = counts.outstanding + counts.good + counts.requires_improvement + counts.inadequate
    return counts.outstanding + counts.good, graded


def _share(counts: GradeCounts) -> float | None:
    part, whole = _good_or_better(counts)
    return None if whole == 0 else 100 * part / whole


def benchmarks(report: CommitteeReport) -> Section:
    scopes = {"Region": "region", "Statistical neighbours": "neighbours", "England": "england"}
    labels = [SHORT_AREA[b.area.value] for b in report.benchmarks]
    groups = {name: [_share(getattr(b, key)) for b in report.benchmarks] for name, key in scopes.items()}
    rows = [
        [Cell(SHORT_AREA[b.area.value]), Cell(grade(b.authority_grade), grade_tone(b.authority_grade))]
        + [Cell(percent(*_good_or_better(getattr(b, key)))) for key in scopes.values()]
        for b in report.benchmarks
    ]
    table = Table(
        "Share of graded authorities judged good or outstanding, by area", ["Area", "This authority", *scopes], rows
    )
    england = groups["England"][0]
    description = (
        "For each judgement area, the percentage of graded authorities judged good or outstanding in the region, "
        "among the statistical neighbours and in England"
        + (f"; overall effectiveness in England: {round(england)}%." if england is not None else ".")
    )
    chart = Chart(
        "benchmarks",
        "Latest grades beside region, neighbours and England",
        description,
        GroupedBars(labels, groups),
        table,
    )
    note = Paragraph(
        "Counted as Ofsted's official statistics count: each current authority once, by its latest graded "
        f"inspection published by {day(report.as_of)}. Statistical neighbours are counted only where they are on "
        "record."
    )
    return Section("Benchmarks", 2, [note, chart])
