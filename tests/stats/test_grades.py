"""GET /v1/stats/grades on hand-made histories: each rule of DOMAIN.md "Statistics" in isolation."""

from datetime import date
from typing import Any

import pytest
from httpx import AsyncClient

from app.core.context import Context
from app.core.database import Database
from tests.conftest import GATESHEAD, LEICESTERSHIRE, Headers, StatementCounter
from tests.forecast.records import add_inspection, data_statements, graded

CURRENT_AUTHORITIES = 153
EAST_MIDLANDS = 10
ILACS_2018_RI = {
    "overall_effectiveness": "requires_improvement",
    "impact_of_leaders": "requires_improvement",
    "help_and_protection": "good",
    "children_in_care_and_care_leavers": "inadequate",
}


def counts(**graded_counts: int) -> dict[str, int]:
    """Expected counts: the given ones, zero elsewhere, and every other current authority not inspected."""
    keys = ("outstanding", "good", "requires_improvement", "inadequate", "not_graded")
    out = {k: graded_counts.get(k, 0) for k in keys}
    out["not_inspected"] = graded_counts.get("total", CURRENT_AUTHORITIES) - sum(out.values())
    return out


async def stats(client: AsyncClient, headers: Headers, **params: str) -> dict[str, Any]:
    response = await client.get("/v1/stats/grades", params=params, headers=headers)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


@pytest.fixture
async def history(database: Database) -> None:
    """Leicestershire: RI in 2019 (ilacs_2018), good in 2023. Gateshead: outstanding in 2024."""
    await add_inspection(
        database,
        LEICESTERSHIRE,
        "standard_inspection",
        framework="ilacs_2018",
        fieldwork_start=date(2019, 5, 6),
        published_on=date(2019, 6, 28),
        judgements=ILACS_2018_RI,
    )
    await add_inspection(
        database,
        LEICESTERSHIRE,
        "short_inspection",
        fieldwork_start=date(2023, 5, 8),
        published_on=date(2023, 6, 30),
        judgements=graded("good", others="outstanding"),
    )
    await add_inspection(
        database,
        GATESHEAD,
        "standard_inspection",
        fieldwork_start=date(2024, 1, 8),
        published_on=date(2024, 2, 23),
        judgements=graded("outstanding"),
    )


async def test_every_current_authority_counts_once_by_its_latest_graded_inspection(
    client: AsyncClient, reader: Headers, history: None
) -> None:
    body = await stats(client, reader, as_of="2025-06-30")
    assert body == {
        "as_of": "2025-06-30",
        "area": "overall_effectiveness",
        "region": None,
        "counts": counts(good=1, outstanding=1),
        "authorities": CURRENT_AUTHORITIES,
    }


async def test_only_inspections_published_by_as_of_count(client: AsyncClient, reader: Headers, history: None) -> None:
    assert (await stats(client, reader, as_of="2023-06-29"))["counts"] == counts(requires_improvement=1)
    assert (await stats(client, reader, as_of="2023-06-30"))["counts"] == counts(good=1)
    assert (await stats(client, reader, as_of="2019-06-27"))["counts"] == counts()


async def test_sub_judgement_counts_its_area(client: AsyncClient, reader: Headers, history: None) -> None:
    body = await stats(client, reader, as_of="2025-06-30", area="help_and_protection")
    assert body["counts"] == counts(outstanding=2)


async def test_children_in_care_counts_the_combined_2018_judgement(
    client: AsyncClient, reader: Headers, history: None
) -> None:
    body = await stats(client, reader, as_of="2020-01-01", area="children_in_care")
    assert body["counts"] == counts(inadequate=1)


async def test_care_leavers_before_2023_is_not_graded(client: AsyncClient, reader: Headers, history: None) -> None:
    body = await stats(client, reader, as_of="2020-01-01", area="care_leavers")
    assert body["counts"] == counts(not_graded=1)


async def test_overall_effectiveness_under_ilacs_2026_is_not_graded(
    client: AsyncClient, reader: Headers, database: Database
) -> None:
    await add_inspection(
        database,
        LEICESTERSHIRE,
        "standard_inspection",
        framework="ilacs_2026",
        fieldwork_start=date(2026, 5, 4),
        published_on=date(2026, 6, 26),
        judgements={
            "impact_of_leaders": "good",
            "help_and_protection": "good",
            "children_in_care": "good",
            "care_leavers": "good",
        },
    )
    assert (await stats(client, reader, as_of="2026-07-01"))["counts"] == counts(not_graded=1)
    body = await stats(client, reader, as_of="2026-07-01", area="children_in_care")
    assert body["counts"] == counts(good=1)


async def test_ungraded_visits_do_not_count(client: AsyncClient, reader: Headers, database: Database) -> None:
    await add_inspection(
        database,
        LEICESTERSHIRE,
        "focused_visit",
        fieldwork_start=date(2024, 1, 8),
        published_on=date(2024, 2, 9),
        themes=["front-door"],
    )
    assert (await stats(client, reader, as_of="2025-01-01"))["counts"] == counts()


async def test_embargoed_inspections_count_for_no_one(
    client: AsyncClient, admin: Headers, leics: Headers, database: Database
) -> None:
    await add_inspection(
        database,
        LEICESTERSHIRE,
        "standard_inspection",
        status="moderation",
        fieldwork_start=date(2024, 1, 8),
        published_on=None,
        judgements=graded("good"),
    )
    for headers in (admin, leics):
        assert (await stats(client, headers, as_of="2025-01-01"))["counts"] == counts()


async def test_gone_authorities_are_left_out(
    client: AsyncClient, admin: Headers, reader: Headers, database: Database
) -> None:
    await add_inspection(database, "E10000021", "standard_inspection", framework="ilacs_2018",
                         fieldwork_start=date(2019, 5, 6), published_on=date(2019, 6, 28), judgements=ILACS_2018_RI)
    body = await stats(client, reader, as_of="2025-01-01")
    assert (body["counts"], body["authorities"]) == (counts(), CURRENT_AUTHORITIES)


async def test_region_counts_only_its_authorities(client: AsyncClient, reader: Headers, history: None) -> None:
    body = await stats(client, reader, as_of="2025-06-30", region="east_midlands")
    assert body["region"] == "east_midlands"
    assert (body["counts"], body["authorities"]) == (counts(good=1, total=EAST_MIDLANDS), EAST_MIDLANDS)


async def test_as_of_defaults_to_today(client: AsyncClient, reader: Headers) -> None:
    assert (await stats(client, reader))["as_of"] == Context.today().isoformat()


@pytest.mark.parametrize(("param", "value"), [("area", "overall"), ("region", "wales"), ("as_of", "2025-02-30")])
async def test_bad_filters_are_422(client: AsyncClient, reader: Headers, param: str, value: str) -> None:
    response = await client.get("/v1/stats/grades", params={param: value}, headers=reader)
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == param


async def test_stats_run_one_statement_whatever_the_history(
    client: AsyncClient, reader: Headers, history: None, statements: StatementCounter
) -> None:
    statements.reset()
    await stats(
        client, reader, as_of="2025-06-30", area="children_in_care", region="north_east_yorkshire_and_the_humber"
    )
    assert len(data_statements(statements.statements)) == 1
