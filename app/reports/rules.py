"""The reading rules of an Ofsted report (DOMAIN.md "Reports"): one named rule per field.

Each rule reads one field from the report's lines (``app.reports.text``) as a person would copy it, or
says what it looked for and did not find. ``read_report`` runs them all and refuses the report, naming
every rule that failed, when any field a record needs is missing: nothing is guessed. The framework's words
(areas, their labels, grades, the calendar) come from ``app.inspections.vocabulary``; only the printed
forms Ofsted uses beside them are written here.
"""

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import TypeVar

from app.inspections.rules import areas_of, default_framework
from app.inspections.vocabulary import (
    AREA_LABELS,
    FRAMEWORKS,
    GRADE_LABELS,
    Area,
    FindingKind,
    Framework,
    Grade,
    InspectionType,
)
from app.reports.points import read_points
from app.reports.text import Document

T = TypeVar("T")


class Rule(StrEnum):
    report_title = "report-title"
    authority = "authority-named-in-title"
    fieldwork = "fieldwork-from-inspection-dates"
    activity_type = "activity-type-from-title-and-fieldwork"
    framework = "framework-in-force-at-fieldwork"
    judgements = "judgements-from-judgement-table"
    lead_inspector = "lead-inspector"
    areas_for_improvement = "what-needs-to-improve"
    priority_actions = "priority-and-immediate-action"
    published_on = "report-published-date"


class Unreadable(ValueError):
    """The report lacks what a record needs; ``missing`` says what each failed rule looked for."""

    def __init__(self, missing: Sequence[tuple[Rule, str]]) -> None:
        self.missing = list(missing)
        found = "; ".join(f"{message} [rule {rule}]" for rule, message in self.missing)
        super().__init__(f"the report cannot be read: {found}")


class _Missing(Exception):
    def __init__(self, rule: Rule, message: str) -> None:
        self.rule, self.message = rule, message


@dataclass(frozen=True, slots=True)
class ReadReport:
    title: str
    authority_name: str  # as printed in the title
    type: InspectionType
    framework: Framework
    fieldwork_start: date
    fieldwork_end: date
    lead_inspector: str | None
    published_on: date | None  # only where the report prints it (SIF reports)
    judgements: tuple[tuple[Area, Grade], ...]
    findings: tuple[tuple[FindingKind, str], ...]


def norm(text: str) -> str:
    """One spelling for matching: straight quotes, plain hyphens, single spaces."""
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("\u2013", "-").replace("\u2014", "-")
    return re.sub(r"\s+", " ", text).strip()


# --- title and authority ------------------------------------------------------------------------------------

_SERVICES = r"children'?s (?:social care )?services"
# (printed title, what it reports). Checked in order; the name is the authority as the title prints it.
TITLES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"^(?P<name>.+?) inspection of services for children in need of help and protection", re.I), "sif"),
    (re.compile(rf"^inspection of (?P<name>.+?) local authority {_SERVICES}", re.I), "ilacs"),
    (re.compile(rf"^(?P<name>.+?) inspection of (?:local authority )?{_SERVICES}", re.I), "ilacs"),
    (re.compile(rf"focused visit to (?P<name>.+?) (?:local authority )?{_SERVICES}", re.I), "focused_visit"),
    (
        re.compile(rf"monitoring visit (?:to|of) (?P<name>.+?) (?:local authority )?{_SERVICES}", re.I),
        "monitoring_visit",
    ),
    (re.compile(r"joint targeted area inspection of .+? in (?P<name>[A-Z][\w ,'-]+?)(?:\s{2}|$|\.)", re.I), "jtai"),
)
_DATES_LINE = re.compile(r"^\s*inspection dates?\b", re.I)


def _header(doc: Document) -> str:
    """The first page's text before its "Inspection dates" line (all of it when there is none)."""
    lines: list[str] = []
    for line in doc.body:
        if line.page != 1 or _DATES_LINE.match(line.text):
            break
        lines.append(line.text)
    return norm(" ".join(lines))


