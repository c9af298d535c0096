"""Reading the community report-scrape history: whole valid records, or skipped with their reason."""

from collections import Counter
from datetime import date

import pytest

from app.imports.records import ParsedFile, Skipped, UnrecognisedFile
from app.imports.scrape import COLUMNS, read_scrape
from app.inspections.vocabulary import Area, Framework, Grade, InspectionType
from tests.imports.workbooks import SCRAPE

HEADER = ",".join([*COLUMNS, "pdf_filename", "parser_version"])


def scrape_row(start: str = "11/05/2026", overall: str = "not_reported_post_reform", care_leavers: str = "good") -> str:
    return (
        f"80468,gateshead,https://files.ofsted.gov.uk/v1/file/1,07/07/26,standard,Jo Bloggs,{start},22/05/2026,"
        f"{overall},outstanding,good,good,{care_leavers},x.pdf,1"
    )


def read(*rows: str) -> ParsedFile:
    return read_scrape("\n".join([HEADER, *rows]).encode(), "scrape.csv")


@pytest.fixture(scope="module")
def scrape() -> ParsedFile:
    return read_scrape(SCRAPE.read_bytes(), SCRAPE.name)


def test_the_history_is_named_by_its_latest_report(scrape: ParsedFile) -> None:
    assert (scrape.source.reference, scrape.source.edition) == (
        "ofsted-ilacs-scrape-tool history to 2026-08-20",
        date(2026, 8, 20),
    )


def test_reports_under_the_framework_in_force_at_fieldwork(scrape: ParsedFile) -> None:
    assert Counter((r.type.value, r.framework.value) for r in scrape.records) == {
        ("standard_inspection", "ilacs_2018"): 112,
        ("short_inspection", "ilacs_2018"): 48,
        ("standard_inspection", "ilacs_2023"): 68,
        ("short_inspection", "ilacs_2023"): 76,
        ("standard_inspection", "ilacs_2026"): 8,
        ("short_inspection", "ilacs_2026"): 3,
    }


def test_messy_rows_are_skipped_by_reason(scrape: ParsedFile) -> None:
    assert Counter(s.reason for s in scrape.skipped) == {
        "no inspection_start_date: the report cannot be placed": 178,
        "overall_effectiveness_grade '' is not a grade (ilacs_2018 judges overall_effectiveness)": 3,
        "inspection_framework 'inspection duration longer than standard framework' is neither short nor standard": 1,
    }


def test_a_2026_report_has_no_overall_judgement() -> None:
    [record] = read(scrape_row()).records
    assert (record.type, record.framework, record.fieldwork_end, record.lead_inspector, record.judgements) == (
        InspectionType.standard_inspection,
        Framework.ilacs_2026,
        date(2026, 5, 22),
        "Jo Bloggs",
        {
            Area.impact_of_leaders: Grade.outstanding,
            Area.help_and_protection: Grade.good,
            Area.children_in_care: Grade.good,
            Area.care_leavers: Grade.good,
        },
    )


def test_report_published_in_2026_on_fieldwork_before_april_keeps_its_overall_judgement() -> None:
    [record] = read(scrape_row(start="12/01/2026", overall="good")).records
    assert (record.framework, record.judgements[Area.overall_effectiveness]) == (Framework.ilacs_2023, Grade.good)


def test_overall_judgement_missing_before_2026_is_skipped_whole() -> None:
    parsed = read(scrape_row(start="12/01/2026"))
    assert (parsed.records, parsed.skipped) == (
        [],
        [
            Skipped(
                "row 2",
                "overall_effectiveness_grade 'not_reported_post_reform' is not a grade (ilacs_2023 judges overall_effectiveness)",
            )
        ],
    )


def test_unreadable_grade_is_skipped_whole() -> None:
    parsed = read(scrape_row(care_leavers="data_unreadable"))
    assert [s.reason for s in parsed.skipped] == [
        "care_leavers_grade 'data_unreadable' is not a grade (ilacs_2026 judges care_leavers)"
    ]


def test_csv_with_another_header_is_refused() -> None:
    with pytest.raises(UnrecognisedFile, match="no column urn, local_authority"):
        read_scrape(b"code,name\nE08000037,Gateshead\n", "other.csv")
