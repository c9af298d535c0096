"""Inspections written straight into the test's transaction with the ORM (boundary cases need exact dates)."""

import uuid
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from httpx import AsyncClient

from app.core.database import Database
from app.models import Inspection, InspectionTheme, Judgement
from tests.conftest import LEICESTERSHIRE, Headers

ILACS_2023_GRADED_AREAS = ("impact_of_leaders", "help_and_protection", "children_in_care", "care_leavers")


def graded(overall: str, *, others: str | None = None) -> dict[str, str]:
    """Judgements of an ilacs_2023 inspection: ``overall`` and every other area ``others`` (default the same)."""
    return {"overall_effectiveness": overall, **dict.fromkeys(ILACS_2023_GRADED_AREAS, others or overall)}


async def add_inspection(
    database: Database,
    authority_code: str,
    type: str,
    *,
    fieldwork_start: date | None,
    published_on: date | None = None,
    published_by: date | None = None,
    status: str = "published",
    framework: str = "ilacs_2023",
    judgements: Mapping[str, str] | None = None,
    themes: Sequence[str] = (),
) -> uuid.UUID:
    inspection_id = uuid.uuid4()
    async with database.session() as session:
        session.add(
            Inspection(
                id=inspection_id,
                authority_code=authority_code,
                type=type,
                framework=framework,
                status=status,
                fieldwork_start=fieldwork_start,
                fieldwork_end=fieldwork_start,
                published_on=published_on,
                published_by=published_by,
                partner_inspectorates=["ofsted", "cqc"] if type == "jtai" else [],
            )
        )
        await session.flush()
        session.add_all(
            [Judgement(inspection_id=inspection_id, area=a, grade=g) for a, g in (judgements or {}).items()]
        )
        session.add_all([InspectionTheme(inspection_id=inspection_id, theme_slug=slug) for slug in themes])
        await session.commit()
    return inspection_id


# A basis for forecast tests: Leicestershire's graded inspection with fieldwork from S.
S = date(2023, 1, 16)
PUBLISHED = date(2023, 3, 3)
FORECAST = f"/v1/authorities/{LEICESTERSHIRE}/forecast"


async def basis(database: Database, overall: str, *, type: str = "standard_inspection") -> None:
    await add_inspection(
        database, LEICESTERSHIRE, type, fieldwork_start=S, published_on=PUBLISHED, judgements=graded(overall)
    )


async def forecast(client: AsyncClient, headers: Headers, as_of: date) -> dict[str, Any]:
    response = await client.get(FORECAST, params={"as_of": as_of.isoformat()}, headers=headers)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def data_statements(statements: list[str]) -> list[str]:
    """Statements besides the API key's lookup (which the key cache saves once its listener runs)."""
    return [s for s in statements if "FROM api_keys" not in s]
