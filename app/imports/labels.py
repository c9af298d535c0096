"""The files' words for the framework's vocabulary. Grades, areas, regions and themes are looked up by the
labels the vocabulary already has (``app.inspections.vocabulary``, ``app.authorities.regions``, the theme
catalogue); only the wordings the files use beside those are listed here."""

import re
from collections.abc import Mapping
from typing import Final, TypeVar

from app.authorities.regions import REGION_LABELS, Region
from app.inspections.vocabulary import AREA_LABELS, GRADE_LABELS, Area, Grade, InspectionType
from app.reference_data import THEME_CATALOGUE

T = TypeVar("T")


def norm(value: object) -> str:
    """Case, spacing, line breaks and a leading "The" do not matter in a header or a label."""
    text = " ".join(str(value if value is not None else "").split()).casefold()
    return re.sub(r"^the ", "", text)


def _index(labels: Mapping[T, str], aliases: Mapping[str, T]) -> dict[str, T]:
    index = {norm(label): key for key, label in labels.items()}
    index.update({norm(alias): key for alias, key in aliases.items()})
    return index


# Shorter wordings of the areas in the editions' headers (the 2023 and 2024 editions, the SIF columns).
AREAS: Final = _index(
    AREA_LABELS,
    {
        "Overall Judgement (OE)": Area.overall_effectiveness,
        "Impact of leaders": Area.impact_of_leaders,
        "Experiences and progress of children who need help and protection": Area.help_and_protection,
        "Children who need help and protection": Area.help_and_protection,
        "CLA Sub: Adoption Performance": Area.adoption_performance,
        "CLA Sub: Experiences and progress of care leavers": Area.care_leavers,
    },
)
GRADES: Final = _index(GRADE_LABELS, {"Requires improvement": Grade.requires_improvement})
# Marks a judgement the inspection did not make ("-" in the SIF table where adoption was not judged).
NOT_APPLICABLE: Final = frozenset({"-", "n/a", "not applicable"})
REGIONS: Final = _index(REGION_LABELS, {})
TYPES: Final = _index(
    {},
    {
        "ILACS Standard Inspection": InspectionType.standard_inspection,
        "ILACS Short Inspection": InspectionType.short_inspection,
        "ILACS Focused Visit": InspectionType.focused_visit,
        "ILACS Monitoring Visit": InspectionType.monitoring_visit,
        "LA Monitoring visit": InspectionType.monitoring_visit,
        "short": InspectionType.short_inspection,
        "standard": InspectionType.standard_inspection,
    },
)
THEMES: Final = _index(
    {t.slug: t.name for t in THEME_CATALOGUE},
    {
        "Children in need/subject to a plan": "children-in-need-and-child-protection",
        "Achieving permanence": "achieving-permanence",
        "Vulnerable adolescents": "vulnerable-adolescents",
    },
)
STATUSES: Final = _index({}, {"Current": "current", "No longer exists": "no_longer_exists"})


def lookup(index: Mapping[str, T], value: object) -> T | None:
    return index.get(norm(value))


def region(value: object) -> Region | None:
    return lookup(REGIONS, value)
