"""One error hierarchy for the whole service, rendered as RFC 9457 problem details.

Services raise these; ``app.core.problem_handlers`` turns them into ``application/problem+json``.
"""

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class ProblemType:
    slug: str
    status: int
    title: str
    description: str


PROBLEM_TYPES: dict[str, ProblemType] = {
    p.slug: p
    for p in (
        ProblemType(
            "validation-error",
            422,
            "Validation error",
            "The request was understood but its content breaks a rule; `errors` lists each field.",
        ),
        ProblemType(
            "not-found",
            404,
            "Not found",
            "No such resource, or one the caller may not see (embargoed inspections do not exist "
            "for callers outside admin, inspectorate and the inspected authority).",
        ),
        ProblemType("conflict", 409, "Conflict", "The request conflicts with the current state of the resource."),
        ProblemType(
            "invalid-transition",
            409,
            "Invalid status transition",
            "The status change is not allowed by the inspection lifecycle, or a state's needs are not met.",
        ),
        ProblemType(
            "precondition-failed",
            412,
            "Precondition failed",
            "The If-Match header does not match the current ETag; nothing was changed.",
        ),
        ProblemType(
            "precondition-required",
            428,
            "Precondition required",
            "This server requires If-Match on changes to existing resources.",
        ),
        ProblemType(
            "unauthorized",
            401,
            "Unauthorized",
            "A valid credential is required: `Authorization: Bearer <API key or access token>`.",
        ),
        ProblemType(
            "forbidden",
            403,
            "Forbidden",
            "The caller is known but its role may not do this (or its access token carries no role of this API).",
        ),
        ProblemType(
            "payload-too-large", 413, "Payload too large", "Request bodies are limited to 1 MiB (imports: 32 MiB)."
        ),
        ProblemType(
            "unsupported-media-type",
            415,
            "Unsupported media type",
            "Send request bodies as application/json (imports: a file of a kind the importer reads).",
        ),
        ProblemType(
            "unrecognised-file",
            422,
            "Unrecognised file",
            "The imported file is none of the kinds the importer reads, or not what its kind promises; nothing "
            "was changed. The detail says what was looked for.",
        ),
        ProblemType(
            "method-not-allowed", 405, "Method not allowed", "The resource does not support this method; see Allow."
        ),
        ProblemType(
            "not-acceptable",
            406,
            "Not acceptable",
            "This resource is available as application/json (and CSV and XLSX on lists marked so).",
        ),
        ProblemType(
            "rate-limited",
            429,
            "Too many requests",
            "The caller's request rate is over its limit; retry after Retry-After seconds.",
        ),
        ProblemType(
            "service-unavailable",
            503,
            "Service unavailable",
            "The database (or, for a token with a new key, the identity provider) is unreachable or overloaded; "
            "retry after Retry-After seconds.",
        ),
        ProblemType(
            "bad-request",
            400,
            "Bad request",
            "The request is not well-formed HTTP; the connection is closed after this answer.",
        ),
        ProblemType(
            "request-timeout",
            408,
            "Request timeout",
            "The request's headers or body did not arrive within the server's deadline; the connection is closed.",
        ),
        ProblemType(
            "cursor-expired",
            410,
            "Cursor expired",
            "The event feed no longer holds events from that far back (they are kept for the retention period); "
            "start again without a cursor.",
        ),
        ProblemType(
            "internal-error", 500, "Internal error", "An unexpected error; it has been logged with the request id."
        ),
    )
}


@dataclass(frozen=True, slots=True)
class FieldError:
    field: str
    message: str


class ProblemError(Exception):
    """An error the service answers with a problem document."""

    slug = "internal-error"

    def __init__(
        self,
        detail: str,
        *,
        errors: list[FieldError] | None = None,
        headers: dict[str, str] | None = None,
        extra: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(detail)
        self.detail = detail
        self.errors = errors
        self.headers = headers or {}
        self.extra = extra or {}

    @property
    def problem(self) -> ProblemType:
        return PROBLEM_TYPES[self.slug]


class ValidationFailed(ProblemError):
    slug = "validation-error"

    @classmethod
    def field(cls, field: str, message: str) -> "ValidationFailed":
        return cls(f"{field}: {message}", errors=[FieldError(field, message)])


class NotFound(ProblemError):
    slug = "not-found"


class Conflict(ProblemError):
    slug = "conflict"


class InvalidTransition(ProblemError):
    slug = "invalid-transition"


class PreconditionFailed(ProblemError):
    slug = "precondition-failed"


class PreconditionRequired(ProblemError):
    slug = "precondition-required"


class Unauthorized(ProblemError):
    slug = "unauthorized"

    def __init__(self, detail: str = "A valid API key is required.") -> None:
        super().__init__(detail, headers={"WWW-Authenticate": "Bearer"})


class Forbidden(ProblemError):
    slug = "forbidden"


class PayloadTooLarge(ProblemError):
    slug = "payload-too-large"


class UnsupportedMediaType(ProblemError):
    slug = "unsupported-media-type"


class UnrecognisedFileProblem(ProblemError):
    slug = "unrecognised-file"


class RateLimited(ProblemError):
    slug = "rate-limited"


class CursorExpired(ProblemError):
    slug = "cursor-expired"


class ServiceUnavailable(ProblemError):
    slug = "service-unavailable"

    def __init__(self, detail: str = "The database is unavailable; try again shortly.", retry_after: int = 2) -> None:
        super().__init__(detail, headers={"Retry-After": str(retry_after)})
