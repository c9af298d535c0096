"""The outcomes parser against the bundled 2025 file, and against small hand-built workbooks."""

import zipfile
from collections import Counter
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

import pytest

from app.imports.ofsted_parser import (
    GRADE_LABELS,
    REGION_LABELS,
    THEME_LABELS,
    TYPE_LABELS,
    OutcomesFileError,
    ParsedAuthority,
    ParsedInspection,
    ParsedOutcomes,
    framework_for,
    parse_outcomes,
)

DATA = Path(__file__).resolve().parents[2] / "app" / "data"
OUTCOMES_FILE = DATA / "LA_Inspection_Outcomes_as_at_31_March_2025.ods"
CATALOGUE_VISIT_THEMES = {
    "front-door",
    "children-in-need-and-child-protection",
    "children-in-care",
    "care-leavers",
    "achieving-permanence",
    "vulnerable-adolescents",
    "placement-decisions-older-children",
}


@pytest.fixture(scope="module")
def outcomes() -> ParsedOutcomes:
    return parse_outcomes(OUTCOMES_FILE)


def inspections_of(outcomes: ParsedOutcomes, code: str) -> list[ParsedInspection]:
    return [i for i in outcomes.inspections if i.authority_code == code]


# --- the bundled 2025 file ---------------------------------------------------------------------------


def test_cover_gives_publication_date(outcomes: ParsedOutcomes) -> None:
    assert outcomes.published_on == date(2025, 9, 25)


def test_authorities_are_153_current_and_3_gone(outcomes: ParsedOutcomes) -> None:
    assert len(outcomes.authorities) == 156
    assert Counter(a.status for a in outcomes.authorities) == {"current": 153, "no_longer_exists": 3}
    assert [a for a in outcomes.authorities if a.status == "no_longer_exists"] == [
        ParsedAuthority("E06000028", "Bournemouth", "south_west", "no_longer_exists"),
        ParsedAuthority("E10000006", "Cumbria", "north_west", "no_longer_exists"),
        ParsedAuthority("E10000021", "Northamptonshire", "east_midlands", "no_longer_exists"),
    ]


def test_authorities_by_region(outcomes: ParsedOutcomes) -> None:
    current = Counter(a.region for a in outcomes.authorities if a.status == "current")
    assert current == {
        "london": 33,
        "north_east_yorkshire_and_the_humber": 27,
        "north_west": 24,
        "south_east": 19,
        "south_west": 15,
        "west_midlands": 14,
        "east_of_england": 11,
        "east_midlands": 10,
    }


def test_current_authorities_are_those_of_the_bundled_csv(outcomes: ParsedOutcomes) -> None:
    # The CSV has unbalanced quotes in four names, so only its first column is trusted here.
    lines = (DATA / "authorities_2025.csv").read_text(encoding="utf-8").splitlines()[1:]
    csv_codes = {line.split(",", 1)[0] for line in lines}
    assert {a.code for a in outcomes.authorities if a.status == "current"} == csv_codes


def test_authority_names_are_ofsted_spellings(outcomes: ParsedOutcomes) -> None:
    names = {a.code: a.name for a in outcomes.authorities}
    assert names["E06000020"] == "Telford & Wrekin"
    assert names["E06000010"] == "Kingston upon Hull"
    assert names["E08000037"] == "Gateshead"


def test_inspections_by_type(outcomes: ParsedOutcomes) -> None:
    assert len(outcomes.inspections) == 331
    assert Counter(i.type for i in outcomes.inspections) == {
        "standard_inspection": 171,
        "short_inspection": 100,
        "focused_visit": 36,
        "monitoring_visit": 24,
    }


