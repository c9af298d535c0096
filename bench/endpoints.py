"""What is measured: the service's endpoints, their reference equivalents, and a probe before each is run."""

import json
import tempfile
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.reference_data import NATIONAL_RECORD
from bench.database import LONG_LIST_AUTHORITY, READ_AUTHORITY, REPORT_AUTHORITY, WRITE_AUTHORITY
from bench.servers import Server

PAGE = 50
REFERENCE_PAGE = PAGE  # a page against a page of the same number of rows
# The import dry run posts the first rows of the community report scrape (written by bench.run).
IMPORT_ROWS = 50


@dataclass(frozen=True)
class Endpoint:
    key: str
    label: str
    method: str
    path: str
    reference: str | None  # the reference app's equivalent: "single" (one row), "page", or None (no equivalent)
    script: str = "get.lua"
    expect: int = 200
    write: bool = False  # compared with the reference's single-row read (at least 0.5x)
    admin: bool = False  # run with the admin key (writes and imports), otherwise a reader key
    scales: bool = False  # must stay within 1.5x from national to 10x scale
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
        Endpoint("stats_grades", "GET /v1/stats/grades", "GET", "/v1/stats/grades", "single", scales=True),
        Endpoint(
            "stats_series",
            "GET /v1/stats/grades/series (quarterly, 2019-2025)",
            "GET",
            "/v1/stats/grades/series?from=2019-01-01&to=2025-12-31&every=quarter",
            "single",
            scales=True,
        ),
        Endpoint("stats_movement", "GET /v1/stats/movement", "GET", "/v1/stats/movement", "single", scales=True),
        Endpoint(
            "timeline",
            "GET /v1/authorities/{code}/timeline",
            "GET",
            f"/v1/authorities/{READ_AUTHORITY}/timeline",
            "single",
            scales=True,
        ),
        Endpoint(
            "committee_report",
            "GET /v1/authorities/{code}/committee-report (JSON)",
            "GET",
            f"/v1/authorities/{REPORT_AUTHORITY}/committee-report?format=json&as_of=2026-11-30",
            "single",
            scales=True,
        ),
        Endpoint("events", f"GET /v1/events?limit={PAGE}", "GET", f"/v1/events?limit={PAGE}", "page"),
        Endpoint(
            "import_dry_run",
            f"POST /v1/imports?dry_run=true (scrape CSV, {IMPORT_ROWS} rows)",
            "POST",
            "/v1/imports?dry_run=true",
            None,
            script="post_file.lua",
            admin=True,
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
            admin=True,
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
            admin=True,
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


def import_file() -> Path:
    """The first ``IMPORT_ROWS`` rows of the bundled community report scrape, as the import dry run posts them."""
    path = Path(tempfile.gettempdir()) / f"ilacs-bench-scrape-{IMPORT_ROWS}.csv"
    lines = NATIONAL_RECORD[-1].read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(lines[: IMPORT_ROWS + 1]), encoding="utf-8")
    return path


def http(method: str, url: str, headers: dict[str, str], body: Any = None) -> tuple[int, Any, dict[str, str]]:
    data = body if isinstance(body, bytes) else json.dumps(body).encode() if body is not None else None
    content_type = "text/csv" if isinstance(body, bytes) else "application/json"
    request = urllib.request.Request(  # noqa: S310 - our own local servers
        url,
        data=data,
        method=method,
        headers={**headers, **({"Content-Type": content_type} if data else {})},
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
    if endpoint.key == "import_dry_run":
        body = import_file().read_bytes()
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