def title_rule(doc: Document) -> tuple[str, str, str]:
    """The report's title names what it reports and the authority: (title, kind, authority name)."""
    header = _header(doc)
    for pattern, kind in TITLES:
        if match := pattern.search(header):
            return match.group(0), kind, match.group("name").strip(" ,")
    raise _Missing(
        Rule.report_title,
        "no title of a report on a local authority's children's services on the first page (looked for "
        "'Inspection of <authority> local authority children's services', '<authority> Inspection of "
        "children's social care services', '<authority> Inspection of services for children in need of help "
        "and protection, children looked after and care leavers' (SIF) and the focused-visit, monitoring-visit "
        "and JTAI letters)",
    )


# Council affixes a report's title carries and the register's names do not (after the importer's spelling
# rules, ``app.imports.authority_names.name_key``: case, "&", punctuation, ", City of", its aliases).
_AFFIXES = re.compile(
    r"^(?:the )?(?:royal |london )?(?:metropolitan )?(?:borough|city|county|district) of "
    r"| (?:metropolitan borough|metropolitan district|borough|county|city|district)? ?council$"
    r"| city$|^county "
)
# Ofsted's short names that only appear once the affixes are gone ("Hull City Council").
NAME_ALIASES = {"hull": "kingston upon hull", "southend": "southend on sea"}


def authority_key(name: str) -> str:
    """A name as Ofsted, DfE and ONS all spell it: "London Borough of Hackney", "Hackney" -> "hackney";
    "Bristol, City of", "Bristol City Council" -> "bristol"; "Portsmouth City" -> "portsmouth"."""
    from app.imports.authority_names import name_key  # the server's; the reading child never needs it

    key = name_key(name)
    while (shorter := _AFFIXES.sub("", key).strip()) != key:
        key = shorter
    return NAME_ALIASES.get(key, key)


def authority_rule(printed: str, register: Iterable[tuple[str, str, bool]]) -> list[str]:
    """The codes of the register's authorities (code, name, current) that the title's name is, current ones
    first (a gone authority only where no current one has the name): one when it is unambiguous, none or
    several when the caller must say (``authority_code``)."""
    wanted = authority_key(printed)
    named = [(code, current) for code, name, current in register if authority_key(name) == wanted]
    current = sorted({code for code, is_current in named if is_current})
    return current or sorted({code for code, _ in named})


# --- fieldwork, type, framework ------------------------------------------------------------------------------

_MONTH = r"(?:january|february|march|april|may|june|july|august|september|october|november|december)"
_DAY = r"(\d{1,2})(?:st|nd|rd|th)?"
_RANGE = re.compile(rf"{_DAY}\s*({_MONTH})?\s*(\d{{4}})?\s*(?:to|-|until|and)\s*{_DAY}\s+({_MONTH})\s+(\d{{4}})", re.I)


def _date(day: str, month: str, year: int) -> date:
    return datetime.strptime(f"{day} {month} {year}", "%d %B %Y").date()


def fieldwork_rule(doc: Document) -> tuple[date, date]:
    """Fieldwork start and end from the "Inspection dates" line ("19 to 23 February 2024", "16 April to
    27 April 2018", "3 March 2015 - 25 March 2015"); a start without month or year takes the end's."""
    for i, line in enumerate(doc.body):
        if not _DATES_LINE.match(line.text):
            continue
        text = norm(" ".join(x.text for x in doc.body[i : i + 2]))
        if match := _RANGE.search(text):
            d1, m1, y1, d2, m2, y2 = match.groups()
            try:
                end = _date(d2, m2, int(y2))
                start_month = m1 or m2
                start_year = int(y1) if y1 else end.year
                start = _date(d1, start_month, start_year)
                if not y1 and start > end:  # "29 December to 9 January 2026"
                    start = _date(d1, start_month, start_year - 1)
            except ValueError:
                break
            if start <= end:
                return start, end
        break
    raise _Missing(Rule.fieldwork, "no 'Inspection dates: <start> to <end>' line giving the fieldwork dates")


