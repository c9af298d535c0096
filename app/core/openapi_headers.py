"""The headers and responses every operation shares, written into the OpenAPI document in one place.

- ``RateLimit-Limit``, ``RateLimit-Remaining``, ``RateLimit-Reset`` on every response of every ``/v1`` operation
  (``app.core.middleware.RateLimitHeadersMiddleware``), ``Retry-After`` on every 429 and 503;
- ``Access-Control-Allow-Origin`` on every response (CORS, when ``ILACS_CORS_ORIGINS`` names the caller's origin);
- 500 on every operation (any of them can fail unexpectedly); every tag used, declared.
"""

from typing import Any

INT32_MAX = 2**31 - 1
WINDOW_SECONDS = 60  # app.core.rate_limit.WINDOW_SECONDS (not imported: that module pulls in the models)

RATE_LIMIT_HEADERS: dict[str, Any] = {
    "RateLimit-Limit": {
        "description": "Requests this API key may make in a one-minute window (`ILACS_RATE_LIMIT_PER_MINUTE`). "
        "The `RateLimit-*` headers are absent only when the operator has turned rate limiting off.",
        "schema": {"type": "integer", "format": "int32", "minimum": 1, "maximum": INT32_MAX},
    },
    "RateLimit-Remaining": {
        "description": "Requests left in the current window, this one counted. A request without a known key "
        "spends nothing and is told the whole quota.",
        "schema": {"type": "integer", "format": "int32", "minimum": 0, "maximum": INT32_MAX},
    },
    "RateLimit-Reset": {
        "description": "Seconds until the window resets.",
        "schema": {"type": "integer", "format": "int32", "minimum": 1, "maximum": WINDOW_SECONDS},
    },
}
RETRY_AFTER = {
    "description": "Seconds to wait before retrying.",
    "schema": {"type": "integer", "format": "int32", "minimum": 1, "maximum": 3600},
}
CORS_ALLOW_ORIGIN = {
    "description": "CORS: the caller's `Origin`, echoed when it is one of `ILACS_CORS_ORIGINS` (explicit "
    "`https://host[:port]` origins, never `*`). CORS is off, and the header absent, unless origins are configured.",
    "schema": {"type": "string", "format": "uri", "maxLength": 2048},
}
INTERNAL_ERROR = {
    "description": "Internal Server Error (never with a stack trace)",
    "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}},
}
IF_MATCH = {
    "name": "If-Match",
    "in": "header",
    "required": False,
    "description": 'The `ETag` last read, `"<version>"` (or `*`): a stale one gets 412 and changes nothing. '
    "Optional unless the service requires it (`ILACS_REQUIRE_IF_MATCH`, 428 without it).",
    "schema": {"type": "string", "maxLength": 1000, "examples": ['"3"']},
}
IF_NONE_MATCH = {
    "name": "If-None-Match",
    "in": "header",
    "required": False,
    "description": "The `ETag` last read: 304 with no body while the resource is unchanged.",
    "schema": {"type": "string", "maxLength": 1000, "examples": ['"3"']},
}
HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


def document_headers(spec: dict[str, Any]) -> None:
    """Add the shared headers and responses to every operation of ``spec`` (in place; idempotent)."""
    for path, path_item in spec.get("paths", {}).items():
        for method, operation in path_item.items():
            if method not in HTTP_METHODS:
                continue
            responses = operation.setdefault("responses", {})
            responses.setdefault("500", INTERNAL_ERROR)
            _drop_path_only_validation(operation)
            _document_preconditions(method, operation)
            for status, response in responses.items():
                headers = response.setdefault("headers", {})
                if path.startswith("/v1"):
                    headers.update(RATE_LIMIT_HEADERS)
                if status in ("429", "503"):
                    headers["Retry-After"] = RETRY_AFTER
                headers["Access-Control-Allow-Origin"] = CORS_ALLOW_ORIGIN
    _declare_tags(spec)


def _drop_path_only_validation(operation: dict[str, Any]) -> None:
    """FastAPI documents a 422 for any parameter; a path parameter that fails its limits is a 404 here."""
    parameters = operation.get("parameters", [])
    validation = operation.get("responses", {}).get("422", {})
    framework_422 = "HTTPValidationError" in str(validation)
    if framework_422 and all(p.get("in") == "path" for p in parameters) and "requestBody" not in operation:
        del operation["responses"]["422"]


def _document_preconditions(method: str, operation: dict[str, Any]) -> None:
    """`If-Match` where a stale one is a 412, `If-None-Match` where a GET can answer 304 (read by the services
    through ``app.core.responses``, not declared as parameters there), so generated clients can send them."""
    responses = operation.get("responses", {})
    header = IF_MATCH if method in ("patch", "put", "delete") and "412" in responses else None
    header = IF_NONE_MATCH if method == "get" and "304" in responses else header
    parameters = operation.setdefault("parameters", [])
    if header is not None and all(p.get("name") != header["name"] for p in parameters):
        parameters.append(header)
    if not parameters:
        del operation["parameters"]


def _declare_tags(spec: dict[str, Any]) -> None:
    declared = {tag["name"] for tag in spec.get("tags", [])}
    used: list[str] = []
    for path_item in spec.get("paths", {}).values():
        for operation in path_item.values():
            for tag in operation.get("tags", []):
                if tag not in declared and tag not in used:
                    used.append(tag)
    if used:
        spec["tags"] = [*spec.get("tags", []), *({"name": tag} for tag in used)]
