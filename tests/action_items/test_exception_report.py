"""The exception report of the action-plan summary (API.md): from `since` to `as_of`, both included, what moved
and why, what was completed, what fell overdue, and which findings no action answers; a fixed number of
statements; each part as the caller may see it."""

import uuid
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import sqlalchemy as sa
from httpx import AsyncClient

from app.core.database import Database
from app.models import Finding, Inspection, Judgement
from tests.action_items.helpers import create_item, days, today
from tests.conftest import LEICESTERSHIRE, Headers, StatementCounter

URL = f"/v1/authorities/{LEICESTERSHIRE}/action-plan-summary"
AREAS = ("overall_effectiveness", "impact_of_leaders", "help_and_protection", "children_in_care", "care_leavers")


async def _report(client: AsyncClient, headers: Headers, since: str | None = None) -> dict[str, Any]:
    response = await client.get(URL, params={"since": since} if since else {}, headers=headers)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def _ids(items: list[dict[str, Any]]) -> list[str]:
    return [i["id"] for i in items]


async def _move(client: AsyncClient, headers: Headers, item_id: str, due_on: str, reason: str) -> None:
    body = {"due_on": due_on, "due_change_reason": reason}
    assert (await client.patch(f"/v1/action-items/{item_id}", json=body, headers=headers)).status_code == 200


async def _backdate_log(database: Database, item_id: str, at: datetime) -> None:
    async with database.session() as session:
        await session.execute(
            sa.text("UPDATE action_item_updates SET created_at = :at WHERE action_item_id = :id"),
            {"at": at, "id": uuid.UUID(item_id)},
        )
        await session.commit()


async def test_since_defaults_to_90_days_before_as_of(client: AsyncClient, reader: Headers) -> None:
    body = await _report(client, reader)
    assert (body["as_of"], body["since"]) == (days(0), days(-90))
    assert [body[k] for k in ("rescheduled_since", "completed_since", "became_overdue_since")] == [[], [], []]
    assert body["findings_without_actions"] == []


async def test_since_after_as_of_is_refused(client: AsyncClient, reader: Headers) -> None:
    response = await client.get(URL, params={"since": days(1)}, headers=reader)
    assert (response.status_code, response.json()["errors"][0]["field"]) == (422, "since")


async def test_a_due_date_change_on_since_is_reported_with_its_reason(client: AsyncClient, leics: Headers) -> None:
    item = await create_item(client, leics, LEICESTERSHIRE, due_on=days(20))
    await _move(client, leics, item["id"], days(50), "New practice model first")
    (moved,) = (await _report(client, leics, since=days(0)))["rescheduled_since"]
    assert (moved["id"], moved["rescheduled"], moved["original_due_on"], moved["due_on"]) == (
        item["id"],
        True,
        days(20),
        days(50),
    )
    assert [(c["from"], c["to"], c["reason"], c["author"]) for c in moved["due_on_changes"]] == [
        (days(20), days(50), "New practice model first", "leics-test")
    ]


async def test_a_due_date_change_the_day_before_since_is_not_reported(
    client: AsyncClient, leics: Headers, database: Database
) -> None:
    item = await create_item(client, leics, LEICESTERSHIRE, due_on=days(20))
    await _move(client, leics, item["id"], days(50), "Recruitment")
    last_moment_of_yesterday = datetime.combine(today() - timedelta(days=1), time(23, 59, 59), tzinfo=UTC)
    await _backdate_log(database, item["id"], last_moment_of_yesterday)
    assert (await _report(client, leics, since=days(0)))["rescheduled_since"] == []
    assert _ids((await _report(client, leics, since=days(-1)))["rescheduled_since"]) == [item["id"]]


async def test_a_due_date_moved_back_to_the_original_is_still_reported(client: AsyncClient, leics: Headers) -> None:
    item = await create_item(client, leics, LEICESTERSHIRE, due_on=days(20))
    await _move(client, leics, item["id"], days(50), "Waiting for funding")
    await _move(client, leics, item["id"], days(20), "Funding came through")
    (moved,) = (await _report(client, leics))["rescheduled_since"]
    assert (moved["rescheduled"], moved["due_on"]) == (False, days(20))
    assert [(c["from"], c["to"], c["reason"]) for c in moved["due_on_changes"]] == [
        (days(20), days(50), "Waiting for funding"),
        (days(50), days(20), "Funding came through"),
    ]


async def test_completed_since_includes_since_and_leaves_out_the_day_before(
    client: AsyncClient, leics: Headers
) -> None:
    on_since = await create_item(client, leics, LEICESTERSHIRE, status="completed", completed_on=days(-30))
    before = await create_item(client, leics, LEICESTERSHIRE, status="completed", completed_on=days(-31))
    latest = await create_item(client, leics, LEICESTERSHIRE, status="completed", completed_on=days(0))
    await create_item(client, leics, LEICESTERSHIRE, status="cancelled")
    body = await _report(client, leics, since=days(-30))
    assert _ids(body["completed_since"]) == [latest["id"], on_since["id"]]
    assert before["id"] not in _ids(body["completed_since"])


