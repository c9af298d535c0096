"""Delivery to a real HTTP receiver on loopback (API.md "Events and webhooks"): signed as Standard Webhooks
specify and verified with the library a receiver would use; retried on the schedule; a 410 disables; nothing
the owner may not read is ever delivered."""

import asyncio
from typing import Any

import pytest
from standardwebhooks import Webhook as Verifier

from app.core.security import Role
from app.webhooks.dispatcher import Dispatcher
from tests.conftest import GATESHEAD, LEICESTERSHIRE, Headers
from tests.inspections.helpers import ILACS_2026_AREAS, embargoed, grades, published
from tests.webhooks.conftest import Live
from tests.webhooks.receiver import Receiver, receiving

SELF_EVALUATION = {"year": 2025, "quality_and_impact": "Q.", "evidence": "E.", "plans": "P."}


async def subscribe(live: Live, headers: Headers, receiver: Receiver, types: list[str] | None = None) -> dict[str, Any]:
    response = await live.client.post(
        "/v1/webhooks", json={"url": receiver.url, "event_types": types or ["*"]}, headers=headers
    )
    assert response.status_code == 201, response.text
    made: dict[str, Any] = response.json()
    return made


async def record(live: Live, headers: Headers, body: dict[str, Any]) -> dict[str, Any]:
    response = await live.client.post("/v1/inspections", json=body, headers=headers)
    assert response.status_code == 201, response.text
    created: dict[str, Any] = response.json()
    return created


async def settled_deliveries(live: Live, headers: Headers, hook: dict[str, Any]) -> list[dict[str, Any]]:
    """The subscription's deliveries once none is pending or retrying (the outcome is recorded after the answer)."""
    for _ in range(100):
        response = await live.client.get(f"/v1/webhooks/{hook['id']}/deliveries", headers=headers)
        items: list[dict[str, Any]] = response.json()["items"]
        if items and all(d["status"] in ("succeeded", "failed") for d in items):
            return items
        await asyncio.sleep(0.1)
    raise AssertionError(f"deliveries still unfinished: {items}")


def has(*types: str) -> Any:
    return lambda r: all(t in r.types() for t in types)


@pytest.mark.usefixtures("dispatching")
async def test_deliveries_are_signed_and_verify_with_standardwebhooks(live: Live) -> None:
    reader = await live.make_key(Role.reader, name="council-system")
    inspectorate = await live.make_key(Role.inspectorate)
    async with receiving() as receiver:
        hook = await subscribe(live, reader, receiver, ["inspection.created", "inspection.published"])
        created = await record(live, inspectorate, published())
        await receiver.wait_for(has("inspection.created", "inspection.published"))
    assert receiver.types() == ["inspection.created", "inspection.published"]
    verifier = Verifier(hook["secret"])
    for got in receiver.received:
        assert verifier.verify(got.body, got.headers) == got.event
        assert got.headers["webhook-id"] == got.event["id"]
    shown = (await live.client.get(f"/v1/inspections/{created['id']}", headers=reader)).json()
    assert receiver.received[0].event["data"] == shown


@pytest.mark.usefixtures("dispatching")
async def test_a_receiver_failing_three_times_then_succeeding_gets_the_event(live: Live) -> None:
    reader = await live.make_key(Role.reader)
    admin = await live.make_key(Role.admin)
    async with receiving(statuses=[500, 503, 500]) as receiver:
        hook = await subscribe(live, reader, receiver)
        response = await live.client.patch(
            f"/v1/authorities/{GATESHEAD}", json={"name": "Gateshead Council"}, headers=admin
        )
        assert response.status_code == 200
        await receiver.wait_for(lambda r: len(r.received) == 4)
    assert receiver.types() == ["authority.updated"] * 4
    assert len({r.headers["webhook-id"] for r in receiver.received}) == 1
    deliveries = await settled_deliveries(live, reader, hook)
    assert [(d["status"], d["attempt"], d["response_status"]) for d in deliveries] == [("succeeded", 4, 200)]


@pytest.mark.usefixtures("dispatching")
async def test_a_410_disables_the_subscription(live: Live, dispatching: Dispatcher) -> None:
    reader = await live.make_key(Role.reader)
    admin = await live.make_key(Role.admin)
    async with receiving(statuses=[410]) as receiver:
        hook = await subscribe(live, reader, receiver)
        await live.client.patch(f"/v1/authorities/{GATESHEAD}", json={"name": "Gateshead Council"}, headers=admin)
        await receiver.wait_for(lambda r: len(r.received) == 1)
        await live.client.patch(f"/v1/authorities/{GATESHEAD}", json={"name": "Gateshead MBC"}, headers=admin)
        for _ in range(30):
            shown = (await live.client.get(f"/v1/webhooks/{hook['id']}", headers=reader)).json()
            if not shown["active"]:
                break
            await asyncio.sleep(0.1)
    assert (shown["active"], shown["disabled_reason"]) == (False, "gone")
    assert len(receiver.received) == 1


