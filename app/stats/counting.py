"""The one counting rule of every statistic (DOMAIN.md "Statistics"), as SQL pieces the statistics compose.

Given `as_of` (A) and `published_by` (P >= A): every authority in existence on A counts once, by its latest
graded inspection that began on or before A and was published on or before P (``app.inspections.latest``
says what "latest graded" and "began" mean; a record with only ``published_by`` counts as published on that
date). The area asked is read through the equivalents Ofsted uses in its statistics. ``region`` and
``neighbours_of`` narrow the authorities; an unknown ``neighbours_of`` is told by one extra row of the same
statement, so that each statistic stays one statement.
"""

from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import ARRAY, distinct_on

from app.authorities.queries import in_existence_on, statistical_neighbour_of
from app.inspections import latest
from app.inspections.vocabulary import GRADE_SCORES, Area, Framework
from app.models import Authority, Inspection, Judgement

AUTHORITY = Authority.__table__.c
INSPECTION = Inspection.__table__.c
JUDGEMENT = Judgement.__table__
# When a record gives only the date by which it was published, it counts as published on that date.
PUBLISHED: sa.ColumnElement[Any] = sa.func.coalesce(INSPECTION.published_on, INSPECTION.published_by)
# As Ofsted counts in its statistics: the combined 2018 judgement for children in care, and SIF's areas for
# the impact of leaders and children in care.
EQUIVALENT_AREAS: dict[tuple[Framework, Area], Area] = {
    (Framework.ilacs_2018, Area.children_in_care): Area.children_in_care_and_care_leavers,
    (Framework.sif_2013, Area.impact_of_leaders): Area.leadership_management_governance,
    (Framework.sif_2013, Area.children_in_care): Area.looked_after_and_permanence,
}
ILACS_FRAMEWORKS = tuple(f.value for f in Framework if f is not Framework.sif_2013)
NOT_GRADED = "not_graded"
NOT_INSPECTED = "not_inspected"
UNKNOWN_NEIGHBOURS_OF = "unknown_neighbours_of"
AREA = sa.bindparam("area", type_=sa.String)
REGION = sa.bindparam("region", type_=sa.String)
NEIGHBOURS_OF = sa.bindparam("neighbours_of", type_=sa.String)


@dataclass(frozen=True, slots=True)
class Scope:
    """Which filters narrow the authorities counted (the statement's shape; their values are parameters)."""

    by_region: bool = False
    by_neighbours: bool = False


def in_scope(scope: Scope, on: Any) -> sa.ColumnElement[bool]:
    """Authorities in existence on ``on`` and within the region and neighbours asked."""
    clauses: list[sa.ColumnElement[bool]] = [in_existence_on(on)] if on is not None else []
    if scope.by_region:
        clauses.append(AUTHORITY.region == REGION)
    if scope.by_neighbours:
        clauses.append(statistical_neighbour_of(NEIGHBOURS_OF))
    return sa.and_(sa.true(), *clauses)


def judged_area(framework: sa.ColumnElement[str]) -> sa.ColumnElement[str]:
    """The judgement area that answers for the asked ``:area`` under an inspection of ``framework``."""
    return sa.case(
        *(
            (sa.and_(framework == f.value, sa.literal(asked.value) == AREA), sa.literal(alias.value))
            for (f, asked), alias in EQUIVALENT_AREAS.items()
        ),
        else_=AREA,
    )


def grade_score(grade: sa.ColumnElement[str]) -> sa.ColumnElement[int]:
    return sa.case(*((grade == g.value, score) for g, score in GRADE_SCORES.items()))


def counted(as_of: Any, published_by: Any, *, ilacs_only: bool = False) -> sa.ColumnElement[bool]:
    """A graded inspection the rule counts at (A, P)."""
    clauses = [
        latest.is_published_graded(),
        as_of >= latest.BEGAN,
        published_by >= PUBLISHED,
    ]
    if ilacs_only:
        clauses.append(INSPECTION.framework.in_(ILACS_FRAMEWORKS))
    return sa.and_(*clauses)


def latest_counted(as_of: Any, published_by: Any) -> sa.Subquery:
    """Each authority's latest graded inspection counted at (A, P), one row per authority that has one: a
    single pass over the counted inspections (a lookup per authority costs more once there are thousands)."""
    return (
        sa.select(INSPECTION.authority_code, INSPECTION.id, INSPECTION.framework)
        .where(counted(as_of, published_by))
        .ext(distinct_on(INSPECTION.authority_code))
        .order_by(INSPECTION.authority_code, *latest.LATEST_FIRST)
        .subquery("latest_counted")
    )


def category_of(latest_counted: sa.FromClause, judgement: sa.FromClause) -> sa.ColumnElement[str]:
    """The authority's category: its grade, `not_graded` or `not_inspected`."""
    return sa.case(
        (latest_counted.c.id.is_(None), NOT_INSPECTED),
        (judgement.c.grade.is_not(None), judgement.c.grade),
        else_=NOT_GRADED,
    )


def with_unknown_neighbours_row(stmt: Any, scope: Scope, *row: Any) -> sa.Executable:
    """``stmt`` plus a row ``row`` when ``:neighbours_of`` names no authority (by its code or a former one)."""
    if not scope.by_neighbours:
        executable: sa.Executable = stmt
        return executable
    asked = Authority.__table__.alias("asked")
    known = sa.exists().where(sa.or_(asked.c.code == NEIGHBOURS_OF, sa.any_(asked.c.former_codes) == NEIGHBOURS_OF))
    return sa.union_all(stmt, sa.select(*row).where(~known))


def dates_param(name: str) -> sa.BindParameter[Any]:
    return sa.bindparam(name, type_=ARRAY(sa.Date))
