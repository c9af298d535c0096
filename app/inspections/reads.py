"""Inspections as the API shows them (``schemas.inspection_json``), read as plain rows in ONE statement: the
inspection's columns with its judgements and themes aggregated into arrays. Each statement is built once per
combination of filters and of the caller's sight of the embargo (``visibility.Sight``), and run with bind
parameters: building a statement costs more Python time than running it."""

import dataclasses
import functools
from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql as pg
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.pagination import PAGE_LIMIT, PageParams, decode_cursor
from app.core.security import Principal
from app.inspections.repository import CURSOR_TYPES, NO_FIELDWORK, NO_FIELDWORK_SQL, InspectionFilters
from app.inspections.schemas import INSPECTION_FIELDS
from app.inspections.visibility import Sight, sight_of, sight_params, visible_in
from app.models import Authority, Inspection, InspectionSource, InspectionTheme, Judgement

AUTHORITY = Authority.__table__.c
INSPECTION = Inspection.__table__.c
JUDGEMENT = Judgement.__table__.c
THEME = InspectionTheme.__table__.c
SOURCE = InspectionSource.__table__.c
# The very expression of the index ix_inspections_fieldwork_id: inspections without fieldwork sort as newest.
FIELDWORK_KEY: sa.ColumnElement[Any] = sa.func.coalesce(INSPECTION.fieldwork_start, NO_FIELDWORK_SQL)
# Newest fieldwork first, ties by id ascending: exactly the order of ix_inspections_fieldwork_id, so every page
# (the first or one after a cursor) is a forward index scan that stops at the limit.
NEWEST_FIELDWORK_FIRST = (FIELDWORK_KEY.desc(), INSPECTION.id.asc())
EQUAL_FILTERS = ("authority_code", "type", "status", "framework")

