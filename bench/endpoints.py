"""What is measured: the service's endpoints, their reference equivalents, and a probe before each is run."""

import json
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from typing import Any

from bench.database import LONG_LIST_AUTHORITY, READ_AUTHORITY, WRITE_AUTHORITY
from bench.servers import Server

PAGE = 50
REFERENCE_PAGE = 20


@dataclass(frozen=True)
class Endpoint:
    key: str
    label: str
    method: str
    path: str
    reference: str  # the reference app's equivalent: "single" (one row) or "page"
    script: str = "get.lua"
    expect: int = 200
    write: bool = False
    env: dict[str, str] = field(default_factory=dict)


BARE = Endpoint("bare", "GET / (constant JSON)", "GET", "/", reference="single")
REFERENCE = {
    "single": Endpoint(
        "ref_single", "GET one row by primary key", "GET", f"/authorities/{READ_AUTHORITY}", reference="single"
    ),
    "page": Endpoint(
        "ref_page",
        f"GET a page of {REFERENCE_PAGE} rows",
        "GET",
        f"/action-items?authority_code={READ_AUTHORITY}&limit={REFERENCE_PAGE}",
        reference="page",
    ),
}


def service_endpoints(last_page_cursor: str | None) -> list[Endpoint]:
    long_list = f"/v1/action-items?authority_code={LONG_LIST_AUTHORITY}&limit={PAGE}"
    endpoints = [
        Endpoint("authority", "GET /v1/authorities/{code}", "GET", f"/v1/authorities/{READ_AUTHORITY}", "single"),
        Endpoint("authorities", f"GET /v1/authorities?limit={PAGE}", "GET", f"/v1/authorities?limit={PAGE}", "page"),
        Endpoint("inspections", f"GET /v1/inspections?limit={PAGE}", "GET", f"/v1/inspections?limit={PAGE}", "page"),
        Endpoint(
            "action_items",
            f"GET /v1/action-items?authority_code=..&limit={PAGE}",
            "GET",
            f"/v1/action-items?authority_code={READ_AUTHORITY}&limit={PAGE}",
            "page",
        ),
        Endpoint("stats_grades", "GET /v1/stats/grades", "GET", "/v1/stats/grades", "single"),
        Endpoint(
            "timeline",
            "GET /v1/authorities/{code}/timeline",
            "GET",
            f"/v1/authorities/{READ_AUTHORITY}/timeline",
            "single",
        ),
        Endpoint(
            "create_action_item",
            "POST /v1/action-items",
            "POST",
            "/v1/action-items",
            "single",
            script="post_action_item.lua",
            expect=201,
            write=True,
            env={"BENCH_AUTHORITY": WRITE_AUTHORITY},
        ),
        Endpoint(
            "patch_action_item",
            "PATCH /v1/action-items/{id} (If-Match)",
            "PATCH",
            "/v1/action-items",
            "single",
            script="patch_action_item.lua",
            write=True,
        ),
        Endpoint("long_list_first", "GET 100,000-item action list, first page", "GET", long_list, "page"),
    ]
    if last_page_cursor is not None:
        endpoints.append(
            Endpoint(
                "long_list_last",
                "GET 100,000-item action list, last page",
                "GET",
                f"{long_list}&cursor={last_page_cursor}",
                "page",
            )
        )
    return endpoints


def http(method: str, url: str, headers: dict[str, str], body: Any = None) -> tuple[int, Any, dict[str, str]]:
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(  # noqa: S310 - our own local servers
        url,
        data=data,
        method=method,
        headers={**headers, **({"Content-Type": "application/json"} if data else {})},
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
            raw = response.read()
            return response.status, json.loads(raw) if raw else None, dict(response.headers)
    except urllib.error.HTTPError as error:
        raw = error.read()
        try:
            payload = json.loads(raw) if raw else None
        except ValueError:
            payload = raw.decode(errors="replace")[:200]
        return error.code, payload, dict(error.headers)


def create_reader_key(server: Server, admin: dict[str, str]) -> dict[str, str]:
    status, body, _ = http("POST", server.base_url + "/v1/api-keys", admin, {"name": "bench-reader", "role": "reader"})
    if status != 201:
        raise RuntimeError(f"cannot create a reader key on {server.name}: {status} {body}")
    return {"Authorization": f"Bearer {body['secret']}"}


def probe(server: Server, endpoint: Endpoint, headers: dict[str, str], patch_item: str | None) -> str | None:
    """None when the endpoint answers as the bench expects; otherwise why it is skipped."""
    url = server.base_url + endpoint.path
    body: Any = None
    if endpoint.key == "create_action_item":
        body = {"authority_code": WRITE_AUTHORITY, "title": "Bench probe", "due_on": "2031-03-31"}
    if endpoint.key == "patch_action_item":
        if patch_item is None:
            return "no items to PATCH"
        status, current, response_headers = http("GET", f"{url}/{patch_item}", headers)
        if status != 200:
            return f"GET /v1/action-items/{{id}} answered {status}: {_reason(current)}"
        headers = {**headers, "If-Match": response_headers.get("etag", "")}
        url, body = f"{url}/{patch_item}", {"owner": "Bench probe"}
    status, payload, _ = http(endpoint.method, url, headers, body)
    if status != endpoint.expect:
        return f"answered {status} (expected {endpoint.expect}): {_reason(payload)}"
    if endpoint.key == "long_list_last" and (len(payload["items"]) != PAGE or payload["next_cursor"] is not None):
        return "the constructed cursor does not give the last full page"
    return None


def _reason(payload: Any) -> str:
    if isinstance(payload, dict):
        return str(payload.get("detail") or payload.get("title") or payload)[:160]
    return str(payload)[:160]
