"""GET /v1/inspections: filters, newest fieldwork first, keyset pages, CSV, a fixed number of statements."""

from typing import Any

import pytest
from httpx import AsyncClient

from tests.conftest import GATESHEAD, LEICESTERSHIRE, Headers, StatementCounter
from tests.inspections.helpers import ILACS_2018_AREAS, grades, published, record

STANDARD_2019 = published(
    fieldwork_start="2019-09-23",
    published_on="2019-11-04",
    judgements=grades(ILACS_2018_AREAS, "good", overall_effectiveness="requires_improvement"),
)
STANDARD_2024 = published(overall="outstanding")  # fieldwork 2024-04-22, published 2024-07-12
GATESHEAD_FOCUSED = published(
    "focused_visit",
    authority_code=GATESHEAD,
    fieldwork_start="2023-03-06",
    published_on="2023-04-20",
    themes=["care-leavers"],
)
PLANNED = {"authority_code": GATESHEAD, "type": "standard_inspection"}


@pytest.fixture
async def ids(client: AsyncClient, inspectorate: Headers) -> dict[str, str]:
    bodies = {
        "standard_2019": STANDARD_2019,
        "standard_2024": STANDARD_2024,
        "gateshead_focused": GATESHEAD_FOCUSED,
        "planned": PLANNED,
    }
    return {name: (await record(client, inspectorate, body))["id"] for name, body in bodies.items()}


async def listed(client: AsyncClient, headers: Headers, **params: Any) -> list[str]:
    response = await client.get("/v1/inspections", params=params, headers=headers)
    assert response.status_code == 200, response.text
    return [i["id"] for i in response.json()["items"]]


async def test_newest_fieldwork_first_and_undated_first(
    client: AsyncClient, inspectorate: Headers, ids: dict[str, str]
) -> None:
    assert await listed(client, inspectorate) == [
        ids["planned"],
        ids["standard_2024"],
        ids["gateshead_focused"],
        ids["standard_2019"],
    ]


async def test_pages_follow_the_cursor(client: AsyncClient, inspectorate: Headers, ids: dict[str, str]) -> None:
    seen: list[str] = []
    params: dict[str, Any] = {"limit": 1}
    for _ in range(6):
        response = await client.get("/v1/inspections", params=params, headers=inspectorate)
        seen += [i["id"] for i in response.json()["items"]]
        if response.json()["next_cursor"] is None:
            assert "link" not in response.headers
            break
        assert response.headers["link"].endswith('rel="next"')
        params["cursor"] = response.json()["next_cursor"]
    assert seen == [ids["planned"], ids["standard_2024"], ids["gateshead_focused"], ids["standard_2019"]]


async def test_malformed_cursor_is_422(client: AsyncClient, inspectorate: Headers) -> None:
    response = await client.get("/v1/inspections", params={"cursor": "not-a-cursor"}, headers=inspectorate)
    assert response.status_code == 422


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"authority_code": GATESHEAD}, ["planned", "gateshead_focused"]),
        ({"type": "focused_visit"}, ["gateshead_focused"]),
        ({"status": "planned"}, ["planned"]),
        ({"framework": "ilacs_2018"}, ["standard_2019"]),
        ({"region": "east_midlands"}, ["standard_2024", "standard_2019"]),
        ({"theme": "care-leavers"}, ["gateshead_focused"]),
        ({"fieldwork_from": "2023-03-06"}, ["standard_2024", "gateshead_focused"]),
        ({"fieldwork_to": "2023-03-06"}, ["gateshead_focused", "standard_2019"]),
        ({"published_from": "2023-04-21"}, ["standard_2024"]),
        ({"published_to": "2023-04-20"}, ["gateshead_focused", "standard_2019"]),
        (
            {"fieldwork_from": "2019-01-01", "fieldwork_to": "2023-12-31", "authority_code": LEICESTERSHIRE},
            ["standard_2019"],
        ),
    ],
)
async def test_filters(
    client: AsyncClient, inspectorate: Headers, ids: dict[str, str], params: dict[str, str], expected: list[str]
) -> None:
    assert await listed(client, inspectorate, **params) == [ids[name] for name in expected]


async def test_unknown_filter_value_is_422(client: AsyncClient, inspectorate: Headers) -> None:
    response = await client.get("/v1/inspections", params={"type": "inspection"}, headers=inspectorate)
    assert (response.status_code, response.json()["errors"][0]["field"]) == (422, "type")


async def test_csv_has_one_row_per_inspection_with_a_column_per_area(
    client: AsyncClient, inspectorate: Headers, ids: dict[str, str]
) -> None:
    response = await client.get(
        "/v1/inspections",
        params={"authority_code": LEICESTERSHIRE, "limit": 1},
        headers={**inspectorate, "Accept": "text/csv"},
    )
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    lines = response.text.splitlines()
    header = lines[0].split(",")
    rows = [dict(zip(header, line.split(","), strict=True)) for line in lines[1:]]
    assert [
        (r["id"], r["overall_effectiveness"], r["children_in_care_and_care_leavers"], r["care_leavers"]) for r in rows
    ] == [(ids["standard_2024"], "outstanding", "", "good"), (ids["standard_2019"], "requires_improvement", "good", "")]


async def test_csv_joins_themes(client: AsyncClient, inspectorate: Headers, ids: dict[str, str]) -> None:
    response = await client.get(
        "/v1/inspections", params={"type": "focused_visit"}, headers={**inspectorate, "Accept": "text/csv"}
    )
    header, row = (line.split(",") for line in response.text.splitlines())
    assert dict(zip(header, row, strict=True))["themes"] == "care-leavers"


async def test_list_runs_a_fixed_number_of_statements(
    client: AsyncClient, inspectorate: Headers, ids: dict[str, str], statements: StatementCounter
) -> None:
    statements.reset()
    one = await client.get("/v1/inspections", params={"limit": 1}, headers=inspectorate)
    small = statements.count
    statements.reset()
    every = await client.get("/v1/inspections", params={"limit": 200}, headers=inspectorate)
    assert (len(one.json()["items"]), len(every.json()["items"])) == (1, 4)
    assert statements.count == small


async def test_csv_runs_a_fixed_number_of_statements(
    client: AsyncClient, inspectorate: Headers, ids: dict[str, str], statements: StatementCounter
) -> None:
    csv = {**inspectorate, "Accept": "text/csv"}
    statements.reset()
    await client.get("/v1/inspections", params={"authority_code": GATESHEAD}, headers=csv)
    few = statements.count
    statements.reset()
    await client.get("/v1/inspections", headers=csv)
    assert statements.count == few
