from httpx import AsyncClient

from tests.conftest import LEICESTERSHIRE, Headers, StatementCounter


async def _codes(client: AsyncClient, headers: Headers, **filters: str) -> list[str]:
    codes: list[str] = []
    cursor = None
    while True:
        params = {"limit": 200, **filters, **({"cursor": cursor} if cursor else {})}
        response = await client.get("/v1/authorities", params=params, headers=headers)
        assert response.status_code == 200
        body = response.json()
        codes += [a["code"] for a in body["items"]]
        cursor = body["next_cursor"]
        if cursor is None:
            break
    return codes


async def test_there_are_153_current_authorities_and_4_gone_after_migration(
    client: AsyncClient, reader: Headers
) -> None:
    assert len(await _codes(client, reader, status="current")) == 153
    assert sorted(await _codes(client, reader, status="no_longer_exists")) == [
        "E06000028",
        "E06000029",
        "E10000006",
        "E10000021",
    ]
    assert len(await _codes(client, reader)) == 157


async def test_get_authority_has_etag_and_derived_kind(client: AsyncClient, reader: Headers) -> None:
    response = await client.get(f"/v1/authorities/{LEICESTERSHIRE}", headers=reader)
    assert response.status_code == 200
    assert response.headers["etag"] == '"1"'
    body = response.json()
    assert body["kind"] == "county"
    assert body["region"] == "east_midlands"
    assert body["la_number"] == 855


async def test_list_authorities_runs_a_fixed_number_of_statements(
    client: AsyncClient, reader: Headers, statements: StatementCounter
) -> None:
    statements.reset()
    small = await client.get("/v1/authorities", params={"limit": 2}, headers=reader)
    small_count = statements.count
    statements.reset()
    large = await client.get("/v1/authorities", params={"limit": 200}, headers=reader)
    assert small.status_code == large.status_code == 200
    assert statements.count == small_count


NEW_AUTHORITY = {"code": "E06000996", "name": "Deleteshire", "region": "south_west"}


async def test_authority_with_an_inspection_cannot_be_deleted(client: AsyncClient, admin: Headers) -> None:
    await client.post("/v1/authorities", json=NEW_AUTHORITY, headers=admin)
    created = await client.post(
        "/v1/inspections",
        json={"authority_code": "E06000996", "type": "standard_inspection", "status": "planned"},
        headers=admin,
    )
    assert created.status_code == 201
    response = await client.delete("/v1/authorities/E06000996", headers=admin)
    assert response.status_code == 409
    assert response.json()["type"] == "/problems/conflict"
    assert "1 inspections" in response.json()["detail"]


async def test_authority_with_a_plan_cannot_be_deleted(client: AsyncClient, admin: Headers) -> None:
    await client.post("/v1/authorities", json=NEW_AUTHORITY, headers=admin)
    plan = await client.post(
        "/v1/improvement-plans", json={"authority_code": "E06000996", "title": "Our plan"}, headers=admin
    )
    assert plan.status_code == 201
    response = await client.delete("/v1/authorities/E06000996", headers=admin)
    assert response.status_code == 409
    assert "1 improvement plans" in response.json()["detail"]


async def test_authority_held_only_by_an_authority_key_cannot_be_deleted(client: AsyncClient, admin: Headers) -> None:
    await client.post("/v1/authorities", json=NEW_AUTHORITY, headers=admin)
    key = await client.post(
        "/v1/api-keys", json={"name": "deleteshire", "role": "authority", "authority_code": "E06000996"}, headers=admin
    )
    assert key.status_code == 201
    response = await client.delete("/v1/authorities/E06000996", headers=admin)
    assert response.status_code == 409
    problem = response.json()
    assert problem["type"] == "/problems/conflict"
    assert problem["detail"] == "Authority E06000996 still has 1 API keys; it cannot be deleted."
    assert problem["held_by"] == {"api_keys": 1}


async def test_authority_held_only_by_a_self_evaluation_cannot_be_deleted(client: AsyncClient, admin: Headers) -> None:
    await client.post("/v1/authorities", json=NEW_AUTHORITY, headers=admin)
    evaluation = await client.post(
        "/v1/authorities/E06000996/self-evaluations",
        json={"year": 2025, "quality_and_impact": "Good", "evidence": "Audits", "plans": "More audits"},
        headers=admin,
    )
    assert evaluation.status_code == 201, evaluation.text
    response = await client.delete("/v1/authorities/E06000996", headers=admin)
    assert response.status_code == 409
    assert response.json()["detail"] == "Authority E06000996 still has 1 self-evaluations; it cannot be deleted."
    assert response.json()["held_by"] == {"self_evaluations": 1}


async def test_authority_with_nothing_on_record_is_deleted(client: AsyncClient, admin: Headers) -> None:
    await client.post("/v1/authorities", json=NEW_AUTHORITY, headers=admin)
    assert (await client.delete("/v1/authorities/E06000996", headers=admin)).status_code == 204
