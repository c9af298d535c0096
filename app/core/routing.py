"""The route class that makes one request one unit of work, and maps database outages onto 503."""

import logging
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any

import sqlalchemy.exc as sa_exc
from fastapi import APIRouter, FastAPI, Request
from fastapi.routing import APIRoute
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.responses import Response

from app.core.changes import changed_types
from app.core.errors import (
    Forbidden,
    NotFound,
    ProblemError,
    ServiceUnavailable,
    UnsupportedMediaType,
    ValidationFailed,
)
from app.core.problems import from_problem_error, internal_error
from app.core.schemas import NUL_MESSAGE

log = logging.getLogger("ilacs.routing")
MovedLocation = Callable[[Request, AsyncSession], Awaitable[str | None]]
BODY_METHODS = frozenset({"POST", "PUT", "PATCH"})
READ_METHODS = frozenset({"GET", "HEAD"})
# Raised by the driver or the pool when PostgreSQL is unreachable, restarting or too slow.
UNAVAILABLE_ERRORS: tuple[type[BaseException], ...] = (
    sa_exc.TimeoutError,
    ConnectionError,
    TimeoutError,
    OSError,
)


class ReplayResponse(Exception):
    """A stored idempotent response to send instead of running the handler again."""

    def __init__(self, response: Response) -> None:
        self.response = response


def _is_json(content_type: str) -> bool:
    media = content_type.split(";", 1)[0].strip().lower()
    return media == "application/json" or (media.startswith("application/") and media.endswith("+json"))


# SQLSTATEs meaning "the database cannot serve this now; the same request may well succeed in a moment":
# classes 08 connection exception, 53 insufficient resources (too many connections, out of memory, disk full),
# 57 operator intervention (57014 statement timeout, 57P01 admin shutdown, 57P02 crash shutdown, 57P03 cannot
# connect now, 57P04 database dropped, 57P05 idle session timeout); and single states: 25006 read-only
# transaction (failed over onto a standby), 25P03 idle-in-transaction timeout, 40001 serialization failure,
# 40P01 deadlock, 55P03 lock not available (lock_timeout).
UNAVAILABLE_SQLSTATE_CLASSES = ("08", "53", "57")
UNAVAILABLE_SQLSTATES = frozenset({"25006", "25P03", "40001", "40P01", "55P03"})


def sqlstate_of(exc: BaseException) -> str | None:
    orig = getattr(exc, "orig", None)
    code = getattr(orig, "sqlstate", None) or getattr(orig, "pgcode", None)
    return str(code) if code else None


def _is_unavailable(exc: BaseException) -> bool:
    """Whether ``exc`` means the database is unreachable, restarting, overloaded or too slow (503, not 500).

    What asyncpg raises arrives in one of these shapes: connection refused or socket missing as a bare
    ``OSError``; a connect or command timeout as ``TimeoutError``; a full pool as ``sqlalchemy.exc.TimeoutError``;
    ``asyncpg.InterfaceError`` (e.g. "connection is closed") as ``sqlalchemy.exc.InterfaceError``; and every
    server error (AdminShutdownError, CannotConnectNowError, ConnectionDoesNotExistError, QueryCanceledError...)
    as ``sqlalchemy.exc.DBAPIError`` whose ``orig.sqlstate`` tells which.
    """
    if isinstance(exc, sa_exc.DBAPIError):
        if exc.connection_invalidated or isinstance(exc, sa_exc.OperationalError | sa_exc.InterfaceError):
            return True
        code = sqlstate_of(exc)
        return code is not None and (code.startswith(UNAVAILABLE_SQLSTATE_CLASSES) or code in UNAVAILABLE_SQLSTATES)
    return isinstance(exc, UNAVAILABLE_ERRORS)


