"""GET /v1/stats/grades on hand-made histories: each rule of DOMAIN.md "Statistics" in isolation."""

from datetime import date
from typing import Any

import pytest
from httpx import AsyncClient

from app.core.context import Context
from app.core.database import Database
from tests.conftest import GATESHEAD, LEICESTERSHIRE, Headers, StatementCounter
from tests.forecast.records import add_inspection, data_statements, graded
from tests.stats.conftest import ILACS_2018_RI

CURRENT_AUTHORITIES = 153
AUTHORITIES_IN_2020 = 151  # before Northamptonshire's (2021) and Cumbria's (2023) splits, after BCP (2019)
EAST_MIDLANDS = 10
SIF_RI = {
    "overall_effectiveness": "requires_improvement",
    "help_and_protection": "good",
    "looked_after_and_permanence": "inadequate",
    "adoption_performance": "good",
    "care_leavers": "good",
    "leadership_management_governance": "outstanding",
}


def counts(**graded_counts: int) -> dict[str, int]:
    """Expected counts: the given ones, zero elsewhere, and every other authority counted not inspected."""
    keys = ("outstanding", "good", "requires_improvement", "inadequate", "not_graded")
    out = {k: graded_counts.get(k, 0) for k in keys}
    out["not_inspected"] = graded_counts.get("total", CURRENT_AUTHORITIES) - sum(out.values())
    return out


async def stats(client: AsyncClient, headers: Headers, **params: str) -> dict[str, Any]:
    response = await client.get("/v1/stats/grades", params=params, headers=headers)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


async def test_every_authority_counts_once_by_its_latest_graded_inspection(
    client: AsyncClient, reader: Headers, history: None
) -> None:
    body = await stats(client, reader, as_of="2025-06-30")
    assert body == {
        "as_of": "2025-06-30",
        "published_by": "2025-06-30",
        "area": "overall_effectiveness",
        "region": None,
        "neighbours_of": None,
        "counts": counts(good=1, outstanding=1),
        "graded": 2,
        "authorities": CURRENT_AUTHORITIES,
    }


async def test_only_inspections_published_by_as_of_count_by_default(
    client: AsyncClient, reader: Headers, history: None
) -> None:
    assert (await stats(client, reader, as_of="2023-06-29"))["counts"] == counts(requires_improvement=1)
    assert (await stats(client, reader, as_of="2023-06-30"))["counts"] == counts(good=1)
    assert (await stats(client, reader, as_of="2019-06-27"))["counts"] == counts(total=151)


async def test_published_by_takes_in_reports_published_after_as_of_on_fieldwork_begun_by_it(
    client: AsyncClient, reader: Headers, history: None
) -> None:
    # Leicestershire's 2023 fieldwork began on 8 May and its report came out on 30 June.
    assert (await stats(client, reader, as_of="2023-05-31", published_by="2023-06-29"))["counts"] == counts(
        requires_improvement=1
    )
    assert (await stats(client, reader, as_of="2023-05-31", published_by="2023-06-30"))["counts"] == counts(good=1)


async def test_fieldwork_begun_after_as_of_does_not_count_whenever_published(
    client: AsyncClient, reader: Headers, history: None
) -> None:
    body = await stats(client, reader, as_of="2023-05-07", published_by="2025-06-30")
    assert body["counts"] == counts(requires_improvement=1)


async def test_the_latest_is_by_fieldwork_not_by_publication(
    client: AsyncClient, reader: Headers, database: Database
) -> None:
    # Two reports: the later fieldwork published first (a late report of an earlier inspection follows).
    await add_inspection(
        database,
        GATESHEAD,
        "standard_inspection",
        fieldwork_start=date(2024, 1, 8),
        published_on=date(2024, 6, 1),
        judgements=graded("inadequate"),
    )
    await add_inspection(
        database,
        GATESHEAD,
        "short_inspection",
        fieldwork_start=date(2024, 3, 4),
        published_on=date(2024, 4, 12),
        judgements=graded("good"),
    )
    assert (await stats(client, reader, as_of="2024-06-30"))["counts"] == counts(good=1)


