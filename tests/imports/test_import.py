"""The whole national record (every bundled edition and the report scrape, imported as on a first start): what
the record shows after it."""

from collections.abc import Iterator
from typing import Any

import pytest
import sqlalchemy as sa
from httpx import AsyncClient
from sqlalchemy.ext.asyncio import AsyncEngine

from app.core.database import Database
from app.core.security import Role
from app.models import Inspection
from tests.conftest import GATESHEAD, LEICESTERSHIRE, Headers, MakeKey, StatementCounter

IMPORTED_INSPECTIONS = 0
IMPORTED_JUDGEMENTS = 0


@pytest.fixture
async def national_reader(national_make_key: MakeKey) -> Headers:
    return await national_make_key(Role.reader, name="national-reader")


async def timeline(client: AsyncClient, headers: Headers, code: str) -> list[dict[str, Any]]:
    response = await client.get(f"/v1/authorities/{code}/timeline", headers=headers)
    assert response.status_code == 200
    items: list[dict[str, Any]] = response.json()["items"]
    return items


def graded(items: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
    return [
        (
            i["type"],
            i["framework"],
            i["status"],
            i["fieldwork_start"],
            i["published_on"],
            {j["area"]: j["grade"] for j in i["judgements"]},
        )
        for i in items
        if i["judgements"]
    ]


async def test_leicestershire_shows_its_2019_and_2024_standard_inspections(
    national_client: AsyncClient, national_reader: Headers
) -> None:
    assert graded(await timeline(national_client, national_reader, LEICESTERSHIRE)) == [
        (
            "standard_inspection",
            "ilacs_2018",
            "published",
            "2019-09-23",
            "2019-11-04",
            {
                "overall_effectiveness": "requires_improvement",
                "impact_of_leaders": "good",
                "help_and_protection": "requires_improvement",
                "children_in_care_and_care_leavers": "good",
            },
        ),
        (
            "standard_inspection",
            "ilacs_2023",
            "published",
            "2024-04-22",
            "2024-07-12",
            {
                "overall_effectiveness": "outstanding",
                "impact_of_leaders": "outstanding",
                "help_and_protection": "good",
                "children_in_care": "outstanding",
                "care_leavers": "outstanding",
            },
        ),
    ]


async def test_gateshead_shows_its_two_short_inspections(
    national_client: AsyncClient, national_reader: Headers
) -> None:
    items = await timeline(national_client, national_reader, GATESHEAD)
    assert [(i["type"], i["fieldwork_start"], i["judgements"][0]["grade"]) for i in items] == [
        ("short_inspection", "2019-04-29", "good"),
        ("short_inspection", "2024-12-02", "good"),
    ]


async def test_latest_graded_comes_from_the_import(national_client: AsyncClient, national_reader: Headers) -> None:
    response = await national_client.get(f"/v1/authorities/{LEICESTERSHIRE}", headers=national_reader)
    latest = response.json()["latest_graded"]
    assert (latest["fieldwork_start"], latest["published_on"]) == ("2024-04-22", "2024-07-12")


@pytest.mark.parametrize(
    ("params", "count"),
    [
        ({"grade": "outstanding"}, 36),
        ({"grade": "good"}, 67),
        ({"grade": "inadequate", "status": "current"}, 19),
        ({"grade": "requires_improvement", "status": "current"}, 31),
        ({"grade": "none", "status": "current"}, 0),
        ({"grade": "none"}, 1),  # Poole, gone before ILACS reached it
    ],
)
async def test_grade_filter_over_the_national_record(
    national_client: AsyncClient, national_reader: Headers, params: dict[str, str], count: int
) -> None:
    response = await national_client.get("/v1/authorities", params={"limit": 200, **params}, headers=national_reader)
    assert len(response.json()["items"]) == count


async def test_gone_authorities_keep_their_reference_data_and_the_files_region(
    national_client: AsyncClient, national_reader: Headers
) -> None:
    response = await national_client.get(
        "/v1/authorities", params={"status": "no_longer_exists"}, headers=national_reader
    )
    assert [(a["code"], a["name"], a["region"], a["la_number"], a["version"]) for a in response.json()["items"]] == [
        ("E06000028", "Bournemouth", "south_west", 837, 1),
        ("E10000006", "Cumbria", "north_west", 909, 1),
        ("E10000021", "Northamptonshire", "east_midlands", 928, 1),
        ("E06000029", "Poole", "south_west", 836, 1),
    ]


async def test_former_codes_in_the_file_import_onto_the_current_authority(
    national_client: AsyncClient, national_reader: Headers
) -> None:
    barnsley = await national_client.get(
        "/v1/inspections", params={"authority_code": "E08000038"}, headers=national_reader
    )
    assert [(i["type"], i["fieldwork_start"]) for i in barnsley.json()["items"]] == [
        ("focused_visit", "2024-11-05"),
        ("short_inspection", "2023-09-11"),
        ("standard_inspection", "2018-10-08"),
    ]
    former = await national_client.get("/v1/authorities/E08000016", headers=national_reader)
    assert (former.status_code, former.headers["location"]) == (308, "/v1/authorities/E08000038")


async def test_current_authorities_keep_their_stored_names_and_numbers(
    national_client: AsyncClient, national_reader: Headers
) -> None:
    response = await national_client.get("/v1/authorities/E06000020", headers=national_reader)
    assert (response.json()["name"], response.json()["la_number"], response.json()["version"]) == (
        "Telford and Wrekin",
        894,
        1,
    )


async def test_visits_carry_their_themes(national_client: AsyncClient, national_reader: Headers) -> None:
    response = await national_client.get(
        "/v1/inspections", params={"theme": "vulnerable-adolescents"}, headers=national_reader
    )
    assert [(i["type"], i["themes"], i["judgements"]) for i in response.json()["items"]] == [
        ("monitoring_visit", ["vulnerable-adolescents"], [])
    ] * 2


async def test_every_imported_inspection_is_in_the_csv(national_client: AsyncClient, national_reader: Headers) -> None:
    response = await national_client.get("/v1/inspections", headers={**national_reader, "Accept": "text/csv"})
    judgements = await national_client.get("/v1/judgements", headers={**national_reader, "Accept": "text/csv"})
    assert (len(response.text.splitlines()), len(judgements.text.splitlines())) == (
        IMPORTED_INSPECTIONS + 1,
        IMPORTED_JUDGEMENTS + 1,
    )


async def test_import_is_audited_as_the_importer(national_client: AsyncClient, national_make_key: MakeKey) -> None:
    admin = await national_make_key(Role.admin, name="national-admin")
    cumbria = await national_client.get("/v1/inspections", params={"authority_code": "E10000006"}, headers=admin)
    [inspection] = cumbria.json()["items"]
    response = await national_client.get(
        "/v1/audit-events", params={"actor": "import", "resource_id": inspection["id"]}, headers=admin
    )
    assert [
        (e["action"], e["resource_type"], e["actor"]["name"], e["changes"]["fieldwork_start"])
        for e in response.json()["items"]
    ] == [("create", "inspection", "import", [None, "2022-09-20"])]


@pytest.fixture
def national_statements(national_engine: AsyncEngine) -> Iterator[StatementCounter]:
    counter = StatementCounter()
    sa.event.listen(national_engine.sync_engine, "before_cursor_execute", counter)
    yield counter
    sa.event.remove(national_engine.sync_engine, "before_cursor_execute", counter)


@pytest.mark.parametrize("path", ["/v1/inspections", "/v1/judgements"])
async def test_lists_of_the_national_record_run_a_fixed_number_of_statements(
    national_client: AsyncClient, national_reader: Headers, national_statements: StatementCounter, path: str
) -> None:
    national_statements.reset()
    await national_client.get(path, params={"limit": 1}, headers=national_reader)
    one = national_statements.count
    national_statements.reset()
    response = await national_client.get(path, params={"limit": 200}, headers=national_reader)
    assert (len(response.json()["items"]), national_statements.count) == (200, one)


async def test_record_by_type_and_framework(national_database: Database) -> None:
    async with national_database.session() as session:
        rows = await session.execute(
            sa.select(Inspection.type, Inspection.framework, sa.func.count())
            .group_by(Inspection.type, Inspection.framework)
            .order_by(Inspection.type, Inspection.framework)
        )
        counts = {(t, f): n for t, f, n in rows}
    assert counts == {}


async def test_each_record_lists_its_sources(national_client: AsyncClient, national_reader: Headers) -> None:
    items = await timeline(national_client, national_reader, GATESHEAD)
    assert [
        (i["type"], i["published_on"], i["published_by"], [(s["kind"], s["reference"]) for s in i["sources"]])
        for i in items
    ] == []
