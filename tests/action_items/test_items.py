"""Action items: create, read, change and delete, by every role."""

from httpx import AsyncClient

from tests.action_items.helpers import create_item, days
from tests.conftest import GATESHEAD, LEICESTERSHIRE, Headers, MakeKey


async def test_authority_creates_its_own_item(client: AsyncClient, leics: Headers) -> None:
    response = await client.post(
        "/v1/action-items",
        json={
            "authority_code": LEICESTERSHIRE,
            "title": "Audit assessments",
            "owner": "Head of Safeguarding",
            "description": "Monthly audit",
            "due_on": days(30),
        },
        headers=leics,
    )
    assert response.status_code == 201
    body = response.json()
    assert response.headers["location"] == f"/v1/action-items/{body['id']}"
    assert response.headers["etag"] == '"1"'
    assert {
        k: body[k]
        for k in (
            "authority_code",
            "plan_id",
            "inspection_id",
            "finding_id",
            "title",
            "owner",
            "description",
            "due_on",
            "status",
            "completed_on",
            "overdue",
            "rag",
            "version",
        )
    } == {
        "authority_code": LEICESTERSHIRE,
        "plan_id": None,
        "inspection_id": None,
        "finding_id": None,
        "title": "Audit assessments",
        "owner": "Head of Safeguarding",
        "description": "Monthly audit",
        "due_on": days(30),
        "status": "not_started",
        "completed_on": None,
        "overdue": False,
        "rag": "green",
        "version": 1,
    }


async def test_authority_may_not_create_another_authoritys_item(client: AsyncClient, gateshead: Headers) -> None:
    response = await client.post(
        "/v1/action-items", json={"authority_code": LEICESTERSHIRE, "title": "x", "due_on": days(3)}, headers=gateshead
    )
    assert response.status_code == 403
    assert response.json()["type"] == "/problems/forbidden"


async def test_inspectorate_and_reader_may_not_create_items(
    client: AsyncClient, inspectorate: Headers, reader: Headers
) -> None:
    body = {"authority_code": LEICESTERSHIRE, "title": "x", "due_on": days(3)}
    assert (await client.post("/v1/action-items", json=body, headers=inspectorate)).status_code == 403
    assert (await client.post("/v1/action-items", json=body, headers=reader)).status_code == 403


async def test_admin_creates_items_for_any_authority(client: AsyncClient, admin: Headers) -> None:
    item = await create_item(client, admin, GATESHEAD)
    assert item["authority_code"] == GATESHEAD


async def test_unknown_authority_is_a_validation_error(client: AsyncClient, admin: Headers) -> None:
    response = await client.post(
        "/v1/action-items", json={"authority_code": "E06999999", "title": "x", "due_on": days(3)}, headers=admin
    )
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["authority_code"]


async def test_derived_fields_in_the_body_are_refused(client: AsyncClient, leics: Headers) -> None:
    response = await client.post(
        "/v1/action-items",
        json={"authority_code": LEICESTERSHIRE, "title": "x", "due_on": days(3), "rag": "green"},
        headers=leics,
    )
    assert response.status_code == 422
    assert response.json()["errors"] == [{"field": "rag", "message": "is read-only"}]


async def test_every_key_reads_every_authoritys_items(
    client: AsyncClient, leics: Headers, reader: Headers, gateshead: Headers, inspectorate: Headers
) -> None:
    item = await create_item(client, leics, LEICESTERSHIRE)
    for headers in (reader, gateshead, inspectorate):
        response = await client.get(f"/v1/action-items/{item['id']}", headers=headers)
        assert response.status_code == 200
        assert response.json()["id"] == item["id"]


async def test_reading_needs_a_key(client: AsyncClient, leics: Headers) -> None:
    item = await create_item(client, leics, LEICESTERSHIRE)
    assert (await client.get(f"/v1/action-items/{item['id']}")).status_code == 401
    assert (await client.get("/v1/action-items")).status_code == 401


async def test_get_honours_if_none_match(client: AsyncClient, leics: Headers) -> None:
    item = await create_item(client, leics, LEICESTERSHIRE)
    response = await client.get(f"/v1/action-items/{item['id']}", headers={**leics, "If-None-Match": '"1"'})
    assert response.status_code == 304


