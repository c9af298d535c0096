"""Queries of inspections. Every read goes through ``visible_to`` (the embargo); lists and the timeline run a
fixed number of statements whatever their size (the page, then its judgements, then its themes)."""

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from app.core.pagination import PageParams, decode_cursor
from app.core.security import Principal
from app.inspections.rules import PriorResult
from app.inspections.visibility import visible_to
from app.inspections.vocabulary import GRADED_TYPES, InspectionStatus
from app.models import ActionItem, Authority, ImprovementPlan, Inspection, InspectionTheme, Judgement, Theme

NO_FIELDWORK = date(9999, 12, 31)
# asyncpg sends date.max (9999-12-31) as 'infinity', so the sentinel is always written in SQL.
NO_FIELDWORK_SQL: sa.ColumnElement[date] = sa.literal_column("'9999-12-31'::date", sa.Date)
# The very expression of the index ix_inspections_fieldwork_id: inspections without fieldwork sort as newest.
FIELDWORK_KEY: sa.ColumnElement[date] = sa.func.coalesce(Inspection.fieldwork_start, NO_FIELDWORK_SQL)
# Newest fieldwork first, ties by id ascending: exactly the order of ix_inspections_fieldwork_id, so every page
# (the first or one after a cursor) is a forward index scan that stops at the limit.
NEWEST_FIELDWORK_FIRST = (FIELDWORK_KEY.desc(), Inspection.id.asc())
CURSOR_TYPES = (date, uuid.UUID)
WITH_OUTCOMES = (selectinload(Inspection.judgements), selectinload(Inspection.theme_links))


def sort_key_of(inspection: Inspection) -> tuple[date, uuid.UUID]:
    return inspection.fieldwork_start or NO_FIELDWORK, inspection.id


def _after(cursor: str) -> sa.ColumnElement[bool]:
    """Rows after the cursor's (fieldwork, id) in NEWEST_FIELDWORK_FIRST order (mixed directions, so no row
    comparison); ``<=`` on the index expression lets the index scan start at the cursor."""
    start, last_id = decode_cursor(cursor, CURSOR_TYPES)
    start_sql = NO_FIELDWORK_SQL if start == NO_FIELDWORK else sa.literal(start, sa.Date)
    return sa.and_(start_sql >= FIELDWORK_KEY, sa.or_(start_sql > FIELDWORK_KEY, Inspection.id > last_id))


@dataclass(frozen=True, slots=True)
class InspectionFilters:
    authority_code: str | None = None
    type: str | None = None
    status: str | None = None
    framework: str | None = None
    region: str | None = None
    theme: str | None = None
    fieldwork_from: date | None = None
    fieldwork_to: date | None = None
    published_from: date | None = None
    published_to: date | None = None


def _filtered(principal: Principal, f: InspectionFilters) -> sa.Select[Any]:
    stmt = sa.select(Inspection).where(visible_to(principal))
    equal = {
        Inspection.authority_code: f.authority_code,
        Inspection.type: f.type,
        Inspection.status: f.status,
        Inspection.framework: f.framework,
    }
    for column, value in equal.items():
        if value is not None:
            stmt = stmt.where(column == value)
    if f.region is not None:
        stmt = stmt.where(Inspection.authority_code.in_(sa.select(Authority.code).where(Authority.region == f.region)))
    if f.theme is not None:
        stmt = stmt.where(
            sa.exists().where(InspectionTheme.inspection_id == Inspection.id, InspectionTheme.theme_slug == f.theme)
        )
    if f.fieldwork_from is not None or f.fieldwork_to is not None:
        stmt = stmt.where(Inspection.fieldwork_start.is_not(None))
    if f.fieldwork_from is not None:
        stmt = stmt.where(f.fieldwork_from <= FIELDWORK_KEY)
    if f.fieldwork_to is not None:
        stmt = stmt.where(f.fieldwork_to >= FIELDWORK_KEY)
    if f.published_from is not None:
        stmt = stmt.where(Inspection.published_on >= f.published_from)
    if f.published_to is not None:
        stmt = stmt.where(Inspection.published_on <= f.published_to)
    return stmt


async def list_page(
    session: AsyncSession, principal: Principal, filters: InspectionFilters, params: PageParams
) -> Sequence[Inspection]:
    stmt = _filtered(principal, filters)
    if params.cursor:
        stmt = stmt.where(_after(params.cursor))
    stmt = stmt.order_by(*NEWEST_FIELDWORK_FIRST).limit(params.limit + 1).options(*WITH_OUTCOMES)
    return (await session.scalars(stmt)).all()


