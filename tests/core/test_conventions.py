"""ETags and conditional requests, idempotency, request ids, CSV, audit, operations endpoints."""

import csv
import io

from httpx import AsyncClient

from tests.conftest import LEICESTERSHIRE, Headers

NEW_AUTHORITY = {"code": "E06000998", "name": "Testshire", "region": "south_west", "la_number": 998}


async def test_get_with_matching_if_none_match_is_304(client: AsyncClient, reader: Headers) -> None:
    first = await client.get(f"/v1/authorities/{LEICESTERSHIRE}", headers=reader)
    again = await client.get(
        f"/v1/authorities/{LEICESTERSHIRE}", headers={**reader, "If-None-Match": first.headers["etag"]}
    )
    assert again.status_code == 304
    assert again.content == b""
    assert again.headers["etag"] == first.headers["etag"]


async def test_get_with_stale_if_none_match_is_200(client: AsyncClient, reader: Headers) -> None:
    response = await client.get(f"/v1/authorities/{LEICESTERSHIRE}", headers={**reader, "If-None-Match": '"0"'})
    assert response.status_code == 200


async def test_patch_with_current_if_match_bumps_version(client: AsyncClient, admin: Headers) -> None:
    response = await client.patch(
        f"/v1/authorities/{LEICESTERSHIRE}",
        json={"regional_adoption_agency": "RAA"},
        headers={**admin, "If-Match": '"1"'},
    )
    assert response.status_code == 200
    assert response.headers["etag"] == '"2"'
    assert response.json()["version"] == 2
    assert response.json()["regional_adoption_agency"] == "RAA"


async def test_patch_with_stale_if_match_is_412_and_changes_nothing(client: AsyncClient, admin: Headers) -> None:
    response = await client.patch(
        f"/v1/authorities/{LEICESTERSHIRE}", json={"name": "Renamed"}, headers={**admin, "If-Match": '"9"'}
    )
    assert response.status_code == 412
    assert response.json()["type"] == "/problems/precondition-failed"
    current = await client.get(f"/v1/authorities/{LEICESTERSHIRE}", headers=admin)
    assert current.json()["name"] == "Leicestershire"
    assert current.json()["version"] == 1


async def test_delete_with_stale_if_match_is_412(client: AsyncClient, admin: Headers) -> None:
    await client.post("/v1/authorities", json=NEW_AUTHORITY, headers=admin)
    response = await client.delete(f"/v1/authorities/{NEW_AUTHORITY['code']}", headers={**admin, "If-Match": '"5"'})
    assert response.status_code == 412
    assert (await client.get(f"/v1/authorities/{NEW_AUTHORITY['code']}", headers=admin)).status_code == 200


async def test_create_is_201_with_location_and_delete_is_204(client: AsyncClient, admin: Headers) -> None:
    created = await client.post("/v1/authorities", json=NEW_AUTHORITY, headers=admin)
    assert created.status_code == 201
    assert created.headers["location"] == "/v1/authorities/E06000998"
    assert created.json()["kind"] == "unitary"
    deleted = await client.delete("/v1/authorities/E06000998", headers={**admin, "If-Match": '"1"'})
    assert deleted.status_code == 204
    assert (await client.get("/v1/authorities/E06000998", headers=admin)).status_code == 404


async def test_duplicate_la_number_is_409(client: AsyncClient, admin: Headers) -> None:
    response = await client.post("/v1/authorities", json={**NEW_AUTHORITY, "la_number": 855}, headers=admin)
    assert response.status_code == 409
    assert "E10000018" in response.json()["detail"]


async def test_idempotent_repeat_returns_first_response_and_creates_nothing(
    client: AsyncClient, admin: Headers
) -> None:
    headers = {**admin, "Idempotency-Key": "create-testshire"}
    first = await client.post("/v1/authorities", json=NEW_AUTHORITY, headers=headers)
    second = await client.post("/v1/authorities", json=NEW_AUTHORITY, headers=headers)
    assert first.status_code == second.status_code == 201
    assert first.content == second.content
    assert second.headers["location"] == "/v1/authorities/E06000998"
    assert second.headers["etag"] == first.headers["etag"] == '"1"'
    events = await client.get("/v1/audit-events", params={"resource_id": "E06000998"}, headers=admin)
    assert len(events.json()["items"]) == 1


async def test_idempotency_key_with_another_body_is_422(client: AsyncClient, admin: Headers) -> None:
    headers = {**admin, "Idempotency-Key": "k1"}
    await client.post("/v1/authorities", json=NEW_AUTHORITY, headers=headers)
    response = await client.post("/v1/authorities", json={**NEW_AUTHORITY, "name": "Other"}, headers=headers)
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "Idempotency-Key"


async def test_idempotency_key_is_per_api_key(client: AsyncClient, admin: Headers, make_key) -> None:  # type: ignore[no-untyped-def]
    other_admin = await make_key("admin", name="second-admin")
    await client.post("/v1/authorities", json=NEW_AUTHORITY, headers={**admin, "Idempotency-Key": "same"})
    response = await client.post(
        "/v1/authorities", json=NEW_AUTHORITY, headers={**other_admin, "Idempotency-Key": "same"}
    )
    assert response.status_code == 409  # ran again (not replayed) and met the existing code


