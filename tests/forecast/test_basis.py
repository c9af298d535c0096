"""Which inspection the forecast starts from, its track, and the rules that add or drop expected items."""

from datetime import date

import pytest
from httpx import AsyncClient

from app.core.context import Context
from app.core.database import Database
from app.forecast.cycle import add_months
from tests.conftest import LEICESTERSHIRE, Headers
from tests.forecast.records import FORECAST, PUBLISHED, S, add_inspection, basis, forecast, graded

NO_BASIS_ITEM = {
    "type": "standard_inspection",
    "earliest": None,
    "latest": None,
    "overdue": False,
    "reason": "No graded inspection is on record, so a standard inspection is expected; there is no window to date it.",
}


async def test_no_graded_inspection_expects_a_standard_inspection_without_window(
    client: AsyncClient, reader: Headers
) -> None:
    body = await forecast(client, reader, date(2025, 1, 1))
    assert body == {"authority_code": LEICESTERSHIRE, "as_of": "2025-01-01", "basis": None, "expected": [NO_BASIS_ITEM]}


async def test_ungraded_activity_alone_is_no_basis(client: AsyncClient, reader: Headers, database: Database) -> None:
    await add_inspection(
        database,
        LEICESTERSHIRE,
        "focused_visit",
        fieldwork_start=date(2024, 1, 8),
        published_on=date(2024, 2, 9),
        themes=["front-door"],
    )
    body = await forecast(client, reader, date(2025, 1, 1))
    assert (body["basis"], body["expected"]) == (None, [NO_BASIS_ITEM])


async def test_basis_is_the_latest_graded_inspection_published_by_as_of(
    client: AsyncClient, reader: Headers, database: Database
) -> None:
    first = await add_inspection(
        database,
        LEICESTERSHIRE,
        "standard_inspection",
        fieldwork_start=date(2019, 5, 6),
        published_on=date(2019, 6, 28),
        framework="ilacs_2018",
        judgements={
            "overall_effectiveness": "inadequate",
            "impact_of_leaders": "inadequate",
            "help_and_protection": "inadequate",
            "children_in_care_and_care_leavers": "inadequate",
        },
    )
    second = await add_inspection(
        database,
        LEICESTERSHIRE,
        "standard_inspection",
        fieldwork_start=S,
        published_on=PUBLISHED,
        judgements=graded("good"),
    )
    before = await forecast(client, reader, date(2023, 3, 2))
    after = await forecast(client, reader, PUBLISHED)
    assert before["basis"] == {
        "inspection_id": str(first),
        "type": "standard_inspection",
        "framework": "ilacs_2018",
        "published_on": "2019-06-28",
        "grade": "inadequate",
        "track": "inadequate",
    }
    assert after["basis"] == {
        "inspection_id": str(second),
        "type": "standard_inspection",
        "framework": "ilacs_2023",
        "published_on": "2023-03-03",
        "grade": "good",
        "track": "short",
    }


async def test_unpublished_graded_inspection_is_never_the_basis(
    client: AsyncClient, admin: Headers, database: Database
) -> None:
    await add_inspection(
        database,
        LEICESTERSHIRE,
        "standard_inspection",
        status="moderation",
        fieldwork_start=S,
        judgements=graded("good"),
    )
    body = await forecast(client, admin, date(2024, 1, 1))
    assert (body["basis"], body["expected"]) == (None, [NO_BASIS_ITEM])


@pytest.mark.parametrize(
    ("judgements", "track"),
    [
        (
            {
                "impact_of_leaders": "good",
                "help_and_protection": "good",
                "children_in_care": "good",
                "care_leavers": "good",
            },
            "short",
        ),
        (
            {
                "impact_of_leaders": "outstanding",
                "help_and_protection": "good",
                "children_in_care": "outstanding",
                "care_leavers": "requires_improvement",
            },
            "short",
        ),
        (
            {
                "impact_of_leaders": "good",
                "help_and_protection": "good",
                "children_in_care": "requires_improvement",
                "care_leavers": "requires_improvement",
            },
            "standard",
        ),
        (
            {
                "impact_of_leaders": "requires_improvement",
                "help_and_protection": "outstanding",
                "children_in_care": "outstanding",
                "care_leavers": "outstanding",
            },
            "standard",
        ),
        (
            {
                "impact_of_leaders": "outstanding",
                "help_and_protection": "outstanding",
                "children_in_care": "outstanding",
                "care_leavers": "inadequate",
            },
            "inadequate",
        ),
        (
            {
                "impact_of_leaders": "inadequate",
                "help_and_protection": "good",
                "children_in_care": "good",
                "care_leavers": "good",
            },
            "inadequate",
        ),
    ],
)
async def test_ilacs_2026_track_comes_from_the_areas(
    client: AsyncClient, reader: Headers, database: Database, judgements: dict[str, str], track: str
) -> None:
    await add_inspection(
        database,
        LEICESTERSHIRE,
        "standard_inspection",
        framework="ilacs_2026",
        fieldwork_start=date(2026, 5, 4),
        published_on=date(2026, 6, 26),
        judgements=judgements,
    )
    body = await forecast(client, reader, date(2026, 7, 1))
    assert (body["basis"]["framework"], body["basis"]["grade"], body["basis"]["track"]) == ("ilacs_2026", None, track)


