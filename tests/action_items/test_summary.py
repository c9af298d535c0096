"""The action plan summary of an authority: counts by status and RAG, and the overdue items."""

from httpx import AsyncClient

from tests.action_items.helpers import create_item, days
from tests.conftest import GATESHEAD, LEICESTERSHIRE, Headers, StatementCounter

URL = f"/v1/authorities/{LEICESTERSHIRE}/action-plan-summary"


async def test_summary_counts_every_status_and_rag(client: AsyncClient, leics: Headers, reader: Headers) -> None:
    shapes = [
        (-10, "in_progress"),
        (-1, "not_started"),
        (0, "not_started"),
        (14, "in_progress"),
        (15, "not_started"),
        (40, "in_progress"),
        (-5, "completed"),
        (3, "cancelled"),
    ]
    made = [await create_item(client, leics, LEICESTERSHIRE, due_on=days(d), status=s) for d, s in shapes]
    await create_item(client, leics, LEICESTERSHIRE, due_on=days(-30), status="completed")
    response = await client.get(URL, headers=reader)
    assert response.status_code == 200
    body = response.json()
    assert (body["authority_code"], body["as_of"]) == (LEICESTERSHIRE, days(0))
    assert body["by_status"] == {"not_started": 3, "in_progress": 3, "completed": 2, "cancelled": 1}
    assert body["by_rag"] == {"red": 2, "amber": 2, "green": 2}
    assert [i["id"] for i in body["overdue"]] == [made[0]["id"], made[1]["id"]]
    assert [i["overdue"] for i in body["overdue"]] == [True, True]


async def test_summary_of_an_authority_without_items_is_all_zero(client: AsyncClient, reader: Headers) -> None:
    body = (await client.get(f"/v1/authorities/{GATESHEAD}/action-plan-summary", headers=reader)).json()
    assert body["by_status"] == {"not_started": 0, "in_progress": 0, "completed": 0, "cancelled": 0}
    assert body["by_rag"] == {"red": 0, "amber": 0, "green": 0}
    assert body["overdue"] == []


async def test_summary_overdue_list_is_capped_by_overdue_limit(client: AsyncClient, leics: Headers) -> None:
    made = [await create_item(client, leics, LEICESTERSHIRE, due_on=days(-d)) for d in (3, 9, 6)]
    body = (await client.get(URL, params={"overdue_limit": 2}, headers=leics)).json()
    assert [i["id"] for i in body["overdue"]] == [made[1]["id"], made[2]["id"]]
    assert body["by_rag"]["red"] == 3


async def test_summary_of_an_unknown_authority_is_not_found(client: AsyncClient, reader: Headers) -> None:
    response = await client.get("/v1/authorities/E06999999/action-plan-summary", headers=reader)
    assert response.status_code == 404


async def test_every_role_reads_the_summary_and_none_without_a_key(
    client: AsyncClient, reader: Headers, gateshead: Headers, inspectorate: Headers, admin: Headers
) -> None:
    for headers in (reader, gateshead, inspectorate, admin):
        assert (await client.get(URL, headers=headers)).status_code == 200
    assert (await client.get(URL)).status_code == 401


async def test_summary_runs_a_fixed_number_of_statements(
    client: AsyncClient, leics: Headers, statements: StatementCounter
) -> None:
    await create_item(client, leics, LEICESTERSHIRE, due_on=days(-1))
    statements.reset()
    await client.get(URL, headers=leics)
    few = statements.count
    for d in range(2, 6):
        await create_item(client, leics, LEICESTERSHIRE, due_on=days(-d))
    statements.reset()
    await client.get(URL, headers=leics)
    assert statements.count == few
