"""The committee report as JSON: the latest graded inspection against the previous one, findings with their
actions, the action plan's exception report since the last committee, benchmarks, and the caller's sight."""

from httpx import AsyncClient

from app.core.database import Database
from app.core.security import Role
from tests.action_items.helpers import add_inspection, create_item, days, today
from tests.conftest import GATESHEAD, LEICESTERSHIRE, Headers, MakeKey
from tests.inspections.helpers import SIF_AREAS, embargoed, grades, published, record

REPORT = f"/v1/authorities/{LEICESTERSHIRE}/committee-report"


async def test_latest_graded_is_compared_with_the_previous_area_by_area(
    national_client: AsyncClient, national_make_key: MakeKey
) -> None:
    reader = await national_make_key(Role.reader)
    report = (await national_client.get(REPORT, params={"as_of": "2026-06-30"}, headers=reader)).json()
    assert (report["latest_graded"]["published_on"], report["previous_graded"]["published_on"]) == (
        "2024-07-12",
        "2019-11-04",
    )
    assert [(c["area"], c["previous_grade"], c["latest_grade"], c["change"]) for c in report["comparison"]] == [
        ("overall_effectiveness", "requires_improvement", "outstanding", "improved"),
        ("impact_of_leaders", "good", "outstanding", "improved"),
        ("help_and_protection", "requires_improvement", "good", "improved"),
        # ilacs_2018's combined judgement answers the same question as children in care (as Ofsted counts).
        ("children_in_care", "good", "outstanding", "improved"),
        ("care_leavers", None, "outstanding", "new"),
    ]


async def test_as_of_before_the_latest_compares_across_frameworks(
    national_client: AsyncClient, national_make_key: MakeKey
) -> None:
    reader = await national_make_key(Role.reader)
    report = (await national_client.get(REPORT, params={"as_of": "2024-01-31"}, headers=reader)).json()
    assert (report["latest_graded"]["published_on"], report["previous_graded"]["published_on"]) == (
        "2019-11-04",
        "2017-02-13",
    )
    # The history as it stood: begun or published by as_of, the one that began first first.
    assert [(h["type"], h["fieldwork_start"], h["published_on"]) for h in report["history"]] == [
        ("sif_inspection", None, "2017-02-13"),
        ("standard_inspection", "2019-09-23", "2019-11-04"),
        ("focused_visit", "2023-05-11", None),
    ]
    assert [(c["area"], c["previous_grade"], c["latest_grade"], c["change"]) for c in report["comparison"]] == [
        ("overall_effectiveness", "requires_improvement", "requires_improvement", "unchanged"),
        ("impact_of_leaders", "requires_improvement", "good", "improved"),  # SIF: leadership, management, governance
        ("help_and_protection", "requires_improvement", "requires_improvement", "unchanged"),
        ("children_in_care_and_care_leavers", "requires_improvement", "good", "improved"),  # SIF: looked after
        ("adoption_performance", "requires_improvement", None, "not_graded"),
        ("care_leavers", "requires_improvement", None, "not_graded"),
    ]


async def test_declines_and_areas_no_longer_graded(client: AsyncClient, inspectorate: Headers, reader: Headers) -> None:
    sif = {
        "authority_code": LEICESTERSHIRE,
        "type": "sif_inspection",
        "status": "published",
        "fieldwork_start": "2015-03-02",
        "fieldwork_end": "2015-03-26",
        "published_on": "2015-05-20",
        "judgements": grades(SIF_AREAS, "good", leadership_management_governance="outstanding"),
    }
    await record(client, inspectorate, sif)
    await record(client, inspectorate, published(overall="requires_improvement"))
    report = (await client.get(REPORT, headers=reader)).json()
    assert [(c["area"], c["previous_grade"], c["latest_grade"], c["change"]) for c in report["comparison"]] == [
        ("overall_effectiveness", "good", "requires_improvement", "declined"),
        ("impact_of_leaders", "outstanding", "good", "declined"),  # SIF: leadership, management and governance
        ("help_and_protection", "good", "good", "unchanged"),
        ("children_in_care", "good", "good", "unchanged"),  # SIF: looked after and achieving permanence
        ("care_leavers", "good", "good", "unchanged"),
        ("adoption_performance", "good", None, "not_graded"),
    ]


async def test_exception_report_since_the_last_committee(
    client: AsyncClient, database: Database, leics: Headers, reader: Headers
) -> None:
    _, (answered, unanswered) = await add_inspection(database, LEICESTERSHIRE, findings=2)
    await create_item(client, leics, LEICESTERSHIRE, title="Fell due", due_on=days(-10), finding_id=str(answered))
    await create_item(client, leics, LEICESTERSHIRE, title="Long overdue", due_on=days(-200))
    await create_item(client, leics, LEICESTERSHIRE, title="Done", status="completed", completed_on=days(-5))
    await create_item(
        client,
        leics,
        LEICESTERSHIRE,
        title="Done long ago",
        status="completed",
        completed_on=days(-120),
        due_on=days(-130),
    )
    moved = await create_item(client, leics, LEICESTERSHIRE, title="Moved", due_on=days(20))
    patched = await client.patch(
        f"/v1/action-items/{moved['id']}",
        json={"due_on": days(40), "due_change_reason": "Waiting for the audit"},
        headers=leics,
    )
    assert patched.status_code == 200
    await create_item(client, leics, LEICESTERSHIRE, title="Dropped", status="cancelled", finding_id=str(unanswered))

    plan = (await client.get(REPORT, params={"since": days(-30)}, headers=reader)).json()["action_plan"]
    assert (plan["as_of"], plan["since"]) == (today().isoformat(), days(-30))
    assert plan["by_status"] == {"not_started": 3, "in_progress": 0, "completed": 2, "cancelled": 1}
    assert plan["by_rag"] == {"red": 2, "amber": 0, "green": 1}
    assert [i["title"] for i in plan["overdue"]] == ["Long overdue", "Fell due"]
    assert [i["title"] for i in plan["became_overdue_since"]] == ["Fell due"]
    assert [i["title"] for i in plan["completed_since"]] == ["Done"]
    assert [(i["id"], i["original_due_on"], i["due_on"], i["rescheduled"]) for i in plan["rescheduled_since"]] == [
        (moved["id"], days(20), days(40), True)
    ]
    assert [(c["from"], c["to"], c["reason"]) for c in plan["rescheduled_since"][0]["due_on_changes"]] == [
        (days(20), days(40), "Waiting for the audit")
    ]
    # A cancelled action answers nothing.
    assert [f["id"] for f in plan["findings_without_actions"]] == [str(unanswered)]


