"""The committee report laid out as a document: what members read, in order. Pure: report in, document out."""

from app.committee_report import comparison, plan_layout
from app.committee_report.document import Cell, Chart, Document, Facts, GradeHistory, Paragraph, Section, Table
from app.committee_report.schemas import CommitteeReport, ReportFinding
from app.committee_report.words import (
    CHANGE_WORDS,
    INSPECTION_STATUS_WORDS,
    KIND_WORDS,
    SHORT_AREA,
    STATUS_WORDS,
    TYPE_WORDS,
    count,
    day,
    grade,
    grade_tone,
)
from app.inspections.schemas import InspectionRead
from app.inspections.vocabulary import AREA_LABELS, GRADE_SCORES, FindingKind


def _activity(item: InspectionRead) -> str:
    return f"{TYPE_WORDS[item.type]}, published {day(item.published_on)}"


def _summary(report: CommitteeReport) -> Section:
    latest, plan = report.latest_graded, report.action_plan
    overall = comparison.grade_in(latest, comparison.BENCHMARK_AREAS[0])
    expected = report.forecast.expected[0] if report.forecast.expected else None
    open_items = plan.by_rag.red + plan.by_rag.amber + plan.by_rag.green
    pairs = [
        ("Latest graded inspection", Cell(_activity(latest) if latest else "None on record")),
        ("Overall effectiveness", Cell(grade(overall), grade_tone(overall))),
        (
            "Next expected activity",
            Cell(
                f"{TYPE_WORDS[expected.type]}, "
                + (f"{day(expected.earliest)} to {day(expected.latest)}" if expected.earliest else "no window")
                if expected
                else "None expected"
            ),
        ),
        (
            "Open actions",
            Cell(f"{open_items}: {plan.by_rag.red} red, {plan.by_rag.amber} amber, {plan.by_rag.green} green"),
        ),
        ("Overdue actions", Cell(str(len(plan.overdue)), "rag-red" if plan.overdue else None)),
    ]
    intro = Paragraph(
        f"This report sets out the inspections of {report.authority_name}'s children's services and progress "
        f"against its improvement plan as at {day(report.as_of)}, with the exceptions since the previous "
        f"report on {day(report.since)}."
    )
    return Section("Summary", 2, [intro, Facts("Key facts", pairs)])


def _comparison(report: CommitteeReport) -> Section:
    section = Section("Latest inspection compared with the previous", 2)
    latest, previous = report.latest_graded, report.previous_graded
    if latest is None:
        section.blocks.append(Paragraph("No graded inspection is on record."))
        return section
    text = f"The latest graded inspection is a {TYPE_WORDS[latest.type].lower()} published {day(latest.published_on)}"
    text += (
        f"; the previous, a {TYPE_WORDS[previous.type].lower()} published {day(previous.published_on)}."
        if (previous)
        else "; no earlier graded inspection is on record."
    )
    rows = [
        [
            Cell(row.area_label),
            Cell(grade(row.previous_grade), grade_tone(row.previous_grade)),
            Cell(grade(row.latest_grade), grade_tone(row.latest_grade)),
            Cell(CHANGE_WORDS[row.change], f"change-{row.change.value}"),
        ]
        for row in report.comparison
    ]
    table = Table("Grades by judgement area, previous and latest", ["Area", "Previous", "Latest", "Change"], rows)
    section.blocks += [Paragraph(text), table]
    return section


def _grade_history_chart(report: CommitteeReport) -> Chart:
    graded = comparison.graded_on_record(report.history, report.as_of)
    areas = comparison.BENCHMARK_AREAS
    series: dict[str, list[int | None]] = {}
    for area in areas:
        scores = [comparison.grade_in(i, area) for i in graded]
        if any(s is not None for s in scores):
            series[SHORT_AREA[area.value]] = [GRADE_SCORES[s] if s else None for s in scores]
    dates = [i.published_on.strftime("%b %Y") if i.published_on else "?" for i in graded]
    rows = [
        [Cell(day(i.published_on)), Cell(TYPE_WORDS[i.type])]
        + [Cell(grade(comparison.grade_in(i, a)), grade_tone(comparison.grade_in(i, a))) for a in areas]
        for i in graded
    ]
    if graded:
        first, last = graded[0], graded[-1]
        description = (
            f"{count(len(graded), 'graded inspection')} from {day(first.published_on)} to "
            f"{day(last.published_on)}, each area's grade from outstanding (top) to inadequate (bottom). "
            f"Overall effectiveness: {grade(comparison.grade_in(first, areas[0]))} at the first, "
            f"{grade(comparison.grade_in(last, areas[0]))} at the latest."
        )
    else:
        description = "No graded inspection is on record, so there is no grade to plot."
    table = Table(
        "Grades of every graded inspection, oldest first",
        ["Published", "Inspection", *[SHORT_AREA[a.value] for a in areas]],
        rows,
        "No graded inspection is on record.",
    )
    return Chart("grade-history", "Grade history", description, GradeHistory(dates, series), table)


def _history(report: CommitteeReport) -> Section:
    rows = [
        [
            Cell(day(i.fieldwork_start)),
            Cell(TYPE_WORDS[i.type]),
            Cell(INSPECTION_STATUS_WORDS[i.status]),
            Cell(day(i.published_on) if i.published_on else "Not published"),
            Cell(", ".join(i.themes) or "None"),
        ]
        for i in report.history
    ]
    table = Table(
        "Every inspection activity on record, oldest first",
        ["Fieldwork began", "Activity", "Status", "Published", "Themes"],
        rows,
        "No inspection activity is on record.",
    )
    return Section("Inspection history", 2, [_grade_history_chart(report), table])


def _actions(finding: ReportFinding) -> str:
    counts = {s: n for s, n in finding.actions.model_dump().items() if n}
    if not counts:
        return "None"
    return ", ".join(f"{n} {STATUS_WORDS[s].lower()}" for s, n in counts.items())  # type: ignore[index]


def _findings(report: CommitteeReport) -> Section:
    rows = [
        [
            Cell(f"{TYPE_WORDS[f.inspection_type]}, {day(f.published_on)}"),
            Cell(KIND_WORDS[f.kind], "rag-red" if f.kind is FindingKind.priority_action else None),
            Cell(AREA_LABELS[f.area] if f.area else "Not tied to an area"),
            Cell(f.text),
            Cell(_actions(f), "rag-red" if f.kind is not FindingKind.strength and _actions(f) == "None" else None),
        ]
        for f in report.findings
    ]
    table = Table(
        "Findings of the latest graded inspection and later activity, with the actions answering each",
        ["Activity", "Kind", "Area", "Finding", "Actions"],
        rows,
        "No findings are recorded for the latest graded inspection or later activity.",
    )
    return Section("Findings and the actions answering them", 2, [table])


def build(report: CommitteeReport) -> Document:
    return Document(
        title=f"{report.authority_name}: children's services inspection and improvement",
        subtitle=f"Report to the scrutiny committee as at {day(report.as_of)}",
        sections=[
            _summary(report),
            _comparison(report),
            _history(report),
            _findings(report),
            *plan_layout.action_plan(report),
            plan_layout.next_activity(report),
            plan_layout.self_evaluation(report),
            plan_layout.benchmarks(report),
        ],
    )
