"""Listing action items: soonest due first, every filter, CSV for committee papers, fixed statement count."""

import csv
import io

from httpx import AsyncClient

from tests.action_items.helpers import all_pages, create_item, create_plan, days
from tests.conftest import GATESHEAD, LEICESTERSHIRE, Headers, StatementCounter


async def test_items_are_listed_soonest_due_first(client: AsyncClient, leics: Headers, reader: Headers) -> None:
    made = [await create_item(client, leics, LEICESTERSHIRE, due_on=days(d)) for d in (30, -2, 7)]
    listed = await all_pages(client, "/v1/action-items", reader, authority_code=LEICESTERSHIRE, limit=2)
    assert [i["due_on"] for i in listed] == [days(-2), days(7), days(30)]
    assert {i["id"] for i in listed} == {i["id"] for i in made}


async def test_list_has_link_header_to_the_next_page(client: AsyncClient, leics: Headers) -> None:
    for d in (1, 2):
        await create_item(client, leics, LEICESTERSHIRE, due_on=days(d))
    response = await client.get(
        "/v1/action-items", params={"authority_code": LEICESTERSHIRE, "limit": 1}, headers=leics
    )
    cursor = response.json()["next_cursor"]
    assert response.headers["link"] == (
        f'</v1/action-items?authority_code={LEICESTERSHIRE}&limit=1&cursor={cursor}>; rel="next"'
    )


async def test_filters_by_authority_plan_status_and_owner(
    client: AsyncClient, leics: Headers, gateshead: Headers, reader: Headers
) -> None:
    plan = await create_plan(client, leics, LEICESTERSHIRE)
    in_plan = await create_item(client, leics, LEICESTERSHIRE, plan_id=plan["id"], owner="Head of Safeguarding")
    started = await create_item(client, leics, LEICESTERSHIRE, status="in_progress")
    theirs = await create_item(client, gateshead, GATESHEAD, owner="Head of Safeguarding")

    async def ids(**params: str) -> list[str]:
        return [i["id"] for i in await all_pages(client, "/v1/action-items", reader, **params)]

    assert await ids(plan_id=plan["id"]) == [in_plan["id"]]
    assert await ids(authority_code=LEICESTERSHIRE, status="in_progress") == [started["id"]]
    assert await ids(authority_code=GATESHEAD) == [theirs["id"]]
    assert sorted(await ids(owner="head of safeguarding")) == sorted([in_plan["id"], theirs["id"]])


async def test_due_before_and_after_are_exclusive(client: AsyncClient, leics: Headers) -> None:
    made = {d: await create_item(client, leics, LEICESTERSHIRE, due_on=days(d)) for d in (1, 5, 9)}
    listed = await all_pages(
        client, "/v1/action-items", leics, authority_code=LEICESTERSHIRE, due_after=days(1), due_before=days(9)
    )
    assert [i["id"] for i in listed] == [made[5]["id"]]


async def test_unknown_filter_values_are_validation_errors(client: AsyncClient, reader: Headers) -> None:
    for params in ({"rag": "purple"}, {"status": "done"}, {"authority_code": "X1"}, {"cursor": "nonsense"}):
        response = await client.get("/v1/action-items", params=params, headers=reader)
        assert response.status_code == 422
        assert [e["field"] for e in response.json()["errors"]] == list(params)


async def test_csv_export_has_every_matching_item(client: AsyncClient, leics: Headers, reader: Headers) -> None:
    first = await create_item(client, leics, LEICESTERSHIRE, due_on=days(-1), title="=HYPERLINK(x)")
    second = await create_item(client, leics, LEICESTERSHIRE, due_on=days(3), status="completed")
    response = await client.get(
        "/v1/action-items",
        params={"authority_code": LEICESTERSHIRE, "limit": 1},
        headers={**reader, "Accept": "text/csv"},
    )
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert [(r["id"], r["title"], r["overdue"], r["rag"], r["status"]) for r in rows] == [
        (first["id"], "'=HYPERLINK(x)", "true", "red", "not_started"),
        (second["id"], "Audit assessments", "false", "", "completed"),
    ]
    assert list(rows[0]) == [
        "id",
        "authority_code",
        "plan_id",
        "inspection_id",
        "finding_id",
        "source",
        "source_reference",
        "title",
        "description",
        "owner",
        "due_on",
        "original_due_on",
        "rescheduled",
        "status",
        "completed_on",
        "overdue",
        "rag",
        "created_at",
        "updated_at",
        "version",
    ]


async def test_list_runs_a_fixed_number_of_statements(
    client: AsyncClient, leics: Headers, reader: Headers, statements: StatementCounter
) -> None:
    for d in range(5):
        await create_item(client, leics, LEICESTERSHIRE, due_on=days(d))
    counts = []
    for limit in (1, 5):
        statements.reset()
        response = await client.get("/v1/action-items", params={"limit": limit, "rag": "amber"}, headers=reader)
        assert response.status_code == 200
        counts.append(statements.count)
    assert counts[0] == counts[1]
