"""/v1/inspections: the resource, its conventions (ETag, If-Match, idempotency, audit) and creating a whole
published inspection in one request."""

from typing import Any

from httpx import AsyncClient

from tests.conftest import GATESHEAD, LEICESTERSHIRE, Headers
from tests.inspections.helpers import ILACS_2023_AREAS, published, record

PLANNED = {"authority_code": LEICESTERSHIRE, "type": "standard_inspection"}


async def audit_events(client: AsyncClient, admin: Headers, **params: str) -> list[dict[str, Any]]:
    response = await client.get("/v1/audit-events", params={"limit": 200, **params}, headers=admin)
    events: list[dict[str, Any]] = response.json()["items"]
    return events


async def test_create_answers_201_with_location_and_etag(client: AsyncClient, inspectorate: Headers) -> None:
    response = await client.post("/v1/inspections", json=PLANNED, headers=inspectorate)
    body = response.json()
    assert response.status_code == 201
    assert response.headers["location"] == f"/v1/inspections/{body['id']}"
    assert response.headers["etag"] == '"1"'
    assert {
        k: body[k]
        for k in ("authority_code", "type", "status", "themes", "partner_inspectorates", "judgements", "version")
    } == {
        "authority_code": LEICESTERSHIRE,
        "type": "standard_inspection",
        "status": "planned",
        "themes": [],
        "partner_inspectorates": [],
        "judgements": [],
        "version": 1,
    }


async def test_whole_published_inspection_is_recorded_in_one_request(
    client: AsyncClient, inspectorate: Headers
) -> None:
    body = published(
        overall="outstanding",
        findings=[
            {"kind": "strength", "text": "Leaders know their services well.", "area": "impact_of_leaders"},
            {"kind": "area_for_improvement", "text": "Care leavers' pathway plans.", "area": "care_leavers"},
        ],
    )
    created = await record(client, inspectorate, body)
    assert created["judgements"][0] == {
        "area": "overall_effectiveness",
        "area_label": "Overall effectiveness",
        "grade": "outstanding",
        "grade_label": "Outstanding",
        "grade_score": 1,
    }
    assert [j["area"] for j in created["judgements"]] == list(ILACS_2023_AREAS)
    findings = await client.get(f"/v1/inspections/{created['id']}/findings", headers=inspectorate)
    assert [(f["kind"], f["area"]) for f in findings.json()["items"]] == [
        ("strength", "impact_of_leaders"),
        ("area_for_improvement", "care_leavers"),
    ]


async def test_create_records_audit_events_for_inspection_judgements_and_findings(
    client: AsyncClient, inspectorate: Headers, admin: Headers
) -> None:
    created = await record(client, inspectorate, published(findings=[{"kind": "strength", "text": "Stable."}]))
    events = await audit_events(client, admin, actor="inspectorate-test")
    assert sorted((e["action"], e["resource_type"]) for e in events) == sorted(
        [("create", "inspection")] + [("create", "judgement")] * 5 + [("create", "finding")]
    )
    judgement = next(e for e in events if e["resource_id"] == f"{created['id']}/overall_effectiveness")
    assert judgement["changes"] == {"grade": [None, "good"]}


async def test_read_only_fields_are_refused(client: AsyncClient, inspectorate: Headers) -> None:
    response = await client.post("/v1/inspections", json={**PLANNED, "version": 3, "id": "x"}, headers=inspectorate)
    assert response.status_code == 422
    assert {(e["field"], e["message"]) for e in response.json()["errors"]} == {
        ("version", "is read-only"),
        ("id", "is read-only"),
    }


async def test_unknown_authority_is_refused(client: AsyncClient, inspectorate: Headers) -> None:
    response = await client.post(
        "/v1/inspections", json={**PLANNED, "authority_code": "E06999999"}, headers=inspectorate
    )
    assert response.status_code == 422
    assert response.json()["errors"] == [{"field": "authority_code", "message": "no authority with code E06999999"}]


async def test_authority_code_cannot_change(client: AsyncClient, inspectorate: Headers) -> None:
    created = await record(client, inspectorate, PLANNED)
    response = await client.patch(
        f"/v1/inspections/{created['id']}", json={"authority_code": GATESHEAD}, headers=inspectorate
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "authority_code"


async def test_stale_if_match_changes_nothing(client: AsyncClient, inspectorate: Headers) -> None:
    created = await record(client, inspectorate, PLANNED)
    url = f"/v1/inspections/{created['id']}"
    response = await client.patch(url, json={"lead_inspector": "Jane Doe"}, headers={**inspectorate, "If-Match": '"7"'})
    assert response.status_code == 412
    after = await client.get(url, headers=inspectorate)
    assert (after.json()["lead_inspector"], after.headers["etag"]) == (None, '"1"')


async def test_change_bumps_version_and_records_the_difference(
    client: AsyncClient, inspectorate: Headers, admin: Headers
) -> None:
    created = await record(client, inspectorate, PLANNED)
    response = await client.patch(
        f"/v1/inspections/{created['id']}",
        json={"lead_inspector": "Jane Doe"},
        headers={**inspectorate, "If-Match": '"1"'},
    )
    assert (response.status_code, response.headers["etag"]) == (200, '"2"')
    events = await audit_events(client, admin, resource_type="inspection", resource_id=created["id"], action="update")
    assert [e["changes"] for e in events if e["action"] == "update"] == [{"lead_inspector": [None, "Jane Doe"]}]


async def test_change_to_the_same_values_keeps_the_version(client: AsyncClient, inspectorate: Headers) -> None:
    created = await record(client, inspectorate, {**PLANNED, "lead_inspector": "Jane Doe"})
    response = await client.patch(
        f"/v1/inspections/{created['id']}", json={"lead_inspector": "Jane Doe"}, headers=inspectorate
    )
    assert response.headers["etag"] == '"1"'


async def test_if_none_match_answers_304(client: AsyncClient, inspectorate: Headers) -> None:
    created = await record(client, inspectorate, PLANNED)
    response = await client.get(f"/v1/inspections/{created['id']}", headers={**inspectorate, "If-None-Match": '"1"'})
    assert response.status_code == 304


async def test_repeated_post_with_idempotency_key_creates_one_inspection(
    client: AsyncClient, inspectorate: Headers
) -> None:
    headers = {**inspectorate, "Idempotency-Key": "leics-2026-standard"}
    first = await client.post("/v1/inspections", json=PLANNED, headers=headers)
    second = await client.post("/v1/inspections", json=PLANNED, headers=headers)
    assert (second.status_code, second.json()["id"]) == (201, first.json()["id"])
    listed = await client.get("/v1/inspections", params={"authority_code": LEICESTERSHIRE}, headers=inspectorate)
    assert len(listed.json()["items"]) == 1


async def test_themes_are_replaced_by_a_change(client: AsyncClient, inspectorate: Headers) -> None:
    created = await record(client, inspectorate, published("focused_visit", themes=["front-door"]))
    response = await client.patch(
        f"/v1/inspections/{created['id']}", json={"themes": ["care-leavers"]}, headers=inspectorate
    )
    assert (response.json()["themes"], response.json()["version"]) == (["care-leavers"], 2)
    again = await client.get(f"/v1/inspections/{created['id']}", headers=inspectorate)
    assert again.json()["themes"] == ["care-leavers"]


async def test_unknown_inspection_is_404(client: AsyncClient, inspectorate: Headers) -> None:
    response = await client.get("/v1/inspections/6f1c1f5e-0000-4000-8000-000000000000", headers=inspectorate)
    assert response.status_code == 404
