"""An authority's timeline, and its latest graded inspection (with the authority list's grade/area filter)."""

from httpx import AsyncClient

from tests.conftest import GATESHEAD, LEICESTERSHIRE, Headers, StatementCounter
from tests.inspections.helpers import ILACS_2018_AREAS, grades, published, record

STANDARD_2019 = published(
    fieldwork_start="2019-09-23",
    published_on="2019-11-04",
    judgements=grades(ILACS_2018_AREAS, "good", overall_effectiveness="requires_improvement"),
)
FOCUSED_2022 = published(
    "focused_visit", fieldwork_start="2022-03-07", published_on="2022-04-25", themes=["front-door"]
)
STANDARD_2024 = published(overall="outstanding")
PLANNED = {"authority_code": LEICESTERSHIRE, "type": "standard_inspection"}


async def test_timeline_lists_every_inspection_oldest_first(
    client: AsyncClient, inspectorate: Headers, reader: Headers
) -> None:
    ids = [(await record(client, inspectorate, body))["id"] for body in (STANDARD_2024, FOCUSED_2022, STANDARD_2019)]
    response = await client.get(f"/v1/authorities/{LEICESTERSHIRE}/timeline", headers=reader)
    body = response.json()
    assert body["authority_code"] == LEICESTERSHIRE
    assert [i["id"] for i in body["items"]] == list(reversed(ids))
    assert [(i["type"], i["themes"], [j["grade"] for j in i["judgements"]][:1]) for i in body["items"]] == [
        ("standard_inspection", [], ["requires_improvement"]),
        ("focused_visit", ["front-door"], []),
        ("standard_inspection", [], ["outstanding"]),
    ]


async def test_timeline_puts_undated_inspections_last(client: AsyncClient, inspectorate: Headers) -> None:
    planned = await record(client, inspectorate, PLANNED)
    dated = await record(client, inspectorate, STANDARD_2019)
    response = await client.get(f"/v1/authorities/{LEICESTERSHIRE}/timeline", headers=inspectorate)
    assert [i["id"] for i in response.json()["items"]] == [dated["id"], planned["id"]]


async def test_timeline_of_unknown_authority_is_404(client: AsyncClient, reader: Headers) -> None:
    response = await client.get("/v1/authorities/E06999999/timeline", headers=reader)
    assert response.status_code == 404


async def test_timeline_runs_a_fixed_number_of_statements(
    client: AsyncClient, inspectorate: Headers, statements: StatementCounter
) -> None:
    await record(client, inspectorate, published("focused_visit", authority_code=GATESHEAD, themes=["front-door"]))
    statements.reset()
    await client.get(f"/v1/authorities/{GATESHEAD}/timeline", headers=inspectorate)
    one = statements.count
    for body in (STANDARD_2019, FOCUSED_2022, STANDARD_2024):
        await record(client, inspectorate, body)
    statements.reset()
    response = await client.get(f"/v1/authorities/{LEICESTERSHIRE}/timeline", headers=inspectorate)
    assert (len(response.json()["items"]), statements.count) == (3, one)


async def test_latest_graded_is_the_most_recent_published_graded_inspection(
    client: AsyncClient, inspectorate: Headers, reader: Headers
) -> None:
    await record(client, inspectorate, STANDARD_2019)
    latest = await record(client, inspectorate, STANDARD_2024)
    await record(
        client,
        inspectorate,
        published("focused_visit", fieldwork_start="2025-01-13", published_on="2025-02-20", themes=["care-leavers"]),
    )
    response = await client.get(f"/v1/authorities/{LEICESTERSHIRE}", headers=reader)
    graded = response.json()["latest_graded"]
    assert (graded["inspection_id"], graded["type"], graded["framework"], graded["published_on"]) == (
        latest["id"],
        "standard_inspection",
        "ilacs_2023",
        "2024-07-12",
    )
    assert {j["area"]: j["grade"] for j in graded["judgements"]}["overall_effectiveness"] == "outstanding"


async def authorities_graded(client: AsyncClient, headers: Headers, **params: str) -> list[str]:
    response = await client.get("/v1/authorities", params={"limit": 200, **params}, headers=headers)
    assert response.status_code == 200, response.text
    return [a["code"] for a in response.json()["items"]]


async def test_grade_filter_finds_authorities_by_their_latest_graded_result(
    client: AsyncClient, inspectorate: Headers, reader: Headers
) -> None:
    await record(client, inspectorate, STANDARD_2019)
    await record(client, inspectorate, STANDARD_2024)
    await record(
        client,
        inspectorate,
        published(
            "short_inspection", authority_code=GATESHEAD, fieldwork_start="2024-12-02", published_on="2025-01-29"
        ),
    )
    assert await authorities_graded(client, reader, grade="outstanding") == [LEICESTERSHIRE]
    assert await authorities_graded(client, reader, grade="good") == [GATESHEAD]
    assert await authorities_graded(client, reader, grade="requires_improvement") == []


async def test_grade_filter_in_another_area(client: AsyncClient, inspectorate: Headers, reader: Headers) -> None:
    await record(
        client,
        inspectorate,
        published(
            judgements=grades(
                (
                    "overall_effectiveness",
                    "impact_of_leaders",
                    "help_and_protection",
                    "children_in_care",
                    "care_leavers",
                ),
                "good",
                help_and_protection="requires_improvement",
            )
        ),
    )
    assert await authorities_graded(client, reader, grade="requires_improvement", area="help_and_protection") == [
        LEICESTERSHIRE
    ]


async def test_grade_none_lists_authorities_without_a_graded_inspection(
    client: AsyncClient, inspectorate: Headers, reader: Headers
) -> None:
    before = await authorities_graded(client, reader, grade="none")
    await record(client, inspectorate, STANDARD_2024)
    await record(client, inspectorate, published("focused_visit", authority_code=GATESHEAD, themes=["front-door"]))
    after = await authorities_graded(client, reader, grade="none")
    assert (len(before), LEICESTERSHIRE in after, GATESHEAD in after, len(after)) == (157, False, True, 156)
