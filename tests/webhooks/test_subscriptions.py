"""Subscriptions through the API: secrets shown once, the destination guard, owners' sight of their own."""

import base64

from httpx import AsyncClient

from app.core.security import Role
from tests.conftest import LEICESTERSHIRE, Headers, MakeKey

HOOKS = "/v1/webhooks"
PUBLIC = "https://93.184.215.14/hooks/ilacs"  # a global address: no DNS needed


async def subscribe(client: AsyncClient, headers: Headers, **body: object) -> dict[str, object]:
    response = await client.post(HOOKS, json={"url": PUBLIC, "event_types": ["*"], **body}, headers=headers)
    assert response.status_code == 201, response.text
    made: dict[str, object] = response.json()
    return made


async def test_a_subscription_gets_a_standard_webhooks_secret_once(client: AsyncClient, reader: Headers) -> None:
    made = await subscribe(client, reader, event_types=["inspection.published"])
    secret = str(made["secret"])
    assert secret.startswith("whsec_") and len(base64.b64decode(secret[len("whsec_") :])) == 32
    assert made["owner"] == {"kind": "api_key", "id": made["owner"]["id"], "name": "reader-test"}  # type: ignore[index]
    assert made["active"] is True and made["disabled_reason"] is None
    shown = await client.get(f"{HOOKS}/{made['id']}", headers=reader)
    assert "secret" not in shown.json()


async def test_internal_and_plain_http_destinations_are_refused(client: AsyncClient, reader: Headers) -> None:
    for url, why in (
        ("https://10.1.2.3/hook", "internal address"),
        ("https://127.0.0.1:8443/hook", "internal address"),
        ("https://169.254.169.254/latest", "internal address"),
        ("https://[::1]/hook", "internal address"),
        ("http://93.184.215.14/hook", "must be an https URL"),
    ):
        response = await client.post(HOOKS, json={"url": url, "event_types": ["*"]}, headers=reader)
        assert response.status_code == 422, url
        assert response.json()["errors"][0]["field"] == "url"
        assert why in response.json()["errors"][0]["message"], url


async def test_unknown_event_types_are_refused(client: AsyncClient, reader: Headers) -> None:
    response = await client.post(HOOKS, json={"url": PUBLIC, "event_types": ["inspection.exploded"]}, headers=reader)
    assert response.status_code == 422


async def test_a_caller_sees_only_its_own_subscriptions_and_admin_sees_all(
    client: AsyncClient, reader: Headers, leics: Headers, admin: Headers
) -> None:
    mine = await subscribe(client, reader)
    theirs = await subscribe(client, leics)
    assert [w["id"] for w in (await client.get(HOOKS, headers=reader)).json()["items"]] == [mine["id"]]
    assert (await client.get(f"{HOOKS}/{theirs['id']}", headers=reader)).status_code == 404
    every = {w["id"] for w in (await client.get(HOOKS, headers=admin)).json()["items"]}
    assert every == {mine["id"], theirs["id"]}


async def test_rotating_gives_a_new_secret(client: AsyncClient, reader: Headers) -> None:
    made = await subscribe(client, reader)
    rotated = await client.post(f"{HOOKS}/{made['id']}/rotate-secret", headers=reader)
    assert rotated.status_code == 200
    assert rotated.json()["secret"].startswith("whsec_") and rotated.json()["secret"] != made["secret"]
    assert rotated.json()["version"] == 2


async def test_revoking_the_owner_disables_its_subscriptions(
    client: AsyncClient, make_key: MakeKey, admin: Headers
) -> None:
    owner = await make_key(Role.reader, name="council-system")
    made = await subscribe(client, owner)
    key_id = made["owner"]["id"]  # type: ignore[index]
    assert (await client.delete(f"/v1/api-keys/{key_id}", headers=admin)).status_code == 204
    shown = (await client.get(f"{HOOKS}/{made['id']}", headers=admin)).json()
    assert (shown["active"], shown["disabled_reason"]) == (False, "owner_revoked")


async def test_patch_active_true_re_enables(client: AsyncClient, reader: Headers) -> None:
    made = await subscribe(client, reader)
    url = f"{HOOKS}/{made['id']}"
    paused = await client.patch(url, json={"active": False}, headers=reader)
    assert (paused.json()["active"], paused.json()["disabled_reason"]) == (False, None)
    again = await client.patch(url, json={"active": True}, headers=reader)
    assert (again.json()["active"], again.json()["version"]) == (True, 3)


async def test_an_authority_with_a_webhook_filter_cannot_be_deleted(client: AsyncClient, admin: Headers) -> None:
    await subscribe(client, admin, authority_code=LEICESTERSHIRE)
    response = await client.delete(f"/v1/authorities/{LEICESTERSHIRE}", headers=admin)
    assert response.status_code == 409
    assert response.json()["held_by"]["webhooks"] == 1


async def test_ping_queues_a_delivery(client: AsyncClient, reader: Headers) -> None:
    made = await subscribe(client, reader)
    ping = await client.post(f"{HOOKS}/{made['id']}/ping", headers=reader)
    assert ping.status_code == 202
    assert (ping.json()["event_type"], ping.json()["status"], ping.json()["attempt"]) == ("webhook.ping", "pending", 0)
    listed = (await client.get(f"{HOOKS}/{made['id']}/deliveries", headers=reader)).json()["items"]
    assert [d["id"] for d in listed] == [ping.json()["id"]]
