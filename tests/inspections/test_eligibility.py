"""Short inspections and monitoring visits follow the track of the latest graded result on record before them."""

from typing import Any

import pytest
from httpx import AsyncClient

from tests.conftest import LEICESTERSHIRE, Headers
from tests.inspections.helpers import ILACS_2026_AREAS, grades, published, record, rules_of

SHORT = {
    "authority_code": LEICESTERSHIRE,
    "type": "short_inspection",
    "status": "fieldwork",
    "fieldwork_start": "2026-10-05",
}
MONITORING = {
    "authority_code": LEICESTERSHIRE,
    "type": "monitoring_visit",
    "status": "fieldwork",
    "fieldwork_start": "2026-10-05",
    "themes": ["front-door"],
}


async def attempt(client: AsyncClient, headers: Headers, body: dict[str, Any]) -> Any:
    return await client.post("/v1/inspections", json=body, headers=headers)


async def test_short_inspection_allowed_when_no_graded_result_is_on_record(
    client: AsyncClient, inspectorate: Headers
) -> None:
    assert (await attempt(client, inspectorate, SHORT)).status_code == 201


@pytest.mark.parametrize("overall", ["good", "outstanding"])
async def test_short_inspection_allowed_after_a_short_track_result(
    client: AsyncClient, inspectorate: Headers, overall: str
) -> None:
    await record(client, inspectorate, published(overall=overall))
    assert (await attempt(client, inspectorate, SHORT)).status_code == 201


@pytest.mark.parametrize("overall", ["requires_improvement", "inadequate"])
async def test_short_inspection_refused_after_a_result_off_the_short_track(
    client: AsyncClient, inspectorate: Headers, overall: str
) -> None:
    await record(client, inspectorate, published(overall=overall))
    response = await attempt(client, inspectorate, SHORT)
    assert response.status_code == 422
    assert rules_of(response) == ["short-inspection-eligibility"]
    assert response.json()["errors"][0]["field"] == "type"


async def test_short_inspection_looks_only_at_results_before_its_fieldwork(
    client: AsyncClient, inspectorate: Headers
) -> None:
    await record(
        client,
        inspectorate,
        published(
            overall="good",
            fieldwork_start="2019-09-23",
            published_on="2019-11-04",
            judgements=grades(
                (
                    "overall_effectiveness",
                    "impact_of_leaders",
                    "help_and_protection",
                    "children_in_care_and_care_leavers",
                )
            ),
        ),
    )
    await record(client, inspectorate, published(overall="inadequate"))  # fieldwork 2024-04-22
    earlier_short = {**SHORT, "fieldwork_start": "2022-06-06"}
    assert (await attempt(client, inspectorate, earlier_short)).status_code == 201


async def test_unpublished_results_do_not_count_for_eligibility(client: AsyncClient, inspectorate: Headers) -> None:
    await record(client, inspectorate, published(overall="good"))
    await record(
        client,
        inspectorate,
        {**published(overall="inadequate", fieldwork_start="2025-06-02"), "status": "moderation", "published_on": None},
    )
    assert (await attempt(client, inspectorate, SHORT)).status_code == 201


async def test_short_inspection_follows_the_ilacs_2026_track(client: AsyncClient, inspectorate: Headers) -> None:
    await record(
        client,
        inspectorate,
        published(
            fieldwork_start="2026-05-04",
            published_on="2026-07-01",
            judgements=grades(ILACS_2026_AREAS, "good", care_leavers="requires_improvement"),
        ),
    )
    assert (await attempt(client, inspectorate, SHORT)).status_code == 201


async def test_short_inspection_refused_after_ilacs_2026_leaders_requiring_improvement(
    client: AsyncClient, inspectorate: Headers
) -> None:
    await record(
        client,
        inspectorate,
        published(
            fieldwork_start="2026-05-04",
            published_on="2026-07-01",
            judgements=grades(ILACS_2026_AREAS, "outstanding", impact_of_leaders="requires_improvement"),
        ),
    )
    response = await attempt(client, inspectorate, SHORT)
    assert rules_of(response) == ["short-inspection-eligibility"]


async def test_monitoring_visit_allowed_when_no_graded_result_is_on_record(
    client: AsyncClient, inspectorate: Headers
) -> None:
    assert (await attempt(client, inspectorate, MONITORING)).status_code == 201


async def test_monitoring_visit_allowed_after_an_inadequate_result(client: AsyncClient, inspectorate: Headers) -> None:
    await record(client, inspectorate, published(overall="inadequate"))
    assert (await attempt(client, inspectorate, MONITORING)).status_code == 201


@pytest.mark.parametrize("overall", ["outstanding", "good", "requires_improvement"])
async def test_monitoring_visit_refused_off_the_inadequate_track(
    client: AsyncClient, inspectorate: Headers, overall: str
) -> None:
    await record(client, inspectorate, published(overall=overall))
    response = await attempt(client, inspectorate, MONITORING)
    assert response.status_code == 422
    assert rules_of(response) == ["monitoring-visit-eligibility"]


async def test_monitoring_visit_after_ilacs_2026_inadequate_area(client: AsyncClient, inspectorate: Headers) -> None:
    await record(
        client,
        inspectorate,
        published(
            fieldwork_start="2026-05-04",
            published_on="2026-07-01",
            judgements=grades(ILACS_2026_AREAS, "good", children_in_care="inadequate"),
        ),
    )
    assert (await attempt(client, inspectorate, MONITORING)).status_code == 201


async def test_eligibility_is_checked_again_when_fieldwork_moves(client: AsyncClient, inspectorate: Headers) -> None:
    await record(client, inspectorate, published(overall="requires_improvement"))  # fieldwork 2024-04-22
    created = await record(client, inspectorate, {**SHORT, "fieldwork_start": "2022-06-06"})
    response = await client.patch(
        f"/v1/inspections/{created['id']}", json={"fieldwork_start": "2026-10-05"}, headers=inspectorate
    )
    assert response.status_code == 422
    assert rules_of(response) == ["short-inspection-eligibility"]
