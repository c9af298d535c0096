"""RAG and overdue, derived as of today (UTC) in the query: the boundaries, and filters that page correctly."""

import pytest
from httpx import AsyncClient

from tests.action_items.helpers import all_pages, create_item, days
from tests.conftest import LEICESTERSHIRE, Headers


@pytest.mark.parametrize(
    ("due_in", "status", "rag", "overdue"),
    [
        (0, "not_started", "amber", False),
        (-1, "not_started", "red", True),
        (-1, "in_progress", "red", True),
        (14, "in_progress", "amber", False),
        (15, "not_started", "green", False),
        (-1, "completed", None, False),
        (-1, "cancelled", None, False),
        (3, "cancelled", None, False),
    ],
    ids=[
        "due-today",
        "due-yesterday",
        "due-yesterday-in-progress",
        "due-in-14-days",
        "due-in-15-days",
        "completed-late",
        "cancelled-late",
        "cancelled",
    ],
)
async def test_rag_and_overdue_boundaries(
    client: AsyncClient, leics: Headers, due_in: int, status: str, rag: str | None, overdue: bool
) -> None:
    item = await create_item(client, leics, LEICESTERSHIRE, due_on=days(due_in), status=status)
    assert (item["rag"], item["overdue"]) == (rag, overdue)
    fetched = (await client.get(f"/v1/action-items/{item['id']}", headers=leics)).json()
    assert (fetched["rag"], fetched["overdue"]) == (rag, overdue)


async def test_rag_and_overdue_filters_agree_with_the_fields_at_every_boundary(
    client: AsyncClient, leics: Headers
) -> None:
    shapes = [
        (-1, "not_started"),
        (0, "not_started"),
        (14, "in_progress"),
        (15, "in_progress"),
        (-1, "completed"),
        (20, "cancelled"),
    ]
    made = [await create_item(client, leics, LEICESTERSHIRE, due_on=days(d), status=s) for d, s in shapes]
    made.sort(key=lambda i: (i["due_on"], i["id"]))
    for rag in ("red", "amber", "green"):
        listed = await all_pages(client, "/v1/action-items", leics, authority_code=LEICESTERSHIRE, rag=rag)
        assert [i["id"] for i in listed] == [i["id"] for i in made if i["rag"] == rag]
    for flag in (True, False):
        listed = await all_pages(
            client, "/v1/action-items", leics, authority_code=LEICESTERSHIRE, overdue=str(flag).lower()
        )
        assert [i["id"] for i in listed] == [i["id"] for i in made if i["overdue"] is flag]


async def test_overdue_filter_pages_correctly_across_pages(client: AsyncClient, leics: Headers) -> None:
    made = []
    for n in range(9):
        # Overdue, not overdue and completed items interleaved by due date.
        status = "completed" if n % 3 == 2 else "in_progress"
        made.append(await create_item(client, leics, LEICESTERSHIRE, due_on=days(-20 + n * 3), status=status))
    expected = [i["id"] for i in sorted(made, key=lambda i: (i["due_on"], i["id"])) if i["overdue"]]
    assert len(expected) == 5
    listed = await all_pages(client, "/v1/action-items", leics, authority_code=LEICESTERSHIRE, overdue="true", limit=2)
    assert [i["id"] for i in listed] == expected


async def test_rag_filter_pages_correctly_across_pages(client: AsyncClient, leics: Headers) -> None:
    made = [await create_item(client, leics, LEICESTERSHIRE, due_on=days(d)) for d in (-3, 2, 16, 5, 40, 14, 90)]
    expected = [i["id"] for i in sorted(made, key=lambda i: (i["due_on"], i["id"])) if i["rag"] == "green"]
    assert len(expected) == 3
    listed = await all_pages(client, "/v1/action-items", leics, authority_code=LEICESTERSHIRE, rag="green", limit=1)
    assert [i["id"] for i in listed] == expected
