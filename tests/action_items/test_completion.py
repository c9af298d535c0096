"""`completed` needs `completed_on` (today by default, never in the future); leaving `completed` clears it."""

from httpx import AsyncClient

from tests.action_items.helpers import create_item, days
from tests.conftest import LEICESTERSHIRE, Headers


async def test_completed_defaults_completed_on_to_today(client: AsyncClient, leics: Headers) -> None:
    item = await create_item(client, leics, LEICESTERSHIRE, status="completed")
    assert item["completed_on"] == days(0)


async def test_completed_on_in_the_future_is_refused(client: AsyncClient, leics: Headers) -> None:
    response = await client.post(
        "/v1/action-items",
        json={
            "authority_code": LEICESTERSHIRE,
            "title": "x",
            "due_on": days(3),
            "status": "completed",
            "completed_on": days(1),
        },
        headers=leics,
    )
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["completed_on"]


async def test_completed_on_of_an_open_item_is_refused(client: AsyncClient, leics: Headers) -> None:
    response = await client.post(
        "/v1/action-items",
        json={"authority_code": LEICESTERSHIRE, "title": "x", "due_on": days(3), "completed_on": days(-1)},
        headers=leics,
    )
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["completed_on"]


async def test_completing_with_a_past_date_keeps_it(client: AsyncClient, leics: Headers) -> None:
    item = await create_item(client, leics, LEICESTERSHIRE)
    response = await client.patch(
        f"/v1/action-items/{item['id']}", json={"status": "completed", "completed_on": days(-3)}, headers=leics
    )
    assert (response.json()["status"], response.json()["completed_on"]) == ("completed", days(-3))


async def test_leaving_completed_clears_completed_on(client: AsyncClient, leics: Headers) -> None:
    item = await create_item(client, leics, LEICESTERSHIRE, status="completed", completed_on=days(-3))
    response = await client.patch(f"/v1/action-items/{item['id']}", json={"status": "in_progress"}, headers=leics)
    assert (response.json()["status"], response.json()["completed_on"]) == ("in_progress", None)


async def test_other_changes_keep_completed_on(client: AsyncClient, leics: Headers) -> None:
    item = await create_item(client, leics, LEICESTERSHIRE, status="completed", completed_on=days(-3))
    response = await client.patch(f"/v1/action-items/{item['id']}", json={"owner": "PSW"}, headers=leics)
    assert response.json()["completed_on"] == days(-3)
