"""Queries of the theme catalogue."""

from collections.abc import Sequence

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.pagination import PageParams, SortKey, paginate
from app.models import Inspection, InspectionTheme, Theme

SLUG_ORDER = SortKey(columns=(Theme.__table__.c.slug,), types=(str,))


def _filtered(applies_to: str | None) -> sa.Select[Theme]:
    stmt = sa.select(Theme)
    if applies_to is not None:
        stmt = stmt.where(sa.literal(applies_to) == sa.func.any(Theme.applies_to))
    return stmt


async def list_page(session: AsyncSession, applies_to: str | None, params: PageParams) -> Sequence[Theme]:
    return (await session.scalars(paginate(_filtered(applies_to), SLUG_ORDER, params))).all()


async def get(session: AsyncSession, slug: str, *, for_update: bool = False) -> Theme | None:
    stmt = sa.select(Theme).where(Theme.slug == slug)
    if for_update:
        stmt = stmt.with_for_update()
    return (await session.scalars(stmt)).one_or_none()


async def usage_by_type(session: AsyncSession, slug: str) -> dict[str, int]:
    """How many inspections of each type look at the theme (every status: the link exists either way)."""
    rows = await session.execute(
        sa.select(Inspection.type, sa.func.count())
        .join(InspectionTheme, InspectionTheme.inspection_id == Inspection.id)
        .where(InspectionTheme.theme_slug == slug)
        .group_by(Inspection.type)
    )
    return {row[0]: row[1] for row in rows}
