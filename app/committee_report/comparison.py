"""Pure rules of the report: which inspections are the latest and previous graded ones, how their grades compare,
and which activities count as history as at a date. No I/O here."""

from collections.abc import Sequence
from datetime import date

from app.committee_report.schemas import AreaComparison, Change
from app.inspections.schemas import InspectionRead
from app.inspections.vocabulary import (
    AREA_LABELS,
    FRAMEWORKS,
    GRADE_SCORES,
    GRADED_TYPES,
    Area,
    Framework,
    Grade,
    InspectionStatus,
)
from app.stats.counting import EQUIVALENT_AREAS


def framework_in_force(on: date) -> Framework:
    for spec in FRAMEWORKS.values():
        if spec.in_force_from <= on and (spec.in_force_to is None or on <= spec.in_force_to):
            return spec.framework
    return Framework.ilacs_2026


def in_history(item: InspectionRead, as_of: date) -> bool:
    """An activity the committee can know of on ``as_of``: its first recorded date is on or before it."""
    known = [d for d in (item.notified_on, item.fieldwork_start, item.published_on) if d is not None]
    return not known or min(known) <= as_of


def _published(item: InspectionRead) -> date | None:
    return item.published_on or item.published_by


def began_order(item: InspectionRead) -> tuple[date, date, str]:
    """``app.inspections.latest``'s order in Python: the one that began last, then published last, then id."""
    began = item.fieldwork_start or _published(item) or date.max
    return (began, item.published_on or date.min, str(item.id))


def graded_on_record(history: Sequence[InspectionRead], as_of: date) -> list[InspectionRead]:
    """Published graded inspections by ``as_of``, oldest first, ordered as ``latest_graded`` is everywhere."""
    graded = [
        i
        for i in history
        if i.type in GRADED_TYPES
        and i.status is InspectionStatus.published
        and (published := _published(i)) is not None
        and published <= as_of
    ]
    return sorted(graded, key=began_order)


def grade_in(inspection: InspectionRead | None, area: Area) -> Grade | None:
    """The inspection's grade for the question ``area`` asks, under its framework's wording (as the statistics
    count: ``stats.counting.EQUIVALENT_AREAS``)."""
    if inspection is None:
        return None
    grades = {j.area: j.grade for j in inspection.judgements}
    asked = EQUIVALENT_AREAS.get((inspection.framework, area), area)
    return grades.get(asked, grades.get(area))


def _change(previous: Grade | None, latest: Grade | None) -> Change:
    if latest is None:
        return Change.not_graded
    if previous is None:
        return Change.new
    delta = GRADE_SCORES[previous] - GRADE_SCORES[latest]
    return Change.improved if delta > 0 else Change.declined if delta < 0 else Change.unchanged


def _question(framework: Framework, area: Area) -> Area:
    """The question an area of ``framework`` answers in today's words (2018's combined children in care and
    care leavers judgement answers "children in care", as the statistics count it)."""
    for (equivalent_framework, asked), judged in EQUIVALENT_AREAS.items():
        if equivalent_framework is framework and judged is area:
            return asked
    return area


def compare(latest: InspectionRead | None, previous: InspectionRead | None) -> list[AreaComparison]:
    """Every area of the latest inspection's framework against the previous inspection's answer to the same
    question, then any area only the previous one graded (now `not_graded`)."""
    if latest is None:
        return []
    rows = []
    answered: set[Area] = set()
    for area in FRAMEWORKS[latest.framework].areas:
        question = _question(latest.framework, area)
        before, now = grade_in(previous, question), grade_in(latest, question)
        if previous is not None:
            answered.add(EQUIVALENT_AREAS.get((previous.framework, question), question))
        rows.append(_row(area, before, now))
    if previous is not None:
        rows += [_row(j.area, j.grade, None) for j in previous.judgements if j.area not in answered]
    return rows


def _row(area: Area, before: Grade | None, now: Grade | None) -> AreaComparison:
    return AreaComparison(
        area=area, area_label=AREA_LABELS[area], previous_grade=before, latest_grade=now, change=_change(before, now)
    )


# The areas Ofsted's statistics report, in its order: what a committee benchmarks against.
BENCHMARK_AREAS = (
    Area.overall_effectiveness,
    Area.impact_of_leaders,
    Area.help_and_protection,
    Area.children_in_care,
    Area.care_leavers,
)
