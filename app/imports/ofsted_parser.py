"""Read Ofsted's "Local authority inspection outcomes" workbook into plain data (no database).

Columns are found by header text; whatever cannot be placed raises a one-line `OutcomesFileError`.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path
from typing import Final

from python_calamine import CalamineError, CalamineWorkbook


class OutcomesFileError(ValueError):
    """The file is not a readable outcomes workbook, or holds something unexpected."""


@dataclass(frozen=True, slots=True)
class ParsedAuthority:
    code: str
    name: str
    region: str
    status: str


@dataclass(frozen=True, slots=True)
class ParsedInspection:
    authority_code: str
    type: str
    framework: str
    fieldwork_start: date
    published_on: date | None
    judgements: tuple[tuple[str, str], ...]
    themes: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ParsedOutcomes:
    published_on: date | None
    authorities: tuple[ParsedAuthority, ...]
    inspections: tuple[ParsedInspection, ...]
    latest: dict[str, dict[str, str]]


REGION_LABELS: Final[dict[str, str]] = {
    "London": "london",
    "North East, Yorkshire and the Humber": "north_east_yorkshire_and_the_humber",
    "North West": "north_west",
    "East Midlands": "east_midlands",
    "West Midlands": "west_midlands",
    "East of England": "east_of_england",
    "South East": "south_east",
    "South West": "south_west",
}
STATUS_LABELS: Final[dict[str, str]] = {"Current": "current", "No longer exists": "no_longer_exists"}
GRADE_LABELS: Final[dict[str, str]] = {
    "Outstanding": "outstanding",
    "Good": "good",
    "Requires improvement to be good": "requires_improvement",
    "Inadequate": "inadequate",
}
TYPE_LABELS: Final[dict[str, str]] = {
    "ILACS Standard Inspection": "standard_inspection",
    "ILACS Short Inspection": "short_inspection",
    "ILACS Focused Visit": "focused_visit",
    "LA Monitoring visit": "monitoring_visit",  # the 2025 file's own wording
    "ILACS Monitoring Visit": "monitoring_visit",
}
# Labels in the "Visit Theme" column, plus the catalogue's own names.
THEME_LABELS: Final[dict[str, str]] = {
    "Front door": "front-door",
    "Children in need/subject to a plan": "children-in-need-and-child-protection",
    "Children in need or subject to a plan": "children-in-need-and-child-protection",
    "Children in care": "children-in-care",
    "Care leavers": "care-leavers",
    "Achieving permanence": "achieving-permanence",
    "Planning and achieving permanence": "achieving-permanence",
    "Vulnerable adolescents": "vulnerable-adolescents",
    "Vulnerable adolescents / extra-familial risk": "vulnerable-adolescents",
    "Placement decision-making for older children": "placement-decisions-older-children",
}

LATEST_SHEET: Final = "Inspections_as_at_31_March"
IN_YEAR_SHEET: Final = "In-year_inspections"
HISTORY_SHEET: Final = "ILACS_inspection_history"

GRADED_TYPES: Final = frozenset({"standard_inspection", "short_inspection"})
ILACS_2023_START: Final = date(2023, 1, 1)
ILACS_2026_START: Final = date(2026, 4, 1)  # the domain's assumption, see DOMAIN.md
_ILACS_2018_AREAS: Final = ("impact_of_leaders", "help_and_protection", "children_in_care_and_care_leavers")
_ILACS_2023_AREAS: Final = ("impact_of_leaders", "help_and_protection", "children_in_care", "care_leavers")
FRAMEWORK_AREAS: Final[dict[str, tuple[str, ...]]] = {
    "ilacs_2018": ("overall_effectiveness", *_ILACS_2018_AREAS),
    "ilacs_2023": ("overall_effectiveness", *_ILACS_2023_AREAS),
    "ilacs_2026": _ILACS_2023_AREAS,
}

# Judgement column -> area; the file uses the 2023 wording for every year.
_JUDGEMENT_HEADERS: Final[dict[str, tuple[str, ...]]] = {
    "overall_effectiveness": ("Overall effectiveness",),
    "impact_of_leaders": ("The impact of leaders on social work practice with children and families",),
    "help_and_protection": ("The experiences and progress of children who need help and protection",),
    "children_in_care": (
        "The experiences and progress of children in care",
        "The experiences and progress of children in care and care leavers",
    ),
    "care_leavers": ("The experiences and progress of care leavers",),
}
_COMMON_HEADERS: Final[dict[str, tuple[str, ...]]] = {
    "code": ("Local authority area code",),
    "name": ("Local authority name",),
    "region": ("Ofsted region", "Region"),
    "fieldwork_start": ("Inspection date", "Inspection/Visit date"),
    "published_on": ("Publication date",),
    **_JUDGEMENT_HEADERS,
}
_TYPE_HEADERS: Final = ("Inspection type", "Inspection/Visit type")
_SHEET_HEADERS: Final[dict[str, dict[str, tuple[str, ...]]]] = {
    LATEST_SHEET: _COMMON_HEADERS,
    IN_YEAR_SHEET: {**_COMMON_HEADERS, "type": _TYPE_HEADERS, "theme": ("Visit Theme",)},
    HISTORY_SHEET: {**_COMMON_HEADERS, "type": _TYPE_HEADERS, "status": ("Local authority status",)},
}
_CODE_PATTERN: Final = re.compile(r"E(06|08|09|10)\d{6}")
_DATE_FORMATS: Final = ("%d/%m/%Y", "%Y-%m-%d", "%d %B %Y")

Cell = object
Row = dict[str, Cell]


def framework_for(fieldwork_start: date) -> str:
    """The ILACS framework in force on the first day of fieldwork."""
    if fieldwork_start < ILACS_2023_START:
        return "ilacs_2018"
    return "ilacs_2023" if fieldwork_start < ILACS_2026_START else "ilacs_2026"


def _norm(value: Cell) -> str:
    return " ".join(str(value).split()).casefold()


def _text(value: Cell) -> str:
    return " ".join(str(value).split()) if value is not None else ""


def _lookup(labels: Mapping[str, str], value: Cell, what: str, where: str) -> str:
    wanted = _norm(value)
    for label, slug in labels.items():
        if _norm(label) == wanted:
            return slug
    raise OutcomesFileError(f"{where}: unknown {what} {_text(value)!r}")


def _date(value: Cell, what: str, where: str) -> date | None:
    """A date cell, or text as dd/mm/yyyy (some editions store dates as text)."""
    if isinstance(value, date):
        return value.date() if isinstance(value, datetime) else value
    if not (text := _text(value)):
        return None
    for fmt in _DATE_FORMATS:
        with contextlib.suppress(ValueError):
            return datetime.strptime(text, fmt).date()
    raise OutcomesFileError(f"{where}: {what} {value!r} is not a dd/mm/yyyy date")


def _sheet_rows(book: CalamineWorkbook, sheet: str) -> list[tuple[str, Row]]:
    """Data rows of `sheet` as (where, {column key: cell}), skipping rows without a code."""
    if sheet not in book.sheet_names:
        raise OutcomesFileError(f"not an outcomes file: sheet {sheet!r} is missing")
    cells: Sequence[Sequence[Cell]] = book.get_sheet_by_name(sheet).to_python(skip_empty_area=False)
    wanted = _SHEET_HEADERS[sheet]
    code_header = _norm(wanted["code"][0])
    header_at = next((i for i, row in enumerate(cells[:10]) if code_header in map(_norm, row)), None)
    if header_at is None:
        raise OutcomesFileError(f"sheet {sheet!r}: no header row with {wanted['code'][0]!r}")
    header = [_norm(cell) for cell in cells[header_at]]
    columns: dict[str, int] = {}
    for key, aliases in wanted.items():
        found = [header.index(_norm(alias)) for alias in aliases if _norm(alias) in header]
        if not found:
            raise OutcomesFileError(f"sheet {sheet!r}: no column headed {aliases[0]!r}")
        columns[key] = found[0]
    rows: list[tuple[str, Row]] = []
    for number, row in enumerate(cells[header_at + 1 :], start=header_at + 2):
        values = {key: row[i] if i < len(row) else "" for key, i in columns.items()}
        if _text(values["code"]):  # blank rows and trailing notes carry no code
            rows.append((f"sheet {sheet!r} row {number}", values))
    return rows


def _code(row: Row, where: str) -> str:
    code = _text(row["code"]).upper()
    if not _CODE_PATTERN.fullmatch(code):
        raise OutcomesFileError(f"{where}: {code!r} is not an ONS local authority code")
    return code


def _authority(row: Row, where: str, status: str) -> ParsedAuthority:
    region = _lookup(REGION_LABELS, row["region"], "Ofsted region", where)
    return ParsedAuthority(code=_code(row, where), name=_text(row["name"]), region=region, status=status)


def _judgements(row: Row, framework: str, where: str) -> tuple[tuple[str, str], ...]:
    """(area, grade) pairs in framework order; before 2023 the children-in-care
    column holds the combined children in care and care leavers judgement."""
    grades: dict[str, str] = {}
    for column in _JUDGEMENT_HEADERS:
        if not _text(row[column]):
            continue
        combined = framework == "ilacs_2018" and column == "children_in_care"
        area = "children_in_care_and_care_leavers" if combined else column
        if area not in FRAMEWORK_AREAS[framework]:
            raise OutcomesFileError(f"{where}: {framework} has no {area} judgement")
        grades[area] = _lookup(GRADE_LABELS, row[column], "grade", where)
    return tuple((area, grades[area]) for area in FRAMEWORK_AREAS[framework] if area in grades)


def _inspection(row: Row, where: str) -> ParsedInspection:
    kind = _lookup(TYPE_LABELS, row["type"], "inspection type", where)
    start = _date(row["fieldwork_start"], "inspection date", where)
    if start is None:
        raise OutcomesFileError(f"{where}: no inspection date")
    framework = framework_for(start)
    judgements = _judgements(row, framework, where)
    theme_label = _text(row.get("theme", ""))
    themes = (_lookup(THEME_LABELS, theme_label, "visit theme", where),) if theme_label else ()
    if kind in GRADED_TYPES and themes:
        raise OutcomesFileError(f"{where}: a {kind} takes no visit theme, found {theme_label!r}")
    if kind not in GRADED_TYPES and (judgements or not themes):
        raise OutcomesFileError(f"{where}: a {kind} needs one visit theme and no judgements")
    published_on = _date(row["published_on"], "publication date", where)
    return ParsedInspection(_code(row, where), kind, framework, start, published_on, judgements, themes)


def _merge(old: ParsedInspection, new: ParsedInspection, where: str) -> ParsedInspection:
    """One inspection listed twice: keep what either row has, refuse contradictions."""
    grades = dict(old.judgements)
    for area, grade in new.judgements:
        if grades.setdefault(area, grade) != grade:
            raise OutcomesFileError(f"{where}: {area} {grade} contradicts {grades[area]} listed before")
    published = old.published_on or new.published_on
    if new.published_on and new.published_on != published:
        raise OutcomesFileError(f"{where}: publication date contradicts {published} listed before")
    judgements = tuple((area, grades[area]) for area in FRAMEWORK_AREAS[old.framework] if area in grades)
    return replace(old, published_on=published, judgements=judgements, themes=old.themes or new.themes)


def _cover_published_on(book: CalamineWorkbook) -> date | None:
    rows = book.get_sheet_by_name("Cover").to_python() if "Cover" in book.sheet_names else []
    for row in rows:
        if len(row) > 1 and _norm(row[0]) == "published on:":
            return _date(row[1], "cover publication date", "sheet 'Cover'")
    return None


def _open(path: Path) -> CalamineWorkbook:
    try:
        return CalamineWorkbook.from_path(str(path))
    except (CalamineError, OSError) as error:
        reason = " ".join(str(error).split())
        raise OutcomesFileError(f"{path.name}: not a readable ODS or xlsx workbook ({reason})") from None


def parse_outcomes(path: str | Path) -> ParsedOutcomes:
    """Parse the official outcomes workbook (ODS as Ofsted publishes it, or xlsx)."""
    book = _open(Path(path))
    latest_rows = _sheet_rows(book, LATEST_SHEET)
    in_year_rows = _sheet_rows(book, IN_YEAR_SHEET)
    history_rows = _sheet_rows(book, HISTORY_SHEET)

    authorities: dict[str, ParsedAuthority] = {}
    # Today's authorities first, so a code listed there is current; history adds the gone ones.
    for where, row in (*latest_rows, *history_rows, *in_year_rows):
        status = _lookup(STATUS_LABELS, row["status"], "status", where) if "status" in row else "current"
        authority = _authority(row, where, status)
        authorities.setdefault(authority.code, authority)
    latest: dict[str, dict[str, str]] = {}
    for where, row in latest_rows:
        start = _date(row["fieldwork_start"], "inspection date", where)
        latest[_code(row, where)] = dict(_judgements(row, framework_for(start), where)) if start else {}

    inspections: dict[tuple[str, str, date], ParsedInspection] = {}
    for where, row in (*history_rows, *in_year_rows):
        inspection = _inspection(row, where)
        key = (inspection.authority_code, inspection.type, inspection.fieldwork_start)
        inspections[key] = _merge(inspections[key], inspection, where) if key in inspections else inspection

    ordered = sorted(inspections.values(), key=lambda i: (i.authority_code, i.fieldwork_start, i.type))
    return ParsedOutcomes(
        published_on=_cover_published_on(book),
        authorities=tuple(authorities[code] for code in sorted(authorities)),
        inspections=tuple(ordered),
        latest=latest,
    )
