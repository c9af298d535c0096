"""OpenAPI documentation shared by every router: problem responses, and the headers and limits of every answer."""

from typing import Any

from pydantic import BaseModel, Field

from app.core.errors import PROBLEM_TYPES
from app.core.openapi_headers import document_headers
from app.core.openapi_limits import limit_document
from app.core.problems import MAX_PROBLEM_ERRORS

MAX_URL = 8192  # uvicorn refuses longer request lines
MAX_PROBLEM_DETAIL = 20_000


class ProblemFieldError(BaseModel):
    field: str = Field(max_length=1000, description="Dotted path in the body, or the query parameter's name.")
    message: str = Field(max_length=2000)


class Problem(BaseModel):
    """RFC 9457 problem details."""

    type: str = Field(max_length=100, pattern=r"^/problems/[a-z-]{1,60}$", examples=["/problems/not-found"])
    title: str = Field(max_length=100)
    status: int = Field(ge=400, le=599)
    detail: str = Field(max_length=MAX_PROBLEM_DETAIL)
    instance: str = Field(max_length=MAX_URL, description="The request path.")
    errors: list[ProblemFieldError] | None = Field(
        default=None, max_length=MAX_PROBLEM_ERRORS, description="On validation errors only (the first 100)."
    )


_SLUG_BY_STATUS = {
    400: "validation-error",
    401: "unauthorized",
    403: "forbidden",
    404: "not-found",
    409: "conflict",
    410: "cursor-expired",
    412: "precondition-failed",
    413: "payload-too-large",
    415: "unsupported-media-type",
    422: "validation-error",
    428: "precondition-required",
    429: "rate-limited",
    503: "service-unavailable",
    500: "internal-error",
}
# Every /v1 operation can answer these.
COMMON = (401, 422, 429, 500, 503)


def problems(*statuses: int) -> dict[int | str, dict[str, Any]]:
    out: dict[int | str, dict[str, Any]] = {}
    for status in sorted({*COMMON, *statuses}):
        slug = _SLUG_BY_STATUS[status]
        out[status] = {
            "description": PROBLEM_TYPES[slug].title + (" (or invalid-transition)" if status == 409 else ""),
            "model": Problem,
            "content": {"application/problem+json": {}},
        }
    return out


READ = problems(403, 404)
LIST = problems(403)
CREATE = problems(403, 404, 409, 413, 415)
CHANGE = problems(403, 404, 409, 412, 413, 415, 428)
DELETE = problems(403, 404, 409, 412, 428)
# Lists marked CSV in API.md also answer `Accept: text/csv` and XLSX, or `format=csv|xlsx` (merged into their 200).
_ATTACHMENT = {
    "description": 'CSV and XLSX only: `attachment; filename="<resource>-<YYYY-MM-DD>.<ext>"` (today, UTC).',
    "schema": {"type": "string", "maxLength": 100},
}
CSV: dict[int | str, dict[str, Any]] = {
    200: {
        "headers": {"Content-Disposition": _ATTACHMENT},
        "content": {
            "text/csv": {
                "schema": {
                    "type": "string",
                    "maxLength": 2**31 - 1,
                    "description": "With `Accept: text/csv` or `format=csv`: a header row, then one row per item, "
                    "every page (no cursor); UTF-8.",
                }
            },
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {
                "schema": {
                    "type": "string",
                    "format": "binary",
                    "maxLength": 2**31 - 1,
                    "description": "With the XLSX `Accept` or `format=xlsx`: one sheet named after the resource, "
                    "a frozen header row with an autofilter, every page; dates as date cells, timestamps as "
                    "date-time cells in UTC, numbers as numbers, booleans as booleans, lists joined with `; `; "
                    "no formulas.",
                }
            },
        },
    }
}
PROBLEM_MEDIA_TYPE = "application/problem+json"
_LINK = {
    "description": 'Present when there is a next page: `<url>; rel="next"`.',
    "schema": {"type": "string", "maxLength": MAX_URL + 16},
}
_ETAG = {
    "description": 'The resource\'s version, `"<version>"`: send it back in `If-Match`.',
    "schema": {"type": "string", "pattern": '^"[0-9]{1,10}"$', "maxLength": 12},
}


def refine(spec: dict[str, Any]) -> dict[str, Any]:
    """What FastAPI cannot say by itself: problems are `application/problem+json` (FastAPI files a response
    model under `application/json`), pages may carry `Link`, single resources carry `ETag`; the headers of every
    answer (rate limits, CORS, Retry-After) and the limits of every value (``app.core.openapi_limits``). Idempotent."""
    schemas = spec.get("components", {}).get("schemas", {})
    for path_item in spec.get("paths", {}).values():
        for operation in path_item.values():
            for status, response in operation.get("responses", {}).items():
                content = response.get("content", {})
                if PROBLEM_MEDIA_TYPE in content and "application/json" in content:
                    content[PROBLEM_MEDIA_TYPE] = content.pop("application/json")
                ref = content.get("application/json", {}).get("schema", {}).get("$ref", "")
                name = ref.rsplit("/", 1)[-1]
                if status == "200" and name.startswith("Page_"):
                    response.setdefault("headers", {})["Link"] = _LINK
                elif status in ("200", "201") and "version" in schemas.get(name, {}).get("properties", {}):
                    response.setdefault("headers", {})["ETag"] = _ETAG
    document_headers(spec)
    _drop_unused_schemas(spec)
    limit_document(spec)
    return spec


def _drop_unused_schemas(spec: dict[str, Any]) -> None:
    """FastAPI adds its own validation-error schemas even where every 422 is documented as a problem."""
    schemas = spec.get("components", {}).get("schemas", {})
    for name in ("HTTPValidationError", "ValidationError"):  # in this order: the first refers to the second
        if name in schemas and f"/schemas/{name}'" not in str([spec.get("paths"), schemas]):
            del schemas[name]
