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

IMPORTED_INSPECTIONS = 682
IMPORTED_JUDGEMENTS = 2475


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


async def test_leicestershire_shows_its_sif_and_its_2019_and_2024_standard_inspections(
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
        (
            "sif_inspection",
            "sif_2013",
            "published",
            None,  # fieldwork unknown: last on the timeline
            "2017-02-13",
            {
                "overall_effectiveness": "requires_improvement",
                "help_and_protection": "requires_improvement",
                "looked_after_and_permanence": "requires_improvement",
                "adoption_performance": "requires_improvement",
                "care_leavers": "requires_improvement",
                "leadership_management_governance": "requires_improvement",
            },
        ),
    ]


async def test_gateshead_shows_its_sif_and_two_short_inspections(
    national_client: AsyncClient, national_reader: Headers
) -> None:
    items = await timeline(national_client, national_reader, GATESHEAD)
    assert [(i["type"], i["fieldwork_start"], i["judgements"][0]["grade"]) for i in items] == [
        ("short_inspection", "2019-04-29", "good"),
        ("short_inspection", "2024-12-02", "good"),
        ("sif_inspection", None, "good"),  # fieldwork unknown: last on the timeline
    ]


async def test_latest_graded_comes_from_the_import(national_client: AsyncClient, national_reader: Headers) -> None:
    response = await national_client.get(f"/v1/authorities/{LEICESTERSHIRE}", headers=national_reader)
    latest = response.json()["latest_graded"]
    assert (latest["fieldwork_start"], latest["published_on"]) == ("2024-04-22", "2024-07-12")


@pytest.mark.parametrize(
    ("params", "count"),
    [
        # Latest graded inspections to August 2026: 11 under the 2026 framework have no overall judgement.
        ({"grade": "outstanding", "status": "current"}, 46),
        ({"grade": "good", "status": "current"}, 61),
        ({"grade": "inadequate", "status": "current"}, 11),
        ({"grade": "requires_improvement", "status": "current"}, 24),
        ({"grade": "none"}, 0),  # every authority had a SIF inspection at least
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
    # The 2025 edition names Barnsley by its former code, the 2023 and 2024 editions by name.
    assert [(i["type"], i["fieldwork_start"]) for i in barnsley.json()["items"]] == [
        ("sif_inspection", None),
        ("focused_visit", "2024-11-05"),
        ("short_inspection", "2023-09-11"),
        ("focused_visit", "2023-01-25"),
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


MONITORING_VISITS = ("2025-03-25", "2024-10-22", "2023-11-15", "2023-10-11", "2023-08-01")


async def test_visits_carry_their_themes(national_client: AsyncClient, national_reader: Headers) -> None:
    response = await national_client.get(
        "/v1/inspections", params={"theme": "vulnerable-adolescents"}, headers=national_reader
    )
    assert [(i["type"], i["fieldwork_start"], i["themes"], i["judgements"]) for i in response.json()["items"]] == [
        *[("monitoring_visit", on, ["vulnerable-adolescents"], []) for on in MONITORING_VISITS],
        ("focused_visit", "2022-06-15", ["vulnerable-adolescents"], []),
        ("focused_visit", "2022-06-15", ["vulnerable-adolescents"], []),
    ]


async def test_every_imported_inspection_is_in_the_csv(national_client: AsyncClient, national_reader: Headers) -> None:
    response = await national_client.get("/v1/inspections", headers={**national_reader, "Accept": "text/csv"})
    judgements = await national_client.get("/v1/judgements", headers={**national_reader, "Accept": "text/csv"})
    assert (len(response.text.splitlines()), len(judgements.text.splitlines())) == (
        IMPORTED_INSPECTIONS + 1,
        IMPORTED_JUDGEMENTS + 1,
    )


async def test_import_is_audited_as_the_importer(national_client: AsyncClient, national_make_key: MakeKey) -> None:
    admin = await national_make_key(Role.admin, name="national-admin")
    cumbria = await national_client.get(
        "/v1/inspections", params={"authority_code": "E10000006", "type": "standard_inspection"}, headers=admin
    )
    [inspection] = cumbria.json()["items"]
    response = await national_client.get(
        "/v1/audit-events", params={"actor": "import", "resource_id": inspection["id"]}, headers=admin
    )
    # Created from the 2023 workbook (its in-year fieldwork and its history's publication date), then the 2025
    # edition moved the fieldwork start by a day: the later edition's date stands, an audited update.
    events = sorted(response.json()["items"], key=lambda e: e["at"])
    assert [(e["action"], e["actor"]["name"], e["changes"].get("fieldwork_start")) for e in events] == [
        ("create", "import", [None, "2022-09-21"]),
        ("update", "import", None),
        ("update", "import", ["2022-09-21", "2022-09-20"]),
    ]


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
    assert counts == {
        ("focused_visit", "ilacs_2018"): 33,
        ("focused_visit", "ilacs_2023"): 76,
        ("monitoring_visit", "ilacs_2018"): 21,
        ("monitoring_visit", "ilacs_2023"): 55,
        ("short_inspection", "ilacs_2018"): 48,
        ("short_inspection", "ilacs_2023"): 77,
        ("short_inspection", "ilacs_2026"): 3,
        ("sif_inspection", "sif_2013"): 173,
        ("standard_inspection", "ilacs_2018"): 120,
        ("standard_inspection", "ilacs_2023"): 68,
        ("standard_inspection", "ilacs_2026"): 8,
    }
    assert sum(counts.values()) == IMPORTED_INSPECTIONS


async def test_each_record_lists_its_sources(national_client: AsyncClient, national_reader: Headers) -> None:
    items = await timeline(national_client, national_reader, GATESHEAD)
    assert [
        (i["type"], i["published_on"], i["published_by"], [(s["kind"], s["reference"]) for s in i["sources"]])
        for i in items
    ] == [
        (
            "short_inspection",
            "2019-06-11",
            None,
            [
                ("official_statistics", "Children's social care data in England 2023"),
                ("official_statistics", "Local authority inspection outcomes as at 31 March 2024"),
                ("official_statistics", "Local authority inspection outcomes as at 31 March 2025"),
                ("report_scrape", "ofsted-ilacs-scrape-tool history to 2026-08-20"),
            ],
        ),
        (
            "short_inspection",
            "2025-01-29",
            None,
            [
                ("official_statistics", "Local authority inspection outcomes as at 31 March 2025"),
                ("report_scrape", "ofsted-ilacs-scrape-tool history to 2026-08-20"),
            ],
        ),
        (
            "sif_inspection",
            "2016-03-11",
            None,
            [("official_statistics", "Children's social care data in England 2023")],
        ),
    ]


async def test_visits_known_only_to_the_2024_edition_keep_its_cut_off(
    national_client: AsyncClient, national_reader: Headers
) -> None:
    response = await national_client.get(
        "/v1/inspections",
        params={"authority_code": LEICESTERSHIRE, "type": "focused_visit"},
        headers=national_reader,
    )
    assert [(i["fieldwork_start"], i["published_on"], i["published_by"]) for i in response.json()["items"]] == [
        ("2023-05-11", None, "2024-06-30")
    ]


async def test_gone_authority_keeps_its_sif_history(national_client: AsyncClient, national_reader: Headers) -> None:
    items = await timeline(national_client, national_reader, "E06000029")
    assert [(i["type"], i["published_on"], i["judgements"][0]["grade"]) for i in items] == [
        ("sif_inspection", "2017-11-24", "requires_improvement")
    ]
