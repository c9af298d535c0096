# ruff: noqa: RUF001 (the reports print typographic quotes; the findings keep them)
"""Each sample report read as a person reads it: every field asserted exactly (the samples are Ofsted's
published reports, Open Government Licence v3.0, in ``tests/reports/samples``)."""

from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

import pytest

from app.reference_data import current_authorities
from app.reports.reader import read_report_file_sync
from app.reports.rules import ReadReport, Rule, Unreadable, authority_rule, read_report
from app.reports.text import read_document

SAMPLES = Path(__file__).parent / "samples"


@dataclass(frozen=True)
class Expected:
    authority_code: str
    type: str
    framework: str
    fieldwork: tuple[str, str]
    lead_inspector: str
    published_on: str | None
    judgements: dict[str, str]
    priority_actions: list[str]
    areas_for_improvement: list[str]


@cache
def read(name: str) -> ReadReport:
    return read_report(read_document((SAMPLES / name).read_bytes()))


EXPECTED = {
    "2637548_west-northamptonshire_07-07-26.pdf": Expected(
        authority_code="E06000062",
        type="standard_inspection",
        framework="ilacs_2026",
        fieldwork=("2026-05-11", "2026-05-22"),
        lead_inspector="Rebecca Dubbins",
        published_on=None,
        judgements={
            "impact_of_leaders": "outstanding",
            "help_and_protection": "good",
            "children_in_care": "good",
            "care_leavers": "good",
        },
        priority_actions=[],
        areas_for_improvement=[
            "The quality of the support and plans for children in need, including disabled children. (Outcome 1, national framework)",
            "Communication of the local offer for care-experienced young adults, including clarity about the support provided to those over the age of 21. (Outcome 4, national framework)",
        ],
    ),
    "80444_calderdale_15-05-24.pdf": Expected(
        authority_code="E08000033",
        type="short_inspection",
        framework="ilacs_2023",
        fieldwork=("2024-02-19", "2024-02-23"),
        lead_inspector="Naintara Khosla",
        published_on=None,
        judgements={
            "overall_effectiveness": "good",
            "impact_of_leaders": "good",
            "help_and_protection": "good",
            "children_in_care": "good",
            "care_leavers": "good",
        },
        priority_actions=[],
        areas_for_improvement=[
            "The response to 16- and 17-year-olds who present as homeless.",
            "The quality and impact of personal education plans to progress children’s educational attainment.",
        ],
    ),
    "80445_cambridgeshire_08-08-14.pdf": Expected(
        authority_code="E10000003",
        type="sif_inspection",
        framework="sif_2013",
        fieldwork=("2014-06-03", "2014-06-25"),
        lead_inspector="Helen Cawston",
        published_on="2014-08-08",
        judgements={
            "overall_effectiveness": "good",
            "help_and_protection": "requires_improvement",
            "looked_after_and_permanence": "good",
            "adoption_performance": "good",
            "care_leavers": "good",
            "leadership_management_governance": "good",
        },
        priority_actions=[],
        areas_for_improvement=[
            "Ensure that statutory child protection guidance is followed on all strategy discussions and section 47 enquiries leading to a comprehensive assessment of risk and effective information sharing.",
            "Ensure that child protection and child in need plans are specific and measurable, focus on key needs and risks and include robust contingency arrangements that are understood by parents as well as professionals.",
            "Ensure that assessments analyse and focus on the child’s individual experience and needs, in particular evidencing meaningful consideration of the child’s religious, ethnic or cultural needs and how these are going to be addressed.",
            "Ensure that when decisions are made to close a case, the decision is supported by a robust assessment and that any identified need has led to a direct offer of support.",
            "Ensure that chronologies are consistently used to support assessments and enable social workers to recognise the cumulative impact of abuse on children, including the impact of neglect.",
            "Consider advocacy for all children who attend child protection conferences, in order to better understand their experiences and ensure their wishes and feelings are reflected in child protection plans made for them.",
            "Ensure that pathway planning has a greater focus on measurable, accountable and timely planning, concentrating particularly on engaging young people in education, employment and training where they are disengaged. Update pathway plans at least every six months.",
            "Strengthen adherence to the protocol to ensure housing providers are working together with children’s social care to support vulnerable young people when they present as homeless.",
            "Ensure that social workers’ skills and development needs are sufficiently explored and translated into individual professional development plans.",
        ],
    ),
    "80467_east-sussex_21-03-14.pdf": Expected(
        authority_code="E10000011",
        type="sif_inspection",
        framework="sif_2013",
        fieldwork=("2014-01-14", "2014-02-05"),
        lead_inspector="Helen Cawston",
        published_on=None,
        judgements={
            "overall_effectiveness": "good",
            "help_and_protection": "good",
            "looked_after_and_permanence": "good",
            "adoption_performance": "outstanding",
            "care_leavers": "requires_improvement",
            "leadership_management_governance": "good",
        },
        priority_actions=[],
        areas_for_improvement=[
            "Ensure that all children in need cases are allocated promptly and where this is not immediately possible strengthen management oversight of risk and vulnerability issues.",
            "Ensure that there is suitable and sufficient accommodation available for all vulnerable young people, to avoid the continued use of bed and breakfast provision as a last resort.",
            "Ensure that the Independent Reviewing Service produces an annual report to comply with statutory guidance, to enable senior managers and elected members to properly consider how this service effectively challenges children’s care planning arrangements",
            "Improve training opportunities for all staff to ensure that the quality of pathway planning for care leavers aged 16 and 17 is improved so that the plans are clearer and are much more meaningful to help in supporting young people as they move towards independent living.",
            "Ensure that consent to share information about children and families with other professionals is recorded on family assessments. Where a child is at immediate risk and a decision has been taken to dispense with parental consent, this should be recorded with a full explanation of why such a decision was made.",
            "Ensure that children know that they have a right to seek independent support from the advocacy service should they wish to make a complaint and that this includes care leavers.",
            "Ensure that a better range of employment and training opportunities are available for post-18 care leavers.",
            "Ensure that all care leavers receive appropriate independence training to equip them with sufficient skills to help them to live independently.",
            "Ensure that in the planning and the development of services for children and families the diverse needs of the community and workforce are appropriately considered.",
        ],
    ),
    "80477_kingston-upon-hull_10-02-15.pdf": Expected(
        authority_code="E06000010",
        type="sif_inspection",
        framework="sif_2013",
        fieldwork=("2014-11-18", "2014-12-10"),
        lead_inspector="Gary Lamb",
        published_on="2015-02-03",
        judgements={
            "overall_effectiveness": "requires_improvement",
            "help_and_protection": "requires_improvement",
            "looked_after_and_permanence": "requires_improvement",
            "adoption_performance": "requires_improvement",
            "care_leavers": "requires_improvement",
            "leadership_management_governance": "requires_improvement",
        },
        priority_actions=[
            "Ensure that joint visits and S47 enquiries undertaken by the police and children’s social care are undertaken swiftly so that potential risk of harm posed to all children is investigated and responded to quickly.",
            "Ensure that all open and subsequent assessments in the access and assessment team are completed in a timescale consistent with the child’s needs, leading to clear decisions for families and appropriate plans to meet the needs of children.",
            "Ensure that adoption is considered as a viable option for all children at an early stage, that permanence plans are put in place for all children by the second ‘looked after’ review, and that their implementation is closely monitored.",
            "Ensure that pathway planning for care leavers starts early in line with statutory guidance, so that all that can be done is done, to support their smooth transition through to independence and their proper preparation for adulthood.",
            "Strengthen the management oversight within the access and assessment service operation to ensure that all child protection investigations cases are progressed effectively and any delays in joint investigations are reported and/or escalated using the conflict resolution process.",
        ],
        areas_for_improvement=[
            "Ensure that all children who go missing from home and/or are at risk of sexual exploitation have a robust risk assessment and management plan.",
            "Ensure that chronologies are in place for all children and that assessments contain sufficient analysis to support decisions and that plans take full account of historical information and patterns.",
            "Ensure that case recording is up-to-date so that children’s case records consistently reflect the child’s situation and progress and that this can be clearly understood from the electronic record.",
            "Ensure that all children who would benefit from life story work are effectively engaged with their social worker and have the opportunity of a life story book which provides sufficient detail so children know and understand their life journey to help shape their identity and to make secure attachments to sustain them in the future.",
            "Ensure that all children in need services are delivered through the use of a clear plan which is sharply focused on meeting the individual needs of children, and which is reviewed in accordance with the child’s timescale.",
            "Review all cases where children have been subject to a child protection plan for over 18 months to ensure that effective plans are in place with clear contingency arrangements for children where risk is high or has not been reduced.",
            "Ensure in all cases where there is a plan to discharge a care order or revoke a placement order that the matter is progressed and returned to the courts in a timely manner.",
            "Improve the quality of personal education plans (PEPs) for looked after children, so needs are specific and the arrangements for providing practical help and support clearly stated at all key stages of their education. Monitor their progress and attainment closely so that they can reach their full potential and achieve good GCSE exam results.",
            "Working through, and reporting to the local safeguarding children board, ensure that partners apply the threshold for access to children’s social care consistently and correctly to prevent social work time being wasted on contacts that could be managed at a lower level so that all children get swift access to the appropriate level of support.",
            "Ensure children who go missing from care are interviewed by an independent person when they return.",
            "Ensure that data concerning children who go missing from home and/or are at risk of child sexual exploitation (CSE) are systematically collected and analysed, to help influence the shape of services and target interventions.",
            "Review and strengthen the collection, reporting and evaluation of performance information so that all key service areas are monitored. This should include effective scrutiny of children in need work, tracking the progress of children subject to a care order placed with parents or subject to an adoption plan and monitoring of the frequency of social work visits made to children in need and looked after children.",
            "Ensure that management oversight is sharply focused on the basics of social work practice, providing clear direction about actions required, recording decisions with clear timescales and ensuring that progress and the effectiveness of plans are closely monitored.",
            "Strengthen the senior management oversight on the ‘reflective’ supervision process in social work pods to ensure that all children’s cases receive regular scrutiny and that planned actions and timescales are set, recorded and monitored.",
            "Hold health commissioners and providers to account for the provision of CAMHS to looked after children so that the emotional and mental health needs of these children are addressed in a timely and effective manner.",
        ],
    ),
    "80484_lincolnshire_14-06-23.pdf": Expected(
        authority_code="E10000019",
        type="short_inspection",
        framework="ilacs_2023",
        fieldwork=("2023-04-24", "2023-04-28"),
        lead_inspector="Margaret Burke",
        published_on=None,
        judgements={
            "overall_effectiveness": "outstanding",
            "impact_of_leaders": "outstanding",
            "help_and_protection": "outstanding",
            "children_in_care": "outstanding",
            "care_leavers": "good",
        },
        priority_actions=[],
        areas_for_improvement=[
            "The quality and consistency of planning and case records for care leavers.",
            "The offer to care-experienced young people aged 21 and over.",
        ],
    ),
    "80496_hackney_20-12-19.pdf": Expected(
        authority_code="E09000012",
        type="standard_inspection",
        framework="ilacs_2018",
        fieldwork=("2019-11-11", "2019-11-22"),
        lead_inspector="Brenda McInerney",
        published_on=None,
        judgements={
            "overall_effectiveness": "requires_improvement",
            "impact_of_leaders": "requires_improvement",
            "help_and_protection": "requires_improvement",
            "children_in_care_and_care_leavers": "good",
        },
        priority_actions=[],
        areas_for_improvement=[
            "The quality of information-sharing by partners and the quality of decision-making within strategy discussions.",
            "The assessment of the impact for children of living in neglectful environments to inform authoritative and child-centred practice.",
            "The quality of assessment and planning for children subject to private fostering arrangements.",
            "The timeliness and effectiveness of pre-proceedings work, including the quality of contingency planning.",
            "The welfare of children who are missing education or who are home educated is safeguarded",
            "The effectiveness of management oversight by leaders and managers at all levels, including the effectiveness of oversight from child protection conference chairs.",
        ],
    ),
    "80501_hillingdon_30-05-18.pdf": Expected(
        authority_code="E09000017",
        type="standard_inspection",
        framework="ilacs_2018",
        fieldwork=("2018-04-16", "2018-04-27"),
        lead_inspector="Julie Knight",
        published_on=None,
        judgements={
            "overall_effectiveness": "good",
            "impact_of_leaders": "outstanding",
            "help_and_protection": "good",
            "children_in_care_and_care_leavers": "good",
        },
        priority_actions=[],
        areas_for_improvement=[
            "The quality of initial strategy discussions so that all relevant partner information is included in order to inform decision-making.",
            "The timeliness and quality of return home interviews when children are reported missing from home and care.",
            "The understanding of children in care regarding their rights to complain and access independent advocacy.",
            "Timely and effective permanence plans for all children, including those who live permanently in a long-term foster placement.",
        ],
    ),
    "80513_richmond-upon-thames_18-03-22.pdf": Expected(
        authority_code="E09000027",
        type="short_inspection",
        framework="ilacs_2018",
        fieldwork=("2022-01-31", "2022-02-04"),
        lead_inspector="Louise Hocking",
        published_on=None,
        judgements={
            "overall_effectiveness": "good",
            "impact_of_leaders": "good",
            "help_and_protection": "good",
            "children_in_care_and_care_leavers": "good",
        },
        priority_actions=[],
        areas_for_improvement=[
            "Work with partners to improve the quality of contacts and referrals at the ‘front door’.",
            "Sufficiency of homes for children.",
            "The experience and support for families involved in ‘foster to adopt’.",
            "How direct work and the child’s voice are evident in children’s case records.",
        ],
    ),
    "80524_milton-keynes_17-12-24.pdf": Expected(
        authority_code="E06000042",
        type="standard_inspection",
        framework="ilacs_2023",
        fieldwork=("2024-10-28", "2024-11-08"),
        lead_inspector="Brenda McLaughlin",
        published_on=None,
        judgements={
            "overall_effectiveness": "good",
            "impact_of_leaders": "good",
            "help_and_protection": "good",
            "children_in_care": "good",
            "care_leavers": "outstanding",
        },
        priority_actions=[],
        areas_for_improvement=[
            "Consistency in the quality of assessments for children in need of help and protection and in contingency planning across teams.",
            "Placement sufficiency for children in care.",
            "The strategic needs analysis of children at risk of extra-familial harm.",
        ],
    ),
    "80539_portsmouth_18-08-26.pdf": Expected(
        authority_code="E06000044",
        type="short_inspection",
        framework="ilacs_2026",
        fieldwork=("2026-07-06", "2026-07-10"),
        lead_inspector="Steve Bailey",
        published_on=None,
        judgements={
            "impact_of_leaders": "outstanding",
            "help_and_protection": "outstanding",
            "children_in_care": "outstanding",
            "care_leavers": "outstanding",
        },
        priority_actions=[],
        areas_for_improvement=[
            "The consistency of identification and response to the underlying causes of neglect, where parental risk factors are less evident. (outcome 1, national framework)"
        ],
    ),
    "80540_reading_12-07-24.pdf": Expected(
        authority_code="E06000038",
        type="standard_inspection",
        framework="ilacs_2023",
        fieldwork=("2024-04-22", "2024-05-03"),
        lead_inspector="Christine Kennet",
        published_on=None,
        judgements={
            "overall_effectiveness": "requires_improvement",
            "impact_of_leaders": "requires_improvement",
            "help_and_protection": "requires_improvement",
            "children_in_care": "good",
            "care_leavers": "good",
        },
        priority_actions=[],
        areas_for_improvement=[
            "The quality of assessment, planning and provision for children in need, 16- and 17-year-olds who are homeless and children living in private fostering arrangements.",
            "The timely identification of risk for children.",
            "The workforce development, training and support offer to attract and retain staff.",
            "The timely assessment of and support for connected carers, kinship carers and special guardians.",
            "The development and embedding of the response to children at risk of harm outside the home.",
            "The timely publication of the local offer for care leavers and the implementation of the delayed measures to improve corporate parenting for care-experienced young people.",
        ],
    ),
    "80546_windsor-and-maidenhead_13-05-15.pdf": Expected(
        authority_code="E06000040",
        type="sif_inspection",
        framework="sif_2013",
        fieldwork=("2015-03-03", "2015-03-25"),
        lead_inspector="Mike Ferguson",
        published_on="2015-05-13",
        judgements={
            "overall_effectiveness": "requires_improvement",
            "help_and_protection": "requires_improvement",
            "looked_after_and_permanence": "requires_improvement",
            "adoption_performance": "requires_improvement",
            "care_leavers": "requires_improvement",
            "leadership_management_governance": "requires_improvement",
        },
        priority_actions=[
            "Ensure that children’s cases are only closed or stepped down to targeted or universal services when a full evaluation indicates that enough progress has been made in meeting needs and reducing risk.",
            "Undertake assessments of 16- and 17-year-old young people presenting as homeless in line with case law. Initiate appropriate training for managers and staff in respect of this.",
            "Visit children who are privately fostered, assess their circumstances within statutory timescales and undertake appropriate safeguarding checks.",
            "Together with the LSCB and police, review the effectiveness of MARAC and the appropriate identification of domestic abuse cases to be presented at MARAC so that risk to children is recognised and minimised in all cases where it should be.",
        ],
        areas_for_improvement=[
            "Improve the understanding and practice of social workers in return interviews for children who have been missing, so that these are always fully recorded and the information gathered can be used to identify trends and patterns.",
            "Review and revise the databases used to collect information on children missing education, children receiving alternative provision and children electively home educated, so that they can be cross-referenced with the children’s social care electronic recording system.",
            "Review the performance of frontline managers and take action where necessary to make sure that their case oversight and decision making are of a consistently good standard.",
            "Develop the Principal Social Worker role to maximise its influence and support of social workers during their assessed and supported year of employment (ASYE).",
            "Review the recording of core groups so that the records of these events are placed on the electronic record system as soon as possible after they occur.",
            "Consider the full range of permanence options in early planning for all children looked after, and monitor plans to make sure these are progressed within children’s timescales.",
            "Improve care plans so that these are routinely informed by good quality up-to-date assessments and take appropriate account of the needs of children arising from diversity.",
            "Strengthen the pathway planning process so that young people leaving care are fully involved and have the opportunity to develop a meaningful relationship with their personal adviser from an early stage.",
            "Track the assessment process for prospective adopters effectively, so that barriers to timely approval are identified and action can be taken to improve timeliness where necessary.",
            "Accelerate progress on the implementation of effective commissioning strategies to ensure that there is a range of placement choice, so that all children looked after can be appropriately placed.",
            "Review and refresh the role and practice of the corporate parenting forum to improve its drive of the children looked after agenda. Consider how young people can be better supported to participate in the forum’s work.",
            "Support the further development of the children in care council, Kickback, to enhance its influence and help it become more representative of all children looked after.",
        ],
    ),
    "80548_salford_12-11-18.pdf": Expected(
        authority_code="E08000006",
        type="short_inspection",
        framework="ilacs_2018",
        fieldwork=("2018-10-08", "2018-10-12"),
        lead_inspector="Lorna Schlechte",
        published_on=None,
        judgements={
            "overall_effectiveness": "good",
            "impact_of_leaders": "good",
            "help_and_protection": "good",
            "children_in_care_and_care_leavers": "good",
        },
        priority_actions=[],
        areas_for_improvement=[
            "The quality and clarity of plans to measure progress.",
            "The quality of recording in relation to home visits and direct work with children and families.",
            "Challenge of avoidable delay by independent reviewing officers (IROs).",
            "The timeliness of response to children who are living in neglectful circumstances.",
        ],
    ),
    "80557_south-tyneside_04-08-26.pdf": Expected(
        authority_code="E08000023",
        type="standard_inspection",
        framework="ilacs_2026",
        fieldwork=("2026-06-15", "2026-06-26"),
        lead_inspector="Gareth Dakin",
        published_on=None,
        judgements={
            "impact_of_leaders": "good",
            "help_and_protection": "good",
            "children_in_care": "good",
            "care_leavers": "outstanding",
        },
        priority_actions=[],
        areas_for_improvement=[
            "The identification and support offered to young carers on a plan. (outcome 1, national framework)",
            "The exploration and reflection of cultural heritage and identity with children in care and care-experienced young people. (outcome 1, national framework)",
            "The purposefulness of practice and management oversight for children in need. (enabler 2, leaders drive conditions for effective practice)",
        ],
    ),
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_sample_report_reads_as_a_person_reads_it(name: str) -> None:
    report, want = read(name), EXPECTED[name]
    register = [(a.code, a.name, True) for a in current_authorities()]
    assert authority_rule(report.authority_name, register) == [want.authority_code]
    assert (report.type, report.framework) == (want.type, want.framework)
    assert (report.fieldwork_start, report.fieldwork_end) == tuple(date.fromisoformat(d) for d in want.fieldwork)
    assert report.lead_inspector == want.lead_inspector
    assert report.published_on == (date.fromisoformat(want.published_on) if want.published_on else None)
    assert {area: grade for area, grade in report.judgements} == want.judgements
    assert [text for kind, text in report.findings if kind == "priority_action"] == want.priority_actions
    assert [text for kind, text in report.findings if kind == "area_for_improvement"] == want.areas_for_improvement


def test_every_sample_but_the_pre_sif_one_is_expected() -> None:
    assert sorted(p.name for p in SAMPLES.glob("*.pdf")) == sorted([*EXPECTED, "80549_sandwell_02-08-13.pdf"])


def test_pre_sif_report_is_refused_saying_what_was_missing() -> None:
    with pytest.raises(Unreadable) as refused:
        read("80549_sandwell_02-08-13.pdf")
    assert [rule for rule, _ in refused.value.missing] == [Rule.report_title]
    assert str(refused.value).startswith(
        "the report cannot be read: no title of a report on a local authority's children's services on the first page"
    )


def test_reading_in_the_child_process_gives_the_same_report() -> None:
    name = "80444_calderdale_15-05-24.pdf"
    assert read_report_file_sync((SAMPLES / name).read_bytes()) == read(name)
