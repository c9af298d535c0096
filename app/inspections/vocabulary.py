"""The words of the inspection framework: grades, frameworks and their judgement areas, types.

This module is data; the rules that use it live in ``app.inspections.rules``.
"""

from dataclasses import dataclass
from datetime import date
from enum import StrEnum


class Grade(StrEnum):
    outstanding = "outstanding"
    good = "good"
    requires_improvement = "requires_improvement"
    inadequate = "inadequate"


GRADE_LABELS: dict[Grade, str] = {
    Grade.outstanding: "Outstanding",
    Grade.good: "Good",
    Grade.requires_improvement: "Requires improvement to be good",
    Grade.inadequate: "Inadequate",
}
GRADE_SCORES: dict[Grade, int] = {
    Grade.outstanding: 1,
    Grade.good: 2,
    Grade.requires_improvement: 3,
    Grade.inadequate: 4,
}


class Area(StrEnum):
    overall_effectiveness = "overall_effectiveness"
    impact_of_leaders = "impact_of_leaders"
    help_and_protection = "help_and_protection"
    children_in_care_and_care_leavers = "children_in_care_and_care_leavers"
    children_in_care = "children_in_care"
    care_leavers = "care_leavers"
    looked_after_and_permanence = "looked_after_and_permanence"
    adoption_performance = "adoption_performance"
    leadership_management_governance = "leadership_management_governance"


AREA_LABELS: dict[Area, str] = {
    Area.overall_effectiveness: "Overall effectiveness",
    Area.impact_of_leaders: "The impact of leaders on social work practice with children and families",
    Area.help_and_protection: "The experiences and progress of children who need help and protection",
    Area.children_in_care_and_care_leavers: "The experiences and progress of children in care and care leavers",
    Area.children_in_care: "The experiences and progress of children in care",
    Area.care_leavers: "The experiences and progress of care leavers",
    Area.looked_after_and_permanence: "Children looked after and achieving permanence",
    Area.adoption_performance: "Adoption performance",
    Area.leadership_management_governance: "Leadership, management and governance",
}


class Framework(StrEnum):
    sif_2013 = "sif_2013"
    ilacs_2018 = "ilacs_2018"
    ilacs_2023 = "ilacs_2023"
    ilacs_2026 = "ilacs_2026"


@dataclass(frozen=True, slots=True)
class FrameworkSpec:
    framework: Framework
    in_force_from: date
    in_force_to: date | None
    areas: tuple[Area, ...]


FRAMEWORKS: dict[Framework, FrameworkSpec] = {
    s.framework: s
    for s in (
        FrameworkSpec(
            Framework.sif_2013,
            date(2013, 11, 1),
            date(2017, 12, 31),
            (
                Area.overall_effectiveness,
                Area.help_and_protection,
                Area.looked_after_and_permanence,
                Area.adoption_performance,
                Area.care_leavers,
                Area.leadership_management_governance,
            ),
        ),
        FrameworkSpec(
            Framework.ilacs_2018,
            date(2018, 1, 1),
            date(2022, 12, 31),
            (
                Area.overall_effectiveness,
                Area.impact_of_leaders,
                Area.help_and_protection,
                Area.children_in_care_and_care_leavers,
            ),
        ),
        FrameworkSpec(
            Framework.ilacs_2023,
            date(2023, 1, 1),
            date(2026, 3, 31),
            (
                Area.overall_effectiveness,
                Area.impact_of_leaders,
                Area.help_and_protection,
                Area.children_in_care,
                Area.care_leavers,
            ),
        ),
        # Assumption (DOMAIN.md): from 2026-04-01 inspections are published without an overall judgement.
        FrameworkSpec(
            Framework.ilacs_2026,
            date(2026, 4, 1),
            None,
            (Area.impact_of_leaders, Area.help_and_protection, Area.children_in_care, Area.care_leavers),
        ),
    )
}


class InspectionType(StrEnum):
    standard_inspection = "standard_inspection"
    short_inspection = "short_inspection"
    sif_inspection = "sif_inspection"
    focused_visit = "focused_visit"
    monitoring_visit = "monitoring_visit"
    jtai = "jtai"
    assurance_visit = "assurance_visit"


GRADED_TYPES = frozenset(
    {InspectionType.standard_inspection, InspectionType.short_inspection, InspectionType.sif_inspection}
)


class InspectionStatus(StrEnum):
    planned = "planned"
    notified = "notified"
    fieldwork = "fieldwork"
    moderation = "moderation"
    published = "published"
    cancelled = "cancelled"


class PartnerInspectorate(StrEnum):
    ofsted = "ofsted"
    cqc = "cqc"
    hmicfrs = "hmicfrs"
    hmi_probation = "hmi_probation"


class FindingKind(StrEnum):
    strength = "strength"
    area_for_improvement = "area_for_improvement"
    priority_action = "priority_action"


class SourceKind(StrEnum):
    """Where an inspection's facts came from (DOMAIN.md "Importing"), most authoritative first."""

    official_statistics = "official_statistics"
    entered = "entered"
    report_pdf = "report_pdf"
    report_scrape = "report_scrape"
