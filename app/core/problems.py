"""Render problems (RFC 9457) and map every kind of failure onto one."""

import logging
from collections.abc import Sequence
from typing import Any

import orjson
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import Response
from starlette.routing import Match

from app.core.errors import PROBLEM_TYPES, FieldError, ProblemError

PROBLEM_MEDIA_TYPE = "application/problem+json"
READ_ONLY_FIELDS = frozenset(
    {
        "id",
        "created_at",
        "updated_at",
        "version",
        "kind",
        "latest_graded",
        "overdue",
        "rag",
        "prefix",
        "revoked_at",
        "author",
        "area_label",
        "grade_label",
        "grade_score",
        # Keys that name a resource in its path: set on create, never changed.
        "code",
        "slug",
        "authority_code",
    }
)
MAX_PROBLEM_ERRORS = 100  # a problem lists at most this many field errors (the first ones)
log = logging.getLogger("ilacs.errors")


def problem_response(
    request_path: str,
    slug: str,
    detail: str,
    *,
    errors: Sequence[FieldError] | None = None,
    headers: dict[str, str] | None = None,
    extra: dict[str, Any] | None = None,
) -> Response:
    problem = PROBLEM_TYPES[slug]
    body: dict[str, Any] = {
        "type": f"/problems/{slug}",
        "title": problem.title,
        "status": problem.status,
        "detail": detail,
        "instance": request_path,
    }
    if errors is not None:
        body["errors"] = [{"field": e.field, "message": e.message} for e in errors[:MAX_PROBLEM_ERRORS]]
    if extra:
        body.update(extra)
    return Response(orjson.dumps(body), status_code=problem.status, media_type=PROBLEM_MEDIA_TYPE, headers=headers)


def from_problem_error(request: Request, exc: ProblemError) -> Response:
    return problem_response(
        request.url.path, exc.slug, exc.detail, errors=exc.errors, headers=exc.headers, extra=exc.extra
    )


def _field_name(loc: Sequence[str | int], kind: str) -> str:
    parts = [str(p) for p in loc]
    if kind == "json_invalid":  # its location is a character offset in the body, not a field
        return "body"
    if parts and parts[0] in ("query", "path", "header"):
        # A parameter is flat: what follows its name only tags the member of a union that failed
        # (``grade.str-enum[Grade]``), which is no field a client knows.
        return parts[1] if len(parts) > 1 else parts[0]
    if parts and parts[0] == "body":
        parts = parts[1:]
    return ".".join(parts) or "body"


def validation_errors(raw: Sequence[Any]) -> list[FieldError]:
    errors: list[FieldError] = []
    for err in raw:
        kind = err.get("type", "")
        field = _field_name(err.get("loc", ()), kind)
        leaf = field.rsplit(".", 1)[-1]
        if kind == "extra_forbidden":
            message = "is read-only" if leaf in READ_ONLY_FIELDS else "is not a known field"
        elif kind == "json_invalid":
            message = "is not valid JSON"
        else:
            message = str(err.get("msg", "is invalid")).removeprefix("Value error, ")
        errors.append(FieldError(field, message))
    return errors


def from_validation_error(request: Request, exc: RequestValidationError) -> Response:
    raw = exc.errors()
    if any(err.get("loc", ("",))[0] == "path" for err in raw):
        # A path that cannot name a resource (an id that is not a UUID, say) names none: 404.
        return problem_response(request.url.path, "not-found", f"No resource at {request.url.path}.")
    errors = validation_errors(raw)
    detail = "; ".join(f"{e.field}: {e.message}" for e in errors[:5])
    return problem_response(request.url.path, "validation-error", detail, errors=errors)


_HTTP_SLUGS = {
    404: "not-found",
    405: "method-not-allowed",
    401: "unauthorized",
    403: "forbidden",
    413: "payload-too-large",
    415: "unsupported-media-type",
    406: "not-acceptable",
}


def from_http_exception(request: Request, exc: StarletteHTTPException) -> Response:
    slug = _HTTP_SLUGS.get(exc.status_code, "internal-error" if exc.status_code >= 500 else "validation-error")
    detail = {404: f"No route or resource at {request.url.path}."}.get(exc.status_code, str(exc.detail))
    headers = dict(exc.headers or {})
    if exc.status_code == 405:
        detail = f"{request.method} is not allowed on {request.url.path}."
        headers["Allow"] = ", ".join(_allowed_methods(request))
    return problem_response(request.url.path, slug, detail, headers=headers)


def _allowed_methods(request: Request) -> list[str]:
    """The methods of the routes whose template fits this path most closely: a literal path (``/v1/themes/trends``)
    is not also ``/v1/themes/{slug}``, so its Allow lists only its own methods (Starlette names only the first
    route's)."""
    fitting = [
        route
        for route in request.app.router.routes
        if getattr(route, "methods", None) and route.matches(request.scope)[0] is not Match.NONE
    ]
    if not fitting:
        return []
    fewest = min(len(route.param_convertors) for route in fitting)
    methods = {m for route in fitting if len(route.param_convertors) == fewest for m in route.methods}
    if "GET" in methods:
        methods.add("HEAD")  # every GET answers HEAD too (app.core.middleware.HeadMiddleware)
    return [m for m in ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE") if m in methods]


def internal_error(request: Request, exc: Exception) -> Response:
    log.exception("unhandled error", exc_info=exc)
    return problem_response(request.url.path, "internal-error", "An unexpected error occurred.")


def install_problem_handlers(app: FastAPI) -> None:
    app.add_exception_handler(ProblemError, from_problem_error)  # type: ignore[arg-type]
    app.add_exception_handler(RequestValidationError, from_validation_error)  # type: ignore[arg-type]
    app.add_exception_handler(StarletteHTTPException, from_http_exception)  # type: ignore[arg-type]
    app.add_exception_handler(Exception, internal_error)
