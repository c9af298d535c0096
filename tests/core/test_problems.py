"""Every error is an RFC 9457 problem with type, title, status, detail and instance."""

from httpx import AsyncClient

from tests.conftest import LEICESTERSHIRE, Headers

PROBLEM = "application/problem+json"


def assert_problem(response, status: int, slug: str, instance: str) -> dict:  # type: ignore[no-untyped-def]
    assert response.status_code == status
    assert response.headers["content-type"] == PROBLEM
    body = response.json()
    assert body["type"] == f"/problems/{slug}"
    assert body["status"] == status
    assert body["instance"] == instance
    assert body["title"] and body["detail"]
    return body  # type: ignore[no-any-return]


async def test_unknown_route_is_a_404_problem(client: AsyncClient) -> None:
    assert_problem(await client.get("/v1/no-such-thing"), 404, "not-found", "/v1/no-such-thing")


async def test_unknown_authority_is_a_404_problem(client: AsyncClient, reader: Headers) -> None:
    assert_problem(
        await client.get("/v1/authorities/E06999999", headers=reader), 404, "not-found", "/v1/authorities/E06999999"
    )


async def test_wrong_method_is_405_with_allow_listing_every_method(client: AsyncClient, reader: Headers) -> None:
    response = await client.put("/v1/authorities", headers=reader, json={})
    assert_problem(response, 405, "method-not-allowed", "/v1/authorities")
    assert response.headers["allow"] == "GET, HEAD, POST"


async def test_missing_key_is_401_with_www_authenticate(client: AsyncClient) -> None:
    response = await client.get("/v1/authorities")
    assert_problem(response, 401, "unauthorized", "/v1/authorities")
    assert response.headers["www-authenticate"] == "Bearer"


async def test_unknown_key_is_401(client: AsyncClient) -> None:
    response = await client.get("/v1/authorities", headers={"Authorization": "Bearer nope"})
    assert_problem(response, 401, "unauthorized", "/v1/authorities")


async def test_known_key_without_the_right_is_403(client: AsyncClient, reader: Headers) -> None:
    response = await client.delete(f"/v1/authorities/{LEICESTERSHIRE}", headers=reader)
    assert_problem(response, 403, "forbidden", f"/v1/authorities/{LEICESTERSHIRE}")


async def test_body_over_one_mebibyte_is_413(client: AsyncClient, admin: Headers) -> None:
    body = b'{"name": "' + b"x" * (1024 * 1024) + b'"}'
    response = await client.post("/v1/authorities", headers={**admin, "content-type": "application/json"}, content=body)
    assert_problem(response, 413, "payload-too-large", "/v1/authorities")


async def test_non_json_body_is_415(client: AsyncClient, admin: Headers) -> None:
    response = await client.post("/v1/authorities", headers={**admin, "content-type": "text/plain"}, content="hi")
    assert_problem(response, 415, "unsupported-media-type", "/v1/authorities")


async def test_malformed_json_is_422_naming_the_body(client: AsyncClient, admin: Headers) -> None:
    response = await client.post(
        "/v1/authorities", headers={**admin, "content-type": "application/json"}, content="{not json"
    )
    body = assert_problem(response, 422, "validation-error", "/v1/authorities")
    assert body["errors"] == [{"field": "body", "message": "is not valid JSON"}]


async def test_validation_errors_list_each_field(client: AsyncClient, admin: Headers) -> None:
    response = await client.post("/v1/authorities", headers=admin, json={"code": "X123", "name": "A", "region": "mars"})
    body = assert_problem(response, 422, "validation-error", "/v1/authorities")
    assert sorted(e["field"] for e in body["errors"]) == ["code", "region"]


async def test_unknown_and_read_only_fields_are_refused(client: AsyncClient, admin: Headers) -> None:
    response = await client.patch(
        f"/v1/authorities/{LEICESTERSHIRE}", headers=admin, json={"version": 7, "colour": "blue"}
    )
    body = assert_problem(response, 422, "validation-error", f"/v1/authorities/{LEICESTERSHIRE}")
    assert {(e["field"], e["message"]) for e in body["errors"]} == {
        ("version", "is read-only"),
        ("colour", "is not a known field"),
    }


