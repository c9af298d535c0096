"""Improvement plans: the authority's own keys (and admin) run them, everyone reads them."""

import uuid

from httpx import AsyncClient

from app.core.database import Database
from tests.action_items.helpers import add_inspection, all_pages, create_item, create_plan
from tests.conftest import GATESHEAD, LEICESTERSHIRE, Headers, StatementCounter


async def test_authority_creates_its_own_plan_answering_an_inspection(
    client: AsyncClient, leics: Headers, database: Database
) -> None:
    inspection_id, _ = await add_inspection(database, LEICESTERSHIRE)
    response = await client.post(
        "/v1/improvement-plans",
        json={
            "authority_code": LEICESTERSHIRE,
            "title": "Improvement plan",
            "starts_on": "2025-04-01",
            "ends_on": "2026-03-31",
            "inspection_id": str(inspection_id),
        },
        headers=leics,
    )
    assert response.status_code == 201
    body = response.json()
    assert response.headers["location"] == f"/v1/improvement-plans/{body['id']}"
    assert response.headers["etag"] == '"1"'
    assert {k: body[k] for k in ("authority_code", "title", "starts_on", "ends_on", "inspection_id", "version")} == {
        "authority_code": LEICESTERSHIRE,
        "title": "Improvement plan",
        "starts_on": "2025-04-01",
        "ends_on": "2026-03-31",
        "inspection_id": str(inspection_id),
        "version": 1,
    }


async def test_only_the_authority_and_admin_create_its_plans(
    client: AsyncClient, gateshead: Headers, inspectorate: Headers, reader: Headers, admin: Headers
) -> None:
    body = {"authority_code": LEICESTERSHIRE, "title": "Plan"}
    for headers in (gateshead, inspectorate, reader):
        assert (await client.post("/v1/improvement-plans", json=body, headers=headers)).status_code == 403
    assert (await client.post("/v1/improvement-plans", json=body)).status_code == 401
    assert (await client.post("/v1/improvement-plans", json=body, headers=admin)).status_code == 201


async def test_inspection_of_another_authority_is_refused(
    client: AsyncClient, leics: Headers, database: Database
) -> None:
    inspection_id, _ = await add_inspection(database, GATESHEAD)
    response = await client.post(
        "/v1/improvement-plans",
        json={"authority_code": LEICESTERSHIRE, "title": "Plan", "inspection_id": str(inspection_id)},
        headers=leics,
    )
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["inspection_id"]


async def test_plan_may_not_end_before_it_starts(client: AsyncClient, leics: Headers) -> None:
    response = await client.post(
        "/v1/improvement-plans",
        json={"authority_code": LEICESTERSHIRE, "title": "Plan", "starts_on": "2025-04-01", "ends_on": "2025-03-31"},
        headers=leics,
    )
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["ends_on"]


async def test_unknown_authority_is_a_validation_error(client: AsyncClient, admin: Headers) -> None:
    response = await client.post(
        "/v1/improvement-plans", json={"authority_code": "E09999999", "title": "Plan"}, headers=admin
    )
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["authority_code"]


async def test_every_key_reads_every_authoritys_plans(
    client: AsyncClient, leics: Headers, gateshead: Headers, reader: Headers, inspectorate: Headers
) -> None:
    ours = await create_plan(client, leics, LEICESTERSHIRE)
    theirs = await create_plan(client, gateshead, GATESHEAD)
    for headers in (reader, gateshead, inspectorate):
        assert (await client.get(f"/v1/improvement-plans/{ours['id']}", headers=headers)).status_code == 200
    listed = await all_pages(client, "/v1/improvement-plans", reader, authority_code=GATESHEAD)
    assert [p["id"] for p in listed] == [theirs["id"]]
    assert (await client.get(f"/v1/improvement-plans/{ours['id']}")).status_code == 401


async def test_list_pages_through_every_plan(client: AsyncClient, leics: Headers) -> None:
    made = {(await create_plan(client, leics, LEICESTERSHIRE, title=f"Plan {n}"))["id"] for n in range(3)}
    listed = await all_pages(client, "/v1/improvement-plans", leics, authority_code=LEICESTERSHIRE, limit=1)
    assert sorted(p["id"] for p in listed) == sorted(made)
    assert len(listed) == 3


