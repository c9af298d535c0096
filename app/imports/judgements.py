"""Grades read from a file's cells placed on the areas of the record's framework."""

from collections.abc import Mapping

from app.imports.labels import GRADES, NOT_APPLICABLE, lookup, norm
from app.imports.tables import Cell, text
from app.inspections import rules
from app.inspections.vocabulary import Area, Framework, Grade


class GradeError(ValueError):
    """A cell that is not a grade, or a grade in an area the framework does not have."""


# Before 2023 the children-in-care column holds the combined children in care and care leavers judgement.
COMBINED = {Framework.ilacs_2018: {Area.children_in_care: Area.children_in_care_and_care_leavers}}


def ilacs_framework_of(cells: Mapping[Area, Cell]) -> Framework:
    """The ILACS framework of a record known only by its judgements (the wide histories give no fieldwork):
    a care-leavers judgement began in 2023, and 2026 dropped overall effectiveness."""
    if text(cells.get(Area.care_leavers, "")):
        return Framework.ilacs_2023 if text(cells.get(Area.overall_effectiveness, "")) else Framework.ilacs_2026
    return Framework.ilacs_2018


def place(framework: Framework, cells: Mapping[Area, Cell]) -> tuple[dict[Area, Grade], frozenset[Area]]:
    """(grades by area, areas marked not judged); ``GradeError`` for an unknown grade or an area outside the
    framework."""
    areas = rules.areas_of(framework)
    grades: dict[Area, Grade] = {}
    not_judged: set[Area] = set()
    for column, cell in cells.items():
        area = COMBINED.get(framework, {}).get(column, column)
        if not text(cell):
            continue
        if norm(cell) in NOT_APPLICABLE:
            not_judged.add(area)
            continue
        grade = lookup(GRADES, cell)
        if grade is None:
            raise GradeError(f"{text(cell)!r} is not a grade ({area})")
        if area not in areas:
            raise GradeError(f"{framework} has no {area} judgement")
        grades[area] = grade
    return grades, frozenset(not_judged)
