"""``action_item.overdue``: raised once per item and due date, by the dispatcher's housekeeping."""

from datetime import UTC, datetime

from httpx import AsyncClient

from app.core.database import Database
from app.webhooks.fanout import raise_overdue
from tests.action_items.helpers import create_item, days
from tests.conftest import LEICESTERSHIRE, Headers


async def overdue_events(client: AsyncClient, headers: Headers) -> list[dict[str, object]]:
    response = await client.get("/v1/events", params={"type": "action_item.overdue"}, headers=headers)
    items: list[dict[str, object]] = response.json()["items"]
    return items


async def test_an_overdue_item_is_raised_once_per_due_date(
    client: AsyncClient, leics: Headers, reader: Headers, database: Database
) -> None:
    item = await create_item(client, leics, LEICESTERSHIRE, due_on=days(-2))
    await create_item(client, leics, LEICESTERSHIRE, due_on=days(5))
    today = datetime.now(UTC).date()
    for _ in range(2):
        async with database.session() as session:
            await raise_overdue(session, today)
            await session.commit()
    [event] = await overdue_events(client, reader)
    assert (event["resource_id"], event["authority_code"]) == (item["id"], LEICESTERSHIRE)
    assert event["data"]["overdue"] is True  # type: ignore[index]
    moved = await client.patch(
        f"/v1/action-items/{item['id']}", json={"due_on": days(-1), "due_change_reason": "Moved"}, headers=leics
    )
    assert moved.status_code == 200, moved.text
    async with database.session() as session:
        await raise_overdue(session, today)
        await session.commit()
    assert len(await overdue_events(client, reader)) == 2
