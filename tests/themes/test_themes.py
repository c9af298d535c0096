"""The theme catalogue: seeded by migration, kebab-case immutable slugs, applies_to, roles, audit, 409 in use."""

from datetime import date

import pytest
from httpx import AsyncClient

from app.core.database import Database
from app.core.security import Role
from app.reference_data import THEME_CATALOGUE
from tests.conftest import LEICESTERSHIRE, Headers, MakeKey
from tests.forecast.records import add_inspection

NEW_THEME = {
    "slug": "youth-justice",
    "name": "Youth justice",
    "description": "Children in the youth justice system.",
    "applies_to": ["jtai"],
}


async def create(client: AsyncClient, headers: Headers, body: dict[str, object] | None = None) -> dict[str, object]:
    response = await client.post("/v1/themes", json=body or NEW_THEME, headers=headers)
    assert response.status_code == 201, response.text
    result: dict[str, object] = response.json()
    return result


async def test_catalogue_is_present_after_migration(client: AsyncClient, reader: Headers) -> None:
    response = await client.get("/v1/themes", params={"limit": 200}, headers=reader)
    assert response.status_code == 200
    items = response.json()["items"]
    assert [(t["slug"], t["name"], t["applies_to"]) for t in items] == sorted(
        (t.slug, t.name, list(t.applies_to)) for t in THEME_CATALOGUE
    )
    assert len(items) == 17


async def test_list_themes_is_keyset_paged_by_slug(client: AsyncClient, reader: Headers) -> None:
    first = await client.get("/v1/themes", params={"limit": 2}, headers=reader)
    second = await client.get("/v1/themes", params={"limit": 2, "cursor": first.json()["next_cursor"]}, headers=reader)
    assert [t["slug"] for t in first.json()["items"]] == ["achieving-permanence", "care-leavers"]
    assert [t["slug"] for t in second.json()["items"]] == [
        "child-sexual-abuse-in-the-family",
        "child-sexual-exploitation-and-missing",
    ]
    assert 'rel="next"' in first.headers["link"]


async def test_list_themes_filters_by_type(client: AsyncClient, reader: Headers) -> None:
    response = await client.get("/v1/themes", params={"applies_to": "jtai", "limit": 200}, headers=reader)
    assert len(response.json()["items"]) == 10


async def test_create_theme_answers_201_with_location_and_etag(client: AsyncClient, inspectorate: Headers) -> None:
    response = await client.post("/v1/themes", json=NEW_THEME, headers=inspectorate)
    assert response.status_code == 201
    assert response.headers["location"] == "/v1/themes/youth-justice"
    assert response.headers["etag"] == '"1"'
    body = response.json()
    assert {k: body[k] for k in NEW_THEME} == NEW_THEME
    assert body["version"] == 1
    fetched = await client.get("/v1/themes/youth-justice", headers=inspectorate)
    assert fetched.json() == body


@pytest.mark.parametrize("slug", ["Front-Door", "front_door", "front--door", "-front", "front-", "front door", ""])
async def test_slug_must_be_kebab_case(client: AsyncClient, admin: Headers, slug: str) -> None:
    response = await client.post("/v1/themes", json={**NEW_THEME, "slug": slug}, headers=admin)
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "slug"


async def test_slug_trends_is_reserved(client: AsyncClient, admin: Headers) -> None:
    response = await client.post("/v1/themes", json={**NEW_THEME, "slug": "trends"}, headers=admin)
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "slug"


async def test_duplicate_slug_is_a_conflict(client: AsyncClient, admin: Headers) -> None:
    response = await client.post("/v1/themes", json={**NEW_THEME, "slug": "front-door"}, headers=admin)
    assert response.status_code == 409
    assert response.json()["type"] == "/problems/conflict"


@pytest.mark.parametrize("applies_to", [[], ["standard_inspection"], ["jtai", "jtai"], "jtai"])
async def test_applies_to_is_a_non_empty_subset_of_themed_types(
    client: AsyncClient, admin: Headers, applies_to: object
) -> None:
    response = await client.post("/v1/themes", json={**NEW_THEME, "applies_to": applies_to}, headers=admin)
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"].startswith("applies_to")


async def test_applies_to_is_stored_in_canonical_order(client: AsyncClient, admin: Headers) -> None:
    body = await create(client, admin, {**NEW_THEME, "applies_to": ["jtai", "focused_visit"]})
    assert body["applies_to"] == ["focused_visit", "jtai"]


@pytest.mark.parametrize("field", ["version", "created_at", "colour"])
async def test_create_refuses_read_only_and_unknown_fields(client: AsyncClient, admin: Headers, field: str) -> None:
    response = await client.post("/v1/themes", json={**NEW_THEME, field: 1}, headers=admin)
    assert response.status_code == 422