async def test_list_runs_a_fixed_number_of_statements(
    client: AsyncClient, leics: Headers, reader: Headers, statements: StatementCounter
) -> None:
    for n in range(4):
        await create_plan(client, leics, LEICESTERSHIRE, title=f"Plan {n}")
    counts = []
    for limit in (1, 4):
        statements.reset()
        await client.get("/v1/improvement-plans", params={"limit": limit}, headers=reader)
        counts.append(statements.count)
    assert counts[0] == counts[1]


async def test_reference_to_an_embargoed_inspection_is_hidden_from_others(
    client: AsyncClient, leics: Headers, reader: Headers, database: Database
) -> None:
    inspection_id, _ = await add_inspection(database, LEICESTERSHIRE, status="fieldwork")
    plan = await create_plan(client, leics, LEICESTERSHIRE, inspection_id=str(inspection_id))
    assert plan["inspection_id"] == str(inspection_id)
    seen = (await client.get(f"/v1/improvement-plans/{plan['id']}", headers=reader)).json()
    assert seen["inspection_id"] is None


async def test_authority_changes_its_plan(client: AsyncClient, leics: Headers) -> None:
    plan = await create_plan(client, leics, LEICESTERSHIRE)
    response = await client.patch(
        f"/v1/improvement-plans/{plan['id']}", json={"title": "Revised plan"}, headers={**leics, "If-Match": '"1"'}
    )
    assert response.status_code == 200
    assert (response.json()["title"], response.json()["version"], response.headers["etag"]) == (
        "Revised plan",
        2,
        '"2"',
    )


async def test_stale_if_match_is_refused(client: AsyncClient, leics: Headers) -> None:
    plan = await create_plan(client, leics, LEICESTERSHIRE)
    response = await client.patch(
        f"/v1/improvement-plans/{plan['id']}", json={"title": "x"}, headers={**leics, "If-Match": '"2"'}
    )
    assert response.status_code == 412


async def test_nobody_else_changes_or_deletes_a_plan(
    client: AsyncClient, leics: Headers, gateshead: Headers, inspectorate: Headers, reader: Headers
) -> None:
    plan = await create_plan(client, leics, LEICESTERSHIRE)
    url = f"/v1/improvement-plans/{plan['id']}"
    for headers in (gateshead, inspectorate, reader):
        assert (await client.patch(url, json={"title": "x"}, headers=headers)).status_code == 403
        assert (await client.delete(url, headers=headers)).status_code == 403
    assert (await client.delete(url)).status_code == 401
    assert (await client.get(url, headers=leics)).json()["version"] == 1


async def test_plan_with_items_cannot_be_deleted(client: AsyncClient, leics: Headers) -> None:
    plan = await create_plan(client, leics, LEICESTERSHIRE)
    item = await create_item(client, leics, LEICESTERSHIRE, plan_id=plan["id"])
    response = await client.delete(f"/v1/improvement-plans/{plan['id']}", headers=leics)
    assert response.status_code == 409
    assert response.json()["type"] == "/problems/conflict"
    await client.delete(f"/v1/action-items/{item['id']}", headers=leics)
    assert (await client.delete(f"/v1/improvement-plans/{plan['id']}", headers=leics)).status_code == 204
    assert (await client.get(f"/v1/improvement-plans/{plan['id']}", headers=leics)).status_code == 404


async def test_unknown_plan_is_not_found(client: AsyncClient, admin: Headers) -> None:
    url = f"/v1/improvement-plans/{uuid.uuid4()}"
    assert (await client.get(url, headers=admin)).status_code == 404
    assert (await client.patch(url, json={"title": "x"}, headers=admin)).status_code == 404
    assert (await client.delete(url, headers=admin)).status_code == 404


async def test_plan_writes_are_audited(client: AsyncClient, leics: Headers, admin: Headers) -> None:
    plan = await create_plan(client, leics, LEICESTERSHIRE, title="First")
    await client.patch(f"/v1/improvement-plans/{plan['id']}", json={"title": "Second"}, headers=leics)
    await client.delete(f"/v1/improvement-plans/{plan['id']}", headers=leics)
    events = (
        await client.get(
            "/v1/audit-events", params={"resource_type": "improvement_plan", "resource_id": plan["id"]}, headers=admin
        )
    ).json()
    by_action = {e["action"]: e for e in events["items"]}
    assert sorted(by_action) == ["create", "delete", "update"]
    assert by_action["update"]["changes"] == {"title": ["First", "Second"]}
    assert by_action["create"]["actor"]["name"] == "leics-test"
