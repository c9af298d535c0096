"""OpenAPI documentation of problem responses, shared by every router."""

from typing import Any

from pydantic import BaseModel, Field

from app.core.errors import PROBLEM_TYPES


class ProblemFieldError(BaseModel):
    field: str = Field(description="Dotted path in the body, or the query parameter's name.")
    message: str


class Problem(BaseModel):
    """RFC 9457 problem details."""

    type: str = Field(examples=["/problems/not-found"])
    title: str
    status: int
    detail: str
    instance: str = Field(description="The request path.")
    errors: list[ProblemFieldError] | None = Field(default=None, description="On validation errors only.")


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
# Lists marked CSV in API.md also answer `Accept: text/csv` (merged into their 200 response).
CSV: dict[int | str, dict[str, Any]] = {
    200: {
        "content": {
            "text/csv": {
                "schema": {
                    "type": "string",
                    "description": "With `Accept: text/csv`: a header "
                    "row, then one row per item, every page (no cursor).",
                }
            }
        }
    }
}
PROBLEM_MEDIA_TYPE = "application/problem+json"
_LINK = {"description": 'Present when there is a next page: `<url>; rel="next"`.', "schema": {"type": "string"}}
_ETAG = {
    "description": 'The resource\'s version, `"<version>"`: send it back in `If-Match`.',
    "schema": {"type": "string"},
}


def refine(spec: dict[str, Any]) -> dict[str, Any]:
    """What FastAPI cannot say by itself: problems are `application/problem+json` (FastAPI files a response
    model under `application/json`), pages may carry `Link`, single resources carry `ETag`. Idempotent."""
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
    return spec