@pytest.mark.parametrize("visit", ["focused_visit", "jtai"])
async def test_no_focused_visit_expected_after_a_focused_visit_or_jtai_since_s(
    client: AsyncClient, reader: Headers, database: Database, visit: str
) -> None:
    await basis(database, "good")
    await add_inspection(
        database,
        LEICESTERSHIRE,
        visit,
        fieldwork_start=date(2024, 3, 4),
        published_on=date(2024, 4, 12),
        themes=["front-door" if visit == "focused_visit" else "neglect"],
    )
    body = await forecast(client, reader, date(2024, 5, 1))
    assert [e["type"] for e in body["expected"]] == ["short_inspection"]


async def test_focused_visit_before_s_still_leaves_one_expected(
    client: AsyncClient, reader: Headers, database: Database
) -> None:
    await add_inspection(
        database,
        LEICESTERSHIRE,
        "focused_visit",
        fieldwork_start=date(2022, 3, 7),
        published_on=date(2022, 4, 12),
        themes=["front-door"],
    )
    await basis(database, "requires_improvement")
    body = await forecast(client, reader, date(2024, 5, 1))
    assert [e["type"] for e in body["expected"]] == ["focused_visit", "standard_inspection"]


async def test_monitoring_visit_since_s_does_not_count_as_a_focused_visit(
    client: AsyncClient, reader: Headers, database: Database
) -> None:
    await basis(database, "requires_improvement")
    await add_inspection(
        database,
        LEICESTERSHIRE,
        "monitoring_visit",
        fieldwork_start=date(2024, 3, 4),
        published_on=date(2024, 4, 12),
        themes=["front-door"],
    )
    body = await forecast(client, reader, date(2024, 5, 1))
    assert [e["type"] for e in body["expected"]] == ["focused_visit", "standard_inspection"]


async def test_embargoed_focused_visit_counts_only_for_those_who_may_see_it(
    client: AsyncClient, reader: Headers, admin: Headers, database: Database
) -> None:
    await basis(database, "good")
    await add_inspection(
        database,
        LEICESTERSHIRE,
        "focused_visit",
        status="fieldwork",
        fieldwork_start=date(2024, 3, 4),
        themes=["front-door"],
    )
    as_of = date(2024, 3, 8)
    assert [e["type"] for e in (await forecast(client, reader, as_of))["expected"]] == [
        "focused_visit",
        "short_inspection",
    ]
    assert [e["type"] for e in (await forecast(client, admin, as_of))["expected"]] == ["short_inspection"]


async def test_gone_authority_expects_nothing(client: AsyncClient, reader: Headers) -> None:
    response = await client.get("/v1/authorities/E10000021/forecast", headers=reader)
    assert response.json()["expected"] == []


async def test_as_of_defaults_to_today(client: AsyncClient, reader: Headers) -> None:
    response = await client.get(FORECAST, headers=reader)
    assert response.json()["as_of"] == Context.today().isoformat()


async def test_unknown_authority_is_404(client: AsyncClient, reader: Headers) -> None:
    response = await client.get("/v1/authorities/E10009999/forecast", headers=reader)
    assert response.status_code == 404


async def test_malformed_as_of_is_422(client: AsyncClient, reader: Headers) -> None:
    response = await client.get(FORECAST, params={"as_of": "31/03/2025"}, headers=reader)
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "as_of"


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2023, 1, 16), 30, date(2025, 7, 16)),
        (date(2023, 8, 31), 6, date(2024, 2, 29)),
        (date(2023, 12, 31), 2, date(2024, 2, 29)),
        (date(2023, 11, 30), 14, date(2025, 1, 30)),
    ],
)
def test_add_months_clamps_to_the_end_of_the_month(day: date, months: int, expected: date) -> None:
    assert add_months(day, months) == expected
