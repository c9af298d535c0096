"""The embargo: until an inspection is published it exists only for admin, inspectorate and its own authority.

Every read path (by id, lists, timeline, statistics, trends, CSV, latest_graded) filters through here.
"""

from enum import StrEnum
from typing import Any

import sqlalchemy as sa

from app.core import policy
from app.core.security import Principal, Role
from app.inspections.vocabulary import InspectionStatus
from app.models import Inspection

VIEWER_AUTHORITY = "viewer_authority"


class Sight(StrEnum):
    """The three cases of the embargo, for statements built once per case and run with ``sight_params``."""

    everything = "everything"  # admin, inspectorate
    own_authority = "own_authority"  # an authority key: what is published, and its own authority's
    published = "published"  # everyone else


def sight_of(principal: Principal) -> Sight:
    if policy.sees_all_embargoed(principal):
        return Sight.everything
    if principal.role is Role.authority and principal.authority_code:
        return Sight.own_authority
    return Sight.published


def visible_in(
    sight: Sight,
    inspections: sa.FromClause = Inspection.__table__,
    viewer: sa.ColumnElement[str] | None = None,
) -> sa.ColumnElement[bool]:
    """Published, or the caller may see the embargoed: on the columns of ``inspections``. The caller's
    authority is ``viewer``, by default a bind parameter (``sight_params``) for statements built once."""
    published = inspections.c.status == InspectionStatus.published.value
    if sight is Sight.everything:
        return sa.true()
    if sight is Sight.own_authority:
        if viewer is None:
            viewer = sa.bindparam(VIEWER_AUTHORITY, type_=sa.String)
        return sa.or_(published, inspections.c.authority_code == viewer)
    return published


def sight_params(principal: Principal) -> dict[str, Any]:
    """The bind parameter values of ``visible_in(sight_of(principal))``."""
    return {VIEWER_AUTHORITY: principal.authority_code} if sight_of(principal) is Sight.own_authority else {}


def visible_to(principal: Principal) -> sa.ColumnElement[bool]:
    """``visible_in`` for one caller, its authority bound: for statements built per request."""
    return visible_in(sight_of(principal), viewer=sa.literal(principal.authority_code, sa.String))
