"""The reading rules hold on reports written here: Ofsted's structure, other words, points and grades."""

from datetime import date

import pytest

from app.reference_data import current_authorities
from app.reports.rules import Rule, Unreadable, authority_rule, findings_rule, read_report
from app.reports.text import read_document
from tests.reports.make_pdf import IlacsReport, SifReport

LEADERS = "The impact of leaders on social work practice with children and families"
HELP = "The experiences and progress of children who need help and protection"
IN_CARE = "The experiences and progress of children in care"
LEAVERS = "The experiences and progress of care leavers"
IN_CARE_AND_LEAVERS = "The experiences and progress of children in care and care leavers"
LONG_POINT = (
    "The quality of supervision for practitioners in the assessment teams, so that every plan says what "
    "will change for the child, by when, and who will check that it has."
)


def read(pdf: bytes) -> dict[str, object]:
    r = read_report(read_document(pdf))
    return {
        "authority_name": r.authority_name,
        "type": r.type,
        "framework": r.framework,
        "fieldwork": (r.fieldwork_start, r.fieldwork_end),
        "lead_inspector": r.lead_inspector,
        "published_on": r.published_on,
        "judgements": dict(r.judgements),
        "findings": [(k.value, t) for k, t in r.findings],
    }


def refusal(pdf: bytes) -> list[tuple[Rule, str]]:
    with pytest.raises(Unreadable) as refused:
        read_report(read_document(pdf))
    return refused.value.missing


def test_ilacs_2023_standard_inspection_reads_every_field() -> None:
    improve = [LONG_POINT, *[f"Point {n} on the timeliness of pathway plans for care leavers." for n in range(2, 12)]]
    pdf = IlacsReport(
        authority="Bristol, City of",
        dates="29 September to 10 October 2025",
        lead="Jo Bloggs-Smith",
        table=[
            (LEADERS, "Inadequate"),
            (HELP, "Requires improvement to be good"),
            (IN_CARE, "Good"),
            (LEAVERS, "Outstanding"),
            ("Overall effectiveness", "Inadequate"),
        ],
        improve=improve,
        priority=["The response to children at risk of exploitation outside the home."],
    ).pdf()
    assert read(pdf) == {
        "authority_name": "Bristol, City of",
        "type": "standard_inspection",
        "framework": "ilacs_2023",
        "fieldwork": (date(2025, 9, 29), date(2025, 10, 10)),
        "lead_inspector": "Jo Bloggs-Smith",
        "published_on": None,
        "judgements": {
            "overall_effectiveness": "inadequate",
            "impact_of_leaders": "inadequate",
            "help_and_protection": "requires_improvement",
            "children_in_care": "good",
            "care_leavers": "outstanding",
        },
        "findings": [
            ("priority_action", "The response to children at risk of exploitation outside the home."),
            *[("area_for_improvement", text) for text in improve],
        ],
    }


def test_ilacs_2026_short_inspection_has_no_overall_judgement() -> None:
    pdf = IlacsReport(
        authority="Newtown",
        dates="4 to 8 May 2026",
        table=[(LEADERS, "Good"), (HELP, "Good"), (IN_CARE, "Requires improvement to be good"), (LEAVERS, "Good")],
        improve=["Help for young carers."],
    ).pdf()
    read_back = read(pdf)
    assert (read_back["type"], read_back["framework"]) == ("short_inspection", "ilacs_2026")
    assert read_back["judgements"] == {
        "impact_of_leaders": "good",
        "help_and_protection": "good",
        "children_in_care": "requires_improvement",
        "care_leavers": "good",
    }
    assert read_back["findings"] == [("area_for_improvement", "Help for young carers.")]


def test_an_overall_judgement_under_a_framework_without_one_is_refused() -> None:
    table = [(LEADERS, "Good"), (HELP, "Good"), (IN_CARE, "Good"), (LEAVERS, "Good"), ("Overall effectiveness", "Good")]
    pdf = IlacsReport(dates="4 to 8 May 2026", table=table, improve=["One."]).pdf()
    assert refusal(pdf) == [
        (
            Rule.judgements,
            "the report judges overall_effectiveness, which framework ilacs_2026 (in force at fieldwork) does not",
        )
    ]


def test_ilacs_2018_layout_reads_the_combined_area_and_short_grade_labels() -> None:
    pdf = IlacsReport(
        authority="Royal Borough of Kensington and Chelsea",
        dates="5 November to 16 November 2018",
        layout_2018=True,
        table=[
            (LEADERS, "Requires improvement"),
            (HELP, "Good"),
            (IN_CARE_AND_LEAVERS, "Inadequate"),
            ("Overall effectiveness", "Requires improvement"),
        ],
        improve=["The quality of return home interviews."],
    ).pdf()
    read_back = read(pdf)
    assert read_back["authority_name"] == "Royal Borough of Kensington and Chelsea"
    assert (read_back["type"], read_back["framework"]) == ("standard_inspection", "ilacs_2018")
    assert read_back["judgements"] == {
        "overall_effectiveness": "requires_improvement",
        "impact_of_leaders": "requires_improvement",
        "help_and_protection": "good",
        "children_in_care_and_care_leavers": "inadequate",
    }


