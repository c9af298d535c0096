"""The forecast's windows for each track, tested at their boundaries (DOMAIN.md "Cycle")."""

from datetime import date, timedelta
from typing import Any

import pytest
from httpx import AsyncClient

from app.core.database import Database
from tests.conftest import LEICESTERSHIRE, Headers
from tests.forecast.records import add_inspection, basis, forecast, graded


def window(body: dict[str, Any], type: str) -> tuple[str | None, str | None, bool]:
    (item,) = [e for e in body["expected"] if e["type"] == type]
    return item["earliest"], item["latest"], item["overdue"]


def boundaries(earliest: date, latest: date) -> list[tuple[date, bool]]:
    """The day before earliest, earliest, latest, the day after latest, with whether each is overdue."""
    return [
        (earliest - timedelta(days=1), False),
        (earliest, False),
        (latest, False),
        (latest + timedelta(days=1), True),
    ]


@pytest.mark.parametrize(("as_of", "overdue"), boundaries(date(2025, 7, 16), date(2026, 7, 16)))
async def test_short_track_expects_a_short_inspection_30_to_42_months_after_s(
    client: AsyncClient, reader: Headers, database: Database, as_of: date, overdue: bool
) -> None:
    await basis(database, "good")
    body = await forecast(client, reader, as_of)
    assert body["basis"]["track"] == "short"
    assert window(body, "short_inspection") == ("2025-07-16", "2026-07-16", overdue)


@pytest.mark.parametrize(("as_of", "overdue"), boundaries(date(2024, 1, 16), date(2025, 7, 16)))
async def test_short_track_expects_a_focused_visit_12_to_30_months_after_s(
    client: AsyncClient, reader: Headers, database: Database, as_of: date, overdue: bool
) -> None:
    await basis(database, "outstanding", type="short_inspection")
    body = await forecast(client, reader, as_of)
    assert window(body, "focused_visit") == ("2024-01-16", "2025-07-16", overdue)


@pytest.mark.parametrize(("as_of", "overdue"), boundaries(date(2025, 7, 16), date(2026, 7, 16)))
async def test_standard_track_expects_a_standard_inspection_30_to_42_months_after_s(
    client: AsyncClient, reader: Headers, database: Database, as_of: date, overdue: bool
) -> None:
    await basis(database, "requires_improvement")
    body = await forecast(client, reader, as_of)
    assert body["basis"]["track"] == "standard"
    assert window(body, "standard_inspection") == ("2025-07-16", "2026-07-16", overdue)


@pytest.mark.parametrize(("as_of", "overdue"), boundaries(date(2024, 1, 16), date(2025, 7, 16)))
async def test_standard_track_expects_a_focused_visit_12_to_30_months_after_s(
    client: AsyncClient, reader: Headers, database: Database, as_of: date, overdue: bool
) -> None:
    await basis(database, "requires_improvement")
    body = await forecast(client, reader, as_of)
    assert window(body, "focused_visit") == ("2024-01-16", "2025-07-16", overdue)


@pytest.mark.parametrize(("as_of", "overdue"), boundaries(date(2025, 1, 16), date(2027, 1, 16)))
async def test_inadequate_track_expects_a_standard_inspection_24_to_48_months_after_s(
    client: AsyncClient, reader: Headers, database: Database, as_of: date, overdue: bool
) -> None:
    await basis(database, "inadequate")
    body = await forecast(client, reader, as_of)
    assert body["basis"]["track"] == "inadequate"
    assert window(body, "standard_inspection") == ("2025-01-16", "2027-01-16", overdue)


@pytest.mark.parametrize(("as_of", "overdue"), boundaries(date(2023, 3, 16), date(2023, 5, 16)))
async def test_inadequate_track_without_later_activity_expects_a_monitoring_visit_2_to_4_months_after_s(
    client: AsyncClient, reader: Headers, database: Database, as_of: date, overdue: bool
) -> None:
    await basis(database, "inadequate")
    body = await forecast(client, reader, as_of)
    assert window(body, "monitoring_visit") == ("2023-03-16", "2023-05-16", overdue)


