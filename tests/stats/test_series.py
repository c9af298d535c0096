"""GET /v1/stats/grades/series: each point counted as /v1/stats/grades counts, in one statement."""

from datetime import date, timedelta
from typing import Any

import pytest
from httpx import AsyncClient

from app.core.context import Context
from tests.conftest import Headers, StatementCounter
from tests.forecast.records import data_statements
from tests.stats.test_grades import AUTHORITIES_IN_2020, counts

SERIES = "/v1/stats/grades/series"


async def series(client: AsyncClient, headers: Headers, **params: str) -> dict[str, Any]:
    response = await client.get(SERIES, params=params, headers=headers)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


async def test_each_quarter_end_is_counted_as_grades_counts_it(
    client: AsyncClient, reader: Headers, history: None
) -> None:
    body = await series(client, reader, **{"from": "2023-01-01", "to": "2023-12-31", "every": "quarter"})
    assert (body["area"], body["region"], body["neighbours_of"]) == ("overall_effectiveness", None, None)
    assert [(p["as_of"], p["counts"], p["graded"], p["authorities"]) for p in body["points"]] == [
        ("2023-03-31", counts(requires_improvement=1, total=152), 1, 152),
        ("2023-06-30", counts(good=1), 1, 153),
        ("2023-09-30", counts(good=1), 1, 153),
        ("2023-12-31", counts(good=1), 1, 153),
    ]
    for point in body["points"]:
        single = await client.get("/v1/stats/grades", params={"as_of": point["as_of"]}, headers=reader)
        assert single.json()["counts"] == point["counts"]


async def test_months_and_years_end_on_their_last_day(client: AsyncClient, reader: Headers) -> None:
    months = await series(client, reader, **{"from": "2024-01-15", "to": "2024-03-31", "every": "month"})
    assert [p["as_of"] for p in months["points"]] == ["2024-01-31", "2024-02-29", "2024-03-31"]
    years = await series(client, reader, **{"from": "2019-01-01", "to": "2021-06-30", "every": "year"})
    assert [(p["as_of"], p["authorities"]) for p in years["points"]] == [
        ("2019-12-31", AUTHORITIES_IN_2020),
        ("2020-12-31", AUTHORITIES_IN_2020),
    ]


async def test_periods_ending_after_today_are_left_out(client: AsyncClient, reader: Headers) -> None:
    today = Context.today()
    body = await series(
        client,
        reader,
        **{
            "from": (today - timedelta(days=70)).isoformat(),
            "to": (today + timedelta(days=400)).isoformat(),
            "every": "month",
        },
    )
    assert body["points"] and all(date.fromisoformat(p["as_of"]) <= today for p in body["points"])
    assert date.fromisoformat(body["points"][-1]["as_of"]) > today - timedelta(days=31)


async def test_more_than_400_points_is_422(client: AsyncClient, reader: Headers) -> None:
    ok = await client.get(SERIES, params={"from": "1990-01-01", "to": "2023-04-30", "every": "month"}, headers=reader)
    assert (ok.status_code, len(ok.json()["points"])) == (200, 400)
    response = await client.get(
        SERIES, params={"from": "1990-01-01", "to": "2023-05-31", "every": "month"}, headers=reader
    )
    assert response.status_code == 422
    assert response.json()["errors"] == [{"field": "every", "message": "401 points asked; at most 400."}]


async def test_from_after_to_is_422(client: AsyncClient, reader: Headers) -> None:
    response = await client.get(SERIES, params={"from": "2024-01-02", "to": "2024-01-01"}, headers=reader)
    assert (response.status_code, response.json()["errors"][0]["field"]) == (422, "from")


async def test_neighbours_of_an_unknown_code_is_422(client: AsyncClient, reader: Headers) -> None:
    response = await client.get(
        SERIES, params={"from": "2024-01-01", "to": "2024-12-31", "neighbours_of": "E06000099"}, headers=reader
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "neighbours_of"


@pytest.mark.parametrize("span", [("2024-01-01", "2024-01-31"), ("1990-01-01", "2023-04-30")])
async def test_a_series_is_one_statement_whatever_its_length(
    client: AsyncClient, reader: Headers, history: None, statements: StatementCounter, span: tuple[str, str]
) -> None:
    statements.reset()
    await series(
        client,
        reader,
        **{"from": span[0], "to": span[1], "every": "month", "region": "east_midlands", "neighbours_of": "E10000018"},
    )
    assert len(data_statements(statements.statements)) == 1
