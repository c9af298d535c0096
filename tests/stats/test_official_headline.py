"""Ofsted's 2025 headline ("as at 31 March 2025", reports published by 30 June) from the counting rule alone:
`as_of=2025-03-31&published_by=2025-06-30`, no hand-picked date. The numbers are Ofsted's, written out."""

from typing import Any

import pytest
from httpx import AsyncClient

from app.core.security import Role
from tests.conftest import MakeKey

HEADLINE_2025 = {
    "overall_effectiveness": (36, 67, 31, 19, 0),
    "impact_of_leaders": (45, 60, 33, 15, 0),
    "help_and_protection": (22, 71, 45, 15, 0),
    "children_in_care": (37, 75, 30, 11, 0),
    "care_leavers": (27, 43, 26, 7, 50),
}


async def official(client: AsyncClient, headers: dict[str, str], area: str, **params: str) -> dict[str, Any]:
    response = await client.get("/v1/stats/grades", params={"area": area, **params}, headers=headers)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


@pytest.mark.parametrize("area", list(HEADLINE_2025))
async def test_as_at_31_march_published_by_30_june_gives_ofsteds_2025_headline(
    national_client: AsyncClient, national_make_key: MakeKey, area: str
) -> None:
    reader = await national_make_key(Role.reader)
    body = await official(national_client, reader, area, as_of="2025-03-31", published_by="2025-06-30")
    counts = body["counts"]
    assert (
        counts["outstanding"],
        counts["good"],
        counts["requires_improvement"],
        counts["inadequate"],
        counts["not_graded"],
    ) == HEADLINE_2025[area]
    assert (counts["not_inspected"], body["authorities"]) == (0, 153)
    assert body["graded"] == 153 - HEADLINE_2025[area][4]


async def test_without_the_publication_cut_off_the_late_reports_are_missing(
    national_client: AsyncClient, national_make_key: MakeKey
) -> None:
    # Nine graded reports on fieldwork begun by 31 March were published in April and May 2025.
    reader = await national_make_key(Role.reader)
    body = await official(national_client, reader, "overall_effectiveness", as_of="2025-03-31")
    counts = body["counts"]
    assert (counts["outstanding"], counts["good"], counts["requires_improvement"], counts["inadequate"]) == (
        33,
        67,
        34,
        19,
    )