def test_sif_report_reads_sub_headed_points_and_leaves_the_lscb_s_own() -> None:
    care_leavers = [
        f"Ensure that care leaver {n} has a pathway plan that is reviewed every six months." for n in range(8)
    ]
    pdf = SifReport(
        authority="Oldport County Council",
        dates="2 June 2015 - 24 June 2015",
        published="7 August 2015",
        lead="Sam Sample",
        overall="require improvement",
        table=[
            ("1. Children who need help and protection", "Inadequate"),
            ("2. Children looked after and achieving permanence", "Requires improvement"),
            ("2.1 Adoption performance", "Good"),
            ("2.2 Experiences and progress of care leavers", "Outstanding"),
            ("3. Leadership, management and governance", "Inadequate"),
        ],
        priority={"Help and protection": ["Ensure that strategy meetings include the police.", "Assess risk."]},
        improve={"Care leavers": care_leavers, "Leadership, management and governance": ["Strengthen oversight."]},
        lscb_improve=["The LSCB should audit its training."],
    ).pdf()
    assert read(pdf) == {
        "authority_name": "Oldport County Council",
        "type": "sif_inspection",
        "framework": "sif_2013",
        "fieldwork": (date(2015, 6, 2), date(2015, 6, 24)),
        "lead_inspector": "Sam Sample",
        "published_on": date(2015, 8, 7),
        "judgements": {
            "overall_effectiveness": "requires_improvement",
            "help_and_protection": "inadequate",
            "looked_after_and_permanence": "requires_improvement",
            "adoption_performance": "good",
            "care_leavers": "outstanding",
            "leadership_management_governance": "inadequate",
        },
        "findings": [
            ("priority_action", "Ensure that strategy meetings include the police."),
            ("priority_action", "Assess risk."),
            *[("area_for_improvement", text) for text in care_leavers],
            ("area_for_improvement", "Strengthen oversight."),
        ],
    }


def test_sif_report_from_before_the_framework_is_refused() -> None:
    table = [("1. Children who need help and protection", "Good")]
    pdf = SifReport(dates="3 June 2013 - 25 June 2013", table=table).pdf()
    assert [rule for rule, _ in refusal(pdf)] == [Rule.framework]


def test_a_missing_judgement_is_refused_naming_the_area() -> None:
    pdf = IlacsReport(table=[(LEADERS, "Good"), (HELP, "Good"), ("Overall effectiveness", "Good")]).pdf()
    assert refusal(pdf) == [
        (Rule.judgements, "no grade printed for children_in_care, care_leavers (framework ilacs_2023)")
    ]


def test_fieldwork_of_neither_one_nor_two_weeks_is_refused() -> None:
    pdf = IlacsReport(dates="3 to 28 March 2025").pdf()
    assert refusal(pdf) == [
        (
            Rule.activity_type,
            "fieldwork of 26 days (2025-03-03 to 2025-03-28) is neither one week (short) nor two (standard)",
        )
    ]


def test_a_report_without_inspection_dates_is_refused() -> None:
    pdf = IlacsReport(dates="to be confirmed").pdf()
    assert [rule for rule, _ in refusal(pdf)] == [Rule.fieldwork]


@pytest.mark.parametrize(
    ("printed", "code"),
    [
        ("London Borough of Hackney", "E09000012"),
        ("Bristol City Council", "E06000023"),
        ("Portsmouth City", "E06000044"),
        ("Durham County Council", "E06000047"),
        ("Kingston upon Hull", "E06000010"),
        ("Hull City Council", "E06000010"),
        ("St Helens", "E08000013"),
        ("Windsor & Maidenhead", "E06000040"),
        ("City of York Council", "E06000014"),
    ],
)
def test_authority_named_in_title_is_matched_by_ofsted_spelling(printed: str, code: str) -> None:
    register = [(a.code, a.name, True) for a in current_authorities()]
    assert authority_rule(printed, register) == [code]


def test_an_unknown_authority_matches_none() -> None:
    assert authority_rule("Newtown", [(a.code, a.name, True) for a in current_authorities()]) == []


def test_a_point_running_over_a_page_break_is_one_point() -> None:
    improve = [
        f"{n}: the quality of supervision for practitioners in team {n}, so that every plan says what will "
        "change for the child, by when, and who will check that it has happened."
        for n in range(1, 15)
    ]
    pdf = IlacsReport(table=[(LEADERS, "Good")], improve=improve, filler_paragraphs=8).pdf()
    body = read_document(pdf).body
    starts = [i for i, line in enumerate(body) if line.text.startswith("\u2022 14:")]
    assert [body[i + 1].page - body[i].page for i in starts] == [1]  # the layout this test is about
    assert [text for kind, text in findings_rule(read_document(pdf)) if kind == "area_for_improvement"] == improve
