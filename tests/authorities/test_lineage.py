"""Recoded and reorganised authorities (DOMAIN.md "Authorities"): former codes redirect, gone authorities keep
their dates and successors, and "in existence on" counts the authorities England had on a date."""

import csv
import io

from httpx import AsyncClient

from tests.conftest import Headers, MakeKey, StatementCounter

BARNSLEY, BARNSLEY_FORMER = "E08000038", "E08000016"
CUMBRIA, CUMBERLAND, WESTMORLAND_AND_FURNESS = "E10000006", "E06000063", "E06000064"
BOURNEMOUTH, POOLE, BCP = "E06000028", "E06000029", "E06000058"
NORTHAMPTONSHIRE, NORTH_NORTHANTS, WEST_NORTHANTS = "E10000021", "E06000061", "E06000062"
# The DfE's ten statistical neighbours of Barnsley, in the department's order (la_lookup_2026-08-22.csv).
BARNSLEY_NEIGHBOURS = [
    "E08000018",
    "E08000036",
    "E08000008",
    "E08000017",
    "E08000027",
    "E06000020",
    "E06000047",
    "E08000037",
    "E06000003",
    "E08000024",
]


async def _all(client: AsyncClient, headers: Headers, **filters: str) -> list[dict[str, object]]:
    response = await client.get("/v1/authorities", params={"limit": 200, **filters}, headers=headers)
    assert response.status_code == 200
    assert response.json()["next_cursor"] is None
    items: list[dict[str, object]] = response.json()["items"]
    return items


async def test_recoded_authority_keeps_one_record_under_its_current_code(client: AsyncClient, reader: Headers) -> None:
    body = (await client.get(f"/v1/authorities/{BARNSLEY}", headers=reader)).json()
    assert body["name"] == "Barnsley"
    assert body["la_number"] == 370
    assert body["ofsted_urn"] == 80426
    assert body["former_codes"] == [BARNSLEY_FORMER]
    assert body["status"] == "current"
    assert (body["established_on"], body["ceased_on"], body["successors"], body["predecessors"]) == (None, None, [], [])
    assert body["statistical_neighbours"] == BARNSLEY_NEIGHBOURS


async def test_get_by_a_former_code_redirects_to_the_current_code(client: AsyncClient, reader: Headers) -> None:
    response = await client.get(f"/v1/authorities/{BARNSLEY_FORMER}", headers=reader)
    assert response.status_code == 308
    assert response.headers["location"] == f"/v1/authorities/{BARNSLEY}"


async def test_any_path_under_a_former_code_redirects_with_its_query(client: AsyncClient, reader: Headers) -> None:
    for path in ("timeline", "forecast?as_of=2025-01-01", "action-plan-summary", "self-evaluations"):
        response = await client.get(f"/v1/authorities/{BARNSLEY_FORMER}/{path}", headers=reader)
        assert (response.status_code, response.headers["location"]) == (308, f"/v1/authorities/{BARNSLEY}/{path}")


async def test_a_former_code_redirects_a_key_bound_to_the_authority(client: AsyncClient, make_key: MakeKey) -> None:
    barnsley = await make_key("authority", BARNSLEY)
    response = await client.get(f"/v1/authorities/{BARNSLEY_FORMER}/self-evaluations", headers=barnsley)
    assert (response.status_code, response.headers["location"]) == (
        308,
        f"/v1/authorities/{BARNSLEY}/self-evaluations",
    )


async def test_an_unknown_code_is_still_not_found(client: AsyncClient, reader: Headers) -> None:
    response = await client.get("/v1/authorities/E06000099", headers=reader)
    assert response.status_code == 404
    assert response.json()["type"] == "/problems/not-found"


async def test_a_reorganised_authority_names_its_successors(client: AsyncClient, reader: Headers) -> None:
    cumbria = (await client.get(f"/v1/authorities/{CUMBRIA}", headers=reader)).json()
    assert (cumbria["status"], cumbria["ceased_on"], cumbria["established_on"]) == (
        "no_longer_exists",
        "2023-04-01",
        None,
    )
    assert cumbria["successors"] == [CUMBERLAND, WESTMORLAND_AND_FURNESS]
    assert (cumbria["la_number"], cumbria["ofsted_urn"]) == (909, 135513)
    cumberland = (await client.get(f"/v1/authorities/{CUMBERLAND}", headers=reader)).json()
    assert (cumberland["established_on"], cumberland["predecessors"]) == ("2023-04-01", [CUMBRIA])


