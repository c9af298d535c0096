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

# The same question asked under another framework's wording (DOMAIN.md "Statistics": as Ofsted counts).
SAME_QUESTION: dict[Area, tuple[Area, ...]] = {
    Area.children_in_care: (Area.children_in_care_and_care_leavers, Area.looked_after_and_permanence),
    Area.impact_of_leaders: (Area.leadership_management_governance,),
}


def framework_in_force(on: date) -> Framework:
    for spec in FRAMEWORKS.values():
        if spec.in_force_from <= on and (spec.in_force_to is None or on <= spec.in_force_to):
            return spec.framework
    return Framework.ilacs_2026


def in_history(item: InspectionRead, as_of: date) -> bool:
    """An activity the committee can know of on ``as_of``: its first recorded date is on or before it."""
    known = [d for d in (item.notified_on, item.fieldwork_start, item.published_on) if d is not None]
    return not known or min(known) <= as_of


def _graded_sort_key(item: InspectionRead) -> tuple[date, date, str]:
    return (item.published_on or date.min, item.fieldwork_start or date.min, str(item.id))


def graded_on_record(history: Sequence[InspectionRead], as_of: date) -> list[InspectionRead]:
    """Published graded inspections by ``as_of``, oldest first (the order ``latest_graded`` uses everywhere)."""
    graded = [
        i
        for i in history
        if i.type in GRADED_TYPES
        and i.status is InspectionStatus.published
        and i.published_on is not None
        and i.published_on <= as_of
    ]
    return sorted(graded, key=_graded_sort_key)


def grade_in(inspection: InspectionRead | None, area: Area) -> Grade | None:
    """The inspection's grade for the question ``area`` asks, under whatever wording its framework used."""
    if inspection is None:
        return None
    grades = {j.area: j.grade for j in inspection.judgements}
    for asked in (area, *SAME_QUESTION.get(area, ())):
        if asked in grades:
            return grades[asked]
    return None


def _change(previous: Grade | None, latest: Grade | None) -> Change:
    if latest is None:
        return Change.not_graded
    if previous is None:
        return Change.new
    delta = GRADE_SCORES[previous] - GRADE_SCORES[latest]
    return Change.improved if delta > 0 else Change.declined if delta < 0 else Change.unchanged


def compare(latest: InspectionRead | None, previous: InspectionRead | None) -> list[AreaComparison]:
    """Every area of the latest inspection's framework, then any area only the previous one graded."""
    if latest is None:
        return []
    areas = list(FRAMEWORKS[latest.framework].areas)
    if previous is not None:
        answered = {a for area in areas for a in (area, *SAME_QUESTION.get(area, ()))}
        areas += [j.area for j in previous.judgements if j.area not in answered]
    rows = []
    for area in areas:
        before, now = grade_in(previous, area), grade_in(latest, area)
        rows.append(
            AreaComparison(
                area=area,
                area_label=AREA_LABELS[area],
                previous_grade=before,
                latest_grade=now,
                change=_change(before, now),
            )
        )
    return rows


# The areas Ofsted's statistics report, in its order: what a committee benchmarks against.
BENCHMARK_AREAS = (
    Area.overall_effectiveness,
    Area.impact_of_leaders,
    Area.help_and_protection,
    Area.children_in_care,
    Area.care_leavers,
)
