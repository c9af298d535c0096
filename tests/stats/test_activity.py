"""GET /v1/stats/activity: published activities whose fieldwork began in a window, by type."""

from datetime import date
from typing import Any

import pytest
from httpx import AsyncClient

from app.core.database import Database
from tests.conftest import GATESHEAD, LEICESTERSHIRE, Headers, StatementCounter
from tests.forecast.records import add_inspection, data_statements, graded

ACTIVITY = "/v1/stats/activity"
NO_ACTIVITY = {
    "standard_inspection": 0,
    "short_inspection": 0,
    "sif_inspection": 0,
    "focused_visit": 0,
    "monitoring_visit": 0,
    "jtai": 0,
    "assurance_visit": 0,
}


async def activity(client: AsyncClient, headers: Headers, **params: str) -> dict[str, Any]:
    response = await client.get(ACTIVITY, params=params, headers=headers)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


@pytest.fixture
async def year(database: Database) -> None:
    await add_inspection(
        database,
        LEICESTERSHIRE,
        "standard_inspection",
        fieldwork_start=date(2024, 4, 1),
        published_on=date(2024, 5, 17),
        judgements=graded("good"),
    )
    await add_inspection(
        database,
        GATESHEAD,
        "focused_visit",
        fieldwork_start=date(2025, 3, 31),
        published_on=date(2025, 5, 2),
        themes=["front-door"],
    )
    await add_inspection(
        database,
        GATESHEAD,
        "monitoring_visit",
        fieldwork_start=date(2024, 10, 1),
        published_on=None,
        published_by=date(2025, 6, 30),
        themes=["children-in-care"],
    )
    await add_inspection(
        database, LEICESTERSHIRE, "jtai", fieldwork_start=date(2024, 9, 9), status="fieldwork", themes=["neglect"]
    )


async def test_published_activities_in_the_window_count_by_type(
    client: AsyncClient, reader: Headers, year: None
) -> None:
    body = await activity(client, reader, **{"from": "2024-04-01", "to": "2025-03-31", "published_by": "2025-06-30"})
    assert body == {
        "from": "2024-04-01",
        "to": "2025-03-31",
        "published_by": "2025-06-30",
        "region": None,
        "neighbours_of": None,
        "by_type": {**NO_ACTIVITY, "standard_inspection": 1, "focused_visit": 1, "monitoring_visit": 1},
        "total": 3,
    }


async def test_published_by_defaults_to_to(client: AsyncClient, reader: Headers, year: None) -> None:
    body = await activity(client, reader, **{"from": "2024-04-01", "to": "2025-03-31"})
    assert (body["published_by"], body["by_type"]) == ("2025-03-31", {**NO_ACTIVITY, "standard_inspection": 1})


async def test_published_by_before_to_is_422(client: AsyncClient, reader: Headers) -> None:
    response = await client.get(
        ACTIVITY, params={"from": "2024-04-01", "to": "2025-03-31", "published_by": "2025-03-30"}, headers=reader
    )
    assert response.json()["errors"] == [{"field": "published_by", "message": "must not be before to (2025-03-31)."}]


async def test_region_narrows_the_count(client: AsyncClient, reader: Headers, year: None) -> None:
    body = await activity(
        client,
        reader,
        **{"from": "2024-04-01", "to": "2025-03-31", "published_by": "2025-06-30", "region": "east_midlands"},
    )
    assert (body["region"], body["total"]) == ("east_midlands", 1)


async def test_activity_is_one_statement(
    client: AsyncClient, reader: Headers, year: None, statements: StatementCounter
) -> None:
    statements.reset()
    await activity(client, reader, **{"from": "2010-01-01", "to": "2025-03-31", "neighbours_of": "E08000038"})
    assert len(data_statements(statements.statements)) == 1


@pytest.mark.parametrize("path", [ACTIVITY, "/v1/stats/grades/series"])
async def test_the_default_window_is_the_year_to_to(client: AsyncClient, reader: Headers, path: str) -> None:
    leap = await client.get(path, params={"to": "2024-02-29"}, headers=reader)
    assert leap.status_code == 200
    first_year = await client.get(path, params={"to": "0001-06-30"}, headers=reader)
    assert first_year.status_code == 200
    if path == ACTIVITY:
        assert (leap.json()["from"], first_year.json()["from"]) == ("2023-03-01", "0001-01-02")
