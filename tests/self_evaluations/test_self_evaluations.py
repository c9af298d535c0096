"""Self-evaluations: one per authority per year; seen only by the authority, inspectorate and admin."""

import uuid
from typing import Any

from httpx import AsyncClient

from tests.action_items.helpers import all_pages, days
from tests.conftest import GATESHEAD, LEICESTERSHIRE, Headers

URL = f"/v1/authorities/{LEICESTERSHIRE}/self-evaluations"
BODY = {
    "year": 2025,
    "quality_and_impact": "Most children get a timely response.",
    "evidence": "Monthly audits and feedback.",
    "plans": "Stabilise the workforce.",
}


async def _create(client: AsyncClient, headers: Headers, **fields: Any) -> dict[str, Any]:
    response = await client.post(URL, json={**BODY, **fields}, headers=headers)
    assert response.status_code == 201, response.text
    result: dict[str, Any] = response.json()
    return result


async def test_authority_writes_its_self_evaluation(client: AsyncClient, leics: Headers) -> None:
    response = await client.post(URL, json={**BODY, "shared_on": days(-1)}, headers=leics)
    assert response.status_code == 201
    body = response.json()
    assert response.headers["location"] == f"{URL}/{body['id']}"
    assert {k: body[k] for k in ("authority_code", "year", "shared_on", "version")} == {
        "authority_code": LEICESTERSHIRE,
        "year": 2025,
        "shared_on": days(-1),
        "version": 1,
    }


async def test_second_self_evaluation_of_a_year_is_a_conflict(client: AsyncClient, leics: Headers) -> None:
    await _create(client, leics)
    response = await client.post(URL, json=BODY, headers=leics)
    assert response.status_code == 409
    assert response.json()["type"] == "/problems/conflict"


async def test_same_year_is_fine_for_another_authority(client: AsyncClient, leics: Headers, gateshead: Headers) -> None:
    await _create(client, leics)
    response = await client.post(f"/v1/authorities/{GATESHEAD}/self-evaluations", json=BODY, headers=gateshead)
    assert response.status_code == 201


async def test_only_the_authority_and_admin_write_it(
    client: AsyncClient, gateshead: Headers, inspectorate: Headers, reader: Headers, admin: Headers
) -> None:
    for headers in (gateshead, inspectorate, reader):
        assert (await client.post(URL, json=BODY, headers=headers)).status_code == 403
    assert (await client.post(URL, json=BODY)).status_code == 401
    assert (await client.post(URL, json=BODY, headers=admin)).status_code == 201


async def test_shared_on_in_the_future_is_refused(client: AsyncClient, leics: Headers) -> None:
    response = await client.post(URL, json={**BODY, "shared_on": days(1)}, headers=leics)
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["shared_on"]


async def test_authority_code_in_the_body_is_refused(client: AsyncClient, leics: Headers) -> None:
    response = await client.post(URL, json={**BODY, "authority_code": GATESHEAD}, headers=leics)
    assert response.status_code == 422


async def test_seen_by_the_authority_inspectorate_and_admin(
    client: AsyncClient, leics: Headers, inspectorate: Headers, admin: Headers
) -> None:
    made = await _create(client, leics)
    for headers in (leics, inspectorate, admin):
        assert (await client.get(f"{URL}/{made['id']}", headers=headers)).status_code == 200
        assert [e["id"] for e in (await client.get(URL, headers=headers)).json()["items"]] == [made["id"]]


async def test_does_not_exist_for_readers_and_other_authorities(
    client: AsyncClient, leics: Headers, gateshead: Headers, reader: Headers
) -> None:
    made = await _create(client, leics)
    for headers in (gateshead, reader):
        assert (await client.get(f"{URL}/{made['id']}", headers=headers)).status_code == 404
        assert (await client.get(URL, headers=headers)).status_code == 404
    assert (await client.get(URL)).status_code == 401


async def test_listed_newest_year_first(client: AsyncClient, leics: Headers) -> None:
    for year in (2023, 2025, 2024):
        await _create(client, leics, year=year)
    listed = await all_pages(client, URL, leics, limit=2)
    assert [e["year"] for e in listed] == [2025, 2024, 2023]


async def test_authority_changes_its_self_evaluation(client: AsyncClient, leics: Headers) -> None:
    made = await _create(client, leics)
    response = await client.patch(
        f"{URL}/{made['id']}", json={"shared_on": days(0)}, headers={**leics, "If-Match": '"1"'}
    )
    assert response.status_code == 200
    assert (response.json()["shared_on"], response.json()["version"]) == (days(0), 2)


async def test_changing_to_a_taken_year_is_a_conflict(client: AsyncClient, leics: Headers) -> None:
    await _create(client, leics, year=2024)
    made = await _create(client, leics, year=2025)
    response = await client.patch(f"{URL}/{made['id']}", json={"year": 2024}, headers=leics)
    assert response.status_code == 409


async def test_nobody_else_changes_or_deletes_it(
    client: AsyncClient, leics: Headers, gateshead: Headers, inspectorate: Headers, reader: Headers
) -> None:
    made = await _create(client, leics)
    url = f"{URL}/{made['id']}"
    for headers in (gateshead, inspectorate, reader):
        assert (await client.patch(url, json={"plans": "x"}, headers=headers)).status_code == 403
        assert (await client.delete(url, headers=headers)).status_code == 403
    assert (await client.delete(url)).status_code == 401
    assert (await client.get(url, headers=leics)).json()["version"] == 1


async def test_authority_deletes_it(client: AsyncClient, leics: Headers) -> None:
    made = await _create(client, leics)
    assert (await client.delete(f"{URL}/{made['id']}", headers={**leics, "If-Match": '"1"'})).status_code == 204
    assert (await client.get(f"{URL}/{made['id']}", headers=leics)).status_code == 404


async def test_stale_if_match_is_refused(client: AsyncClient, leics: Headers) -> None:
    made = await _create(client, leics)
    response = await client.delete(f"{URL}/{made['id']}", headers={**leics, "If-Match": '"3"'})
    assert response.status_code == 412


async def test_unknown_authority_or_id_is_not_found(client: AsyncClient, admin: Headers) -> None:
    assert (await client.get("/v1/authorities/E06999999/self-evaluations", headers=admin)).status_code == 404
    assert (
        await client.post("/v1/authorities/E06999999/self-evaluations", json=BODY, headers=admin)
    ).status_code == 404
    assert (await client.get(f"{URL}/{uuid.uuid4()}", headers=admin)).status_code == 404


async def test_self_evaluation_writes_are_audited(client: AsyncClient, leics: Headers, admin: Headers) -> None:
    made = await _create(client, leics)
    await client.patch(f"{URL}/{made['id']}", json={"year": 2024}, headers=leics)
    events = (
        await client.get(
            "/v1/audit-events", params={"resource_type": "self_evaluation", "resource_id": made["id"]}, headers=admin
        )
    ).json()
    by_action = {e["action"]: e for e in events["items"]}
    assert sorted(by_action) == ["create", "update"]
    assert by_action["update"]["changes"] == {"year": [2025, 2024]}
