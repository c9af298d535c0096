"""Helpers shared by the action plan tests: inspections and findings straight into the test's transaction
(through the ORM, not the inspections API), and plans and items through the API."""

import uuid
from datetime import UTC, date, datetime, timedelta
from typing import Any

from httpx import AsyncClient

from app.core.database import Database
from app.models import Finding, Inspection, Judgement
from tests.conftest import Headers


def today() -> date:
    return datetime.now(UTC).date()


def days(n: int) -> str:
    return (today() + timedelta(days=n)).isoformat()


async def add_inspection(
    database: Database, authority_code: str, *, status: str = "published", findings: int = 0
) -> tuple[uuid.UUID, list[uuid.UUID]]:
    """A standard inspection (graded requires improvement) with ``findings`` areas for improvement."""
    published = status == "published"
    async with database.session() as session:
        inspection = Inspection(
            authority_code=authority_code,
            type="standard_inspection",
            framework="ilacs_2023",
            status=status,
            fieldwork_start=date(2025, 1, 13),
            fieldwork_end=date(2025, 1, 24),
            published_on=date(2025, 3, 7) if published else None,
        )
        session.add(inspection)
        await session.flush()
        for area in (
            "overall_effectiveness",
            "impact_of_leaders",
            "help_and_protection",
            "children_in_care",
            "care_leavers",
        ):
            session.add(Judgement(inspection_id=inspection.id, area=area, grade="requires_improvement"))
        made = [
            Finding(
                inspection_id=inspection.id,
                kind="area_for_improvement",
                text=f"Improve {n}",
                area="help_and_protection",
            )
            for n in range(findings)
        ]
        session.add_all(made)
        await session.flush()
        ids = [f.id for f in made]
        await session.commit()
        return inspection.id, ids


async def create_plan(client: AsyncClient, headers: Headers, authority_code: str, **fields: Any) -> dict[str, Any]:
    body = {"authority_code": authority_code, "title": "Improvement plan 2025", **fields}
    response = await client.post("/v1/improvement-plans", json=body, headers=headers)
    assert response.status_code == 201, response.text
    result: dict[str, Any] = response.json()
    return result


async def create_item(client: AsyncClient, headers: Headers, authority_code: str, **fields: Any) -> dict[str, Any]:
    body = {"authority_code": authority_code, "title": "Audit assessments", "due_on": days(30), **fields}
    response = await client.post("/v1/action-items", json=body, headers=headers)
    assert response.status_code == 201, response.text
    result: dict[str, Any] = response.json()
    return result


async def all_pages(client: AsyncClient, url: str, headers: Headers, **params: Any) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    cursor = None
    while True:
        query = {**params, **({"cursor": cursor} if cursor else {})}
        response = await client.get(url, params=query, headers=headers)
        assert response.status_code == 200, response.text
        body = response.json()
        items += body["items"]
        cursor = body["next_cursor"]
        if cursor is None:
            return items
