"""The lifecycle: forward-only transitions, what each state needs, date order, deletion."""

from typing import Any

import pytest
from httpx import AsyncClient

from tests.conftest import LEICESTERSHIRE, Headers
from tests.inspections.helpers import ILACS_2023_AREAS, grades, published, record, rules_of

PLANNED = {"authority_code": LEICESTERSHIRE, "type": "standard_inspection"}
WITH_DATES = {**PLANNED, "notified_on": "2024-04-15", "fieldwork_start": "2024-04-22", "fieldwork_end": "2024-05-03"}


async def patch(client: AsyncClient, headers: Headers, inspection_id: str, body: dict[str, Any]) -> Any:
    return await client.patch(f"/v1/inspections/{inspection_id}", json=body, headers=headers)


async def test_status_moves_forward_and_may_skip_states(client: AsyncClient, inspectorate: Headers) -> None:
    created = await record(client, inspectorate, WITH_DATES)
    response = await patch(client, inspectorate, created["id"], {"status": "moderation"})
    assert response.status_code == 200
    assert (response.json()["status"], response.json()["version"]) == ("moderation", 2)


async def test_status_cannot_move_back(client: AsyncClient, inspectorate: Headers) -> None:
    created = await record(client, inspectorate, {**WITH_DATES, "status": "moderation"})
    response = await patch(client, inspectorate, created["id"], {"status": "notified"})
    assert response.status_code == 409
    assert response.json()["type"] == "/problems/invalid-transition"
    assert rules_of(response) == ["forward-only-transitions"]
    assert response.json()["detail"].startswith("moderation -> notified moves back")


@pytest.mark.parametrize("target", ["moderation", "cancelled", "planned"])
async def test_published_inspection_cannot_change_status(
    client: AsyncClient, inspectorate: Headers, target: str
) -> None:
    created = await record(client, inspectorate, published())
    response = await patch(client, inspectorate, created["id"], {"status": target})
    assert response.status_code == 409
    assert rules_of(response) == ["forward-only-transitions"]


async def test_cancelled_inspection_cannot_change_status(client: AsyncClient, inspectorate: Headers) -> None:
    created = await record(client, inspectorate, {**PLANNED, "status": "cancelled"})
    response = await patch(client, inspectorate, created["id"], {"status": "planned"})
    assert response.status_code == 409
    assert rules_of(response) == ["forward-only-transitions"]


@pytest.mark.parametrize("status", ["planned", "notified", "fieldwork", "moderation"])
async def test_any_state_before_published_may_be_cancelled(
    client: AsyncClient, inspectorate: Headers, status: str
) -> None:
    created = await record(client, inspectorate, {**WITH_DATES, "status": status})
    response = await patch(client, inspectorate, created["id"], {"status": "cancelled"})
    assert (response.status_code, response.json()["status"]) == (200, "cancelled")


@pytest.mark.parametrize(
    ("status", "missing"),
    [
        ("notified", ["notified_on"]),
        ("fieldwork", ["fieldwork_start"]),
        ("moderation", ["fieldwork_start", "fieldwork_end"]),
    ],
)
async def test_each_state_needs_its_dates(
    client: AsyncClient, inspectorate: Headers, status: str, missing: list[str]
) -> None:
    created = await record(client, inspectorate, PLANNED)
    response = await patch(client, inspectorate, created["id"], {"status": status})
    assert response.status_code == 409
    assert response.json()["type"] == "/problems/invalid-transition"
    assert (rules_of(response), response.json()["missing"]) == (["state-needs"], missing)


async def test_published_needs_published_on(client: AsyncClient, inspectorate: Headers) -> None:
    body = published()
    del body["published_on"]
    response = await client.post("/v1/inspections", json=body, headers=inspectorate)
    assert response.status_code == 422
    assert response.json()["missing"] == ["published_on"]
    assert [e["field"] for e in response.json()["errors"]] == ["published_on"]


async def test_published_graded_inspection_needs_every_area_of_its_framework(
    client: AsyncClient, inspectorate: Headers
) -> None:
    body = published(judgements=grades(ILACS_2023_AREAS[:3]))
    response = await client.post("/v1/inspections", json=body, headers=inspectorate)
    assert response.status_code == 422
    assert response.json()["missing"] == ["a judgement of children_in_care", "a judgement of care_leavers"]


