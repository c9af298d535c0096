"""The timetable of a notified activity (DOMAIN.md "Timetable"): calendar days from `notified_on`, report and
letter deadlines in working days that skip weekends and England's bank holidays; 409 while `notified_on` is
unknown; as the embargo allows."""

import uuid
from datetime import date
from typing import Any

from httpx import AsyncClient

from app.core.database import Database
from app.inspections.timetable import add_working_days
from app.models import Inspection
from tests.conftest import LEICESTERSHIRE, Headers


async def _notified(database: Database, kind: str, notified_on: date | None, **fields: Any) -> uuid.UUID:
    async with database.session() as session:
        inspection = Inspection(
            authority_code=LEICESTERSHIRE,
            type=kind,
            framework="sif_2013" if kind == "sif_inspection" else "ilacs_2023",
            status="notified" if notified_on else "planned",
            notified_on=notified_on,
            **fields,
        )
        session.add(inspection)
        await session.commit()
        return inspection.id


async def _milestones(client: AsyncClient, headers: Headers, inspection_id: uuid.UUID) -> list[tuple[str, str, str]]:
    response = await client.get(f"/v1/inspections/{inspection_id}/timetable", headers=headers)
    assert response.status_code == 200, response.text
    return [(m["key"], m["from"], m["to"]) for m in response.json()["milestones"]]


async def test_standard_inspection_runs_three_weeks_and_reports_within_45_working_days(
    client: AsyncClient, inspectorate: Headers, database: Database
) -> None:
    inspection_id = await _notified(database, "standard_inspection", date(2026, 1, 12))
    response = await client.get(f"/v1/inspections/{inspection_id}/timetable", headers=inspectorate)
    body = response.json()
    assert (body["inspection_id"], body["type"], body["notified_on"]) == (
        str(inspection_id),
        "standard_inspection",
        "2026-01-12",
    )
    # 45 working days after Friday 30 January 2026 skip Good Friday (3 April) and Easter Monday (6 April).
    assert [(m["key"], m["from"], m["to"]) for m in body["milestones"]] == [
        ("off_site", "2026-01-12", "2026-01-16"),
        ("on_site", "2026-01-19", "2026-01-30"),
        ("feedback", "2026-01-30", "2026-01-30"),
        ("report", "2026-01-31", "2026-04-07"),
    ]
    assert body["milestones"][3]["label"] == "Report published (within 45 working days)"


async def test_short_inspection_is_one_week_on_site(
    client: AsyncClient, inspectorate: Headers, database: Database
) -> None:
    inspection_id = await _notified(database, "short_inspection", date(2026, 1, 12))
    assert await _milestones(client, inspectorate, inspection_id) == [
        ("off_site", "2026-01-12", "2026-01-16"),
        ("on_site", "2026-01-19", "2026-01-23"),
        ("feedback", "2026-01-23", "2026-01-23"),
        ("report", "2026-01-24", "2026-03-27"),
    ]


async def test_monitoring_visit_letter_skips_easter_and_may_day(
    client: AsyncClient, inspectorate: Headers, database: Database
) -> None:
    inspection_id = await _notified(database, "monitoring_visit", date(2026, 3, 16))
    # Weekdays alone would give 5 May; Good Friday, Easter Monday and the May Day bank holiday move it to 8 May.
    assert await _milestones(client, inspectorate, inspection_id) == [
        ("on_site", "2026-03-23", "2026-03-24"),
        ("letter", "2026-03-25", "2026-05-08"),
    ]


async def test_focused_visit_letter_skips_christmas_and_the_substitute_boxing_day(
    client: AsyncClient, inspectorate: Headers, database: Database
) -> None:
    inspection_id = await _notified(database, "focused_visit", date(2026, 11, 30))
    assert await _milestones(client, inspectorate, inspection_id) == [
        ("information_due", "2026-12-05", "2026-12-05"),
        ("on_site", "2026-12-07", "2026-12-08"),
        ("letter", "2026-12-09", "2027-01-22"),
    ]


async def test_jtai_letter_within_40_working_days(
    client: AsyncClient, inspectorate: Headers, database: Database
) -> None:
    inspection_id = await _notified(database, "jtai", date(2026, 2, 2))
    assert await _milestones(client, inspectorate, inspection_id) == [
        ("off_site", "2026-02-02", "2026-02-11"),
        ("fieldwork", "2026-02-16", "2026-02-25"),
        ("letter", "2026-02-26", "2026-04-24"),
    ]


async def test_deadline_counts_from_the_recorded_end_of_fieldwork(
    client: AsyncClient, inspectorate: Headers, database: Database
) -> None:
    inspection_id = await _notified(
        database,
        "standard_inspection",
        date(2026, 1, 12),
        fieldwork_start=date(2026, 1, 19),
        fieldwork_end=date(2026, 2, 20),
    )
    assert (await _milestones(client, inspectorate, inspection_id))[3] == ("report", "2026-02-21", "2026-04-28")


async def test_timetable_needs_notified_on(client: AsyncClient, inspectorate: Headers, database: Database) -> None:
    inspection_id = await _notified(database, "standard_inspection", None)
    response = await client.get(f"/v1/inspections/{inspection_id}/timetable", headers=inspectorate)
    assert (response.status_code, response.json()["type"]) == (409, "/problems/conflict")
    assert "notified_on is unknown" in response.json()["detail"]


async def test_types_without_a_timetable_are_a_conflict(
    client: AsyncClient, inspectorate: Headers, database: Database
) -> None:
    for kind in ("sif_inspection", "assurance_visit"):
        inspection_id = await _notified(database, kind, date(2026, 1, 12))
        response = await client.get(f"/v1/inspections/{inspection_id}/timetable", headers=inspectorate)
        assert response.status_code == 409
        assert f"a {kind} has no timetable" in response.json()["detail"]


async def test_timetable_of_an_embargoed_activity_follows_the_embargo(
    client: AsyncClient, leics: Headers, reader: Headers, gateshead: Headers, database: Database
) -> None:
    inspection_id = await _notified(database, "focused_visit", date(2026, 11, 30))
    assert (await client.get(f"/v1/inspections/{inspection_id}/timetable", headers=leics)).status_code == 200
    for headers in (reader, gateshead):
        assert (await client.get(f"/v1/inspections/{inspection_id}/timetable", headers=headers)).status_code == 404


def test_working_days_skip_weekends_and_english_bank_holidays() -> None:
    assert add_working_days(date(2026, 4, 2), 1) == date(2026, 4, 7)  # Thursday -> over Easter -> Tuesday
    assert add_working_days(date(2026, 12, 24), 1) == date(2026, 12, 29)  # Christmas, Boxing Day (observed 28th)
    assert add_working_days(date(2026, 8, 28), 1) == date(2026, 9, 1)  # Late Summer bank holiday, 31 August
    assert add_working_days(date(2026, 1, 9), 0) == date(2026, 1, 9)
    # England's, not the other nations': 2 January (Scotland) and St Patrick's Day (Northern Ireland) are worked.
    assert add_working_days(date(2025, 12, 31), 1) == date(2026, 1, 2)
    assert add_working_days(date(2026, 3, 16), 1) == date(2026, 3, 17)
