"""Reading the official editions: tables by their header rows, whatever the sheet names and column order."""

from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from app.imports.editions import read_edition
from app.imports.records import ParsedFile, Skipped, UnrecognisedFile
from app.inspections.vocabulary import Area, Framework, Grade, InspectionType
from tests.imports.workbooks import (
    EDITION_2023,
    EDITION_2024,
    EDITION_2025,
    IN_YEAR_HEADERS,
    NO_GRADES,
    edition,
    in_year_row,
    ods_bytes,
)


@pytest.fixture(scope="module")
def e2023() -> ParsedFile:
    return read_edition(EDITION_2023.read_bytes(), EDITION_2023.name)


@pytest.fixture(scope="module")
def e2024() -> ParsedFile:
    return read_edition(EDITION_2024.read_bytes(), EDITION_2024.name)


@pytest.fixture(scope="module")
def e2025() -> ParsedFile:
    return read_edition(EDITION_2025.read_bytes(), EDITION_2025.name)


def by_type(parsed: ParsedFile) -> Counter[tuple[str, str]]:
    return Counter((r.type.value, r.framework.value) for r in parsed.records)


def test_each_edition_is_named_and_dated_by_its_cover(e2023: ParsedFile, e2024: ParsedFile, e2025: ParsedFile) -> None:
    assert [(p.source.reference, p.source.edition) for p in (e2023, e2024, e2025)] == [
        ("Children's social care data in England 2023", date(2023, 7, 6)),
        ("Local authority inspection outcomes as at 31 March 2024", date(2024, 8, 30)),
        ("Local authority inspection outcomes as at 31 March 2025", date(2025, 9, 25)),
    ]


def test_2025_edition_reads_its_in_year_table_and_history(e2025: ParsedFile) -> None:
    # 383 rows: the in-year table restates 52 of the history's inspections (matched into one record on import).
    assert by_type(e2025) == {
        ("standard_inspection", "ilacs_2018"): 120,
        ("short_inspection", "ilacs_2018"): 48,
        ("standard_inspection", "ilacs_2023"): 73,
        ("short_inspection", "ilacs_2023"): 82,
        ("focused_visit", "ilacs_2023"): 36,
        ("monitoring_visit", "ilacs_2023"): 24,
    }
    assert e2025.skipped == []


def test_2024_in_year_activity_is_published_by_the_editions_cut_off(e2024: ParsedFile) -> None:
    in_year = [r for r in e2024.records if r.fieldwork_start is not None]
    assert Counter((r.published_on, r.published_by) for r in in_year) == {(None, date(2024, 6, 30)): 107}


def test_2024_history_is_wide_with_publication_dates_only(e2024: ParsedFile) -> None:
    history = [r for r in e2024.records if r.fieldwork_start is None]
    assert (len(history), all(r.published_on for r in history)) == (219, True)
    northamptonshire = [r for r in history if r.authority.name == "Northamptonshire"]
    assert [(r.type, r.framework, r.published_on) for r in northamptonshire] == [
        (InspectionType.standard_inspection, Framework.ilacs_2018, date(2019, 7, 29))
    ]


def test_2023_workbook_gives_sif_inspections_and_reinspections(e2023: ParsedFile) -> None:
    sif = [r for r in e2023.records if r.type is InspectionType.sif_inspection]
    assert len(sif) == 173
    barnet = next(r for r in sif if r.authority.name == "Barnet")
    assert (barnet.framework, barnet.fieldwork_start, barnet.published_on, barnet.judgements) == (
        Framework.sif_2013,
        None,
        date(2017, 7, 7),
        {
            Area.overall_effectiveness: Grade.inadequate,
            Area.help_and_protection: Grade.inadequate,
            Area.looked_after_and_permanence: Grade.inadequate,
            Area.adoption_performance: Grade.requires_improvement,
            Area.care_leavers: Grade.requires_improvement,
            Area.leadership_management_governance: Grade.inadequate,
        },
    )