async def test_unknown_item_is_not_found(client: AsyncClient, reader: Headers) -> None:
    response = await client.get("/v1/action-items/00000000-0000-0000-0000-000000000000", headers=reader)
    assert response.status_code == 404


async def test_authority_changes_its_own_item_and_the_version_moves(client: AsyncClient, leics: Headers) -> None:
    item = await create_item(client, leics, LEICESTERSHIRE)
    response = await client.patch(
        f"/v1/action-items/{item['id']}",
        json={"owner": "Principal Social Worker", "status": "in_progress"},
        headers={**leics, "If-Match": '"1"'},
    )
    assert response.status_code == 200
    assert response.headers["etag"] == '"2"'
    assert (response.json()["owner"], response.json()["status"], response.json()["version"]) == (
        "Principal Social Worker",
        "in_progress",
        2,
    )


async def test_stale_if_match_changes_nothing(client: AsyncClient, leics: Headers) -> None:
    item = await create_item(client, leics, LEICESTERSHIRE)
    response = await client.patch(
        f"/v1/action-items/{item['id']}", json={"title": "New"}, headers={**leics, "If-Match": '"7"'}
    )
    assert response.status_code == 412
    assert (await client.get(f"/v1/action-items/{item['id']}", headers=leics)).json()["title"] == "Audit assessments"


async def test_nobody_else_changes_or_deletes_an_authoritys_item(
    client: AsyncClient, leics: Headers, gateshead: Headers, inspectorate: Headers, reader: Headers
) -> None:
    item = await create_item(client, leics, LEICESTERSHIRE)
    url = f"/v1/action-items/{item['id']}"
    for headers in (gateshead, inspectorate, reader):
        assert (await client.patch(url, json={"title": "Mine"}, headers=headers)).status_code == 403
        assert (await client.delete(url, headers=headers)).status_code == 403
    assert (await client.patch(url, json={"title": "Mine"})).status_code == 401
    assert (await client.delete(url)).status_code == 401
    assert (await client.get(url, headers=leics)).json()["version"] == 1


async def test_authority_code_is_immutable(client: AsyncClient, leics: Headers) -> None:
    item = await create_item(client, leics, LEICESTERSHIRE)
    response = await client.patch(f"/v1/action-items/{item['id']}", json={"authority_code": GATESHEAD}, headers=leics)
    assert response.status_code == 422


async def test_admin_changes_any_authoritys_item(client: AsyncClient, leics: Headers, admin: Headers) -> None:
    item = await create_item(client, leics, LEICESTERSHIRE)
    response = await client.patch(
        f"/v1/action-items/{item['id']}",
        json={"due_on": days(2), "due_change_reason": "Brought forward"},
        headers=admin,
    )
    assert response.status_code == 200
    assert (response.json()["due_on"], response.json()["rag"]) == (days(2), "amber")


async def test_authority_deletes_its_own_item(client: AsyncClient, leics: Headers) -> None:
    item = await create_item(client, leics, LEICESTERSHIRE)
    url = f"/v1/action-items/{item['id']}"
    assert (await client.delete(url, headers={**leics, "If-Match": '"1"'})).status_code == 204
    assert (await client.get(url, headers=leics)).status_code == 404


async def test_every_write_is_audited(client: AsyncClient, make_key: MakeKey, admin: Headers) -> None:
    from app.core.security import Role

    own = await make_key(Role.authority, authority_code=LEICESTERSHIRE, name="leics-planner")
    item = await create_item(client, own, LEICESTERSHIRE, due_on="2030-01-01")
    url = f"/v1/action-items/{item['id']}"
    await client.patch(url, json={"due_on": "2030-02-01", "due_change_reason": "Staff away"}, headers=own)
    await client.delete(url, headers=own)
    events = (
        await client.get(
            "/v1/audit-events", params={"resource_type": "action_item", "resource_id": item["id"]}, headers=admin
        )
    ).json()
    by_action = {e["action"]: e for e in events["items"]}
    assert sorted(by_action) == ["create", "delete", "update"]
    assert {e["actor"]["name"] for e in events["items"]} == {"leics-planner"}
    assert by_action["update"]["changes"] == {"due_on": ["2030-01-01", "2030-02-01"]}
