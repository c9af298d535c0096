"""The embargo: until an inspection is published it exists only for admin, inspectorate and its own authority.

Every read path (by id, lists, timeline, statistics, trends, CSV, latest_graded) filters through here.
"""

from enum import StrEnum
from typing import Any

import sqlalchemy as sa

from app.core.security import Principal, Role
from app.inspections.vocabulary import InspectionStatus
from app.models import Inspection

VIEWER_AUTHORITY = "viewer_authority"


def visible_to(principal: Principal) -> sa.ColumnElement[bool]:
    published = Inspection.status == InspectionStatus.published.value
    if principal.sees_all_embargoed:
        return sa.true()
    if principal.role is Role.authority and principal.authority_code:
        return sa.or_(published, Inspection.authority_code == principal.authority_code)
    return published


class Sight(StrEnum):
    """The three cases of ``visible_to``, for statements built once per case and run with ``sight_params``."""

    everything = "everything"  # admin, inspectorate
    own_authority = "own_authority"  # an authority key: what is published, and its own authority's
    published = "published"  # everyone else


def sight_of(principal: Principal) -> Sight:
    if principal.sees_all_embargoed:
        return Sight.everything
    if principal.role is Role.authority and principal.authority_code:
        return Sight.own_authority
    return Sight.published


def visible_in(sight: Sight, inspections: sa.FromClause = Inspection.__table__) -> sa.ColumnElement[bool]:
    """``visible_to`` on the columns of ``inspections``, the caller's authority a bind parameter."""
    published = inspections.c.status == InspectionStatus.published.value
    if sight is Sight.everything:
        return sa.true()
    if sight is Sight.own_authority:
        return sa.or_(published, inspections.c.authority_code == sa.bindparam(VIEWER_AUTHORITY, type_=sa.String))
    return published


def sight_params(principal: Principal) -> dict[str, Any]:
    """The bind parameter values of ``visible_in(sight_of(principal))``."""
    return {VIEWER_AUTHORITY: principal.authority_code} if sight_of(principal) is Sight.own_authority else {}


def is_visible(principal: Principal, inspection: Inspection) -> bool:
    return inspection.status == InspectionStatus.published.value or principal.may_see_embargoed_of(
        inspection.authority_code
    )