async def test_publishing_a_graded_inspection_without_judgements_is_refused(
    client: AsyncClient, inspectorate: Headers
) -> None:
    created = await record(client, inspectorate, {**WITH_DATES, "status": "moderation"})
    response = await patch(client, inspectorate, created["id"], {"status": "published", "published_on": "2024-07-12"})
    assert response.status_code == 409
    assert response.json()["missing"] == [f"a judgement of {area}" for area in ILACS_2023_AREAS]


async def test_ungraded_visit_is_published_without_judgements(client: AsyncClient, inspectorate: Headers) -> None:
    created = await record(client, inspectorate, published("focused_visit", themes=["front-door"]))
    assert (created["status"], created["judgements"]) == ("published", [])


async def test_clearing_a_date_the_state_needs_is_refused(client: AsyncClient, inspectorate: Headers) -> None:
    created = await record(client, inspectorate, {**WITH_DATES, "status": "fieldwork"})
    response = await patch(client, inspectorate, created["id"], {"fieldwork_start": None})
    assert response.status_code == 422
    assert response.json()["missing"] == ["fieldwork_start"]


@pytest.mark.parametrize(
    ("dates", "field"),
    [
        ({"notified_on": "2024-04-23", "fieldwork_start": "2024-04-22"}, "fieldwork_start"),
        ({"fieldwork_start": "2024-04-22", "fieldwork_end": "2024-04-21"}, "fieldwork_end"),
        ({"fieldwork_end": "2024-05-03", "published_on": "2024-05-02"}, "published_on"),
        ({"notified_on": "2024-04-15", "published_on": "2024-04-14"}, "published_on"),
    ],
)
async def test_dates_must_be_in_order(
    client: AsyncClient, inspectorate: Headers, dates: dict[str, str], field: str
) -> None:
    response = await client.post("/v1/inspections", json={**PLANNED, **dates}, headers=inspectorate)
    assert response.status_code == 422
    assert rules_of(response) == ["dates-in-order"]
    assert response.json()["errors"][0]["field"] == field


async def test_published_on_cannot_be_in_the_future(client: AsyncClient, inspectorate: Headers) -> None:
    response = await client.post(
        "/v1/inspections", json={**PLANNED, "published_on": "2999-01-01"}, headers=inspectorate
    )
    assert response.status_code == 422
    assert rules_of(response) == ["published-on-not-in-future"]


async def test_published_inspection_may_still_be_corrected(client: AsyncClient, inspectorate: Headers) -> None:
    created = await record(client, inspectorate, published())
    response = await patch(
        client,
        inspectorate,
        created["id"],
        {"report_url": "https://reports.ofsted.gov.uk/provider/44/80476", "lead_inspector": "Jane Doe"},
    )
    assert response.status_code == 200
    assert (response.json()["report_url"], response.json()["lead_inspector"], response.json()["version"]) == (
        "https://reports.ofsted.gov.uk/provider/44/80476",
        "Jane Doe",
        2,
    )


async def test_report_url_must_be_https(client: AsyncClient, inspectorate: Headers) -> None:
    response = await client.post(
        "/v1/inspections", json={**PLANNED, "report_url": "http://example.org/r"}, headers=inspectorate
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "report_url"


@pytest.mark.parametrize("status", ["planned", "cancelled"])
async def test_planned_or_cancelled_inspection_can_be_deleted(
    client: AsyncClient, inspectorate: Headers, status: str
) -> None:
    created = await record(client, inspectorate, {**PLANNED, "status": status})
    assert (await client.delete(f"/v1/inspections/{created['id']}", headers=inspectorate)).status_code == 204
    assert (await client.get(f"/v1/inspections/{created['id']}", headers=inspectorate)).status_code == 404


@pytest.mark.parametrize("status", ["notified", "fieldwork", "moderation"])
async def test_inspection_under_way_cannot_be_deleted(client: AsyncClient, inspectorate: Headers, status: str) -> None:
    created = await record(client, inspectorate, {**WITH_DATES, "status": status})
    response = await client.delete(f"/v1/inspections/{created['id']}", headers=inspectorate)
    assert response.status_code == 409
    assert rules_of(response) == ["deletable-only-when-planned-or-cancelled"]


async def test_published_inspection_cannot_be_deleted(client: AsyncClient, inspectorate: Headers) -> None:
    created = await record(client, inspectorate, published())
    response = await client.delete(f"/v1/inspections/{created['id']}", headers=inspectorate)
    assert response.status_code == 409
    assert rules_of(response) == ["deletable-only-when-planned-or-cancelled"]
