"""Audit events and idempotent replays follow the person or service a token stands for, not the token: a
person's next token is the same caller; another person with the same Idempotency-Key is not."""

from httpx import AsyncClient

from tests.oidc.issuer import Issuer

PERSON = "5f0c2a8e-31d4-4c0e-8b7a-6a2e9d4f1b11"
COLLEAGUE = "c7a1e9d2-0b6f-4e55-9a3c-1d8e7f6a2b22"


def _theme(slug: str) -> dict[str, object]:
    return {"slug": slug, "name": "Signed-in theme", "applies_to": ["jtai"]}


async def test_the_audit_actor_is_the_signed_in_person(token_client: AsyncClient, issuer: Issuer) -> None:
    headers = issuer.headers(oid=PERSON, name="Jo Bloggs", roles=["inspectorate"])
    assert (await token_client.post("/v1/themes", json=_theme("by-jo"), headers=headers)).status_code == 201

    admin = issuer.headers(roles=["admin"])
    events = (await token_client.get("/v1/audit-events", params={"actor": PERSON}, headers=admin)).json()["items"]

    assert [(e["action"], e["resource_id"], e["actor"]) for e in events] == [
        ("create", "by-jo", {"kind": "user", "id": PERSON, "name": "Jo Bloggs"})
    ]


async def test_a_service_is_audited_as_a_service(token_client: AsyncClient, issuer: Issuer) -> None:
    token = issuer.service_token("inspection-scheduler", roles=["inspectorate"])
    created = await token_client.post(
        "/v1/themes", json=_theme("by-scheduler"), headers={"Authorization": f"Bearer {token}"}
    )
    assert created.status_code == 201

    events = (
        await token_client.get(
            "/v1/audit-events", params={"resource_id": "by-scheduler"}, headers=issuer.headers(roles=["admin"])
        )
    ).json()["items"]

    assert [e["actor"]["kind"] for e in events] == ["service"]
    assert [e["actor"]["name"] for e in events] == ["inspection-scheduler"]


async def test_a_replay_by_the_same_person_with_a_new_token_returns_the_first_answer(
    token_client: AsyncClient, issuer: Issuer
) -> None:
    first_token = issuer.headers(oid=PERSON, roles=["inspectorate"], iat=issuer.claims()["iat"] - 600)
    next_token = issuer.headers(oid=PERSON, roles=["inspectorate"])
    assert first_token != next_token
    idempotency = {"Idempotency-Key": "theme-once"}

    first = await token_client.post("/v1/themes", json=_theme("once"), headers={**first_token, **idempotency})
    replay = await token_client.post("/v1/themes", json=_theme("once"), headers={**next_token, **idempotency})

    assert (first.status_code, replay.status_code) == (201, 201)
    assert replay.headers["idempotent-replayed"] == "true"
    assert replay.json() == first.json()


async def test_the_same_idempotency_key_from_another_person_is_their_own(
    token_client: AsyncClient, issuer: Issuer
) -> None:
    idempotency = {"Idempotency-Key": "shared-key"}
    mine = issuer.headers(oid=PERSON, roles=["inspectorate"])
    theirs = issuer.headers(oid=COLLEAGUE, roles=["inspectorate"])

    first = await token_client.post("/v1/themes", json=_theme("mine"), headers={**mine, **idempotency})
    second = await token_client.post("/v1/themes", json=_theme("theirs"), headers={**theirs, **idempotency})

    assert (first.status_code, second.status_code) == (201, 201)
    assert "idempotent-replayed" not in second.headers
    assert second.json()["slug"] == "theirs"
