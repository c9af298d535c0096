"""GET /v1/me: who the credential is, as the audit trail names it (API.md "The caller")."""

from httpx import AsyncClient

from tests.conftest import LEICESTERSHIRE, Headers, MakeKey


async def _key_id(client: AsyncClient, admin: Headers, name: str) -> str:
    keys = (await client.get("/v1/api-keys", params={"limit": 200}, headers=admin)).json()["items"]
    return next(k["id"] for k in keys if k["name"] == name)


async def test_an_api_key_is_a_caller_of_kind_api_key_with_its_id_name_and_role(
    client: AsyncClient, admin: Headers, leics: Headers
) -> None:
    response = await client.get("/v1/me", headers=leics)

    assert response.status_code == 200
    assert response.json() == {
        "kind": "api_key",
        "id": await _key_id(client, admin, "leics-test"),
        "name": "leics-test",
        "role": "authority",
        "authority_code": LEICESTERSHIRE,
    }


async def test_a_reader_key_has_no_authority(client: AsyncClient, make_key: MakeKey) -> None:
    headers = await make_key("reader", name="someone")

    body = (await client.get("/v1/me", headers=headers)).json()

    assert (body["kind"], body["name"], body["role"], body["authority_code"]) == ("api_key", "someone", "reader", None)


async def test_without_a_credential_the_caller_is_unknown(client: AsyncClient) -> None:
    response = await client.get("/v1/me")

    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Bearer"


async def test_the_audit_actor_is_the_caller_as_me_gives_it(client: AsyncClient, admin: Headers) -> None:
    me = (await client.get("/v1/me", headers=admin)).json()
    created = await client.post(
        "/v1/themes", json={"slug": "me-theme", "name": "Me", "applies_to": ["jtai"]}, headers=admin
    )
    assert created.status_code == 201

    events = (await client.get("/v1/audit-events", params={"actor": me["id"]}, headers=admin)).json()["items"]

    assert [(e["resource_id"], e["actor"]) for e in events] == [
        ("me-theme", {"kind": "api_key", "id": me["id"], "name": "admin-test"})
    ]