def test_inspections_by_framework(outcomes: ParsedOutcomes) -> None:
    assert Counter((i.type, i.framework) for i in outcomes.inspections) == {
        ("standard_inspection", "ilacs_2018"): 120,
        ("standard_inspection", "ilacs_2023"): 51,
        ("short_inspection", "ilacs_2018"): 48,
        ("short_inspection", "ilacs_2023"): 52,
        ("focused_visit", "ilacs_2023"): 36,
        ("monitoring_visit", "ilacs_2023"): 24,
    }


def test_graded_inspections_have_every_area_of_their_framework(outcomes: ParsedOutcomes) -> None:
    areas = Counter(tuple(area for area, _ in i.judgements) for i in outcomes.inspections if i.judgements)
    assert areas == {
        (
            "overall_effectiveness",
            "impact_of_leaders",
            "help_and_protection",
            "children_in_care_and_care_leavers",
        ): 168,
        (
            "overall_effectiveness",
            "impact_of_leaders",
            "help_and_protection",
            "children_in_care",
            "care_leavers",
        ): 103,
    }


def test_overall_effectiveness_counts(outcomes: ParsedOutcomes) -> None:
    overall = Counter(dict(i.judgements).get("overall_effectiveness") for i in outcomes.inspections)
    assert overall == {"good": 107, "requires_improvement": 74, "outstanding": 55, "inadequate": 35, None: 60}


def test_leicestershire_2019_and_2024_standard_inspections(outcomes: ParsedOutcomes) -> None:
    assert inspections_of(outcomes, "E10000018") == [
        ParsedInspection(
            authority_code="E10000018",
            type="standard_inspection",
            framework="ilacs_2018",
            fieldwork_start=date(2019, 9, 23),
            published_on=date(2019, 11, 4),
            judgements=(
                ("overall_effectiveness", "requires_improvement"),
                ("impact_of_leaders", "good"),
                ("help_and_protection", "requires_improvement"),
                ("children_in_care_and_care_leavers", "good"),
            ),
            themes=(),
        ),
        ParsedInspection(
            authority_code="E10000018",
            type="standard_inspection",
            framework="ilacs_2023",
            fieldwork_start=date(2024, 4, 22),
            published_on=date(2024, 7, 12),
            judgements=(
                ("overall_effectiveness", "outstanding"),
                ("impact_of_leaders", "outstanding"),
                ("help_and_protection", "good"),
                ("children_in_care", "outstanding"),
                ("care_leavers", "outstanding"),
            ),
            themes=(),
        ),
    ]


def test_gateshead_has_two_short_inspections(outcomes: ParsedOutcomes) -> None:
    gateshead = inspections_of(outcomes, "E08000037")
    assert [(i.type, i.framework, i.fieldwork_start, i.published_on) for i in gateshead] == [
        ("short_inspection", "ilacs_2018", date(2019, 4, 29), date(2019, 6, 11)),
        ("short_inspection", "ilacs_2023", date(2024, 12, 2), date(2025, 1, 29)),
    ]


def test_inspection_in_history_and_in_year_is_listed_once(outcomes: ParsedOutcomes) -> None:
    york = [i for i in inspections_of(outcomes, "E06000014") if i.fieldwork_start == date(2025, 2, 24)]
    assert york == [
        ParsedInspection(
            "E06000014",
            "standard_inspection",
            "ilacs_2023",
            date(2025, 2, 24),
            date(2025, 4, 15),
            tuple(
                (area, "outstanding")
                for area in (
                    "overall_effectiveness",
                    "impact_of_leaders",
                    "help_and_protection",
                    "children_in_care",
                    "care_leavers",
                )
            ),
            (),
        )
    ]


def test_twelve_activities_of_the_year_were_published_after_31_march(outcomes: ParsedOutcomes) -> None:
    late = [i for i in outcomes.inspections if i.published_on and i.published_on > date(2025, 3, 31)]
    assert Counter(i.type for i in late) == {
        "standard_inspection": 5,
        "short_inspection": 4,
        "monitoring_visit": 2,
        "focused_visit": 1,
    }