# Scalar subqueries in the select list: PostgreSQL computes them only for the rows the LIMIT keeps.
JUDGEMENTS = (
    sa.select(sa.func.array_agg(pg.array([JUDGEMENT.area, JUDGEMENT.grade]), type_=pg.ARRAY(sa.String, dimensions=2)))
    .where(JUDGEMENT.inspection_id == INSPECTION.id)
    .scalar_subquery()
)
THEMES = (
    sa.select(sa.func.array_agg(THEME.theme_slug, type_=pg.ARRAY(sa.String)))
    .where(THEME.inspection_id == INSPECTION.id)
    .scalar_subquery()
)
# Each source as the API shows it, oldest first; the timestamp in UTC as RFC 3339.
SOURCES = (
    sa.select(
        sa.func.json_agg(
            pg.aggregate_order_by(
                sa.func.json_build_object(
                    "kind",
                    SOURCE.kind,
                    "reference",
                    SOURCE.reference,
                    "recorded_at",
                    sa.func.to_char(sa.func.timezone("UTC", SOURCE.recorded_at), 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
                ),
                SOURCE.recorded_at,
                SOURCE.id,
            ),
            type_=pg.JSON,
        )
    )
    .where(SOURCE.inspection_id == INSPECTION.id)
    .scalar_subquery()
)
# The schema's fields in order (``themes`` and ``judgements`` finished by ``schemas.inspection_json``).
_COLUMNS: dict[str, sa.ColumnElement[Any]] = {
    **{name: INSPECTION[name] for name in INSPECTION_FIELDS if name in INSPECTION},
    "themes": THEMES,
    "judgements": JUDGEMENTS,
    "sources": SOURCES,
}
COLUMNS = tuple(_COLUMNS[name].label(name) for name in INSPECTION_FIELDS)


def _after(no_fieldwork: bool) -> sa.ColumnElement[bool]:
    """Rows after the cursor's (fieldwork, id) in NEWEST_FIELDWORK_FIRST order (mixed directions, so no row
    comparison); ``<=`` on the index expression lets the index scan start at the cursor. asyncpg would send
    the no-fieldwork sentinel (date.max) as 'infinity', so it is written in SQL."""
    start = NO_FIELDWORK_SQL if no_fieldwork else sa.bindparam("after_start", type_=sa.Date)
    after_id = sa.bindparam("after_id", type_=sa.Uuid)
    return sa.and_(start >= FIELDWORK_KEY, sa.or_(start > FIELDWORK_KEY, INSPECTION.id > after_id))


@functools.cache
def _filtered(sight: Sight, shape: frozenset[str]) -> sa.Select[Any]:
    stmt = sa.select(*COLUMNS).where(visible_in(sight))
    for name in EQUAL_FILTERS:
        if name in shape:
            stmt = stmt.where(INSPECTION[name] == sa.bindparam(name))
    if "region" in shape:
        in_region = sa.select(AUTHORITY.code).where(AUTHORITY.region == sa.bindparam("region"))
        stmt = stmt.where(INSPECTION.authority_code.in_(in_region))
    if "theme" in shape:
        stmt = stmt.where(
            sa.exists().where(THEME.inspection_id == INSPECTION.id, THEME.theme_slug == sa.bindparam("theme"))
        )
    if "fieldwork_from" in shape or "fieldwork_to" in shape:
        stmt = stmt.where(INSPECTION.fieldwork_start.is_not(None))
    if "fieldwork_from" in shape:
        stmt = stmt.where(sa.bindparam("fieldwork_from", type_=sa.Date) <= FIELDWORK_KEY)
    if "fieldwork_to" in shape:
        stmt = stmt.where(sa.bindparam("fieldwork_to", type_=sa.Date) >= FIELDWORK_KEY)
    if "published_from" in shape:
        stmt = stmt.where(INSPECTION.published_on >= sa.bindparam("published_from", type_=sa.Date))
    if "published_to" in shape:
        stmt = stmt.where(INSPECTION.published_on <= sa.bindparam("published_to", type_=sa.Date))
    return stmt


@functools.cache
def _page(sight: Sight, shape: frozenset[str], after: str | None) -> sa.Select[Any]:
    stmt = _filtered(sight, shape)
    if after is not None:
        stmt = stmt.where(_after(no_fieldwork=after == "no_fieldwork"))
    return stmt.order_by(*NEWEST_FIELDWORK_FIRST).limit(PAGE_LIMIT)


@functools.cache
def _every(sight: Sight, shape: frozenset[str]) -> sa.Select[Any]:
    return _filtered(sight, shape).order_by(*NEWEST_FIELDWORK_FIRST)


@functools.cache
def _one(sight: Sight) -> sa.Select[Any]:
    return sa.select(*COLUMNS).where(INSPECTION.id == sa.bindparam("id"), visible_in(sight))


@functools.cache
def _timeline(sight: Sight) -> sa.Select[Any]:
    """The authority (no row: no such authority) with every inspection of it the caller may see, oldest first
    (an authority has tens: not paged); a row without an inspection when there is none."""
    shown = sa.and_(INSPECTION.authority_code == AUTHORITY.code, visible_in(sight))
    return (
        sa.select(*COLUMNS, AUTHORITY.code.label("timeline_authority"))
        .select_from(Authority.__table__.outerjoin(Inspection.__table__, shown))
        .where(AUTHORITY.code == sa.bindparam("code"))
        .order_by(INSPECTION.fieldwork_start.asc().nulls_last(), INSPECTION.id)
    )


def _bound(principal: Principal, filters: InspectionFilters) -> tuple[frozenset[str], dict[str, Any]]:
    """Which filters are set (the statement's shape) and the parameter values, the caller's sight included."""
    values = {f.name: getattr(filters, f.name) for f in dataclasses.fields(filters)}
    values = {name: value for name, value in values.items() if value is not None}
    return frozenset(values), {**values, **sight_params(principal)}


async def list_page(
    session: AsyncSession, principal: Principal, filters: InspectionFilters, params: PageParams
) -> Sequence[sa.Row[Any]]:
    shape, values = _bound(principal, filters)
    after = None
    if params.cursor:
        start, values["after_id"] = decode_cursor(params.cursor, CURSOR_TYPES)
        after = "no_fieldwork" if start == NO_FIELDWORK else "date"
        if after == "date":
            values["after_start"] = start
    stmt = _page(sight_of(principal), shape, after)
    rows: Sequence[sa.Row[Any]] = (await session.execute(stmt, {**values, PAGE_LIMIT.key: params.limit + 1})).all()
    return rows


async def list_all(session: AsyncSession, principal: Principal, filters: InspectionFilters) -> Sequence[sa.Row[Any]]:
    shape, values = _bound(principal, filters)
    rows: Sequence[sa.Row[Any]] = (await session.execute(_every(sight_of(principal), shape), values)).all()
    return rows


async def read_visible(session: AsyncSession, principal: Principal, inspection_id: Any) -> sa.Row[Any] | None:
    stmt = _one(sight_of(principal))
    row: sa.Row[Any] | None = (
        await session.execute(stmt, {"id": inspection_id, **sight_params(principal)})
    ).one_or_none()
    return row


async def timeline(session: AsyncSession, principal: Principal, authority_code: str) -> Sequence[sa.Row[Any]]:
    stmt = _timeline(sight_of(principal))
    rows: Sequence[sa.Row[Any]] = (
        await session.execute(stmt, {"code": authority_code, **sight_params(principal)})
    ).all()
    return rows
