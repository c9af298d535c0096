"""The exception report a scrutiny committee reads beside the action-plan summary: what moved, what was done,
what fell overdue since its last meeting (``since``), and which of the inspectors' findings no action answers.

Each part is one SQL statement whatever the number of items, built once per sight of the embargo and run with
bind parameters. The window is the days from ``since`` to ``as_of``, both included:
- ``rescheduled_since``: items whose due date was changed (a ``due_on_change`` entry of the updates log) on a
  day (UTC) in the window, even if it was moved back to the original, with those changes and their reasons;
- ``completed_since``: items completed (``completed_on``) in the window;
- ``became_overdue_since``: items still open whose due date is in the window and before ``as_of`` (so they are
  overdue on ``as_of`` and were not on ``since``);
- ``findings_without_actions``: the ``priority_action`` and ``area_for_improvement`` findings of the authority's
  latest graded inspection published by ``as_of`` and of every activity published by then whose fieldwork
  began after it, that no action item other than a cancelled one answers. Only published activities count:
  findings are final once published, and a committee's papers are public.
"""

import functools
from collections.abc import Sequence
from datetime import date
from typing import Any

import sqlalchemy as sa

from app.action_items import derived
from app.action_items.repository import ITEM, SOONEST_DUE, read_statement
from app.action_items.vocabulary import ACTIVE_STATUSES, ActionStatus
from app.core.sql import any_of
from app.inspections.visibility import Sight, visible_in
from app.inspections.vocabulary import GRADED_TYPES, FindingKind, InspectionStatus
from app.models import ActionItem, ActionItemUpdate, Finding, Inspection

LOG = ActionItemUpdate.__table__.c
INSPECTION = Inspection.__table__.c
FINDING = Finding.__table__.c
# The longest each list of the report may be (the committee reads tens; the lists say when they were cut).
LIST_LIMIT = 500
ANSWERABLE_KINDS = (FindingKind.priority_action.value, FindingKind.area_for_improvement.value)

CODE = sa.bindparam("code", type_=sa.String)
SINCE = sa.bindparam("since", type_=sa.Date)
AS_OF = sa.bindparam("as_of", type_=sa.Date)
LIMIT = sa.bindparam("list_limit", type_=sa.Integer)


def _changed_on() -> sa.ColumnElement[date]:
    return sa.cast(sa.func.timezone("UTC", LOG.created_at), sa.Date)


def _due_changes_in_window() -> sa.ColumnElement[bool]:
    return sa.and_(LOG.due_on_from.is_not(None), _changed_on().between(SINCE, AS_OF))


@functools.cache
def rescheduled(sight: Sight) -> sa.Select[Any]:
    moved = sa.exists().where(LOG.action_item_id == ITEM.id, _due_changes_in_window())
    return (
        read_statement(sight).where(ITEM.authority_code == CODE, moved).order_by(*SOONEST_DUE.order_by()).limit(LIMIT)
    )


# The due-date changes in the window of the authority's items, oldest first (read beside ``rescheduled``).
DUE_CHANGES = (
    sa.select(
        LOG.action_item_id,
        LOG.due_on_from,
        LOG.due_on_to,
        LOG.note,
        LOG.author,
        LOG.created_at,
    )
    .join(ActionItem.__table__, ITEM.id == LOG.action_item_id)
    .where(ITEM.authority_code == CODE, _due_changes_in_window())
    .order_by(LOG.created_at, LOG.id)
)


@functools.cache
def completed(sight: Sight) -> sa.Select[Any]:
    return (
        read_statement(sight)
        .where(
            ITEM.authority_code == CODE,
            ITEM.status == ActionStatus.completed.value,
            ITEM.completed_on.between(SINCE, AS_OF),
        )
        .order_by(ITEM.completed_on.desc(), ITEM.id)
        .limit(LIMIT)
    )


@functools.cache
def became_overdue(sight: Sight) -> sa.Select[Any]:
    return (
        read_statement(sight)
        .where(
            ITEM.authority_code == CODE,
            any_of(ITEM.status, [s.value for s in ACTIVE_STATUSES], "open_statuses"),
            ITEM.due_on >= SINCE,
            ITEM.due_on < AS_OF,
        )
        .order_by(*SOONEST_DUE.order_by())
        .limit(LIMIT)
    )


def _began(inspections: sa.FromClause) -> sa.ColumnElement[date]:
    # A record whose fieldwork is unknown counts as begun on its publication date (DOMAIN.md "Statistics").
    return sa.func.coalesce(inspections.c.fieldwork_start, inspections.c.published_on)


def _published_by_as_of(inspections: sa.FromClause) -> sa.ColumnElement[bool]:
    return sa.and_(
        inspections.c.authority_code == CODE,
        inspections.c.status == InspectionStatus.published.value,
        inspections.c.published_on <= AS_OF,
    )


@functools.cache
def findings_without_actions(sight: Sight) -> sa.Select[Any]:
    latest_table = Inspection.__table__.alias("latest_graded")
    latest = (
        sa.select(latest_table.c.id, _began(latest_table).label("began"))
        .where(
            _published_by_as_of(latest_table),
            any_of(latest_table.c.type, sorted(t.value for t in GRADED_TYPES), "graded_types"),
        )
        .order_by(
            latest_table.c.published_on.desc(),
            latest_table.c.fieldwork_start.desc().nulls_last(),
            latest_table.c.id.desc(),
        )
        .limit(1)
        .cte("latest")
    )
    inspections = Inspection.__table__
    answered = sa.exists().where(ITEM.finding_id == FINDING.id, ITEM.status != ActionStatus.cancelled.value)
    return (
        sa.select(
            FINDING.id,
            FINDING.inspection_id,
            INSPECTION.type.label("inspection_type"),
            INSPECTION.published_on.label("inspection_published_on"),
            FINDING.kind,
            FINDING.text,
            FINDING.area,
        )
        .select_from(
            Finding.__table__.join(inspections, INSPECTION.id == FINDING.inspection_id).join(latest, sa.true())
        )
        .where(
            _published_by_as_of(inspections),
            visible_in(sight, inspections),
            sa.or_(INSPECTION.id == latest.c.id, _began(inspections) > latest.c.began),
            any_of(FINDING.kind, ANSWERABLE_KINDS, "answerable_kinds"),
            sa.not_(answered),
        )
        .order_by(
            _began(inspections),
            INSPECTION.id,
            (FINDING.kind == FindingKind.priority_action.value).desc(),
            FINDING.created_at,
            FINDING.id,
        )
        .limit(LIMIT)
    )


def params(code: str, since: date, as_of: date) -> dict[str, Any]:
    return {"code": code, "since": since, "as_of": as_of, "list_limit": LIST_LIMIT, **derived.as_of(as_of)}


def group_changes(rows: Sequence[Any]) -> dict[Any, list[Any]]:
    by_item: dict[Any, list[Any]] = {}
    for row in rows:
        by_item.setdefault(row.action_item_id, []).append(row)
    return by_item
