"""A person's entry through the API as one of an inspection's sources (``entered``), so that the importers'
precedence (``app.imports.precedence``) knows which fields a person wrote: an official edition still
overrides them, a report PDF or the scrape only fills what they left unknown."""

from collections.abc import Iterable
from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from app.inspections.vocabulary import SourceKind
from app.models import Inspection, InspectionSource

CLAIMED = (
    "type",
    "framework",
    "fieldwork_start",
    "fieldwork_end",
    "published_on",
    "lead_inspector",
    "report_url",
    "themes",
    "judgements",
)


def _value(inspection: Inspection, name: str) -> Any:
    if name == "themes":
        return list(inspection.themes) or None
    if name == "judgements":
        return {j.area: j.grade for j in inspection.judgements} or None
    value = getattr(inspection, name)
    return value.isoformat() if isinstance(value, date) else value


async def note_entered(session: AsyncSession, inspection: Inspection, fields: Iterable[str]) -> None:
    """Record that a person wrote ``fields`` of the inspection (as they now stand); a field cleared is no
    longer claimed."""
    written = {
        name: _value(inspection, name) for name in dict.fromkeys(("type", "framework", *fields)) if name in CLAIMED
    }
    source = await session.scalar(
        sa.select(InspectionSource).where(
            InspectionSource.inspection_id == inspection.id, InspectionSource.kind == SourceKind.entered.value
        )
    )
    claims = dict(source.claims) if source is not None else {}
    claims.update(written)
    claims = {name: value for name, value in claims.items() if value is not None}
    if source is None:
        session.add(InspectionSource(inspection_id=inspection.id, kind=SourceKind.entered.value, claims=claims))
    elif claims != source.claims:
        source.claims = claims
