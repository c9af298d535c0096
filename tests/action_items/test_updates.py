"""The progress log: append-only; an update with a status moves the item in the same transaction."""

from httpx import AsyncClient

from app.core.security import Role
from tests.action_items.helpers import all_pages, create_item, days
from tests.conftest import LEICESTERSHIRE, Headers, MakeKey


async def test_update_with_status_moves_the_item_in_the_same_transaction(
    client: AsyncClient, make_key: MakeKey, admin: Headers
) -> None:
    own = await make_key(Role.authority, authority_code=LEICESTERSHIRE, name="Leicestershire planning team")
    item = await create_item(client, own, LEICESTERSHIRE, due_on=days(-2))
    response = await client.post(
        f"/v1/action-items/{item['id']}/updates",
        json={"note": "Audit done and reported", "status": "completed"},
        headers=own,
    )
    assert response.status_code == 201
    update = response.json()
    assert response.headers["location"] == f"/v1/action-items/{item['id']}/updates/{update['id']}"
    assert (update["note"], update["status"], update["author"]) == (
        "Audit done and reported",
        "completed",
        "Leicestershire planning team",
    )
    moved = (await client.get(f"/v1/action-items/{item['id']}", headers=own)).json()
    assert (moved["status"], moved["completed_on"], moved["version"], moved["overdue"], moved["rag"]) == (
        "completed",
        days(0),
        2,
        False,
        None,
    )
    events = (
        await client.get("/v1/audit-events", params={"actor": "Leicestershire planning team"}, headers=admin)
    ).json()["items"]
    by_kind = {(e["resource_type"], e["action"]): e for e in events}
    item_change = by_kind[("action_item", "update")]
    assert item_change["changes"] == {"status": ["not_started", "completed"], "completed_on": [None, days(0)]}
    assert by_kind[("action_item_update", "create")]["resource_id"] == update["id"]
    assert item_change["request_id"] == by_kind[("action_item_update", "create")]["request_id"]


async def test_a_refused_status_change_adds_no_update(client: AsyncClient, leics: Headers) -> None:
    item = await create_item(client, leics, LEICESTERSHIRE)
    response = await client.post(
        f"/v1/action-items/{item['id']}/updates", json={"note": "x", "status": "done"}, headers=leics
    )
    assert response.status_code == 422
    assert (await client.get(f"/v1/action-items/{item['id']}/updates", headers=leics)).json()["items"] == []


async def test_update_without_status_leaves_the_item_alone(client: AsyncClient, leics: Headers) -> None:
    item = await create_item(client, leics, LEICESTERSHIRE)
    response = await client.post(
        f"/v1/action-items/{item['id']}/updates", json={"note": "Meeting booked"}, headers=leics
    )
    assert response.json()["status"] is None
    after = (await client.get(f"/v1/action-items/{item['id']}", headers=leics)).json()
    assert (after["status"], after["version"]) == ("not_started", 1)


async def test_updates_are_listed_oldest_first_in_pages(client: AsyncClient, leics: Headers, reader: Headers) -> None:
    item = await create_item(client, leics, LEICESTERSHIRE)
    url = f"/v1/action-items/{item['id']}/updates"
    for note, status in (("Started", "in_progress"), ("Halfway", None), ("Done", "completed")):
        await client.post(url, json={"note": note, "status": status}, headers=leics)
    listed = await all_pages(client, url, reader, limit=2)
    assert [(u["note"], u["status"], u["author"]) for u in listed] == [
        ("Started", "in_progress", "leics-test"),
        ("Halfway", None, "leics-test"),
        ("Done", "completed", "leics-test"),
    ]
    one = await client.get(f"{url}/{listed[1]['id']}", headers=reader)
    assert one.json() == listed[1]


async def test_only_the_authority_and_admin_add_updates(
    client: AsyncClient, leics: Headers, gateshead: Headers, inspectorate: Headers, reader: Headers, admin: Headers
) -> None:
    item = await create_item(client, leics, LEICESTERSHIRE)
    url = f"/v1/action-items/{item['id']}/updates"
    for headers in (gateshead, inspectorate, reader):
        assert (await client.post(url, json={"note": "x", "status": "cancelled"}, headers=headers)).status_code == 403
    assert (await client.post(url, json={"note": "x"})).status_code == 401
    assert (await client.post(url, json={"note": "by admin"}, headers=admin)).status_code == 201
    assert (await client.get(f"/v1/action-items/{item['id']}", headers=leics)).json()["status"] == "not_started"


async def test_updates_are_never_changed_or_deleted(client: AsyncClient, leics: Headers) -> None:
    item = await create_item(client, leics, LEICESTERSHIRE)
    url = f"/v1/action-items/{item['id']}/updates"
    update = (await client.post(url, json={"note": "x"}, headers=leics)).json()
    assert (await client.patch(f"{url}/{update['id']}", json={"note": "y"}, headers=leics)).status_code == 405
    assert (await client.delete(f"{url}/{update['id']}", headers=leics)).status_code == 405
    assert (await client.delete(url, headers=leics)).status_code == 405


async def test_updates_of_an_unknown_item_are_not_found(client: AsyncClient, leics: Headers) -> None:
    url = "/v1/action-items/00000000-0000-0000-0000-000000000000/updates"
    assert (await client.get(url, headers=leics)).status_code == 404
    assert (await client.post(url, json={"note": "x"}, headers=leics)).status_code == 404


async def test_reading_updates_needs_a_key(client: AsyncClient, leics: Headers) -> None:
    item = await create_item(client, leics, LEICESTERSHIRE)
    assert (await client.get(f"/v1/action-items/{item['id']}/updates")).status_code == 401