async def test_findings_carry_their_actions_by_status(
    client: AsyncClient, database: Database, leics: Headers, reader: Headers
) -> None:
    _, (first, second) = await add_inspection(database, LEICESTERSHIRE, findings=2)
    await create_item(client, leics, LEICESTERSHIRE, finding_id=str(first))
    await create_item(client, leics, LEICESTERSHIRE, finding_id=str(first), status="in_progress")
    await create_item(client, leics, LEICESTERSHIRE, finding_id=str(first), status="completed")
    findings = (await client.get(REPORT, headers=reader)).json()["findings"]
    assert [(f["id"], f["inspection_type"], f["published_on"], f["actions"]) for f in findings] == [
        (
            str(first),
            "standard_inspection",
            "2025-03-07",
            {"not_started": 1, "in_progress": 1, "completed": 1, "cancelled": 0},
        ),
        (
            str(second),
            "standard_inspection",
            "2025-03-07",
            {"not_started": 0, "in_progress": 0, "completed": 0, "cancelled": 0},
        ),
    ]


async def test_report_respects_the_callers_sight(
    client: AsyncClient, inspectorate: Headers, leics: Headers, reader: Headers, gateshead: Headers
) -> None:
    await record(client, inspectorate, published())
    await record(client, inspectorate, embargoed())
    body = {"year": today().year, "quality_and_impact": "Q", "evidence": "E", "plans": "P", "shared_on": days(-3)}
    created = await client.post(f"/v1/authorities/{LEICESTERSHIRE}/self-evaluations", json=body, headers=leics)
    assert created.status_code == 201
    own = (await client.get(REPORT, headers=leics)).json()
    assert [h["status"] for h in own["history"]] == ["published", "fieldwork"]
    assert own["self_evaluation"] == {"year": today().year, "shared_on": days(-3)}
    for other in (reader, gateshead):
        seen = (await client.get(REPORT, headers=other)).json()
        assert [h["status"] for h in seen["history"]] == ["published"]
        assert seen["self_evaluation"] is None


async def test_benchmarks_count_the_region_and_england(
    national_client: AsyncClient, national_make_key: MakeKey
) -> None:
    reader = await national_make_key(Role.reader)
    report = (await national_client.get(REPORT, params={"as_of": "2025-06-30"}, headers=reader)).json()
    overall = report["benchmarks"][0]
    assert [b["area"] for b in report["benchmarks"]] == [
        "overall_effectiveness",
        "impact_of_leaders",
        "help_and_protection",
        "children_in_care",
        "care_leavers",
    ]
    assert overall["authority_grade"] == "outstanding"
    counts = ("outstanding", "good", "requires_improvement", "inadequate", "not_graded", "not_inspected")
    assert [overall["england"][k] for k in counts] == [36, 67, 31, 19, 0, 0]
    assert [overall["region"][k] for k in counts] == [3, 3, 3, 1, 0, 0]
    assert [overall["neighbours"][k] for k in counts] == [2, 5, 3, 0, 0, 0]  # its ten DfE neighbours


async def test_since_after_as_of_is_refused_and_unknown_authority_is_404(client: AsyncClient, reader: Headers) -> None:
    refused = await client.get(REPORT, params={"as_of": "2026-01-31", "since": "2026-02-01"}, headers=reader)
    assert (refused.status_code, refused.json()["errors"]) == (
        422,
        [{"field": "since", "message": "must not be after as_of"}],
    )
    missing = await client.get("/v1/authorities/E06999999/committee-report", headers=reader)
    assert missing.status_code == 404
    empty = (await client.get(f"/v1/authorities/{GATESHEAD}/committee-report", headers=reader)).json()
    assert (empty["latest_graded"], empty["comparison"], empty["history"], empty["findings"]) == (None, [], [], [])
    assert empty["forecast"]["expected"][0]["type"] == "standard_inspection"


async def test_engagement_meetings_since_the_last_committee_for_those_who_may_see_them(
    client: AsyncClient, leics: Headers, reader: Headers
) -> None:
    url = f"/v1/authorities/{LEICESTERSHIRE}/engagement-meetings"
    for held_on in (days(-100), days(-10)):
        body = {
            "held_on": held_on,
            "attendees": ["DCS", "Ofsted regional lead"],
            "discussion": "Progress",
            "agreed_next_steps": ["Audit the front door"],
        }
        assert (await client.post(url, json=body, headers=leics)).status_code == 201
    own = (await client.get(REPORT, params={"since": days(-30)}, headers=leics)).json()
    assert [(m["held_on"], m["agreed_next_steps"]) for m in own["engagement_meetings"]] == [
        (days(-10), ["Audit the front door"])
    ]
    assert (await client.get(REPORT, params={"since": days(-30)}, headers=reader)).json()["engagement_meetings"] == []
