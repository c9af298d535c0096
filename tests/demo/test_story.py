"""The demo's committee story (app.demo.story), read through the API as a committee officer would: a published
inadequate inspection whose areas for improvement the plan answers but one, an item from the later monitoring
visit, items from a peer review and a councillor's visit, one rescheduled with its reason, one overdue, one
completed, and the engagement meeting that discussed the self-evaluation."""

from collections import Counter
from datetime import date, timedelta

from httpx import AsyncClient

from app.core.database import Database
from app.demo.content import STORY_AUTHORITY, STORY_FINDING_ITEMS
from app.demo.service import load_demo
from app.models import Inspection, Judgement
from tests.action_items.helpers import all_pages, days
from tests.conftest import Headers

AREAS = ("overall_effectiveness", "impact_of_leaders", "help_and_protection", "children_in_care", "care_leavers")


async def _story_world(database: Database) -> tuple[str, str]:
    async with database.session() as session:
        inspection = Inspection(
            authority_code=STORY_AUTHORITY,
            type="standard_inspection",
            framework="ilacs_2023",
            status="published",
            fieldwork_start=date(2023, 7, 10),
            fieldwork_end=date(2023, 7, 21),
            published_on=date(2023, 9, 5),
        )
        visit = Inspection(
            authority_code=STORY_AUTHORITY,
            type="monitoring_visit",
            framework="ilacs_2023",
            status="published",
            fieldwork_start=date(2024, 4, 3),
            fieldwork_end=date(2024, 4, 4),
            published_on=date(2024, 5, 15),
        )
        session.add_all([inspection, visit])
        await session.flush()
        session.add_all(Judgement(inspection_id=inspection.id, area=a, grade="inadequate") for a in AREAS)
        await session.commit()
        return str(inspection.id), str(visit.id)


async def _told(database: Database) -> tuple[str, str]:
    ids = await _story_world(database)
    async with database.session() as session:
        await load_demo(session)
        await session.commit()
    return ids


async def test_story_leaves_exactly_one_finding_without_an_action(
    database: Database, client: AsyncClient, reader: Headers
) -> None:
    inspection_id, _ = await _told(database)
    findings = (await client.get(f"/v1/inspections/{inspection_id}/findings", headers=reader)).json()["items"]
    assert [f["kind"] for f in findings] == ["priority_action"] * 4
    summary = (await client.get(f"/v1/authorities/{STORY_AUTHORITY}/action-plan-summary", headers=reader)).json()
    (unanswered,) = summary["findings_without_actions"]
    assert unanswered["inspection_id"] == inspection_id
    answered = {
        i["finding_id"] for i in await all_pages(client, "/v1/action-items", reader, authority_code=STORY_AUTHORITY)
    }
    assert {f["id"] for f in findings} - answered == {unanswered["id"]}


async def test_story_items_answer_the_inspection_the_monitoring_visit_a_peer_review_and_a_councillor(
    database: Database, client: AsyncClient, reader: Headers
) -> None:
    inspection_id, visit_id = await _told(database)
    items = await all_pages(client, "/v1/action-items", reader, authority_code=STORY_AUTHORITY)
    assert Counter((i["source"], i["inspection_id"]) for i in items) == {
        ("finding", inspection_id): 3,
        ("finding", visit_id): 1,
        ("peer_review", None): 1,
        ("councillor_visit", None): 1,
    }
    peer = next(i for i in items if i["source"] == "peer_review")
    assert peer["source_reference"].startswith("Sector-led improvement partner review, ")


async def test_story_has_one_rescheduled_with_its_reason_one_overdue_one_completed(
    database: Database, client: AsyncClient, reader: Headers
) -> None:
    await _told(database)
    summary = (await client.get(f"/v1/authorities/{STORY_AUTHORITY}/action-plan-summary", headers=reader)).json()
    moved, overdue, completed = STORY_FINDING_ITEMS[:3]
    (rescheduled,) = summary["rescheduled_since"]
    assert (rescheduled["title"], rescheduled["rescheduled"], rescheduled["overdue"]) == (moved.title, True, False)
    assert [(c["from"], c["to"], c["reason"]) for c in rescheduled["due_on_changes"]] == [
        (days(moved.due_in_days), days(moved.moved_to_days or 0), moved.reason)
    ]
    assert [(i["title"], i["rescheduled"]) for i in summary["overdue"]] == [(overdue.title, False)]
    assert [i["title"] for i in summary["became_overdue_since"]] == [overdue.title]
    assert [(i["title"], i["completed_on"]) for i in summary["completed_since"]] == [
        (completed.title, days(-(completed.completed_days_ago or 0)))
    ]


async def test_story_has_an_engagement_meeting_on_the_self_evaluation(
    database: Database, client: AsyncClient, inspectorate: Headers
) -> None:
    await _told(database)
    base = f"/v1/authorities/{STORY_AUTHORITY}"
    (evaluation,) = (await client.get(f"{base}/self-evaluations", headers=inspectorate)).json()["items"]
    (meeting,) = (await client.get(f"{base}/engagement-meetings", headers=inspectorate)).json()["items"]
    held_on = date.fromisoformat(days(-45))
    assert (meeting["held_on"], meeting["self_evaluation_id"], meeting["letter_received_on"]) == (
        held_on.isoformat(),
        evaluation["id"],
        (held_on + timedelta(days=14)).isoformat(),
    )