# One week on site, or two (DOMAIN.md "Inspection types"); counted in calendar days from start to end.
SHORT_MAX_DAYS = 7
STANDARD_MAX_DAYS = 14
_LETTERS = {
    "focused_visit": InspectionType.focused_visit,
    "monitoring_visit": InspectionType.monitoring_visit,
    "jtai": InspectionType.jtai,
}


def activity_type_rule(kind: str, start: date, end: date) -> InspectionType:
    """SIF title -> sif_inspection; an inspection title -> short (one week) or standard (two weeks)."""
    if kind == "sif":
        return InspectionType.sif_inspection
    if kind in _LETTERS:
        raise _Missing(
            Rule.activity_type,
            f"this is a {_LETTERS[kind]} letter; letters are not read yet: the theme the record needs is "
            "written only in their prose",
        )
    days = (end - start).days + 1
    if days <= SHORT_MAX_DAYS:
        return InspectionType.short_inspection
    if days <= STANDARD_MAX_DAYS:
        return InspectionType.standard_inspection
    raise _Missing(
        Rule.activity_type,
        f"fieldwork of {days} days ({start} to {end}) is neither one week (short) nor two (standard)",
    )


def framework_rule(kind: InspectionType, start: date) -> Framework:
    """The framework in force when fieldwork began; a report from before SIF is no report of this record."""
    framework = default_framework(kind, start, start)
    if start < FRAMEWORKS[framework].in_force_from and kind is InspectionType.sif_inspection:
        raise _Missing(
            Rule.framework,
            f"fieldwork began {start}, before the single inspection framework came into force "
            f"({FRAMEWORKS[framework].in_force_from}): reports of earlier regimes are not read",
        )
    return framework


# --- judgements ----------------------------------------------------------------------------------------------


def _grade_forms() -> dict[str, Grade]:
    """Printed grades: Ofsted's labels, "Requires improvement" (SIF, ILACS 2018) and SIF's verb form
    ("children's services require improvement")."""
    forms: dict[str, Grade] = {}
    for grade, label in GRADE_LABELS.items():
        words = label.lower().split()
        forms[" ".join(words)] = grade
        if len(words) > 2:
            forms[" ".join(words[:2])] = grade
            forms[" ".join([words[0].removesuffix("s"), words[1]])] = grade
    return forms


GRADE_FORMS = _grade_forms()
_GRADE = "(?P<grade>" + "|".join(re.escape(f) for f in sorted(GRADE_FORMS, key=len, reverse=True)) + r")\b"
# The shortest tail of an area's label a report may print for it ("Children who need help and protection").
MIN_LABEL_WORDS = 4
_OVERALL_SENTENCE = re.compile(
    r"the overall judgement is (?:that )?(?:(?:the )?children's services |the local authority )?(?:are |is )?" + _GRADE,
    re.I,
)


def _label_pattern(words: Sequence[str]) -> re.Pattern[str]:
    return re.compile(r"(?<![a-z])" + r"\W+".join(re.escape(w) for w in words) + r"\W*" + _GRADE, re.I)


def _judged(area: Area, text: str, tails: bool) -> Grade | None:
    words = norm(AREA_LABELS[area]).lower().split()
    shortest = min(MIN_LABEL_WORDS, len(words)) if tails else len(words)
    for start in range(len(words) - shortest + 1):
        if match := _label_pattern(words[start:]).search(text):
            return GRADE_FORMS[match.group("grade").lower()]
    if area is Area.overall_effectiveness and (match := _OVERALL_SENTENCE.search(text)):
        return GRADE_FORMS[match.group("grade").lower()]
    return None


def judgements_rule(doc: Document, framework: Framework) -> tuple[tuple[Area, Grade], ...]:
    """Each area of the framework in force, with the grade printed right after its label on the first page
    (the judgement table); SIF's overall judgement from "The overall judgement is ..."."""
    text = norm(" ".join(line.text for line in doc.body if line.page == 1)).lower()
    found = [(area, _judged(area, text, tails=True)) for area in areas_of(framework)]
    missing = [area for area, grade in found if grade is None]
    if missing:
        raise _Missing(Rule.judgements, f"no grade printed for {', '.join(missing)} (framework {framework})")
    outside = [a for a in Area if a not in areas_of(framework) and _judged(a, text, tails=False) is not None]
    if outside:
        raise _Missing(
            Rule.judgements,
            f"the report judges {', '.join(outside)}, which framework {framework} (in force at fieldwork) does not",
        )
    return tuple((area, grade) for area, grade in found if grade is not None)


