"""More racing writers over real connections and committed transactions, beside test_concurrency.py (which
races If-Match writers, blind writers and Idempotency-Key repeats on every kind of resource): the races that
row locks and unique constraints, not ETags, must settle.

- contrary status transitions without If-Match: the first wins, every contrary one is 409, none undoes it;
- progress updates that change the item's status: every update kept, and the item ends as its log says;
- creates of one unique key (slug, code, authority and year) without Idempotency-Key: one 201, the rest 409;
- puts of one judgement: created once (one 201), the rest replace it (200);
- deletes of one resource: one 204, the rest 404, one audit event.
"""

import itertools
from typing import Any

import pytest

from tests.conftest import LEICESTERSHIRE
from tests.trust.concurrency import (
    ACTION_ITEM,
    AUTHORITY,
    RACERS,
    RESOURCES,
    SELF_EVALUATION,
    THEME,
    Call,
    Resource,
    audit_events,
    count_rows,
    race,
)
from tests.trust.conftest import LiveApp

ILACS_2026_AREAS = ("impact_of_leaders", "help_and_protection", "children_in_care", "care_leavers")


async def _inspection_in_moderation(live: LiveApp) -> tuple[str, dict[str, Any]]:
    body = {
        "authority_code": LEICESTERSHIRE,
        "type": "standard_inspection",
        "status": "moderation",
        "notified_on": "2026-09-01",
        "fieldwork_start": "2026-09-07",
        "fieldwork_end": "2026-09-18",
        "judgements": [{"area": area, "grade": "good"} for area in ILACS_2026_AREAS],
    }
    response = await live.client.post("/v1/inspections", json=body, headers=live.admin)
    assert response.status_code == 201, response.text
    created: dict[str, Any] = response.json()
    return f"/v1/inspections/{created['id']}", created


async def test_contrary_transitions_without_if_match_the_first_wins_and_the_rest_are_refused(
    live_app: LiveApp,
) -> None:
    path, before = await _inspection_in_moderation(live_app)
    publish, cancel = {"status": "published", "published_on": "2026-10-30"}, {"status": "cancelled"}
    moves = [publish if i % 2 else cancel for i in range(RACERS)]

    responses = await race(live_app.client, [Call("PATCH", path, live_app.admin, move) for move in moves])

    after = (await live_app.client.get(path, headers=live_app.admin)).json()
    won = [move["status"] == after["status"] for move in moves]
    assert [r.status_code for r in responses] == [200 if w else 409 for w in won]
    assert {r.json()["type"] for r, w in zip(responses, won, strict=True) if not w} == {"/problems/invalid-transition"}
    assert {r.json()["status"] for r, w in zip(responses, won, strict=True) if w} == {after["status"]}
    assert after["version"] == before["version"] + 1
    assert await audit_events(live_app, "inspection", before["id"], "update") == 1


async def test_progress_updates_changing_status_all_kept_and_the_item_ends_as_its_log_says(
    live_app: LiveApp,
) -> None:
    path = await ACTION_ITEM.make(live_app)
    before = (await live_app.client.get(path, headers=live_app.admin)).json()
    logged = await count_rows(live_app, "action_item_updates")
    statuses = [("in_progress", "completed")[i % 2] for i in range(RACERS)]
    calls = [
        Call("POST", f"{path}/updates", live_app.admin, {"note": f"Update {i}", "status": status})
        for i, status in enumerate(statuses)
    ]

    responses = await race(live_app.client, calls)

    assert [r.status_code for r in responses] == [201] * RACERS
    log = (await live_app.client.get(f"{path}/updates", params={"limit": 200}, headers=live_app.admin)).json()
    assert sorted(u["note"] for u in log["items"]) == sorted(f"Update {i}" for i in range(RACERS))
    history = [before["status"], *(u["status"] for u in log["items"])]
    changes = sum(1 for old, new in itertools.pairwise(history) if old != new)
    item = (await live_app.client.get(path, headers=live_app.admin)).json()
    assert (item["status"], item["completed_on"] is not None) == (history[-1], history[-1] == "completed")
    assert item["version"] == before["version"] + changes
    assert await audit_events(live_app, "action_item", before["id"], "update") == changes
    assert await count_rows(live_app, "action_item_updates") == logged + RACERS


@pytest.mark.parametrize("resource", [AUTHORITY, THEME, SELF_EVALUATION], ids=lambda r: r.name)
async def test_parallel_creates_of_one_unique_key_make_one_and_refuse_the_rest(
    live_app: LiveApp, resource: Resource
) -> None:
    collection, body = await resource.create(live_app)
    rows = await count_rows(live_app, resource.table)

    responses = await race(live_app.client, [Call("POST", collection, live_app.admin, body)] * RACERS)

    assert sorted(r.status_code for r in responses) == [201] + [409] * (RACERS - 1)
    assert {r.json()["type"] for r in responses if r.status_code == 409} == {"/problems/conflict"}
    assert await count_rows(live_app, resource.table) == rows + 1


async def test_parallel_puts_of_one_judgement_create_it_once(live_app: LiveApp) -> None:
    body = {
        "authority_code": LEICESTERSHIRE,
        "type": "standard_inspection",
        "status": "planned",
        "fieldwork_start": "2027-01-11",
    }
    created = await live_app.client.post("/v1/inspections", json=body, headers=live_app.admin)
    inspection_id = created.json()["id"]
    judgement = f"/v1/inspections/{inspection_id}/judgements/help_and_protection"

    responses = await race(live_app.client, [Call("PUT", judgement, live_app.admin, {"grade": "good"})] * RACERS)

    assert sorted(r.status_code for r in responses) == [200] * (RACERS - 1) + [201]
    rows = await live_app.scalar("SELECT count(*) FROM judgements WHERE inspection_id = :i", i=inspection_id)
    assert rows == 1
    assert await audit_events(live_app, "judgement", f"{inspection_id}/help_and_protection", "create") == 1


@pytest.mark.parametrize("resource", RESOURCES, ids=lambda r: r.name)
async def test_parallel_deletes_of_one_resource_delete_it_once(live_app: LiveApp, resource: Resource) -> None:
    path = await resource.make(live_app)
    rows = await count_rows(live_app, resource.table)

    responses = await race(live_app.client, [Call("DELETE", path, live_app.admin)] * RACERS)

    assert sorted(r.status_code for r in responses) == [204] + [404] * (RACERS - 1)
    assert await count_rows(live_app, resource.table) == rows - 1
    assert await audit_events(live_app, resource.name, path.rsplit("/", 1)[1], "delete") == 1