async def test_failed_request_is_not_stored_for_replay(client: AsyncClient, admin: Headers) -> None:
    headers = {**admin, "Idempotency-Key": "retry-me"}
    bad = await client.post("/v1/authorities", json={**NEW_AUTHORITY, "la_number": 855}, headers=headers)
    good = await client.post("/v1/authorities", json={**NEW_AUTHORITY, "la_number": 855}, headers=headers)
    assert bad.status_code == good.status_code == 409


async def test_request_id_is_echoed_when_sane(client: AsyncClient) -> None:
    response = await client.get("/health/live", headers={"X-Request-ID": "abc-123"})
    assert response.headers["x-request-id"] == "abc-123"


async def test_request_id_is_generated_when_insane(client: AsyncClient) -> None:
    response = await client.get("/health/live", headers={"X-Request-ID": "bad id<script>"})
    assert response.headers["x-request-id"] != "bad id<script>"
    assert len(response.headers["x-request-id"]) == 32


async def test_error_responses_carry_a_request_id(client: AsyncClient) -> None:
    response = await client.get("/v1/authorities")
    assert response.status_code == 401
    assert len(response.headers["x-request-id"]) == 32


async def test_csv_lists_every_page_with_a_header_row(client: AsyncClient, reader: Headers) -> None:
    response = await client.get("/v1/authorities", params={"limit": 1}, headers={**reader, "Accept": "text/csv"})
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert len(rows) == 157  # 153 current, 4 gone
    assert rows[0]["code"] == "E09000002"


async def test_csv_honours_filters(client: AsyncClient, reader: Headers) -> None:
    response = await client.get(
        "/v1/authorities",
        params={"region": "east_midlands", "status": "current"},
        headers={**reader, "Accept": "text/csv"},
    )
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert len(rows) == 10


async def test_link_header_points_at_the_next_page(client: AsyncClient, reader: Headers) -> None:
    first = await client.get("/v1/authorities", params={"limit": 3, "region": "london"}, headers=reader)
    cursor = first.json()["next_cursor"]
    assert first.headers["link"] == f'</v1/authorities?limit=3&region=london&cursor={cursor}>; rel="next"'
    second = await client.get(first.headers["link"][1:].split(">")[0], headers=reader)
    names = [a["name"] for a in first.json()["items"] + second.json()["items"]]
    assert names == sorted(names)
    assert len(set(names)) == 6


async def test_pages_are_stable_under_concurrent_inserts(client: AsyncClient, admin: Headers) -> None:
    first = await client.get("/v1/authorities", params={"limit": 5}, headers=admin)
    await client.post("/v1/authorities", json={**NEW_AUTHORITY, "name": "Aaaa first"}, headers=admin)
    second = await client.get(
        "/v1/authorities", params={"limit": 5, "cursor": first.json()["next_cursor"]}, headers=admin
    )
    first_names = [a["name"] for a in first.json()["items"]]
    second_names = [a["name"] for a in second.json()["items"]]
    assert not set(first_names) & set(second_names)
    assert second_names[0] > first_names[-1]


async def test_every_change_is_audited_with_old_and_new_values(client: AsyncClient, admin: Headers) -> None:
    await client.patch(f"/v1/authorities/{LEICESTERSHIRE}", json={"ofsted_urn": 12345}, headers=admin)
    events = (await client.get("/v1/audit-events", params={"resource_type": "authority"}, headers=admin)).json()
    (event,) = events["items"]
    assert event["action"] == "update"
    assert event["resource_id"] == LEICESTERSHIRE
    assert event["changes"] == {"ofsted_urn": [80483, 12345]}
    assert event["actor"]["name"] == "admin-test"
    assert len(event["request_id"]) == 32


async def test_audit_filter_on_an_unknown_resource_type_is_422(client: AsyncClient, admin: Headers) -> None:
    response = await client.get("/v1/audit-events", params={"resource_type": "authorities"}, headers=admin)
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["resource_type"]


async def test_audit_log_is_admin_only(client: AsyncClient, inspectorate: Headers) -> None:
    assert (await client.get("/v1/audit-events", headers=inspectorate)).status_code == 403


async def test_health_live_and_ready(client: AsyncClient) -> None:
    assert (await client.get("/health/live")).json() == {"status": "ok"}
    assert (await client.get("/health/ready")).json() == {"status": "ok"}


async def test_metrics_are_prometheus_text_by_route_template(client: AsyncClient, reader: Headers) -> None:
    await client.get(f"/v1/authorities/{LEICESTERSHIRE}", headers=reader)
    text = (await client.get("/metrics")).text
    assert 'ilacs_http_requests_total{method="GET",route="/v1/authorities/{code}",status="200"}' in text
    assert "ilacs_db_pool_checked_out" in text


async def test_metrics_of_a_single_process_name_no_python_version(client: AsyncClient) -> None:
    text = (await client.get("/metrics")).text
    assert "python_info" not in text
    assert "version" not in text


async def test_docs_are_served_without_a_cdn(client: AsyncClient) -> None:
    for path in ("/docs", "/redoc"):
        html = (await client.get(path)).text
        assert "cdn.jsdelivr.net" not in html
        assert "/static-offline-docs/" in html
    assert (await client.get("/static-offline-docs/swagger-ui-bundle.js")).status_code == 200