@dataclass(frozen=True, slots=True)
class Outcomes:
    """Judgements ({area: grade}) and themes of many inspections, loaded apart from the inspections."""

    judgements: dict[uuid.UUID, dict[str, str]]
    themes: dict[uuid.UUID, list[str]]


async def list_all(
    session: AsyncSession, principal: Principal, filters: InspectionFilters
) -> tuple[Sequence[Inspection], Outcomes]:
    """Every matching inspection (CSV): three statements however many rows."""
    filtered = _filtered(principal, filters)
    inspections = (await session.scalars(filtered.order_by(*NEWEST_FIELDWORK_FIRST))).all()
    ids = filtered.with_only_columns(Inspection.id).scalar_subquery()
    judgements: dict[uuid.UUID, dict[str, str]] = {}
    for j in await session.execute(
        sa.select(Judgement.inspection_id, Judgement.area, Judgement.grade).where(Judgement.inspection_id.in_(ids))
    ):
        judgements.setdefault(j.inspection_id, {})[j.area] = j.grade
    themes: dict[uuid.UUID, list[str]] = {}
    for t in await session.execute(
        sa.select(InspectionTheme.inspection_id, InspectionTheme.theme_slug)
        .where(InspectionTheme.inspection_id.in_(ids))
        .order_by(InspectionTheme.theme_slug)
    ):
        themes.setdefault(t.inspection_id, []).append(t.theme_slug)
    return inspections, Outcomes(judgements, themes)


async def get_visible(
    session: AsyncSession,
    principal: Principal,
    inspection_id: uuid.UUID,
    *,
    for_update: bool = False,
    with_findings: bool = False,
) -> Inspection | None:
    stmt = sa.select(Inspection).where(Inspection.id == inspection_id, visible_to(principal)).options(*WITH_OUTCOMES)
    if with_findings:
        stmt = stmt.options(selectinload(Inspection.findings))
    if for_update:
        stmt = stmt.with_for_update(of=Inspection)
    return (await session.scalars(stmt)).one_or_none()


async def timeline(session: AsyncSession, principal: Principal, authority_code: str) -> Sequence[Inspection]:
    stmt = (
        sa.select(Inspection)
        .where(Inspection.authority_code == authority_code, visible_to(principal))
        .order_by(Inspection.fieldwork_start.asc().nulls_last(), Inspection.id)
        .options(*WITH_OUTCOMES)
    )
    return (await session.scalars(stmt)).all()


async def theme_applies_to(session: AsyncSession, slugs: Sequence[str]) -> dict[str, list[str]]:
    if not slugs:
        return {}
    rows = await session.execute(sa.select(Theme.slug, Theme.applies_to).where(Theme.slug.in_(set(slugs))))
    return {row.slug: list(row.applies_to) for row in rows}


async def prior_graded(
    session: AsyncSession, authority_code: str, exclude_id: uuid.UUID | None, fieldwork_before: date | None
) -> PriorResult | None:
    """The authority's latest published graded result whose fieldwork began before ``fieldwork_before`` (any,
    while that is unknown), other than the inspection under check."""
    stmt = (
        sa.select(Inspection)
        .where(
            Inspection.authority_code == authority_code,
            Inspection.status == InspectionStatus.published.value,
            Inspection.type.in_([t.value for t in GRADED_TYPES]),
        )
        .order_by(
            Inspection.published_on.desc().nulls_last(),
            Inspection.fieldwork_start.desc().nulls_last(),
            Inspection.id.desc(),
        )
        .limit(1)
        .options(selectinload(Inspection.judgements))
    )
    if exclude_id is not None:
        stmt = stmt.where(Inspection.id != exclude_id)
    if fieldwork_before is not None:
        stmt = stmt.where(Inspection.fieldwork_start < fieldwork_before)
    prior = (await session.scalars(stmt)).one_or_none()
    if prior is None:
        return None
    return PriorResult(
        type=prior.type,
        framework=prior.framework,
        published_on=prior.published_on,
        judgements={j.area: j.grade for j in prior.judgements},
    )


async def references(session: AsyncSession, inspection_id: uuid.UUID) -> list[str]:
    """What still refers to the inspection (plans and action items) and so blocks its deletion."""
    counts = (
        await session.execute(
            sa.select(
                sa.select(sa.func.count()).where(ImprovementPlan.inspection_id == inspection_id).scalar_subquery(),
                sa.select(sa.func.count()).where(ActionItem.inspection_id == inspection_id).scalar_subquery(),
            )
        )
    ).one()
    return [f"{n} {name}" for n, name in zip(counts, ("improvement plans", "action items"), strict=True) if n]
