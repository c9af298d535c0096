"""The embargo: until an inspection is published it exists only for admin, inspectorate and its own authority.

Every read path (by id, lists, timeline, statistics, trends, CSV, latest_graded) filters through here.
"""

import sqlalchemy as sa

from app.core.security import Principal, Role
from app.inspections.vocabulary import InspectionStatus
from app.models import Inspection


def visible_to(principal: Principal) -> sa.ColumnElement[bool]:
    published = Inspection.status == InspectionStatus.published.value
    if principal.sees_all_embargoed:
        return sa.true()
    if principal.role is Role.authority and principal.authority_code:
        return sa.or_(published, Inspection.authority_code == principal.authority_code)
    return published


def is_visible(principal: Principal, inspection: Inspection) -> bool:
    return inspection.status == InspectionStatus.published.value or principal.may_see_embargoed_of(
        inspection.authority_code
    )