class UnitOfWorkRoute(APIRoute):
    """Open a session per request; commit when the handler answers below 400, roll back otherwise."""

    # Bodies must be JSON, unless a route takes files (its handler then checks the media type itself).
    takes_files = False

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        original = super().get_route_handler()

        async def handler(request: Request) -> Response:
            content_type = request.headers.get("content-type", "")
            if (
                request.method in BODY_METHODS
                and not self.takes_files
                and _has_body(request)
                and not _is_json(content_type)
            ):
                return from_problem_error(request, UnsupportedMediaType("Send the request body as application/json."))
            refused = _refuse_nul(request)
            if refused is not None:
                return from_problem_error(request, refused)
            try:
                async with _session_factory(request)() as session:
                    request.state.session = session
                    try:
                        return await _run_unit_of_work(request, session, original)
                    except (NotFound, Forbidden):
                        moved = await _moved(request, session)
                        if moved is None:
                            raise
                        return moved
            except ProblemError as exc:
                return from_problem_error(request, exc)
            except Exception as exc:
                if _is_unavailable(exc):
                    log.warning(
                        "database unavailable: %s.%s %s",
                        type(exc).__module__,
                        type(exc).__name__,
                        sqlstate_of(exc) or "",
                    )
                    return from_problem_error(request, ServiceUnavailable())
                if isinstance(exc, sa_exc.IntegrityError):
                    from app.core.integrity import problem_for_integrity_error

                    return from_problem_error(request, problem_for_integrity_error(exc))
                if _is_framework_exception(exc):
                    raise
                return internal_error(request, exc)

        return handler


async def _run_unit_of_work(
    request: Request, session: AsyncSession, handler: Callable[[Request], Coroutine[Any, Any, Response]]
) -> Response:
    try:
        response = await handler(request)
    except ReplayResponse as replay:
        await session.rollback()
        return replay.response
    if response.status_code < 400:
        await store_idempotent_response(request, response)
        await session.commit()
        if request.method not in READ_METHODS:
            _changed_here(request, session)
    else:
        await session.rollback()
    return response


def _changed_here(request: Request, session: AsyncSession) -> None:
    """A write committed by this process: tell the per-process record cache what it changed, at once, so that
    this process's next read shows it (other processes hear of it from PostgreSQL's notification)."""
    cache = getattr(request.app.state, "grade_stats_cache", None)
    if cache is not None:
        cache.changed_here(changed_types(session.sync_session))


def _has_body(request: Request) -> bool:
    """Whether a body was sent (an action such as ``POST .../ping`` takes none, and needs no Content-Type)."""
    headers = request.headers
    return "transfer-encoding" in headers or headers.get("content-length", "0") != "0"


async def _moved(request: Request, session: AsyncSession) -> Response | None:
    """308 to where a resource that was not found (or was refused) now lives, when the app knows of such a
    move (``app.state.moved_location``: a resource renamed, such as an authority recoded), else None."""
    locate: MovedLocation | None = getattr(request.app.state, "moved_location", None)
    if locate is None:
        return None
    await session.rollback()
    location = await locate(request, session)
    if location is None:
        return None
    return Response(status_code=308, headers={"Location": location})


def _refuse_nul(request: Request) -> ProblemError | None:
    """NUL, which PostgreSQL text cannot hold, in a path (it names no resource: 404) or a query parameter (422)."""
    if any("\x00" in str(value) for value in request.path_params.values()):
        return NotFound(f"No resource at {request.url.path}.")
    for name, value in request.query_params.multi_items():
        if "\x00" in value:
            return ValidationFailed.field(name, NUL_MESSAGE)
    return None


def include_flat(app: FastAPI, router: APIRouter) -> None:
    """``app.include_router(router)`` for a router that has nothing to add at inclusion (its prefix, tags and
    dependencies are on its routes already): its routes join the app's own list. FastAPI matches an included
    router through extra layers, twice per request, route by route (measured: up to 50 µs a request for the
    routers included last); routes in the app's list are matched once, by their path pattern."""
    app.router.routes.extend(router.routes)


def _session_factory(request: Request) -> Callable[[], AsyncSession]:
    """Reads get a session without BEGIN/COMMIT round trips (``Database.read_session_factory``)."""
    db = request.app.state.db
    factory: Callable[[], AsyncSession] = (
        db.read_session_factory if request.method in READ_METHODS else db.session_factory
    )
    return factory


def _is_framework_exception(exc: Exception) -> bool:
    from fastapi.exceptions import RequestValidationError
    from starlette.exceptions import HTTPException

    return isinstance(exc, RequestValidationError | HTTPException)


async def store_idempotent_response(request: Request, response: Response) -> None:
    reservation = getattr(request.state, "idempotency", None)
    if reservation is not None:
        await reservation.store(response)


class FileRoute(UnitOfWorkRoute):
    """A unit of work whose body is a file, not JSON (``POST /v1/imports``)."""

    takes_files = True