async def test_query_parameter_errors_name_the_parameter(client: AsyncClient, reader: Headers) -> None:
    response = await client.get("/v1/authorities", params={"limit": 500}, headers=reader)
    body = assert_problem(response, 422, "validation-error", "/v1/authorities")
    assert [e["field"] for e in body["errors"]] == ["limit"]


async def test_union_query_parameter_error_names_only_the_parameter(client: AsyncClient, reader: Headers) -> None:
    response = await client.get("/v1/authorities", params={"grade": "superb"}, headers=reader)
    body = assert_problem(response, 422, "validation-error", "/v1/authorities")
    assert [e["field"] for e in body["errors"]] == ["grade", "grade"]


async def test_validator_messages_carry_no_pydantic_prefix(client: AsyncClient, inspectorate: Headers) -> None:
    response = await client.post(
        "/v1/inspections",
        json={"authority_code": LEICESTERSHIRE, "type": "standard_inspection", "report_url": "http://x.example"},
        headers=inspectorate,
    )
    body = assert_problem(response, 422, "validation-error", "/v1/inspections")
    assert body["errors"] == [{"field": "report_url", "message": "must be an https URL"}]


async def test_forbidden_detail_names_the_key_role_with_its_article(client: AsyncClient, inspectorate: Headers) -> None:
    response = await client.delete(f"/v1/authorities/{LEICESTERSHIRE}", headers=inspectorate)
    body = assert_problem(response, 403, "forbidden", f"/v1/authorities/{LEICESTERSHIRE}")
    assert body["detail"] == "An inspectorate key may not do this; it needs one of: admin."


async def test_malformed_cursor_is_422_not_500(client: AsyncClient, reader: Headers) -> None:
    response = await client.get("/v1/authorities", params={"cursor": "bm90IGEgY3Vyc29y"}, headers=reader)
    body = assert_problem(response, 422, "validation-error", "/v1/authorities")
    assert body["errors"] == [{"field": "cursor", "message": "is not a cursor of this list"}]


async def test_every_problem_type_is_described(client: AsyncClient) -> None:
    from app.core.errors import PROBLEM_TYPES

    for slug, problem in PROBLEM_TYPES.items():
        response = await client.get(f"/problems/{slug}")
        assert response.status_code == 200
        assert response.text.startswith(f"{problem.title} ({problem.status})")


async def test_unknown_problem_type_is_404(client: AsyncClient) -> None:
    assert_problem(await client.get("/problems/nope"), 404, "not-found", "/problems/nope")


async def test_a_path_id_that_cannot_exist_is_404(client: AsyncClient, reader: Headers) -> None:
    assert_problem(
        await client.get("/v1/inspections/not-a-uuid", headers=reader), 404, "not-found", "/v1/inspections/not-a-uuid"
    )


async def test_immutable_keys_in_a_patch_are_read_only(client: AsyncClient, admin: Headers) -> None:
    response = await client.patch(f"/v1/authorities/{LEICESTERSHIRE}", headers=admin, json={"code": "E10000099"})
    body = assert_problem(response, 422, "validation-error", f"/v1/authorities/{LEICESTERSHIRE}")
    assert body["errors"] == [{"field": "code", "message": "is read-only"}]


async def test_options_and_405_allow_only_the_methods_of_the_path_itself_not_of_a_parameter_route(
    client: AsyncClient, reader: Headers
) -> None:
    # /v1/themes/trends also fits /v1/themes/{slug} (PATCH, DELETE): those do not exist at /trends.
    for response in (
        await client.options("/v1/themes/trends", headers=reader),
        await client.put("/v1/themes/trends", headers=reader, json={}),
    ):
        assert_problem(response, 405, "method-not-allowed", "/v1/themes/trends")
        assert set(response.headers["allow"].split(", ")) - {"HEAD"} == {"GET"}
