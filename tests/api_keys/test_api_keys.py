from httpx import AsyncClient

from app.core.security import hash_secret
from tests.conftest import GATESHEAD, Headers


async def test_created_key_shows_its_secret_once(client: AsyncClient, admin: Headers) -> None:
    created = await client.post("/v1/api-keys", json={"name": "scrutiny", "role": "reader"}, headers=admin)
    assert created.status_code == 201
    body = created.json()
    assert body["secret"].startswith(body["prefix"])
    assert created.headers["location"] == f"/v1/api-keys/{body['id']}"
    fetched = (await client.get(f"/v1/api-keys/{body['id']}", headers=admin)).json()
    assert "secret" not in fetched
    listed = (await client.get("/v1/api-keys", headers=admin)).json()["items"]
    assert all("secret" not in k for k in listed)


async def test_only_a_hash_of_the_secret_is_stored(client: AsyncClient, admin: Headers, connection) -> None:  # type: ignore[no-untyped-def]
    import sqlalchemy as sa

    secret = (await client.post("/v1/api-keys", json={"name": "x", "role": "reader"}, headers=admin)).json()["secret"]
    stored = (await connection.execute(sa.text("SELECT secret_hash FROM api_keys WHERE name = 'x'"))).scalar_one()
    assert stored == hash_secret(secret)
    assert secret not in stored


async def test_new_key_works_and_revoked_key_is_401_at_once(client: AsyncClient, admin: Headers) -> None:
    body = (await client.post("/v1/api-keys", json={"name": "temp", "role": "reader"}, headers=admin)).json()
    headers = {"Authorization": f"Bearer {body['secret']}"}
    assert (await client.get("/v1/authorities", headers=headers)).status_code == 200
    assert (await client.delete(f"/v1/api-keys/{body['id']}", headers=admin)).status_code == 204
    assert (await client.get("/v1/authorities", headers=headers)).status_code == 401
    assert (await client.get(f"/v1/api-keys/{body['id']}", headers=admin)).json()["revoked_at"] is not None


async def test_revoked_key_is_401_at_once_even_when_cached(client: AsyncClient, admin: Headers, app) -> None:  # type: ignore[no-untyped-def]
    # A serving process trusts its key cache while its LISTEN connection is up; the revocation's NOTIFY
    # reaches it asynchronously (here never: no listener runs), so the revoking request must clear it itself.
    app.state.key_cache._listening = True
    body = (await client.post("/v1/api-keys", json={"name": "cached", "role": "reader"}, headers=admin)).json()
    headers = {"Authorization": f"Bearer {body['secret']}"}
    assert (await client.get("/v1/themes", headers=headers)).status_code == 200
    assert (await client.delete(f"/v1/api-keys/{body['id']}", headers=admin)).status_code == 204
    assert (await client.get("/v1/themes", headers=headers)).status_code == 401


async def test_authority_key_needs_an_authority_code(client: AsyncClient, admin: Headers) -> None:
    response = await client.post("/v1/api-keys", json={"name": "c", "role": "authority"}, headers=admin)
    assert response.status_code == 422
    assert response.json()["errors"] == [{"field": "authority_code", "message": "is required for an authority key"}]


async def test_authority_code_only_for_authority_keys(client: AsyncClient, admin: Headers) -> None:
    response = await client.post(
        "/v1/api-keys", json={"name": "c", "role": "reader", "authority_code": GATESHEAD}, headers=admin
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "authority_code"


async def test_authority_key_must_name_an_existing_authority(client: AsyncClient, admin: Headers) -> None:
    response = await client.post(
        "/v1/api-keys", json={"name": "c", "role": "authority", "authority_code": "E06000997"}, headers=admin
    )
    assert response.status_code == 422


async def test_expired_key_is_401(client: AsyncClient, admin: Headers, connection) -> None:  # type: ignore[no-untyped-def]
    import sqlalchemy as sa

    body = (await client.post("/v1/api-keys", json={"name": "old", "role": "reader"}, headers=admin)).json()
    await connection.execute(sa.text("UPDATE api_keys SET expires_at = now() - interval '1 second' WHERE name = 'old'"))
    response = await client.get("/v1/authorities", headers={"Authorization": f"Bearer {body['secret']}"})
    assert response.status_code == 401


async def test_a_key_cannot_be_created_already_expired(client: AsyncClient, admin: Headers) -> None:
    response = await client.post(
        "/v1/api-keys", json={"name": "old", "role": "reader", "expires_at": "2020-01-01T00:00:00Z"}, headers=admin
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "expires_at"


async def test_key_management_is_admin_only(client: AsyncClient, reader: Headers, inspectorate: Headers) -> None:
    for headers in (reader, inspectorate):
        assert (await client.get("/v1/api-keys", headers=headers)).status_code == 403
        assert (
            await client.post("/v1/api-keys", json={"name": "n", "role": "admin"}, headers=headers)
        ).status_code == 403


async def test_revoking_a_key_is_audited(client: AsyncClient, admin: Headers) -> None:
    body = (await client.post("/v1/api-keys", json={"name": "audited", "role": "reader"}, headers=admin)).json()
    await client.delete(f"/v1/api-keys/{body['id']}", headers=admin)
    events = (await client.get("/v1/audit-events", params={"resource_type": "api_key"}, headers=admin)).json()
    assert [e["action"] for e in events["items"]] == ["delete", "create"]
    assert all(body["secret"] not in str(e["changes"]) for e in events["items"])


async def test_bootstrap_admin_key_is_created_once(database) -> None:  # type: ignore[no-untyped-def]
    from app.api_keys.service import ensure_bootstrap_admin

    async with database.session() as session:
        assert await ensure_bootstrap_admin(session, "bootstrap-secret-for-tests") is True
        assert await ensure_bootstrap_admin(session, "bootstrap-secret-for-tests") is False


def test_cli_key_with_an_unknown_role_is_a_one_line_error() -> None:
    from typer.testing import CliRunner

    from app.cli import cli

    result = CliRunner().invoke(cli, ["keys", "create", "--name", "x", "--role", "superuser"])
    assert result.exit_code == 2
    assert result.stderr == "error: role: Input should be 'reader', 'authority', 'inspectorate' or 'admin'\n"


async def test_idempotent_replay_of_a_key_creation_withholds_the_secret_and_stores_none(
    client: AsyncClient,
    admin: Headers,
    connection,  # type: ignore[no-untyped-def]
) -> None:
    import sqlalchemy as sa

    from app.models import Base

    request = {"json": {"name": "replayed", "role": "reader"}, "headers": {**admin, "Idempotency-Key": "k-1"}}
    first = await client.post("/v1/api-keys", **request)
    assert first.status_code == 201
    secret = first.json()["secret"]
    assert secret.startswith(first.json()["prefix"])
    replay = await client.post("/v1/api-keys", **request)
    assert replay.status_code == 201
    assert replay.headers["idempotent-replayed"] == "true"
    assert replay.json() == {**first.json(), "secret": None}
    # Every row of every table, as text: the secret is nowhere, only its hash.
    holding = []
    for table in Base.metadata.sorted_tables:
        rows = await connection.execute(sa.text(f'SELECT t::text FROM "{table.name}" t'))  # noqa: S608 - our tables
        holding += [table.name for (row,) in rows if secret in row or secret.encode().hex() in row]
    assert holding == []
    stored = (await connection.execute(sa.text("SELECT response_body FROM idempotency_keys"))).scalar_one()
    assert b'"secret":null' in stored
