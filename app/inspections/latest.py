"""The one definition of "an authority's latest graded inspection", composed into every query that needs it
(authorities' ``latest_graded``, the statistics, the forecast's basis, the eligibility rules' prior result).

Graded: a published inspection of a graded type. Latest: the one that began last (DOMAIN.md "Statistics": by
fieldwork start; a record whose fieldwork is unknown counts as begun on its publication date, or on the date by
which it was published), then the later publication, then the id, so that the choice is always one row."""

from typing import Any

import sqlalchemy as sa

from app.core.sql import any_of
from app.inspections.vocabulary import GRADED_TYPES, InspectionStatus
from app.models import Inspection

INSPECTION = Inspection.__table__.c
GRADED_TYPE_VALUES = sorted(t.value for t in GRADED_TYPES)
BEGAN: sa.ColumnElement[Any] = sa.func.coalesce(
    INSPECTION.fieldwork_start, INSPECTION.published_on, INSPECTION.published_by
)
LATEST_FIRST = (BEGAN.desc().nulls_last(), INSPECTION.published_on.desc().nulls_last(), INSPECTION.id.desc())


def is_published_graded() -> sa.ColumnElement[bool]:
    """A published inspection of a graded type (one prepared statement whatever the number of types)."""
    return sa.and_(
        INSPECTION.status == InspectionStatus.published.value,
        any_of(INSPECTION.type, GRADED_TYPE_VALUES, "graded_types"),
    )