def test_visit_themes_of_2024_25(outcomes: ParsedOutcomes) -> None:
    themes = Counter((i.type, theme) for i in outcomes.inspections for theme in i.themes)
    assert themes == {
        ("focused_visit", "children-in-need-and-child-protection"): 13,
        ("focused_visit", "care-leavers"): 13,
        ("focused_visit", "children-in-care"): 6,
        ("focused_visit", "front-door"): 2,
        ("focused_visit", "achieving-permanence"): 2,
        ("monitoring_visit", "children-in-need-and-child-protection"): 5,
        ("monitoring_visit", "children-in-care"): 5,
        ("monitoring_visit", "front-door"): 5,
        ("monitoring_visit", "care-leavers"): 4,
        ("monitoring_visit", "achieving-permanence"): 3,
        ("monitoring_visit", "vulnerable-adolescents"): 2,
    }


def test_visits_have_one_theme_and_no_judgements(outcomes: ParsedOutcomes) -> None:
    visits = [i for i in outcomes.inspections if i.type in {"focused_visit", "monitoring_visit"}]
    assert {(len(i.themes), i.judgements) for i in visits} == {(1, ())}
    assert {i.fieldwork_start.year for i in visits} == {2024, 2025}


def test_latest_grades_of_every_current_authority(outcomes: ParsedOutcomes) -> None:
    assert len(outcomes.latest) == 153
    assert outcomes.latest["E10000018"]["overall_effectiveness"] == "outstanding"
    assert outcomes.latest["E08000031"] == {  # Wolverhampton, last graded in 2022: combined area
        "overall_effectiveness": "good",
        "impact_of_leaders": "outstanding",
        "help_and_protection": "good",
        "children_in_care_and_care_leavers": "good",
    }
    assert Counter(len(grades) for grades in outcomes.latest.values()) == {5: 103, 4: 50}


def test_latest_grades_agree_with_the_history(outcomes: ParsedOutcomes) -> None:
    for code, grades in outcomes.latest.items():
        graded = [i for i in inspections_of(outcomes, code) if i.judgements]
        assert dict(max(graded, key=lambda i: i.fieldwork_start).judgements) == grades, code


# --- label tables and framework dates ------------------------------------------------------------------


def test_label_tables_cover_the_catalogue() -> None:
    assert set(THEME_LABELS.values()) == CATALOGUE_VISIT_THEMES
    assert THEME_LABELS["Children in need/subject to a plan"] == "children-in-need-and-child-protection"
    assert TYPE_LABELS["LA Monitoring visit"] == "monitoring_visit"
    assert set(TYPE_LABELS.values()) == {
        "standard_inspection",
        "short_inspection",
        "focused_visit",
        "monitoring_visit",
    }
    assert GRADE_LABELS["Requires improvement to be good"] == "requires_improvement"
    assert len(set(REGION_LABELS.values())) == 8


@pytest.mark.parametrize(
    ("fieldwork_start", "framework"),
    [
        (date(2018, 1, 29), "ilacs_2018"),
        (date(2022, 12, 31), "ilacs_2018"),
        (date(2023, 1, 1), "ilacs_2023"),
        (date(2026, 3, 31), "ilacs_2023"),
        (date(2026, 4, 1), "ilacs_2026"),
    ],
)
def test_framework_follows_fieldwork_start(fieldwork_start: date, framework: str) -> None:
    assert framework_for(fieldwork_start) == framework


# --- hand-built workbooks ------------------------------------------------------------------------------