@pytest.mark.usefixtures("dispatching")
async def test_a_readers_subscription_gets_nothing_of_an_embargoed_inspection_until_published(live: Live) -> None:
    reader = await live.make_key(Role.reader)
    inspectorate = await live.make_key(Role.inspectorate)
    async with receiving() as receiver:
        await subscribe(live, reader, receiver)
        body = embargoed(status="moderation", fieldwork_end="2026-11-13", judgements=grades(ILACS_2026_AREAS))
        body["findings"] = [{"kind": "priority_action", "text": "Strengthen oversight."}]
        created = await record(live, inspectorate, body)
        response = await live.client.patch(
            f"/v1/inspections/{created['id']}",
            json={"status": "published", "published_on": "2026-12-01"},
            headers=inspectorate,
        )
        assert response.status_code == 200, response.text
        await receiver.wait_for(has("inspection.published"))
    assert receiver.types() == ["inspection.updated", "inspection.published"]
    assert all(r.event["data"]["status"] == "published" for r in receiver.received)


@pytest.mark.usefixtures("dispatching")
async def test_an_authoritys_subscription_gets_nothing_of_anothers_self_evaluations(live: Live) -> None:
    gateshead = await live.make_key(Role.authority, authority_code=GATESHEAD)
    leics = await live.make_key(Role.authority, authority_code=LEICESTERSHIRE)
    admin = await live.make_key(Role.admin)
    async with receiving() as receiver:
        await subscribe(live, gateshead, receiver)
        url = f"/v1/authorities/{LEICESTERSHIRE}/self-evaluations"
        assert (await live.client.post(url, json=SELF_EVALUATION, headers=leics)).status_code == 201
        own = f"/v1/authorities/{GATESHEAD}/self-evaluations"
        assert (await live.client.post(own, json=SELF_EVALUATION, headers=gateshead)).status_code == 201
        await live.client.patch(f"/v1/authorities/{GATESHEAD}", json={"name": "Gateshead Council"}, headers=admin)
        await receiver.wait_for(has("authority.updated", "self_evaluation.created"))
    # Order is kept per resource only: these are two resources.
    assert sorted(receiver.types()) == ["authority.updated", "self_evaluation.created"]
    assert {r.event["authority_code"] for r in receiver.received} == {GATESHEAD}


@pytest.mark.usefixtures("dispatching")
async def test_after_a_rotation_both_secrets_verify_for_a_day(live: Live) -> None:
    reader = await live.make_key(Role.reader)
    admin = await live.make_key(Role.admin)
    async with receiving() as receiver:
        hook = await subscribe(live, reader, receiver)
        rotated = await live.client.post(f"/v1/webhooks/{hook['id']}/rotate-secret", headers=reader)
        await live.client.patch(f"/v1/authorities/{GATESHEAD}", json={"name": "Gateshead Council"}, headers=admin)
        await receiver.wait_for(has("authority.updated"))
    got = receiver.received[0]
    assert len(got.headers["webhook-signature"].split(" ")) == 2
    for secret in (hook["secret"], rotated.json()["secret"]):
        assert Verifier(secret).verify(got.body, got.headers) == got.event


@pytest.mark.usefixtures("dispatching")
async def test_replay_sends_again_what_the_subscription_matches(live: Live) -> None:
    reader = await live.make_key(Role.reader)
    admin = await live.make_key(Role.admin)
    async with receiving() as receiver:
        hook = await subscribe(live, reader, receiver, ["authority.updated"])
        await live.client.patch(f"/v1/authorities/{GATESHEAD}", json={"name": "Gateshead Council"}, headers=admin)
        await receiver.wait_for(has("authority.updated"))
        replay = await live.client.post(
            f"/v1/webhooks/{hook['id']}/replay", json={"since": "2020-01-01T00:00:00Z"}, headers=reader
        )
        assert (replay.status_code, replay.json()) == (202, {"queued": 1})
        await receiver.wait_for(lambda r: len(r.received) == 2)
    assert receiver.received[0].body == receiver.received[1].body
