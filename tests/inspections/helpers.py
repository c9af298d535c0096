"""Bodies of typical inspections and small helpers shared by the inspection, judgement and finding tests."""

from typing import Any

from httpx import AsyncClient

from app.core.security import Role
from tests.conftest import GATESHEAD, LEICESTERSHIRE, Headers, MakeKey

ILACS_2018_AREAS = (
    "overall_effectiveness",
    "impact_of_leaders",
    "help_and_protection",
    "children_in_care_and_care_leavers",
)
ILACS_2023_AREAS = (
    "overall_effectiveness",
    "impact_of_leaders",
    "help_and_protection",
    "children_in_care",
    "care_leavers",
)
ILACS_2026_AREAS = ("impact_of_leaders", "help_and_protection", "children_in_care", "care_leavers")
SIF_AREAS = (
    "overall_effectiveness",
    "help_and_protection",
    "looked_after_and_permanence",
    "adoption_performance",
    "care_leavers",
    "leadership_management_governance",
)


def grades(areas: tuple[str, ...], grade: str = "good", **overrides: str) -> list[dict[str, str]]:
    return [{"area": area, "grade": overrides.get(area, grade)} for area in areas]


def published(
    type: str = "standard_inspection",
    authority_code: str = LEICESTERSHIRE,
    fieldwork_start: str = "2024-04-22",
    overall: str = "good",
    **fields: Any,
) -> dict[str, Any]:
    """A published inspection of ilacs_2023 (by its fieldwork start), graded ``overall`` when a graded type."""
    body: dict[str, Any] = {
        "authority_code": authority_code,
        "type": type,
        "status": "published",
        "fieldwork_start": fieldwork_start,
        "fieldwork_end": fieldwork_start,
        "published_on": "2024-07-12",
    }
    if type in ("standard_inspection", "short_inspection"):
        body["judgements"] = grades(ILACS_2023_AREAS, "good", overall_effectiveness=overall)
    return {**body, **fields}


def embargoed(authority_code: str = LEICESTERSHIRE, **fields: Any) -> dict[str, Any]:
    """A standard inspection in fieldwork: unpublished, so embargoed."""
    return {
        "authority_code": authority_code,
        "type": "standard_inspection",
        "status": "fieldwork",
        "notified_on": "2026-10-26",
        "fieldwork_start": "2026-11-02",
        **fields,
    }


async def record(client: AsyncClient, headers: Headers, body: dict[str, Any]) -> dict[str, Any]:
    response = await client.post("/v1/inspections", json=body, headers=headers)
    assert response.status_code == 201, response.text
    created: dict[str, Any] = response.json()
    return created


def rules_of(response: Any) -> list[str]:
    """The rules a problem response names."""
    names: list[str] = response.json()["rules"]
    return names


# Who is calling, for the embargo: does each see Leicestershire's embargoed inspections?
SEES_EMBARGO = {"admin": True, "inspectorate": True, "own_authority": True, "other_authority": False, "reader": False}


async def caller(make_key: MakeKey, who: str) -> Headers:
    if who == "own_authority":
        return await make_key(Role.authority, authority_code=LEICESTERSHIRE, name="own")
    if who == "other_authority":
        return await make_key(Role.authority, authority_code=GATESHEAD, name="other")
    return await make_key(Role(who), name=who)