def test_a_judgement_marked_not_made_is_not_missing(e2023: ParsedFile) -> None:
    city = [
        r for r in e2023.records if r.authority.name == "City of London" and r.type is InspectionType.sif_inspection
    ]
    assert [(r.not_judged, Area.adoption_performance in r.judgements) for r in city] == [
        (frozenset({Area.adoption_performance}), False)
    ]


def test_2023_older_regimes_and_lscb_are_skipped_and_counted(e2023: ParsedFile) -> None:
    assert Counter(s.reason.split(":")[0] for s in e2023.skipped) == {
        "SLAC inspection": 163,
        "LSCB judgement": 152,
        "CPI inspection": 50,
        "TLAC inspection": 5,
        "CPRI inspection": 1,
    }


def test_2023_in_year_activity_is_published_by_30_april(e2023: ParsedFile) -> None:
    in_year = {r.published_by for r in e2023.records if r.fieldwork_start is not None}
    assert in_year == {date(2023, 4, 30)}


def test_renamed_sheet_and_moved_columns_read_the_same(tmp_path: Path) -> None:
    rows = [in_year_row(), in_year_row("ILACS Focused Visit", NO_GRADES, "Front door", "03/03/2025", "")]
    plain = read_edition(ods_bytes(edition(rows), tmp_path / "a.ods"), "a.ods")
    order = [IN_YEAR_HEADERS.index(h) for h in reversed(IN_YEAR_HEADERS)]
    shuffled = [[row[i] for i in order] for row in rows]
    moved = read_edition(
        ods_bytes(edition(shuffled, [IN_YEAR_HEADERS[i] for i in order], "Renamed_2026"), tmp_path / "b.ods"), "b.ods"
    )
    assert [
        (r.type, r.fieldwork_start, r.published_on, r.published_by, r.judgements, r.themes) for r in moved.records
    ] == [(r.type, r.fieldwork_start, r.published_on, r.published_by, r.judgements, r.themes) for r in plain.records]
    assert [(r.type, r.published_on, r.published_by, r.themes) for r in plain.records] == [
        (InspectionType.short_inspection, date(2025, 1, 29), None, ()),
        (InspectionType.focused_visit, None, date(2026, 6, 30), ("front-door",)),
    ]


def test_row_with_an_unknown_grade_is_skipped_with_its_reason(tmp_path: Path) -> None:
    grades = ["Good", "Very good", "Good", "Good", "Good"]
    parsed = read_edition(ods_bytes(edition([in_year_row(grades=grades)]), tmp_path / "a.ods"), "a.ods")
    assert (parsed.records, parsed.skipped) == (
        [],
        [Skipped("sheet 'Any name' row 5", "'Very good' is not a grade (impact_of_leaders)")],
    )


def test_column_saying_no_known_field_is_refused(tmp_path: Path) -> None:
    headers = ["Local authority name", "LA region", "First ILACS publication date", "First ILACS mood of inspectors"]
    book = {
        "Cover": [["T"], ["Published on:", "01/01/2026"]],
        "S": [headers, ["Gateshead", "North East", "01/02/2020", "happy"]],
    }
    with pytest.raises(UnrecognisedFile, match="'first ilacs mood of inspectors' says no known field"):
        read_edition(ods_bytes(book, tmp_path / "a.ods"), "a.ods")


def test_workbook_without_a_table_of_inspections_is_refused(tmp_path: Path) -> None:
    book = {"Cover": [["T"], ["Published on:", "01/01/2026"]], "S": [["Name", "Date"], ["x", "y"]]}
    with pytest.raises(UnrecognisedFile, match="no table of inspections"):
        read_edition(ods_bytes(book, tmp_path / "a.ods"), "a.ods")


def test_truncated_spreadsheet_is_refused() -> None:
    with pytest.raises(UnrecognisedFile, match="not a readable ODS or xlsx spreadsheet"):
        read_edition(EDITION_2025.read_bytes()[:50_000], "cut.ods")
