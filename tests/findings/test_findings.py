"""Findings of an inspection: the collection and each finding, their areas, final once published."""

from typing import Any

import pytest
from httpx import AsyncClient

from tests.conftest import LEICESTERSHIRE, Headers
from tests.inspections.helpers import published, record, rules_of

MODERATION = {
    "authority_code": LEICESTERSHIRE,
    "type": "standard_inspection",
    "status": "moderation",
    "fieldwork_start": "2024-04-22",
    "fieldwork_end": "2024-05-03",
}
PRIORITY = {
    "kind": "priority_action",
    "text": "Strengthen management oversight of the front door.",
    "area": "help_and_protection",
}


@pytest.fixture
async def inspection(client: AsyncClient, inspectorate: Headers) -> dict[str, Any]:
    return await record(client, inspectorate, MODERATION)


def collection(inspection: dict[str, Any]) -> str:
    return f"/v1/inspections/{inspection['id']}/findings"


async def add(
    client: AsyncClient, headers: Headers, inspection: dict[str, Any], body: dict[str, Any] = PRIORITY
) -> dict[str, Any]:
    response = await client.post(collection(inspection), json=body, headers=headers)
    assert response.status_code == 201, response.text
    created: dict[str, Any] = response.json()
    return created


async def test_add_a_finding(client: AsyncClient, inspectorate: Headers, inspection: dict[str, Any]) -> None:
    response = await client.post(collection(inspection), json=PRIORITY, headers=inspectorate)
    body = response.json()
    assert response.status_code == 201
    assert response.headers["location"] == f"{collection(inspection)}/{body['id']}"
    assert {k: body[k] for k in ("inspection_id", "kind", "text", "area", "version")} == {
        "inspection_id": inspection["id"],
        **PRIORITY,
        "version": 1,
    }


async def test_findings_are_listed_in_the_order_they_were_added(
    client: AsyncClient, inspectorate: Headers, inspection: dict[str, Any]
) -> None:
    kinds = ["strength", "area_for_improvement", "priority_action"]
    for kind in kinds:
        await add(client, inspectorate, inspection, {"kind": kind, "text": kind})
    response = await client.get(collection(inspection), params={"limit": 2}, headers=inspectorate)
    rest = await client.get(
        collection(inspection), params={"cursor": response.json()["next_cursor"]}, headers=inspectorate
    )
    assert [f["kind"] for f in response.json()["items"] + rest.json()["items"]] == kinds


async def test_change_a_finding_bumps_its_version(
    client: AsyncClient, inspectorate: Headers, inspection: dict[str, Any]
) -> None:
    finding = await add(client, inspectorate, inspection)
    url = f"{collection(inspection)}/{finding['id']}"
    response = await client.patch(
        url, json={"kind": "area_for_improvement", "area": None}, headers={**inspectorate, "If-Match": '"1"'}
    )
    assert (response.status_code, response.headers["etag"]) == (200, '"2"')
    assert (response.json()["kind"], response.json()["area"]) == ("area_for_improvement", None)


async def test_stale_if_match_on_a_finding_changes_nothing(
    client: AsyncClient, inspectorate: Headers, inspection: dict[str, Any]
) -> None:
    finding = await add(client, inspectorate, inspection)
    url = f"{collection(inspection)}/{finding['id']}"
    response = await client.patch(url, json={"text": "Other."}, headers={**inspectorate, "If-Match": '"2"'})
    assert response.status_code == 412
    assert (await client.get(url, headers=inspectorate)).json()["text"] == PRIORITY["text"]


async def test_delete_a_finding(client: AsyncClient, inspectorate: Headers, inspection: dict[str, Any]) -> None:
    finding = await add(client, inspectorate, inspection)
    url = f"{collection(inspection)}/{finding['id']}"
    assert (await client.delete(url, headers=inspectorate)).status_code == 204
    assert (await client.get(url, headers=inspectorate)).status_code == 404


async def test_finding_area_must_be_an_area_of_the_framework(
    client: AsyncClient, inspectorate: Headers, inspection: dict[str, Any]
) -> None:
    response = await client.post(
        collection(inspection), headers=inspectorate, json={**PRIORITY, "area": "children_in_care_and_care_leavers"}
    )
    assert response.status_code == 422
    assert rules_of(response) == ["finding-area-of-framework"]


async def test_changing_the_framework_checks_finding_areas(
    client: AsyncClient, inspectorate: Headers, inspection: dict[str, Any]
) -> None:
    await add(client, inspectorate, inspection, {**PRIORITY, "area": "care_leavers"})
    response = await client.patch(
        f"/v1/inspections/{inspection['id']}", json={"fieldwork_start": "2019-09-23"}, headers=inspectorate
    )
    assert response.status_code == 422
    assert rules_of(response) == ["finding-area-of-framework"]


async def test_findings_are_final_once_published(client: AsyncClient, inspectorate: Headers) -> None:
    done = await record(client, inspectorate, published(findings=[{"kind": "strength", "text": "Stable workforce."}]))
    finding = (await client.get(collection(done), headers=inspectorate)).json()["items"][0]
    url = f"{collection(done)}/{finding['id']}"
    statuses = [
        (await client.post(collection(done), json=PRIORITY, headers=inspectorate)).status_code,
        (await client.patch(url, json={"text": "Changed."}, headers=inspectorate)).status_code,
        (await client.delete(url, headers=inspectorate)).status_code,
    ]
    assert statuses == [409, 409, 409]


async def test_finding_of_another_inspection_is_404(
    client: AsyncClient, inspectorate: Headers, inspection: dict[str, Any]
) -> None:
    finding = await add(client, inspectorate, inspection)
    other = await record(client, inspectorate, MODERATION)
    response = await client.get(f"{collection(other)}/{finding['id']}", headers=inspectorate)
    assert response.status_code == 404


async def test_finding_writes_are_audited(
    client: AsyncClient, inspectorate: Headers, admin: Headers, inspection: dict[str, Any]
) -> None:
    finding = await add(client, inspectorate, inspection)
    await client.patch(f"{collection(inspection)}/{finding['id']}", json={"text": "Sharper."}, headers=inspectorate)
    events = await client.get(
        "/v1/audit-events", params={"resource_type": "finding", "resource_id": finding["id"]}, headers=admin
    )
    assert [(e["action"], e["changes"].get("text")) for e in events.json()["items"]] == [
        ("update", [PRIORITY["text"], "Sharper."]),
        ("create", [None, PRIORITY["text"]]),
    ]
