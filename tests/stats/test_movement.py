"""GET /v1/stats/movement: first against latest ILACS grade of the authorities counted."""

from datetime import date
from typing import Any

import pytest
from httpx import AsyncClient

from app.core.database import Database
from tests.conftest import GATESHEAD, LEICESTERSHIRE, Headers, StatementCounter
from tests.forecast.records import add_inspection, data_statements, graded
from tests.stats.conftest import ILACS_2018_RI
from tests.stats.test_grades import SIF_RI

MOVEMENT = "/v1/stats/movement"
NOTTINGHAM, DERBY, LINCOLNSHIRE = "E06000018", "E06000015", "E10000019"


async def movement(client: AsyncClient, headers: Headers, **params: str) -> dict[str, Any]:
    response = await client.get(MOVEMENT, params=params, headers=headers)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


@pytest.fixture
async def journeys(database: Database) -> None:
    """Leicestershire RI (2019) -> good (2023); Gateshead outstanding -> inadequate; Nottingham good -> good;
    Derby RI -> RI with a SIF inspection before (not ILACS); Lincolnshire one ILACS inspection only."""

    async def two(code: str, first: dict[str, str], then: dict[str, str]) -> None:
        await add_inspection(
            database,
            code,
            "standard_inspection",
            framework="ilacs_2018",
            fieldwork_start=date(2019, 5, 6),
            published_on=date(2019, 6, 28),
            judgements=first,
        )
        await add_inspection(
            database,
            code,
            "short_inspection",
            fieldwork_start=date(2023, 5, 8),
            published_on=date(2023, 6, 30),
            judgements=then,
        )

    await two(LEICESTERSHIRE, ILACS_2018_RI, graded("good", others="outstanding"))
    await two(GATESHEAD, {**ILACS_2018_RI, "overall_effectiveness": "outstanding"}, graded("inadequate"))
    await two(NOTTINGHAM, {**ILACS_2018_RI, "overall_effectiveness": "good"}, graded("good"))
    await two(DERBY, ILACS_2018_RI, graded("requires_improvement"))
    await add_inspection(
        database,
        DERBY,
        "sif_inspection",
        framework="sif_2013",
        fieldwork_start=None,
        published_on=date(2016, 3, 11),
        judgements={**SIF_RI, "overall_effectiveness": "good"},
    )
    await add_inspection(
        database,
        LINCOLNSHIRE,
        "standard_inspection",
        fieldwork_start=date(2023, 5, 8),
        published_on=date(2023, 6, 30),
        judgements=graded("outstanding"),
    )


async def test_first_and_latest_ilacs_grades_are_compared(client: AsyncClient, reader: Headers, journeys: None) -> None:
    body = await movement(client, reader, as_of="2025-03-31", published_by="2025-06-30")
    assert body == {
        "as_of": "2025-03-31",
        "published_by": "2025-06-30",
        "area": "overall_effectiveness",
        "region": None,
        "neighbours_of": None,
        "compared": 4,
        "improved": 1,
        "declined": 1,
        "unchanged_good_or_outstanding": 1,
        "unchanged_below_good": 1,
        "authorities": {
            "improved": [LEICESTERSHIRE],
            "declined": [GATESHEAD],
            "unchanged_good_or_outstanding": [NOTTINGHAM],
            "unchanged_below_good": [DERBY],
        },
    }


async def test_only_inspections_counted_by_the_rule_are_compared(
    client: AsyncClient, reader: Headers, journeys: None
) -> None:
    body = await movement(client, reader, as_of="2023-05-31", published_by="2023-06-29")
    assert body["compared"] == 0


async def test_children_in_care_compares_the_combined_2018_judgement(
    client: AsyncClient, reader: Headers, journeys: None
) -> None:
    # 2018: the combined judgement inadequate everywhere; 2023: children in care better but at Gateshead.
    body = await movement(client, reader, as_of="2025-03-31", area="children_in_care")
    assert body["authorities"] == {
        "improved": [DERBY, NOTTINGHAM, LEICESTERSHIRE],
        "declined": [],
        "unchanged_good_or_outstanding": [],
        "unchanged_below_good": [GATESHEAD],
    }


async def test_an_area_graded_once_is_not_compared(client: AsyncClient, reader: Headers, journeys: None) -> None:
    body = await movement(client, reader, as_of="2025-03-31", area="care_leavers")
    assert body["compared"] == 0


async def test_region_and_neighbours_narrow_the_authorities(
    client: AsyncClient, reader: Headers, journeys: None
) -> None:
    east_midlands = await movement(client, reader, as_of="2025-03-31", region="east_midlands")
    assert east_midlands["authorities"]["improved"] == [LEICESTERSHIRE]
    assert east_midlands["compared"] == 3
    barnsley_neighbours = await movement(client, reader, as_of="2025-03-31", neighbours_of="E08000038")
    assert (barnsley_neighbours["compared"], barnsley_neighbours["authorities"]["declined"]) == (1, [GATESHEAD])


async def test_a_sif_area_is_422(client: AsyncClient, reader: Headers) -> None:
    response = await client.get(MOVEMENT, params={"area": "adoption_performance"}, headers=reader)
    assert (response.status_code, response.json()["errors"][0]["field"]) == (422, "area")


async def test_movement_is_one_statement(
    client: AsyncClient, reader: Headers, journeys: None, statements: StatementCounter
) -> None:
    statements.reset()
    await movement(client, reader, as_of="2025-03-31", published_by="2025-06-30", neighbours_of="E08000038")
    assert len(data_statements(statements.statements)) == 1
