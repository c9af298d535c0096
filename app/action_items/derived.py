"""An action item's derived fields, ``overdue`` and ``rag``, as SQL expressions as of a given day (UTC).

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
from app.models import ActionItem

AMBER_WITHIN_DAYS = 14


def _active() -> sa.ColumnElement[bool]:
    return ActionItem.status.in_([s.value for s in ACTIVE_STATUSES])


def _last_amber_day(today: date) -> date:
    return today + timedelta(days=AMBER_WITHIN_DAYS)


def overdue(today: date) -> sa.ColumnElement[bool]:
    return sa.and_(_active(), ActionItem.due_on < today)


def rag(today: date) -> sa.ColumnElement[str | None]:
    return sa.case(
        (sa.not_(_active()), sa.null()),
        (ActionItem.due_on < today, Rag.red.value),
        (ActionItem.due_on <= _last_amber_day(today), Rag.amber.value),
        else_=Rag.green.value,
    )


def overdue_is(flag: bool, today: date) -> sa.ColumnElement[bool]:
    return overdue(today) if flag else sa.not_(overdue(today))


def rag_is(value: Rag, today: date) -> sa.ColumnElement[bool]:
    if value is Rag.red:
        return overdue(today)
    if value is Rag.amber:
        return sa.and_(_active(), ActionItem.due_on >= today, ActionItem.due_on <= _last_amber_day(today))
    return sa.and_(_active(), ActionItem.due_on > _last_amber_day(today))
