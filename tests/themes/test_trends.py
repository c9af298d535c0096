"""GET /v1/themes/trends: visible published visits per theme in a fieldwork window, most first."""

from datetime import date

import pytest
from httpx import AsyncClient

from app.core.database import Database
from tests.conftest import GATESHEAD, LEICESTERSHIRE, Headers, StatementCounter
from tests.forecast.records import add_inspection, data_statements

CAMDEN = "E09000007"  # London


@pytest.fixture
async def visits(database: Database) -> None:
    """Four published visits in 2024-25 and one in 2023, across two regions."""
    published = {"status": "published"}
    await add_inspection(
        database,
        LEICESTERSHIRE,
        "focused_visit",
        fieldwork_start=date(2024, 4, 1),
        published_on=date(2024, 5, 1),
        themes=["front-door"],
        **published,
    )
    await add_inspection(
        database,
        LEICESTERSHIRE,
        "monitoring_visit",
        fieldwork_start=date(2025, 3, 31),
        published_on=date(2025, 5, 1),
        themes=["front-door"],
        **published,
    )
    await add_inspection(
        database,
        GATESHEAD,
        "focused_visit",
        fieldwork_start=date(2024, 9, 10),
        published_on=date(2024, 10, 20),
        themes=["front-door"],
        **published,
    )
    await add_inspection(
        database,
        CAMDEN,
        "jtai",
        fieldwork_start=date(2024, 11, 4),
        published_on=date(2025, 1, 20),
        themes=["domestic-abuse", "neglect"],
        **published,
    )
    await add_inspection(
        database,
        CAMDEN,
        "focused_visit",
        fieldwork_start=date(2023, 6, 1),
        published_on=date(2023, 7, 1),
        themes=["care-leavers"],
        **published,
    )


def counts(body: dict[str, object]) -> list[tuple[str, int, int]]:
    return [(i["slug"], i["visits"], i["authorities"]) for i in body["items"]]  # type: ignore[attr-defined]


async def test_trends_count_visits_and_authorities_per_theme_most_first(
    client: AsyncClient, reader: Headers, visits: None
) -> None:
    response = await client.get("/v1/themes/trends", params={"from": "2024-04-01", "to": "2025-03-31"}, headers=reader)
    assert response.status_code == 200
    body = response.json()
    assert (body["from"], body["to"]) == ("2024-04-01", "2025-03-31")
    assert counts(body) == [("front-door", 3, 2), ("domestic-abuse", 1, 1), ("neglect", 1, 1)]
    assert body["items"][0]["name"] == "Front door"


async def test_trends_window_includes_both_ends(client: AsyncClient, reader: Headers, visits: None) -> None:
    inside = await client.get("/v1/themes/trends", params={"from": "2025-03-31", "to": "2025-03-31"}, headers=reader)
    after = await client.get("/v1/themes/trends", params={"from": "2025-04-01"}, headers=reader)
    before = await client.get("/v1/themes/trends", params={"to": "2024-03-31"}, headers=reader)
    assert counts(inside.json()) == [("front-door", 1, 1)]
    assert counts(after.json()) == []
    assert counts(before.json()) == [("care-leavers", 1, 1)]


async def test_trends_without_window_count_everything(client: AsyncClient, reader: Headers, visits: None) -> None:
    body = (await client.get("/v1/themes/trends", headers=reader)).json()
    assert (body["from"], body["to"]) == (None, None)
    assert counts(body) == [("front-door", 3, 2), ("care-leavers", 1, 1), ("domestic-abuse", 1, 1), ("neglect", 1, 1)]


async def test_trends_filter_by_region(client: AsyncClient, reader: Headers, visits: None) -> None:
    body = (await client.get("/v1/themes/trends", params={"region": "london"}, headers=reader)).json()
    assert counts(body) == [("care-leavers", 1, 1), ("domestic-abuse", 1, 1), ("neglect", 1, 1)]


async def test_trends_filter_by_type(client: AsyncClient, reader: Headers, visits: None) -> None:
    body = (await client.get("/v1/themes/trends", params={"type": "focused_visit"}, headers=reader)).json()
    assert counts(body) == [("front-door", 2, 2), ("care-leavers", 1, 1)]


async def test_trends_refuse_a_type_without_themes(client: AsyncClient, reader: Headers) -> None:
    response = await client.get("/v1/themes/trends", params={"type": "standard_inspection"}, headers=reader)
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "type"


async def test_trends_refuse_from_after_to(client: AsyncClient, reader: Headers) -> None:
    response = await client.get("/v1/themes/trends", params={"from": "2025-01-02", "to": "2025-01-01"}, headers=reader)
    assert response.status_code == 422
    assert response.json()["errors"] == [{"field": "to", "message": "must be on or after `from`"}]


@pytest.mark.parametrize("status", ["fieldwork", "moderation", "cancelled"])
async def test_trends_count_only_published_visits_even_for_those_who_see_embargoed(
    client: AsyncClient, admin: Headers, leics: Headers, database: Database, status: str
) -> None:
    await add_inspection(
        database,
        LEICESTERSHIRE,
        "focused_visit",
        status=status,
        fieldwork_start=date(2025, 1, 6),
        themes=["children-in-care"],
    )
    for headers in (admin, leics):
        assert (await client.get("/v1/themes/trends", headers=headers)).json()["items"] == []


async def test_trends_are_readable_by_every_role(client: AsyncClient, leics: Headers, inspectorate: Headers) -> None:
    for headers in (leics, inspectorate):
        assert (await client.get("/v1/themes/trends", headers=headers)).status_code == 200


async def test_trends_run_one_statement_whatever_the_history(
    client: AsyncClient, reader: Headers, visits: None, statements: StatementCounter
) -> None:
    statements.reset()
    response = await client.get("/v1/themes/trends", params={"region": "london", "type": "jtai"}, headers=reader)
    assert response.status_code == 200
    assert len(data_statements(statements.statements)) == 1