# --- lead inspector, publication -----------------------------------------------------------------------------

_LEAD = re.compile(r"^\s*lead inspector\b\s*:?\s*(?P<name>.*)$", re.I)
_TITLES_AFTER_NAME = re.compile(r"(?:,.*|\s+hmi\b.*|\s+h[ie][rs] majesty's inspector.*)$", re.I)
_NAME = re.compile(r"^[A-Z][\w'-]*(?: [A-Z][\w'-]*| (?:de|van|von|da|la|le)){0,5}$")


def lead_inspector_rule(doc: Document) -> str | None:
    """The name after "Lead inspector", without "HMI" or "His Majesty's Inspector"; None when not printed."""
    for line in doc.body:
        if match := _LEAD.match(norm(line.text)):
            name = _TITLES_AFTER_NAME.sub("", match.group("name")).strip(" .")
            return name if _NAME.match(name) else None
    return None


_PUBLISHED = re.compile(rf"^\s*(?:report )?published:?\s*{_DAY}\s+({_MONTH})\s+(\d{{4}})", re.I)


def published_on_rule(doc: Document) -> date | None:
    """The publication date where the report prints one ("Report published: 8 August 2014")."""
    for line in doc.body:
        if match := _PUBLISHED.match(norm(line.text)):
            day, month, year = match.groups()
            return _date(day, month, int(year))
    return None


# --- findings ------------------------------------------------------------------------------------------------

# Section headings (lower case, without "?" or a footnote mark) and the kind of finding their points are.
FINDING_SECTIONS: dict[str, FindingKind] = {
    "what needs to improve": FindingKind.area_for_improvement,
    "what does the local authority need to improve": FindingKind.area_for_improvement,
    "areas for improvement": FindingKind.area_for_improvement,
    "recommendations": FindingKind.area_for_improvement,
    "priority and immediate action": FindingKind.priority_action,
    "areas for priority action": FindingKind.priority_action,
    "area for priority action": FindingKind.priority_action,
}
# The LSCB (SIF) is a separate body: its own "Areas for improvement" are not the local authority's.
_OTHER_BODY = re.compile(r"\blscb\b|local safeguarding children board", re.I)


def findings_rule(doc: Document) -> tuple[tuple[FindingKind, str], ...]:
    """Each point (bullet or number) under a findings heading, up to the next heading; the LSCB's part of a
    SIF report ends the local authority's."""
    return tuple(read_points(doc.body, FINDING_SECTIONS, _OTHER_BODY))


# --- the whole report ----------------------------------------------------------------------------------------


def read_report(doc: Document) -> ReadReport:
    """Every field, or ``Unreadable`` naming each rule that found nothing."""
    missing: list[tuple[Rule, str]] = []

    def attempt(rule: Callable[[], T]) -> T | None:
        try:
            return rule()
        except _Missing as exc:
            missing.append((exc.rule, exc.message))
            return None

    titled = attempt(lambda: title_rule(doc))
    dates = attempt(lambda: fieldwork_rule(doc))
    if titled is None or dates is None:
        raise Unreadable(missing)
    title, kind, name = titled
    start, end = dates
    type_ = attempt(lambda: activity_type_rule(kind, start, end))
    if type_ is None:
        raise Unreadable(missing)
    framework = attempt(lambda: framework_rule(type_, start))
    judgements = attempt(lambda: judgements_rule(doc, framework)) if framework is not None else None
    if missing or framework is None or judgements is None:
        raise Unreadable(missing)
    return ReadReport(
        title=title,
        authority_name=name,
        type=type_,
        framework=framework,
        fieldwork_start=start,
        fieldwork_end=end,
        lead_inspector=lead_inspector_rule(doc),
        published_on=published_on_rule(doc),
        judgements=judgements,
        findings=findings_rule(doc),
    )
