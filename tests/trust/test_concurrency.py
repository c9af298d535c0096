"""Concurrent writers over real connections and committed transactions: nothing acknowledged is lost.

Each scenario runs for every kind of resource in ``RESOURCES`` (tests/trust/concurrency.py).
"""

import uuid

import pytest

from tests.trust.concurrency import (
    ACTION_ITEM,
    INSPECTION,
    RACERS,
    RESOURCES,
    Call,
    Resource,
    assert_applied,
    audit_events,
    count_rows,
    if_match_race,
    race,
)
from tests.trust.conftest import LiveApp

by_name = pytest.mark.parametrize("resource", RESOURCES, ids=lambda r: r.name)


@by_name
async def test_parallel_if_match_writers_one_wins_and_the_rest_get_412(live_app: LiveApp, resource: Resource) -> None:
    path = await resource.make(live_app)
    before = (await live_app.client.get(path, headers=live_app.admin)).json()
    winner, _ = await if_match_race(live_app, path, [resource.change(i) for i in range(RACERS)])
    after = (await live_app.client.get(path, headers=live_app.admin)).json()
    assert after["version"] == before["version"] + 1
    assert_applied(after, resource.change(winner))
    assert await audit_events(live_app, resource.name, path.rsplit("/", 1)[1], "update") == 1


@by_name
async def test_parallel_writers_without_if_match_lose_no_update(live_app: LiveApp, resource: Resource) -> None:
    path = await resource.make(live_app)
    version = (await live_app.client.get(path, headers=live_app.admin)).json()["version"]
    calls = [Call("PATCH", path, live_app.admin, resource.change(i)) for i in range(RACERS)]
    responses = await race(live_app.client, calls)
    assert [r.status_code for r in responses] == [200] * RACERS
    versions = [r.json()["version"] for r in responses]
    assert sorted(versions) == list(range(version + 1, version + RACERS + 1))
    after = (await live_app.client.get(path, headers=live_app.admin)).json()
    assert after["version"] == version + RACERS
    assert_applied(after, resource.change(versions.index(max(versions))))
    assert await audit_events(live_app, resource.name, path.rsplit("/", 1)[1], "update") == RACERS


@by_name
async def test_parallel_repeats_of_one_idempotency_key_create_one_resource(
    live_app: LiveApp, resource: Resource
) -> None:
    collection, body = await resource.create(live_app)
    rows = await count_rows(live_app, resource.table)
    headers = {**live_app.admin, "Idempotency-Key": str(uuid.uuid4())}
    responses = await race(live_app.client, [Call("POST", collection, headers, body)] * RACERS)
    assert [r.status_code for r in responses] == [201] * RACERS
    assert len({r.content for r in responses}) == 1
    assert len({r.headers["location"] for r in responses}) == 1
    assert await count_rows(live_app, resource.table) == rows + 1


async def test_parallel_status_transitions_of_one_inspection_one_wins(live_app: LiveApp) -> None:
    path = await INSPECTION.make(live_app)
    moves = [
        {"status": "cancelled"} if i % 2 else {"status": "notified", "notified_on": "2025-01-06"} for i in range(RACERS)
    ]
    winner, _ = await if_match_race(live_app, path, moves)
    after = (await live_app.client.get(path, headers=live_app.admin)).json()
    assert after["status"] == moves[winner]["status"]
    assert await audit_events(live_app, "inspection", path.rsplit("/", 1)[1], "update") == 1


async def test_parallel_progress_updates_of_one_action_item_are_all_kept(live_app: LiveApp) -> None:
    path = await ACTION_ITEM.make(live_app)
    notes = [f"Progress note {i}" for i in range(RACERS)]
    calls = [Call("POST", f"{path}/updates", live_app.admin, {"note": note, "status": "in_progress"}) for note in notes]
    responses = await race(live_app.client, calls)
    assert [r.status_code for r in responses] == [201] * RACERS
    log = await live_app.client.get(f"{path}/updates", params={"limit": 200}, headers=live_app.admin)
    assert sorted(u["note"] for u in log.json()["items"]) == sorted(notes)
    assert (await live_app.client.get(path, headers=live_app.admin)).json()["status"] == "in_progress"


async def test_parallel_revocations_of_one_key_revoke_it_once(live_app: LiveApp) -> None:
    created = await live_app.client.post(
        "/v1/api-keys", json={"name": "revoked-in-parallel", "role": "reader"}, headers=live_app.admin
    )
    key_id, secret = created.json()["id"], created.json()["secret"]
    responses = await race(live_app.client, [Call("DELETE", f"/v1/api-keys/{key_id}", live_app.admin)] * RACERS)
    assert [r.status_code for r in responses] == [204] * RACERS
    assert await audit_events(live_app, "api_key", key_id, "delete") == 1
    refused = await live_app.client.get("/v1/authorities", headers={"Authorization": f"Bearer {secret}"})
    assert refused.status_code == 401