JUDGEMENT_HEADERS = [
    "Overall effectiveness",
    "The impact of leaders on social work practice with children and families",
    "The experiences and progress of children who need help and protection",
    "The experiences and progress of children in care",
    "The experiences and progress of care leavers",
]
TABLE_START = ["Web link", "Local authority area code", "Local authority name"]
LATEST_HEADERS = [*TABLE_START, "Ofsted region", "Inspection date", "Publication date", *JUDGEMENT_HEADERS]
IN_YEAR_HEADERS = [
    *TABLE_START,
    "Region",
    "Inspection/Visit date",
    "Publication date",
    "Inspection/Visit type",
]
IN_YEAR_HEADERS += [*JUDGEMENT_HEADERS, "Visit Theme"]
HISTORY_HEADERS = [
    *TABLE_START,
    "Local authority status",
    "Ofsted region",
    "Inspection date",
    "Publication date",
]
HISTORY_HEADERS += ["Inspection type", *JUDGEMENT_HEADERS]
GOOD_2019 = ["Good", "Good", "Good", "Good", ""]
Cell = str | date


def _cell(value: Cell) -> str:
    if isinstance(value, date):
        return (
            f'<table:table-cell office:value-type="date" office:date-value="{value.isoformat()}">'
            f"<text:p>{value:%d/%m/%Y}</text:p></table:table-cell>"
        )
    if not value:
        return "<table:table-cell/>"
    return f'<table:table-cell office:value-type="string"><text:p>{escape(value)}</text:p></table:table-cell>'


def write_ods(path: Path, sheets: dict[str, list[Sequence[Cell]]]) -> Path:
    """A minimal OpenDocument spreadsheet: enough for calamine, as Ofsted's file is."""
    ns = " ".join(f'xmlns:{p}="urn:oasis:names:tc:opendocument:xmlns:{p}:1.0"' for p in ("office", "table", "text"))
    tables = "".join(
        f"<table:table table:name={quoteattr(name)}>"
        + "".join(f"<table:table-row>{''.join(map(_cell, row))}</table:table-row>" for row in rows)
        + "</table:table>"
        for name, rows in sheets.items()
    )
    manifest = (
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">'
        '<manifest:file-entry manifest:full-path="/" '
        'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/></manifest:manifest>'
    )
    with zipfile.ZipFile(path, "w") as ods:
        ods.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet", zipfile.ZIP_STORED)
        ods.writestr("META-INF/manifest.xml", manifest)
        ods.writestr(
            "content.xml",
            f"<office:document-content {ns}><office:body><office:spreadsheet>"
            f"{tables}</office:spreadsheet></office:body></office:document-content>",
        )
    return path


GATESHEAD = ["link", "E08000037", "Gateshead"]
NORTH_EAST = "North East, Yorkshire and the Humber"
NO_GRADES = ["", "", "", "", ""]


def latest_row(region: str = NORTH_EAST) -> list[Cell]:
    return [*GATESHEAD, region, date(2019, 4, 29), date(2019, 6, 11), *GOOD_2019]


def in_year_row(
    kind: str = "ILACS Focused Visit", grades: Sequence[str] = NO_GRADES, theme: str = "Front door"
) -> list[Cell]:
    return [*GATESHEAD, NORTH_EAST, "02/12/2024", "29/01/2025", kind, *grades, theme]


def history_row(
    grades: Sequence[str] = GOOD_2019, start: str = "29/04/2019", published: str = "11/06/2019"
) -> list[Cell]:
    return [*GATESHEAD, "Current", NORTH_EAST, start, published, "ILACS Short Inspection", *grades]


def small_workbook(
    latest: Sequence[Cell] | None = None,
    in_year: Sequence[Cell] | None = None,
    history: Sequence[Cell] | None = None,
) -> dict[str, list[Sequence[Cell]]]:
    """Gateshead's 2019 short inspection (dates as text in history) and a 2024 focused visit."""
    return {
        "Cover": [["Title", ""], ["Published on:", "25/09/2025"]],
        "Inspections_as_at_31_March": [["Title"], ["Description"], LATEST_HEADERS, latest or latest_row()],
        "In-year_inspections": [["Title"], ["Description"], IN_YEAR_HEADERS, in_year or in_year_row()],
        "ILACS_inspection_history": [
            ["Title"],
            ["Description"],
            HISTORY_HEADERS,
            history or history_row(),
            [],
            ["Source: Ofsted. A trailing note without a code."],
        ],
    }


