"""An action item's derived fields, ``rescheduled``, ``overdue`` and ``rag``, as SQL expressions as of a given day (UTC).

Defined once, here, and computed by the database in the same query that reads, filters and pages the
items, so a filter on ``overdue`` or ``rag`` pages correctly with keyset pagination (DOMAIN.md):
- ``overdue`` when not completed or cancelled and ``due_on`` is before today;
- ``rag``: ``red`` when overdue, ``amber`` when due within the next 14 days (today included), ``green``
  otherwise, null when completed or cancelled.
The filters are the same boundaries written as ranges of ``due_on``, so the ``(authority_code, due_on, id)``
index serves them; a test holds expression and filter to the same answer at every boundary.
"""

from datetime import date, timedelta

import sqlalchemy as sa

from app.action_items.vocabulary import ACTIVE_STATUSES, Rag
from app.core.sql import any_of
from app.models import ActionItem

AMBER_WITHIN_DAYS = 14
ITEM = ActionItem.__table__.c
# The day is a bind parameter, so that statements using these expressions are built once (``as_of`` fills it).
TODAY = sa.bindparam("today", type_=sa.Date)
LAST_AMBER_DAY = sa.bindparam("last_amber_day", type_=sa.Date)


def as_of(today: date) -> dict[str, date]:
    """The bind parameter values of every expression here, as of ``today``."""
    return {TODAY.key: today, LAST_AMBER_DAY.key: today + timedelta(days=AMBER_WITHIN_DAYS)}


def _active() -> sa.ColumnElement[bool]:
    return any_of(ITEM.status, [s.value for s in ACTIVE_STATUSES], "active_statuses")


def rescheduled() -> sa.ColumnElement[bool]:
    """The due date differs from the one the item was created with (moved back to it: not rescheduled)."""
    return ITEM.due_on != ITEM.original_due_on


def overdue() -> sa.ColumnElement[bool]:
    return sa.and_(_active(), ITEM.due_on < TODAY)


def rag() -> sa.ColumnElement[str | None]:
    return sa.case(
        (sa.not_(_active()), sa.null()),
        (ITEM.due_on < TODAY, Rag.red.value),
        (ITEM.due_on <= LAST_AMBER_DAY, Rag.amber.value),
        else_=Rag.green.value,
    )


def overdue_is(flag: bool) -> sa.ColumnElement[bool]:
    return overdue() if flag else sa.not_(overdue())


def rag_is(value: Rag) -> sa.ColumnElement[bool]:
    if value is Rag.red:
        return overdue()
    if value is Rag.amber:
        return sa.and_(_active(), ITEM.due_on >= TODAY, ITEM.due_on <= LAST_AMBER_DAY)
    return sa.and_(_active(), ITEM.due_on > LAST_AMBER_DAY)
