"""Which source's word stands, field by field, and which accounts are the same activity (pure rules)."""

from datetime import date

from app.imports.precedence import distance, merge, rank

SHORT = {"type": "short_inspection", "framework": "ilacs_2023"}
EDITION_2024 = rank("official_statistics", date(2024, 8, 30), "2024")
EDITION_2025 = rank("official_statistics", date(2025, 9, 25), "2025")
ENTERED = rank("entered", None, None)
SCRAPE = rank("report_scrape", date(2026, 8, 20), "scrape")


def test_later_edition_wins_over_earlier() -> None:
    merged = merge(
        [
            (EDITION_2025, {**SHORT, "published_on": "2025-01-29"}),
            (EDITION_2024, {**SHORT, "published_on": "2025-01-28"}),
        ]
    )
    assert merged["published_on"] == "2025-01-29"


def test_order_of_the_sources_does_not_matter() -> None:
    sources = [
        (SCRAPE, {**SHORT, "fieldwork_start": "2024-12-03", "fieldwork_end": "2024-12-06", "lead_inspector": "A"}),
        (ENTERED, {**SHORT, "lead_inspector": "B"}),
        (EDITION_2025, {**SHORT, "fieldwork_start": "2024-12-02", "published_on": "2025-01-29"}),
    ]
    assert merge(sources) == merge(list(reversed(sources)))
    assert {k: merge(sources)[k] for k in ("fieldwork_start", "fieldwork_end", "lead_inspector")} == {
        "fieldwork_start": "2024-12-02",
        "fieldwork_end": "2024-12-06",
        "lead_inspector": "B",
    }


def test_lower_source_fills_a_judgement_only_where_unknown() -> None:
    merged = merge(
        [
            (SCRAPE, {**SHORT, "judgements": {"care_leavers": "good", "overall_effectiveness": "outstanding"}}),
            (EDITION_2024, {**SHORT, "judgements": {"overall_effectiveness": "good"}}),
        ]
    )
    assert merged["judgements"] == {"overall_effectiveness": "good", "care_leavers": "good"}


def test_publication_date_clears_the_cut_off() -> None:
    merged = merge(
        [(EDITION_2024, {**SHORT, "published_by": "2024-06-30"}), (SCRAPE, {**SHORT, "published_on": "2024-05-01"})]
    )
    assert (merged["published_on"], merged["published_by"]) == ("2024-05-01", None)


def test_fieldwork_starts_within_seven_days_are_one_activity() -> None:
    assert distance({**SHORT, "fieldwork_start": "2024-12-09"}, {**SHORT, "fieldwork_start": "2024-12-02"}) == 7
    assert distance({**SHORT, "fieldwork_start": "2024-12-10"}, {**SHORT, "fieldwork_start": "2024-12-02"}) is None


def test_short_and_standard_accounts_of_one_date_are_one_activity() -> None:
    standard = {"type": "standard_inspection", "fieldwork_start": "2024-12-02"}
    assert distance(standard, {**SHORT, "fieldwork_start": "2024-12-02"}) == 0
    assert distance({"type": "focused_visit", "fieldwork_start": "2024-12-02"}, standard) is None


def test_publication_only_account_matches_by_publication_date() -> None:
    assert (
        distance(
            {**SHORT, "published_on": "2025-01-29"},
            {**SHORT, "fieldwork_start": "2024-12-02", "published_on": "2025-01-29"},
        )
        == 0
    )


def test_publication_only_account_matches_a_report_published_after_fieldwork() -> None:
    assert distance({**SHORT, "published_on": "2025-01-29"}, {**SHORT, "fieldwork_start": "2024-12-02"}) == 1058
    assert distance({**SHORT, "published_on": "2025-09-29"}, {**SHORT, "fieldwork_start": "2024-12-02"}) is None
