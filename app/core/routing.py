"""The route class that makes one request one unit of work, and maps database outages onto 503."""

import logging
from collections.abc import Callable, Coroutine
from typing import Any

import sqlalchemy.exc as sa_exc
from fastapi import Request
from fastapi.routing import APIRoute
from starlette.responses import Response

from app.core.errors import ProblemError, ServiceUnavailable, UnsupportedMediaType
from app.core.problems import from_problem_error, internal_error

log = logging.getLogger("ilacs.routing")
BODY_METHODS = frozenset({"POST", "PUT", "PATCH"})
# Raised by the driver or the pool when PostgreSQL is unreachable, restarting or too slow.
UNAVAILABLE_ERRORS: tuple[type[BaseException], ...] = (
    sa_exc.OperationalError,
    sa_exc.InterfaceError,
    sa_exc.TimeoutError,
    ConnectionError,
    TimeoutError,
    OSError,
)


class ReplayResponse(Exception):  # noqa: N818 - control flow, not an error
    """A stored idempotent response to send instead of running the handler again."""

    def __init__(self, response: Response) -> None:
        self.response = response


def _is_json(content_type: str) -> bool:
    media = content_type.split(";", 1)[0].strip().lower()
    return media == "application/json" or (media.startswith("application/") and media.endswith("+json"))


def _is_unavailable(exc: BaseException) -> bool:
    if isinstance(exc, sa_exc.DBAPIError) and exc.connection_invalidated:
        return True
    if isinstance(exc, sa_exc.DBAPIError):
        code = getattr(exc.orig, "sqlstate", None) or getattr(exc.orig, "pgcode", None)
        # 57014 query_canceled (statement timeout), 57P0x admin shutdown / cannot connect now, 08xxx connection.
        if code and (code == "57014" or code.startswith("57P") or code.startswith("08")):
            return True
        if isinstance(exc, sa_exc.ProgrammingError | sa_exc.IntegrityError | sa_exc.DataError):
            return False
    return isinstance(exc, UNAVAILABLE_ERRORS)


class UnitOfWorkRoute(APIRoute):
    """Open a session per request; commit when the handler answers below 400, roll back otherwise."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        original = super().get_route_handler()

        async def handler(request: Request) -> Response:
            if request.method in BODY_METHODS and not _is_json(request.headers.get("content-type", "")):
                return from_problem_error(
                    request, UnsupportedMediaType("Send the request body as application/json.")
                )
            try:
                async with request.app.state.db.session_factory() as session:
                    request.state.session = session
                    try:
                        response = await original(request)
                    except ReplayResponse as replay:
                        await session.rollback()
                        return replay.response
                    if response.status_code < 400:
                        await store_idempotent_response(request, response)
                        await session.commit()
                    else:
                        await session.rollback()
                    return response
            except ProblemError as exc:
                return from_problem_error(request, exc)
            except Exception as exc:
                if _is_unavailable(exc):
                    log.warning("database unavailable: %s", type(exc).__name__)
                    return from_problem_error(request, ServiceUnavailable())
                if isinstance(exc, sa_exc.IntegrityError):
                    from app.core.integrity import problem_for_integrity_error

                    return from_problem_error(request, problem_for_integrity_error(exc))
                if _is_framework_exception(exc):
                    raise
                return internal_error(request, exc)

        return handler


def _is_framework_exception(exc: Exception) -> bool:
    from fastapi.exceptions import RequestValidationError
    from starlette.exceptions import HTTPException

    return isinstance(exc, RequestValidationError | HTTPException)


async def store_idempotent_response(request: Request, response: Response) -> None:
    reservation = getattr(request.state, "idempotency", None)
    if reservation is not None:
        await reservation.store(response)