async def test_every_reorganisation_is_recorded(client: AsyncClient, reader: Headers) -> None:
    lineage = {
        a["code"]: (a["established_on"], a["ceased_on"], a["successors"], a["predecessors"])
        for a in await _all(client, reader)
        if a["established_on"] or a["ceased_on"]
    }
    assert lineage == {
        BOURNEMOUTH: (None, "2019-04-01", [BCP], []),
        POOLE: (None, "2019-04-01", [BCP], []),
        BCP: ("2019-04-01", None, [], [BOURNEMOUTH, POOLE]),
        NORTHAMPTONSHIRE: (None, "2021-04-01", [NORTH_NORTHANTS, WEST_NORTHANTS], []),
        NORTH_NORTHANTS: ("2021-04-01", None, [], [NORTHAMPTONSHIRE]),
        WEST_NORTHANTS: ("2021-04-01", None, [], [NORTHAMPTONSHIRE]),
        CUMBRIA: (None, "2023-04-01", [CUMBERLAND, WESTMORLAND_AND_FURNESS], []),
        CUMBERLAND: ("2023-04-01", None, [], [CUMBRIA]),
        WESTMORLAND_AND_FURNESS: ("2023-04-01", None, [], [CUMBRIA]),
    }


async def test_every_recoding_is_recorded(client: AsyncClient, reader: Headers) -> None:
    former = {a["code"]: a["former_codes"] for a in await _all(client, reader) if a["former_codes"]}
    assert former == {
        "E06000059": ["E10000009"],
        "E06000060": ["E10000002"],
        "E06000065": ["E10000023"],
        "E06000066": ["E10000027"],
        "E08000038": ["E08000016"],
        "E08000039": ["E08000019"],
    }


async def test_in_existence_on_counts_the_authorities_of_that_day(client: AsyncClient, reader: Headers) -> None:
    counts = {
        day: len(await _all(client, reader, in_existence_on=day))
        for day in ("2019-03-31", "2019-04-01", "2021-03-31", "2021-04-01", "2023-03-31", "2023-04-01")
    }
    assert counts == {
        "2019-03-31": 152,
        "2019-04-01": 151,
        "2021-03-31": 151,
        "2021-04-01": 152,
        "2023-03-31": 152,
        "2023-04-01": 153,
    }
    before_bcp = {a["code"] for a in await _all(client, reader, in_existence_on="2019-03-31")}
    assert {BOURNEMOUTH, POOLE, NORTHAMPTONSHIRE, CUMBRIA} <= before_bcp
    assert not {BCP, NORTH_NORTHANTS, WEST_NORTHANTS, CUMBERLAND, WESTMORLAND_AND_FURNESS} & before_bcp


async def test_neighbours_of_lists_the_ten_statistical_neighbours(client: AsyncClient, reader: Headers) -> None:
    listed = [a["code"] for a in await _all(client, reader, neighbours_of=BARNSLEY)]
    assert sorted(listed) == sorted(BARNSLEY_NEIGHBOURS)
    assert BARNSLEY not in listed
    by_former = [a["code"] for a in await _all(client, reader, neighbours_of=BARNSLEY_FORMER)]
    assert by_former == listed


async def test_neighbours_of_a_gone_authority_is_empty(client: AsyncClient, reader: Headers) -> None:
    assert await _all(client, reader, neighbours_of=CUMBRIA) == []


async def test_neighbours_of_an_unknown_code_is_422(client: AsyncClient, reader: Headers) -> None:
    response = await client.get("/v1/authorities", params={"neighbours_of": "E06000099"}, headers=reader)
    assert response.status_code == 422
    assert response.json()["errors"] == [{"field": "neighbours_of", "message": "No authority with code E06000099."}]


async def test_every_neighbour_is_a_known_authority(client: AsyncClient, reader: Headers) -> None:
    authorities = await _all(client, reader)
    codes = {a["code"] for a in authorities}
    with_neighbours = [a for a in authorities if a["statistical_neighbours"]]
    assert len(with_neighbours) == 153
    assert all(len(a["statistical_neighbours"]) == 10 for a in with_neighbours)  # type: ignore[arg-type]
    assert {n for a in with_neighbours for n in a["statistical_neighbours"]} <= codes  # type: ignore[attr-defined]


async def test_filters_keep_the_list_one_statement(
    client: AsyncClient, reader: Headers, statements: StatementCounter
) -> None:
    statements.reset()
    await client.get("/v1/authorities", headers=reader)
    plain = statements.count
    statements.reset()
    response = await client.get(
        "/v1/authorities", params={"in_existence_on": "2020-01-01", "neighbours_of": BARNSLEY}, headers=reader
    )
    assert response.status_code == 200
    # One more: the check that neighbours_of names an authority.
    assert statements.count == plain + 1


async def test_the_csv_carries_the_lineage_and_neighbours(client: AsyncClient, reader: Headers) -> None:
    response = await client.get("/v1/authorities", params={"q": "cumb"}, headers={**reader, "Accept": "text/csv"})
    rows = {r["code"]: r for r in csv.DictReader(io.StringIO(response.text))}
    assert (rows[CUMBRIA]["ceased_on"], rows[CUMBRIA]["successors"]) == ("2023-04-01", "E06000063;E06000064")
    assert (rows[CUMBERLAND]["established_on"], rows[CUMBERLAND]["predecessors"]) == ("2023-04-01", CUMBRIA)
    assert rows[CUMBERLAND]["statistical_neighbours"].split(";")[:2] == [WESTMORLAND_AND_FURNESS, "E10000019"]