async def test_unknown_fieldwork_counts_as_begun_on_publication(
    client: AsyncClient, reader: Headers, database: Database
) -> None:
    await add_inspection(
        database,
        LEICESTERSHIRE,
        "sif_inspection",
        framework="sif_2013",
        fieldwork_start=None,
        published_on=date(2016, 3, 11),
        judgements=SIF_RI,
    )
    assert (await stats(client, reader, as_of="2016-03-10", published_by="2017-01-01"))["counts"] == counts(total=152)
    assert (await stats(client, reader, as_of="2016-03-11"))["counts"] == counts(requires_improvement=1, total=152)


async def test_a_record_with_only_published_by_counts_as_published_that_day(
    client: AsyncClient, reader: Headers, database: Database
) -> None:
    await add_inspection(
        database,
        LEICESTERSHIRE,
        "standard_inspection",
        fieldwork_start=date(2024, 2, 5),
        published_on=None,
        published_by=date(2024, 6, 30),
        judgements=graded("good"),
    )
    assert (await stats(client, reader, as_of="2024-03-31", published_by="2024-06-29"))["counts"] == counts()
    assert (await stats(client, reader, as_of="2024-03-31", published_by="2024-06-30"))["counts"] == counts(good=1)


async def test_published_by_before_as_of_is_422(client: AsyncClient, reader: Headers) -> None:
    response = await client.get(
        "/v1/stats/grades", params={"as_of": "2025-03-31", "published_by": "2025-03-30"}, headers=reader
    )
    assert response.status_code == 422
    assert response.json()["errors"] == [{"field": "published_by", "message": "must not be before as_of (2025-03-31)."}]


async def test_sub_judgement_counts_its_area(client: AsyncClient, reader: Headers, history: None) -> None:
    body = await stats(client, reader, as_of="2025-06-30", area="help_and_protection")
    assert body["counts"] == counts(outstanding=2)


async def test_children_in_care_counts_the_combined_2018_judgement(
    client: AsyncClient, reader: Headers, history: None
) -> None:
    body = await stats(client, reader, as_of="2020-01-01", area="children_in_care")
    assert body["counts"] == counts(inadequate=1, total=AUTHORITIES_IN_2020)


@pytest.mark.parametrize(
    ("area", "grade"),
    [
        ("overall_effectiveness", "requires_improvement"),
        ("impact_of_leaders", "outstanding"),  # SIF's leadership, management and governance
        ("help_and_protection", "good"),
        ("children_in_care", "inadequate"),  # SIF's children looked after and achieving permanence
        ("care_leavers", "good"),
    ],
)
async def test_sif_inspections_count_through_their_equivalent_areas(
    client: AsyncClient, reader: Headers, database: Database, area: str, grade: str
) -> None:
    await add_inspection(
        database,
        LEICESTERSHIRE,
        "sif_inspection",
        framework="sif_2013",
        fieldwork_start=date(2016, 1, 11),
        published_on=date(2016, 3, 11),
        judgements=SIF_RI,
    )
    body = await stats(client, reader, as_of="2017-03-31", area=area)
    assert body["counts"] == counts(**{grade: 1}, total=152)


async def test_care_leavers_before_2023_is_not_graded(client: AsyncClient, reader: Headers, history: None) -> None:
    body = await stats(client, reader, as_of="2020-01-01", area="care_leavers")
    assert (body["counts"], body["graded"]) == (counts(not_graded=1, total=AUTHORITIES_IN_2020), 0)


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


