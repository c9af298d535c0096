"""Each official edition's own "as at 31 March" table, read cell by cell: Ofsted's count, authority by
authority, against which the counting rule is checked (tests/stats/test_edition_oracles.py)."""

import functools
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from app.imports.authority_names import AuthorityDirectory
from app.imports.labels import AREAS, GRADES, norm
from app.imports.records import AuthorityRef
from app.imports.tables import find_tables, open_workbook
from app.inspections.vocabulary import Area
from app.reference_data import DATA_DIR

AREAS_COUNTED = (
    Area.overall_effectiveness,
    Area.impact_of_leaders,
    Area.help_and_protection,
    Area.children_in_care,
    Area.care_leavers,
)


@dataclass(frozen=True, slots=True)
class Edition:
    file: Path
    as_of: date
    published_by: date  # the cut-off its cover states ("... published by 30 June 2024")


EDITIONS = {
    2023: Edition(
        DATA_DIR / "Childrens_social_care_in_England_2023_underlying_data.ods", date(2023, 3, 31), date(2023, 4, 30)
    ),
    2024: Edition(DATA_DIR / "LA_Inspection_Outcomes_as_at_31_March_2024.ods", date(2024, 3, 31), date(2024, 6, 30)),
    2025: Edition(DATA_DIR / "LA_Inspection_Outcomes_as_at_31_March_2025.ods", date(2025, 3, 31), date(2025, 6, 30)),
}


@dataclass(frozen=True, slots=True)
class Row:
    name: str
    inspection_date: date | None
    grades: dict[Area, str]  # the category each counted area gets: a grade, not_graded or not_inspected


def _is_as_at(header: tuple[str, ...]) -> bool:
    """The latest-grades table: an inspection date and the areas, and no type column (the in-year and history
    tables have one)."""
    return "inspection date" in header and "overall effectiveness" in header and not any("type" in h for h in header)


@functools.cache
def _table(file: Path) -> tuple[tuple[str | None, str, date | None, tuple[tuple[Area, str], ...]], ...]:
    """The as-at rows: (code or None, name, inspection date, (area, category) pairs), read once per file."""
    (table,) = find_tables(open_workbook(file.read_bytes()), _is_as_at, "Local authority name")
    columns = {AREAS[h]: i for i, h in enumerate(table.header) if h in AREAS}
    code_at = table.column("Local authority area code")
    name_at, date_at = table.column("Local authority name"), table.column("Inspection date")
    assert name_at is not None and date_at is not None
    rows = []
    for _, cells in table.rows:
        inspected = cells[date_at]
        on = inspected.date() if isinstance(inspected, datetime) else None
        grades = []
        for area in AREAS_COUNTED:
            # Before 2023 the children-in-care column holds the combined judgement, which Ofsted counts for it.
            column = columns.get(area)
            label = norm(cells[column]) if column is not None and column < len(cells) else ""
            grades.append((area, GRADES[label].value if label else ("not_graded" if on else "not_inspected")))
        code = str(cells[code_at]).strip() if code_at is not None else None
        rows.append((code, str(cells[name_at]).strip(), on, tuple(grades)))
    return tuple(rows)


def as_at_table(edition: Edition, directory: AuthorityDirectory) -> dict[str, Row]:
    """The edition's as-at table by authority code (names matched as the importer matches them)."""
    rows: dict[str, Row] = {}
    for code_in_file, name, on, grades in _table(edition.file):
        code = directory.resolve(AuthorityRef(code=code_in_file, name=name))
        assert code is not None, f"{edition.file.name}: {name!r} matches no authority"
        rows[code] = Row(name=name, inspection_date=on, grades=dict(grades))
    return rows
