"""THE ASSUMED INSPECTION CYCLE: every number the forecast uses, in this one table.

Ofsted does not publish a timetable per authority; these windows are the service's assumption (DOMAIN.md
"Cycle"), written here so they can be changed in one place. Windows are in calendar months, both ends
included, counted from an anchor date:
- S: the first day of fieldwork of the authority's latest published graded inspection (the basis);
- L: the latest first day of fieldwork of any activity since S (S itself when there is none).
Which track the basis puts an authority on is decided by ``app.inspections.tracks.track_of``.
"""

import calendar
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from app.inspections.tracks import Track
from app.inspections.vocabulary import InspectionType


class Anchor(StrEnum):
    basis_fieldwork = "S"
    latest_fieldwork = "L"


@dataclass(frozen=True, slots=True)
class Expectation:
    """One activity a track expects: its type and window, and when it is expected at all."""

    type: InspectionType
    anchor: Anchor
    earliest_months: int
    latest_months: int
    # Expected only while no focused visit or JTAI has taken place since S.
    unless_focused_visit_or_jtai_since_basis: bool
    # Plain English; {anchor_on}, {earliest_months} and {latest_months} are filled in.
    reason: str


_SINCE_S = "after the fieldwork of that inspection began ({anchor_on})"
_FOCUSED_VISIT = Expectation(
    InspectionType.focused_visit,
    Anchor.basis_fieldwork,
    12,
    30,
    True,
    "No focused visit or JTAI has taken place since then, so a focused visit is expected "
    "{earliest_months} to {latest_months} months " + _SINCE_S + ".",
)

CYCLE: dict[Track, tuple[Expectation, ...]] = {
    "short": (
        _FOCUSED_VISIT,
        Expectation(
            InspectionType.short_inspection,
            Anchor.basis_fieldwork,
            30,
            42,
            False,
            "On the short track a short inspection is expected {earliest_months} to {latest_months} "
            "months " + _SINCE_S + ".",
        ),
    ),
    "standard": (
        _FOCUSED_VISIT,
        Expectation(
            InspectionType.standard_inspection,
            Anchor.basis_fieldwork,
            30,
            42,
            False,
            "On the standard track a standard inspection is expected {earliest_months} to "
            "{latest_months} months " + _SINCE_S + ".",
        ),
    ),
    "inadequate": (
        Expectation(
            InspectionType.monitoring_visit,
            Anchor.latest_fieldwork,
            2,
            4,
            False,
            "On the inadequate track a monitoring visit is expected {earliest_months} to "
            "{latest_months} months after the latest fieldwork on record ({anchor_on}).",
        ),
        Expectation(
            InspectionType.standard_inspection,
            Anchor.basis_fieldwork,
            24,
            48,
            False,
            "On the inadequate track a standard inspection is expected {earliest_months} to "
            "{latest_months} months " + _SINCE_S + ".",
        ),
    ),
}

# With no graded inspection on record the next activity is a standard inspection, with no window.
NO_BASIS_EXPECTS = InspectionType.standard_inspection
NO_BASIS_REASON = (
    "No graded inspection is on record, so a standard inspection is expected; there is no window to date it."
)

# Activities that satisfy "a focused visit or JTAI since S".
FOCUSED_VISIT_OR_JTAI = (InspectionType.focused_visit, InspectionType.jtai)


def add_months(day: date, months: int) -> date:
    """``day`` plus whole calendar months, clamped to the end of a shorter month (31 Aug + 6 = 28/29 Feb)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    if year > date.max.year:  # only from an `as_of` near the end of the calendar: the window ends beyond it
        return date.max
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))
