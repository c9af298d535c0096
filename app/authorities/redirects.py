"""A former code, in ``/v1/authorities/{code}`` or any path under it, answers 308 to the same path under the
authority's current code (API.md "Authorities"). Asked only once a request under such a path has found
nothing (404) or been refused for another authority's key (403), so known codes cost nothing."""

import re

import sqlalchemy as sa
from fastapi import Request
from sqlalchemy.ext.asyncio import AsyncSession

from app.models import Authority

AUTHORITY_PATH = re.compile(r"^/v1/authorities/(E(?:06|08|09|10)\d{6})(/.*)?$")


async def moved_location(request: Request, session: AsyncSession) -> str | None:
    """Where the resource asked for now lives, when the path names an authority by a former code."""
    match = AUTHORITY_PATH.match(request.url.path)
    if match is None:
        return None
    former, rest = match.group(1), match.group(2) or ""
    authority = Authority.__table__.c
    current: str | None = await session.scalar(
        sa.select(authority.code).where(authority.former_codes.contains([former])).limit(1)
    )
    if current is None:
        return None
    query = f"?{request.url.query}" if request.url.query else ""
    return f"/v1/authorities/{current}{rest}{query}"