@pytest.mark.parametrize(("as_of", "overdue"), boundaries(date(2023, 8, 30), date(2023, 10, 30)))
async def test_inadequate_track_monitoring_visit_window_follows_the_latest_fieldwork_since_s(
    client: AsyncClient, reader: Headers, database: Database, as_of: date, overdue: bool
) -> None:
    await basis(database, "inadequate")
    await add_inspection(
        database,
        LEICESTERSHIRE,
        "monitoring_visit",
        fieldwork_start=date(2023, 6, 30),
        published_on=date(2023, 7, 28),
        themes=["front-door"],
    )
    body = await forecast(client, reader, as_of)
    assert window(body, "monitoring_visit") == ("2023-08-30", "2023-10-30", overdue)


async def test_inadequate_track_has_no_focused_visit(client: AsyncClient, reader: Headers, database: Database) -> None:
    await basis(database, "inadequate")
    body = await forecast(client, reader, date(2024, 6, 1))
    assert [e["type"] for e in body["expected"]] == ["monitoring_visit", "standard_inspection"]


async def test_activity_after_as_of_does_not_move_the_monitoring_window(
    client: AsyncClient, reader: Headers, database: Database
) -> None:
    await basis(database, "inadequate")
    await add_inspection(
        database,
        LEICESTERSHIRE,
        "monitoring_visit",
        fieldwork_start=date(2023, 6, 30),
        published_on=date(2023, 7, 28),
        themes=["front-door"],
    )
    body = await forecast(client, reader, date(2023, 6, 29))
    assert window(body, "monitoring_visit") == ("2023-03-16", "2023-05-16", True)


async def test_cancelled_activity_does_not_move_the_monitoring_window(
    client: AsyncClient, reader: Headers, admin: Headers, database: Database
) -> None:
    await basis(database, "inadequate")
    await add_inspection(
        database,
        LEICESTERSHIRE,
        "monitoring_visit",
        status="cancelled",
        fieldwork_start=date(2023, 6, 30),
        themes=["front-door"],
    )
    body = await forecast(client, admin, date(2023, 7, 1))
    assert window(body, "monitoring_visit") == ("2023-03-16", "2023-05-16", True)


async def test_embargoed_activity_moves_the_window_only_for_those_who_may_see_it(
    client: AsyncClient, reader: Headers, leics: Headers, inspectorate: Headers, database: Database
) -> None:
    await basis(database, "inadequate")
    await add_inspection(
        database,
        LEICESTERSHIRE,
        "monitoring_visit",
        status="moderation",
        fieldwork_start=date(2023, 6, 30),
        themes=["front-door"],
    )
    as_of = date(2023, 7, 10)
    assert window(await forecast(client, reader, as_of), "monitoring_visit") == ("2023-03-16", "2023-05-16", True)
    for headers in (leics, inspectorate):
        assert window(await forecast(client, headers, as_of), "monitoring_visit") == ("2023-08-30", "2023-10-30", False)


async def test_expected_items_are_ordered_by_earliest_with_plain_english_reasons(
    client: AsyncClient, reader: Headers, database: Database
) -> None:
    await basis(database, "good")
    body = await forecast(client, reader, date(2024, 2, 1))
    assert body["as_of"] == "2024-02-01"
    assert [e["type"] for e in body["expected"]] == ["focused_visit", "short_inspection"]
    assert body["expected"][1]["reason"] == (
        "The latest graded inspection, a standard inspection published on 2023-03-03, judged good overall: "
        "the authority is on the short track. On the short track a short inspection is expected 30 to 42 months "
        "after the fieldwork of that inspection began (2023-01-16)."
    )


async def test_windows_clamp_to_the_end_of_a_shorter_month(
    client: AsyncClient, reader: Headers, database: Database
) -> None:
    await add_inspection(
        database,
        LEICESTERSHIRE,
        "standard_inspection",
        fieldwork_start=date(2023, 8, 31),
        published_on=date(2023, 10, 10),
        judgements=graded("requires_improvement"),
    )
    body = await forecast(client, reader, date(2024, 1, 1))
    assert window(body, "standard_inspection") == ("2026-02-28", "2027-02-28", False)
    assert window(body, "focused_visit") == ("2024-08-31", "2026-02-28", False)
