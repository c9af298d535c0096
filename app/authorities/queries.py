"""SQL clauses about authorities that other features compose into their statements (statistics, lists)."""

from datetime import date
from typing import Any

import sqlalchemy as sa

from app.models import Authority

AUTHORITY = Authority.__table__.c


def in_existence_on(
    on: sa.ColumnElement[date] | sa.BindParameter[Any], authority: Any = AUTHORITY
) -> sa.ColumnElement[bool]:
    """The authority existed on ``on`` (DOMAIN.md "Authorities"): established on or before it, if ever, and
    not yet ceased (``ceased_on`` is the first day it no longer existed). ``authority`` is the column
    collection of the authorities table or of an alias of it."""
    return sa.and_(
        sa.or_(authority.established_on.is_(None), authority.established_on <= on),
        sa.or_(authority.ceased_on.is_(None), authority.ceased_on > on),
    )


def statistical_neighbour_of(code: sa.BindParameter[Any], authority: Any = AUTHORITY) -> sa.ColumnElement[bool]:
    """The authority is one of the statistical neighbours of the authority ``code``, its current code or a
    former one (not that authority itself)."""
    of = Authority.__table__.alias("neighbours_of")
    named = sa.or_(of.c.code == code, code == sa.any_(of.c.former_codes))
    return sa.exists().where(named, authority.code == sa.any_(of.c.statistical_neighbours))


async def current_code(session: Any, code: str) -> str | None:
    """``code`` when it is an authority's key, the current key when it is a former code, else None."""
    found: str | None = await session.scalar(
        sa.select(AUTHORITY.code)
        .where(sa.or_(AUTHORITY.code == code, AUTHORITY.former_codes.contains([code])))
        .order_by((AUTHORITY.code == code).desc())
        .limit(1)
    )
    return found
