"""A due date that moves leaves a trace (DOMAIN.md): `original_due_on` never changes, `rescheduled` says whether
`due_on` differs from it, and every change of `due_on` needs its reason and is appended to the updates log with
`due_on_change`, in the same transaction."""

from typing import Any

from httpx import AsyncClient

from tests.action_items.helpers import create_item, days
from tests.conftest import LEICESTERSHIRE, Headers

ITEMS = "/v1/action-items"


async def _log(client: AsyncClient, item_id: str, headers: Headers) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = (await client.get(f"{ITEMS}/{item_id}/updates", headers=headers)).json()["items"]
    return items


async def _move(client: AsyncClient, item_id: str, headers: Headers, due_on: str, reason: str | None) -> Any:
    body = {"due_on": due_on, **({"due_change_reason": reason} if reason is not None else {})}
    return await client.patch(f"{ITEMS}/{item_id}", json=body, headers=headers)


async def test_a_new_item_keeps_its_due_date_as_original(client: AsyncClient, leics: Headers) -> None:
    item = await create_item(client, leics, LEICESTERSHIRE, due_on=days(30))
    assert (item["due_on"], item["original_due_on"], item["rescheduled"]) == (days(30), days(30), False)


async def test_due_change_needs_reason(client: AsyncClient, leics: Headers) -> None:
    item = await create_item(client, leics, LEICESTERSHIRE, due_on=days(30))
    response = await _move(client, item["id"], leics, days(60), None)
    assert response.status_code == 422
    assert response.json()["rules"] == ["due-change-needs-reason"]
    assert [e["field"] for e in response.json()["errors"]] == ["due_change_reason"]
    unchanged = (await client.get(f"{ITEMS}/{item['id']}", headers=leics)).json()
    assert (unchanged["due_on"], unchanged["version"]) == (days(30), 1)
    assert await _log(client, item["id"], leics) == []


async def test_moved_due_date_is_logged_with_its_reason(client: AsyncClient, leics: Headers) -> None:
    item = await create_item(client, leics, LEICESTERSHIRE, due_on=days(30))
    response = await _move(client, item["id"], leics, days(60), "Social work academy opens later")
    assert response.status_code == 200, response.text
    moved = response.json()
    assert (moved["due_on"], moved["original_due_on"], moved["rescheduled"], moved["version"]) == (
        days(60),
        days(30),
        True,
        2,
    )
    (entry,) = await _log(client, item["id"], leics)
    assert (entry["note"], entry["status"], entry["due_on_change"], entry["author"]) == (
        "Social work academy opens later",
        None,
        {"from": days(30), "to": days(60)},
        "leics-test",
    )


async def test_due_date_moved_back_to_the_original_is_not_rescheduled(client: AsyncClient, leics: Headers) -> None:
    item = await create_item(client, leics, LEICESTERSHIRE, due_on=days(30))
    await _move(client, item["id"], leics, days(60), "Waiting for the new case system")
    back = (await _move(client, item["id"], leics, days(30), "Case system arrived early")).json()
    assert (back["due_on"], back["original_due_on"], back["rescheduled"]) == (days(30), days(30), False)
    assert [e["due_on_change"] for e in await _log(client, item["id"], leics)] == [
        {"from": days(30), "to": days(60)},
        {"from": days(60), "to": days(30)},
    ]


async def test_original_due_on_is_read_only(client: AsyncClient, leics: Headers) -> None:
    item = await create_item(client, leics, LEICESTERSHIRE, due_on=days(30))
    response = await client.patch(f"{ITEMS}/{item['id']}", json={"original_due_on": days(40)}, headers=leics)
    assert (response.status_code, [e["field"] for e in response.json()["errors"]]) == (422, ["original_due_on"])
    body = {"authority_code": LEICESTERSHIRE, "title": "x", "due_on": days(5), "rescheduled": True}
    response = await client.post(ITEMS, json=body, headers=leics)
    assert (response.status_code, [e["field"] for e in response.json()["errors"]]) == (422, ["rescheduled"])


async def test_due_change_reason_only_with_due_change(client: AsyncClient, leics: Headers) -> None:
    item = await create_item(client, leics, LEICESTERSHIRE)
    response = await client.patch(f"{ITEMS}/{item['id']}", json={"due_change_reason": "No reason"}, headers=leics)
    assert response.status_code == 422
    assert response.json()["rules"] == ["due-change-reason-only-with-due-change"]


async def test_same_due_date_with_a_reason_changes_nothing(client: AsyncClient, leics: Headers) -> None:
    item = await create_item(client, leics, LEICESTERSHIRE, due_on=days(30))
    response = await _move(client, item["id"], leics, days(30), "A retried request")
    assert (response.status_code, response.json()["version"], response.json()["rescheduled"]) == (200, 1, False)
    assert await _log(client, item["id"], leics) == []


async def test_due_change_reason_length_is_1_to_2000(client: AsyncClient, leics: Headers) -> None:
    item = await create_item(client, leics, LEICESTERSHIRE, due_on=days(30))
    for reason in ("", "x" * 2001):
        response = await _move(client, item["id"], leics, days(31), reason)
        assert (response.status_code, response.json()["errors"][0]["field"]) == (422, "due_change_reason")
    assert (await _move(client, item["id"], leics, days(31), "x" * 2000)).status_code == 200


async def test_a_refused_patch_logs_no_due_change(client: AsyncClient, leics: Headers) -> None:
    item = await create_item(client, leics, LEICESTERSHIRE, due_on=days(30))
    body = {"due_on": days(45), "due_change_reason": "Later", "status": "completed", "completed_on": days(3)}
    response = await client.patch(f"{ITEMS}/{item['id']}", json=body, headers=leics)
    assert (response.status_code, response.json()["rules"]) == (422, ["completed-on-not-in-future"])
    assert await _log(client, item["id"], leics) == []
    assert (await client.get(f"{ITEMS}/{item['id']}", headers=leics)).json()["due_on"] == days(30)


async def test_progress_notes_carry_no_due_on_change(client: AsyncClient, leics: Headers) -> None:
    item = await create_item(client, leics, LEICESTERSHIRE)
    response = await client.post(f"{ITEMS}/{item['id']}/updates", json={"note": "Started"}, headers=leics)
    assert response.json()["due_on_change"] is None


async def test_the_due_change_entry_is_audited(client: AsyncClient, leics: Headers, admin: Headers) -> None:
    item = await create_item(client, leics, LEICESTERSHIRE, due_on="2030-01-01")
    await _move(client, item["id"], leics, "2030-03-01", "Recruitment")
    (entry,) = await _log(client, item["id"], leics)
    events = (
        await client.get(
            "/v1/audit-events",
            params={"resource_type": "action_item_update", "resource_id": entry["id"]},
            headers=admin,
        )
    ).json()["items"]
    assert [(e["action"], e["changes"]["due_on_change"]) for e in events] == [
        ("create", [None, {"from": "2030-01-01", "to": "2030-03-01"}])
    ]


async def test_due_on_change_is_read_only_in_the_log(client: AsyncClient, leics: Headers) -> None:
    item = await create_item(client, leics, LEICESTERSHIRE, due_on=days(30))
    body = {"note": "Moved", "due_on_change": {"from": days(30), "to": days(60)}}
    response = await client.post(f"{ITEMS}/{item['id']}/updates", json=body, headers=leics)
    assert (response.status_code, response.json()["errors"][0]["field"]) == (422, "due_on_change")
    assert await _log(client, item["id"], leics) == []
