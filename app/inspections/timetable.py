"""The expected run of a notified activity (DOMAIN.md "Timetable"), counted from ``notified_on`` (N).

Every number is in ``TIMETABLE`` below, with where it comes from beside it; they are the service's assumptions
about a typical run (Ofsted may vary any of them), so they live here and nowhere else. Calendar offsets are days
after N; report and letter deadlines are working days after the end of fieldwork (the recorded
``fieldwork_end`` when there is one, else the expected end of the last on-site step). Working days skip
Saturdays, Sundays and England's bank holidays, from the maintained ``holidays`` package (subdivision ENG,
which follows the gov.uk list, substitute days and one-off holidays included).
"""

import functools
from dataclasses import dataclass
from datetime import date, timedelta

import holidays

from app.inspections.vocabulary import InspectionType

DOMAIN = 'DOMAIN.md "Timetable"'
ILACS = "Ofsted, ILACS framework and inspection guidance (notification, off-site and on-site weeks)"
JTAI = "Joint targeted area inspections: framework and guidance (Ofsted, CQC, HMICFRS, HMI Probation)"
ASSUMED = 'the service\'s assumption, DOMAIN.md "Timetable" (publication timescales vary)'


@dataclass(frozen=True, slots=True)
class Step:
    """One milestone: ``days`` (first, last) after N; or, with ``working_days``, a deadline that many working
    days after the end of fieldwork (its window runs from the day after fieldwork ends)."""

    key: str
    label: str
    source: str
    days: tuple[int, int] | None = None
    working_days: int | None = None
    ends_fieldwork: bool = False  # its last day is the expected end of fieldwork


# type -> its milestones, in order: every number of the timetable, each with its source.
TIMETABLE: dict[InspectionType, tuple[Step, ...]] = {
    InspectionType.standard_inspection: (
        Step("off_site", "Off-site week", f"{DOMAIN}; {ILACS}", days=(0, 4)),
        Step("on_site", "On-site weeks", f"{DOMAIN}; {ILACS}", days=(7, 18), ends_fieldwork=True),
        Step("feedback", "Feedback to the authority", f"{DOMAIN}: the last day on site", days=(18, 18)),
        Step("report", "Report published", ASSUMED, working_days=45),
    ),
    InspectionType.short_inspection: (
        Step("off_site", "Off-site week", f"{DOMAIN}; {ILACS}", days=(0, 4)),
        Step("on_site", "On-site week", f"{DOMAIN}; {ILACS}", days=(7, 11), ends_fieldwork=True),
        Step("feedback", "Feedback to the authority", f"{DOMAIN}: the last day on site", days=(11, 11)),
        Step("report", "Report published", ASSUMED, working_days=45),
    ),
    InspectionType.focused_visit: (
        Step("information_due", "Information due to inspectors", f"{DOMAIN}; {ILACS}", days=(5, 5)),
        Step("on_site", "On site", f"{DOMAIN}; {ILACS}", days=(7, 8), ends_fieldwork=True),
        Step("letter", "Letter published", ASSUMED, working_days=30),
    ),
    InspectionType.monitoring_visit: (
        Step("on_site", "On site", f"{DOMAIN}; {ILACS}", days=(7, 8), ends_fieldwork=True),
        Step("letter", "Letter published", ASSUMED, working_days=30),
    ),
    InspectionType.jtai: (
        Step("off_site", "Off-site evidence gathering", f"{DOMAIN}; {JTAI}", days=(0, 9)),
        Step("fieldwork", "Fieldwork", f"{DOMAIN}; {JTAI}", days=(14, 23), ends_fieldwork=True),
        Step("letter", "Letter published", ASSUMED, working_days=40),
    ),
}
# SIF inspections and the 2020 assurance visits have no timetable here: DOMAIN.md gives none.
BANK_HOLIDAY_REGION = ("GB", "ENG")


@dataclass(frozen=True, slots=True)
class Milestone:
    key: str
    label: str
    first: date
    last: date


@functools.cache
def _bank_holidays(year: int) -> frozenset[date]:
    country, subdivision = BANK_HOLIDAY_REGION
    return frozenset(holidays.country_holidays(country, subdiv=subdivision, years=year))


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in _bank_holidays(day.year)


def add_working_days(start: date, count: int) -> date:
    """The ``count``-th working day after ``start`` (``start`` itself not counted)."""
    day = start
    while count > 0:
        day += timedelta(days=1)
        if is_working_day(day):
            count -= 1
    return day


def has_timetable(kind: InspectionType) -> bool:
    return kind in TIMETABLE


def milestones(kind: InspectionType, notified_on: date, fieldwork_end: date | None = None) -> list[Milestone]:
    """The expected run of an activity of ``kind`` notified on ``notified_on``; deadlines count from
    ``fieldwork_end`` when it is recorded, else from the expected end of fieldwork."""
    steps = TIMETABLE[kind]
    expected_end = next(notified_on + timedelta(days=s.days[1]) for s in steps if s.ends_fieldwork and s.days)
    end = fieldwork_end or expected_end
    out: list[Milestone] = []
    for step in steps:
        if step.days is not None:
            first, last = (notified_on + timedelta(days=d) for d in step.days)
        else:
            assert step.working_days is not None
            first, last = end + timedelta(days=1), add_working_days(end, step.working_days)
        label = step.label if step.working_days is None else f"{step.label} (within {step.working_days} working days)"
        out.append(Milestone(step.key, label, first, last))
    return out


def refusal(kind: InspectionType, notified_on: date | None) -> str | None:
    """Why there is no timetable yet (a 409), or None."""
    if not has_timetable(kind):
        return f"a {kind} has no timetable (DOMAIN.md gives one for {', '.join(TIMETABLE)})"
    if notified_on is None:
        return "notified_on is unknown: the timetable counts from the notification"
    return None