def test_small_workbook_with_text_dates_blank_rows_and_notes(tmp_path: Path) -> None:
    parsed = parse_outcomes(write_ods(tmp_path / "small.ods", small_workbook()))
    assert parsed.published_on == date(2025, 9, 25)
    assert parsed.authorities == (
        ParsedAuthority("E08000037", "Gateshead", "north_east_yorkshire_and_the_humber", "current"),
    )
    assert [(i.type, i.fieldwork_start, i.published_on, i.themes) for i in parsed.inspections] == [
        ("short_inspection", date(2019, 4, 29), date(2019, 6, 11), ()),
        ("focused_visit", date(2024, 12, 2), date(2025, 1, 29), ("front-door",)),
    ]
    assert parsed.latest == {"E08000037": dict(parsed.inspections[0].judgements)}


def test_text_file_is_not_a_workbook(tmp_path: Path) -> None:
    text = tmp_path / "outcomes.ods"
    text.write_text("code,name\nE08000037,Gateshead\n", encoding="utf-8")
    with pytest.raises(OutcomesFileError, match=r"^outcomes\.ods: not a readable ODS or xlsx workbook") as error:
        parse_outcomes(text)
    assert "\n" not in str(error.value)


def test_missing_file_is_an_outcomes_file_error(tmp_path: Path) -> None:
    with pytest.raises(OutcomesFileError, match="not a readable ODS or xlsx workbook"):
        parse_outcomes(tmp_path / "absent.ods")


def test_missing_sheet_is_named(tmp_path: Path) -> None:
    sheets = small_workbook()
    del sheets["In-year_inspections"]
    with pytest.raises(OutcomesFileError, match="sheet 'In-year_inspections' is missing"):
        parse_outcomes(write_ods(tmp_path / "no-in-year.ods", sheets))


def test_missing_header_is_named(tmp_path: Path) -> None:
    sheets = small_workbook()
    sheets["In-year_inspections"][2] = [h for h in IN_YEAR_HEADERS if h != "Visit Theme"]
    with pytest.raises(OutcomesFileError, match="'In-year_inspections': no column headed 'Visit Theme'"):
        parse_outcomes(write_ods(tmp_path / "no-theme.ods", sheets))


def test_unknown_theme_label_is_named(tmp_path: Path) -> None:
    sheets = small_workbook(in_year=in_year_row(theme="Kinship care"))
    with pytest.raises(OutcomesFileError, match=r"row 4: unknown visit theme 'Kinship care'$"):
        parse_outcomes(write_ods(tmp_path / "theme.ods", sheets))


def test_unknown_region_is_named(tmp_path: Path) -> None:
    sheets = small_workbook(latest=latest_row(region="Yorkshire"))
    with pytest.raises(OutcomesFileError, match="unknown Ofsted region 'Yorkshire'"):
        parse_outcomes(write_ods(tmp_path / "region.ods", sheets))


def test_care_leavers_grade_before_2023_is_refused(tmp_path: Path) -> None:
    sheets = small_workbook(history=history_row(grades=["Good"] * 5))
    with pytest.raises(OutcomesFileError, match="ilacs_2018 has no care_leavers judgement"):
        parse_outcomes(write_ods(tmp_path / "care-leavers.ods", sheets))


def test_contradicting_sheets_are_refused(tmp_path: Path) -> None:
    sheets = small_workbook(
        in_year=in_year_row("ILACS Short Inspection", grades=["Good"] * 5, theme=""),
        history=history_row(["Inadequate", *["Good"] * 4], start="02/12/2024", published="29/01/2025"),
    )
    with pytest.raises(OutcomesFileError, match="overall_effectiveness good contradicts inadequate"):
        parse_outcomes(write_ods(tmp_path / "contradiction.ods", sheets))