@pytest.mark.parametrize("role", [Role.reader, Role.authority])
async def test_reader_and_authority_keys_may_not_write_themes(
    client: AsyncClient, make_key: MakeKey, role: Role
) -> None:
    headers = await make_key(role, authority_code=LEICESTERSHIRE if role is Role.authority else None)
    assert (await client.post("/v1/themes", json=NEW_THEME, headers=headers)).status_code == 403
    assert (await client.patch("/v1/themes/front-door", json={"name": "x"}, headers=headers)).status_code == 403
    assert (await client.delete("/v1/themes/front-door", headers=headers)).status_code == 403
    assert (await client.get("/v1/themes/front-door", headers=headers)).status_code == 200


async def test_themes_need_a_key(client: AsyncClient) -> None:
    assert (await client.get("/v1/themes")).status_code == 401


async def test_slug_is_immutable(client: AsyncClient, admin: Headers) -> None:
    response = await client.patch("/v1/themes/front-door", json={"slug": "front-doors"}, headers=admin)
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "slug"


async def test_patch_changes_bumps_version_and_audits(client: AsyncClient, admin: Headers) -> None:
    response = await client.patch(
        "/v1/themes/front-door", json={"name": "The front door"}, headers={**admin, "If-Match": '"1"'}
    )
    assert response.status_code == 200
    assert response.json()["name"] == "The front door"
    assert response.headers["etag"] == '"2"'
    events = (
        await client.get(
            "/v1/audit-events", params={"resource_type": "theme", "resource_id": "front-door"}, headers=admin
        )
    ).json()["items"]
    assert [(e["action"], e["changes"]) for e in events] == [("update", {"name": ["Front door", "The front door"]})]


async def test_patch_with_stale_if_match_changes_nothing(client: AsyncClient, admin: Headers) -> None:
    response = await client.patch("/v1/themes/front-door", json={"name": "Stale"}, headers={**admin, "If-Match": '"7"'})
    assert response.status_code == 412
    assert (await client.get("/v1/themes/front-door", headers=admin)).json()["name"] == "Front door"


async def test_patch_refuses_null_name(client: AsyncClient, admin: Headers) -> None:
    response = await client.patch("/v1/themes/front-door", json={"name": None}, headers=admin)
    assert response.status_code == 422


async def test_unknown_theme_is_404(client: AsyncClient, reader: Headers) -> None:
    response = await client.get("/v1/themes/no-such-theme", headers=reader)
    assert response.status_code == 404
    assert response.json()["type"] == "/problems/not-found"


async def test_get_honours_if_none_match(client: AsyncClient, reader: Headers) -> None:
    response = await client.get("/v1/themes/front-door", headers={**reader, "If-None-Match": '"1"'})
    assert response.status_code == 304


async def test_create_and_delete_are_audited_with_the_slug(
    client: AsyncClient, inspectorate: Headers, admin: Headers
) -> None:
    await create(client, inspectorate)
    deleted = await client.delete("/v1/themes/youth-justice", headers=inspectorate)
    assert deleted.status_code == 204
    assert (await client.get("/v1/themes/youth-justice", headers=inspectorate)).status_code == 404
    events = (
        await client.get(
            "/v1/audit-events", params={"resource_type": "theme", "resource_id": "youth-justice"}, headers=admin
        )
    ).json()["items"]
    assert sorted(e["action"] for e in events) == ["create", "delete"]


async def test_delete_theme_in_use_is_a_conflict(client: AsyncClient, admin: Headers, database: Database) -> None:
    await add_inspection(
        database, LEICESTERSHIRE, "focused_visit", status="planned", fieldwork_start=None, themes=["front-door"]
    )
    response = await client.delete("/v1/themes/front-door", headers=admin)
    assert response.status_code == 409
    assert response.json()["type"] == "/problems/conflict"
    assert (await client.get("/v1/themes/front-door", headers=admin)).status_code == 200


async def test_applies_to_may_not_drop_a_type_in_use(client: AsyncClient, admin: Headers, database: Database) -> None:
    await add_inspection(
        database,
        LEICESTERSHIRE,
        "monitoring_visit",
        fieldwork_start=date(2024, 5, 1),
        published_on=date(2024, 6, 1),
        themes=["front-door"],
    )
    narrowed = await client.patch("/v1/themes/front-door", json={"applies_to": ["focused_visit"]}, headers=admin)
    assert narrowed.status_code == 409
    widened = await client.patch(
        "/v1/themes/front-door", json={"applies_to": ["monitoring_visit", "jtai"]}, headers=admin
    )
    assert widened.status_code == 200
    assert widened.json()["applies_to"] == ["monitoring_visit", "jtai"]


async def test_repeated_create_with_an_idempotency_key_creates_one_theme(client: AsyncClient, admin: Headers) -> None:
    headers = {**admin, "Idempotency-Key": "theme-youth-justice"}
    first = await client.post("/v1/themes", json=NEW_THEME, headers=headers)
    again = await client.post("/v1/themes", json=NEW_THEME, headers=headers)
    assert (first.status_code, again.status_code) == (201, 201)
    assert again.json() == first.json()
    assert again.headers["location"] == "/v1/themes/youth-justice"