async def test_authorities_count_only_while_they_exist(
    client: AsyncClient, reader: Headers, database: Database
) -> None:
    await add_inspection(
        database,
        "E10000021",
        "standard_inspection",
        framework="ilacs_2018",
        fieldwork_start=date(2019, 5, 6),
        published_on=date(2019, 6, 28),
        judgements=ILACS_2018_RI,
    )
    before_split = await stats(client, reader, as_of="2021-03-31")
    assert (before_split["counts"], before_split["authorities"]) == (counts(requires_improvement=1, total=151), 151)
    after_split = await stats(client, reader, as_of="2021-04-01")
    assert (after_split["counts"], after_split["authorities"]) == (counts(total=152), 152)


async def test_a_successor_does_not_inherit_its_predecessors_grade(
    client: AsyncClient, reader: Headers, database: Database
) -> None:
    await add_inspection(
        database,
        "E10000006",
        "standard_inspection",
        framework="ilacs_2018",
        fieldwork_start=date(2022, 9, 20),
        published_on=date(2022, 11, 15),
        judgements=ILACS_2018_RI,
    )
    body = await stats(client, reader, as_of="2023-04-01", region="north_west")
    assert body["counts"]["requires_improvement"] == 0
    assert body["counts"]["not_inspected"] == body["authorities"] == 24


async def test_region_counts_only_its_authorities(client: AsyncClient, reader: Headers, history: None) -> None:
    body = await stats(client, reader, as_of="2025-06-30", region="east_midlands")
    assert body["region"] == "east_midlands"
    assert (body["counts"], body["authorities"]) == (counts(good=1, total=EAST_MIDLANDS), EAST_MIDLANDS)


async def test_neighbours_of_counts_the_ten_statistical_neighbours(
    client: AsyncClient, reader: Headers, history: None
) -> None:
    # Gateshead (E08000037) is one of Barnsley's ten neighbours; Barnsley itself is not counted.
    body = await stats(client, reader, as_of="2025-06-30", neighbours_of="E08000038")
    assert (body["neighbours_of"], body["counts"], body["authorities"]) == (
        "E08000038",
        counts(outstanding=1, total=10),
        10,
    )
    by_former_code = await stats(client, reader, as_of="2025-06-30", neighbours_of="E08000016")
    assert by_former_code["counts"] == body["counts"]


async def test_neighbours_of_an_authority_without_neighbours_counts_nothing(
    client: AsyncClient, reader: Headers
) -> None:
    body = await stats(client, reader, as_of="2025-06-30", neighbours_of="E10000006")
    assert (body["counts"], body["graded"], body["authorities"]) == (counts(total=0), 0, 0)


async def test_neighbours_of_an_unknown_code_is_422(client: AsyncClient, reader: Headers) -> None:
    response = await client.get("/v1/stats/grades", params={"neighbours_of": "E06000099"}, headers=reader)
    assert response.status_code == 422
    assert response.json()["errors"] == [{"field": "neighbours_of", "message": "No authority with code E06000099."}]


async def test_as_of_defaults_to_today(client: AsyncClient, reader: Headers) -> None:
    body = await stats(client, reader)
    assert (body["as_of"], body["published_by"]) == (Context.today().isoformat(), Context.today().isoformat())


@pytest.mark.parametrize(
    ("param", "value"),
    [
        ("area", "overall"),
        ("region", "wales"),
        ("as_of", "2025-02-30"),
        ("published_by", "2025-13-01"),
        ("neighbours_of", "W06000001"),
    ],
)
async def test_bad_filters_are_422(client: AsyncClient, reader: Headers, param: str, value: str) -> None:
    response = await client.get("/v1/stats/grades", params={param: value}, headers=reader)
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == param


async def test_stats_run_one_statement_whatever_the_filters(
    client: AsyncClient, reader: Headers, history: None, statements: StatementCounter
) -> None:
    statements.reset()
    await stats(
        client,
        reader,
        as_of="2025-03-31",
        published_by="2025-06-30",
        area="children_in_care",
        region="north_east_yorkshire_and_the_humber",
        neighbours_of="E08000038",
    )
    assert len(data_statements(statements.statements)) == 1