async def test_became_overdue_since_is_due_from_since_to_before_as_of_and_still_open(
    client: AsyncClient, leics: Headers
) -> None:
    due_on_since = await create_item(client, leics, LEICESTERSHIRE, due_on=days(-10))
    due_yesterday = await create_item(client, leics, LEICESTERSHIRE, due_on=days(-1), status="in_progress")
    await create_item(client, leics, LEICESTERSHIRE, due_on=days(-11))  # overdue already on since
    await create_item(client, leics, LEICESTERSHIRE, due_on=days(0))  # due today: not overdue
    await create_item(client, leics, LEICESTERSHIRE, due_on=days(-5), status="completed", completed_on=days(-2))
    body = await _report(client, leics, since=days(-10))
    assert _ids(body["became_overdue_since"]) == [due_on_since["id"], due_yesterday["id"]]
    assert [i["overdue"] for i in body["became_overdue_since"]] == [True, True]


# --- findings without actions -------------------------------------------------------------------------------


async def _activity(
    database: Database,
    kind: str,
    fieldwork: date,
    published_on: date | None,
    findings: list[str],
    status: str = "published",
) -> list[uuid.UUID]:
    async with database.session() as session:
        inspection = Inspection(
            authority_code=LEICESTERSHIRE,
            type=kind,
            framework="ilacs_2023",
            status=status,
            fieldwork_start=fieldwork,
            fieldwork_end=fieldwork + timedelta(days=4),
            published_on=published_on,
        )
        session.add(inspection)
        await session.flush()
        if kind == "standard_inspection":
            session.add_all(Judgement(inspection_id=inspection.id, area=a, grade="inadequate") for a in AREAS)
        made = [Finding(inspection_id=inspection.id, kind=k, text=f"{k} {n}") for n, k in enumerate(findings)]
        session.add_all(made)
        await session.flush()
        await session.commit()
        return [f.id for f in made]


async def _unanswered_world(database: Database) -> dict[str, list[uuid.UUID]]:
    return {
        "older": await _activity(
            database, "standard_inspection", date(2021, 3, 1), date(2021, 5, 1), ["priority_action"]
        ),
        "latest": await _activity(
            database,
            "standard_inspection",
            date(2024, 3, 4),
            date(2024, 5, 2),
            ["area_for_improvement", "strength", "priority_action", "area_for_improvement", "area_for_improvement"],
        ),
        "monitoring": await _activity(
            database, "monitoring_visit", date(2024, 9, 9), date(2024, 10, 15), ["area_for_improvement"]
        ),
        "embargoed": await _activity(
            database, "monitoring_visit", date(2025, 1, 13), None, ["area_for_improvement"], status="moderation"
        ),
    }


async def test_findings_without_actions_are_those_no_open_action_answers(
    client: AsyncClient, leics: Headers, database: Database
) -> None:
    world = await _unanswered_world(database)
    afi_0, _, priority, afi_3, afi_4 = world["latest"]
    await create_item(client, leics, LEICESTERSHIRE, finding_id=str(afi_0))
    await create_item(client, leics, LEICESTERSHIRE, finding_id=str(afi_3), status="completed")
    await create_item(client, leics, LEICESTERSHIRE, finding_id=str(afi_4), status="cancelled")
    body = await _report(client, leics)
    assert [(f["id"], f["kind"], f["inspection_type"]) for f in body["findings_without_actions"]] == [
        (str(priority), "priority_action", "standard_inspection"),
        (str(afi_4), "area_for_improvement", "standard_inspection"),
        (str(world["monitoring"][0]), "area_for_improvement", "monitoring_visit"),
    ]


async def test_findings_of_embargoed_activities_are_not_reported_to_anyone(
    client: AsyncClient, leics: Headers, reader: Headers, inspectorate: Headers, database: Database
) -> None:
    world = await _unanswered_world(database)
    for headers in (leics, reader, inspectorate):
        reported = {f["id"] for f in (await _report(client, headers))["findings_without_actions"]}
        assert str(world["embargoed"][0]) not in reported
        assert str(world["older"][0]) not in reported
        assert len(reported) == 5


async def test_items_of_an_embargoed_inspection_show_it_only_to_those_who_see_it(
    client: AsyncClient, leics: Headers, reader: Headers, database: Database
) -> None:
    (finding_id,) = await _activity(
        database, "monitoring_visit", date(2025, 1, 13), None, ["area_for_improvement"], status="moderation"
    )
    item = await create_item(client, leics, LEICESTERSHIRE, finding_id=str(finding_id), due_on=days(-3))
    for headers, shown in ((leics, str(finding_id)), (reader, None)):
        (fell,) = (await _report(client, headers))["became_overdue_since"]
        assert (fell["id"], fell["finding_id"]) == (item["id"], shown)


async def test_the_report_runs_a_fixed_number_of_statements(
    client: AsyncClient, leics: Headers, database: Database, statements: StatementCounter
) -> None:
    await _unanswered_world(database)

    async def add_one(n: int) -> None:
        item = await create_item(client, leics, LEICESTERSHIRE, due_on=days(-n))
        await _move(client, leics, item["id"], days(-n - 1), "Moved")
        await create_item(client, leics, LEICESTERSHIRE, status="completed", completed_on=days(-n))

    await add_one(1)
    statements.reset()
    await _report(client, leics)
    few = statements.count
    for n in range(2, 7):
        await add_one(n)
    statements.reset()
    body = await _report(client, leics)
    assert statements.count == few
    assert [len(body[k]) for k in ("rescheduled_since", "completed_since", "became_overdue_since")] == [6, 6, 6]
