"""Health, metrics and the problem type descriptions: no key needed."""

import sqlalchemy as sa
from fastapi import APIRouter, Request
from prometheus_client import CONTENT_TYPE_LATEST, Gauge, generate_latest
from starlette.responses import PlainTextResponse, Response

from app.core.errors import PROBLEM_TYPES
from app.core.problems import problem_response
from app.core.responses import json_response
from app.core.schemas import SlugPath

router = APIRouter(tags=["operations"])


@router.get("/health/live", summary="The process is up")
async def live() -> Response:
    return json_response({"status": "ok"})


@router.get(
    "/health/ready",
    summary="The database is reachable and migrated",
    responses={503: {"description": "Not ready", "content": {"application/problem+json": {}}}},
)
async def ready(request: Request) -> Response:
    try:
        async with request.app.state.db.engine.connect() as conn:
            version = await conn.scalar(sa.text("SELECT version_num FROM alembic_version"))
    except Exception:
        return problem_response(
            request.url.path, "service-unavailable", "The database is unreachable.", headers={"Retry-After": "2"}
        )
    if version != request.app.state.expected_revision:
        return problem_response(
            request.url.path,
            "service-unavailable",
            "The database is not migrated to this release.",
            headers={"Retry-After": "5"},
        )
    return json_response({"status": "ok"})


POOL_CHECKED_OUT = Gauge("ilacs_db_pool_checked_out", "Database connections in use")
POOL_IDLE = Gauge("ilacs_db_pool_idle", "Idle database connections in the pool")
POOL_OVERFLOW = Gauge("ilacs_db_pool_overflow", "Connections opened beyond the pool size")


@router.get(
    "/metrics",
    summary="Prometheus metrics",
    response_class=PlainTextResponse,
    responses={200: {"content": {"text/plain": {"schema": {"type": "string", "maxLength": 16 * 1024 * 1024}}}}},
)
async def metrics(request: Request) -> Response:
    pool = request.app.state.db.engine.pool
    for gauge, reading in ((POOL_CHECKED_OUT, "checkedout"), (POOL_IDLE, "checkedin"), (POOL_OVERFLOW, "overflow")):
        read = getattr(pool, reading, None)
        gauge.set(read() if callable(read) else 0)
    return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)


@router.get(
    "/problems/{slug}",
    summary="What a problem type means",
    response_class=PlainTextResponse,
    responses={404: {"description": "No such problem type", "content": {"application/problem+json": {}}}},
)
async def problem_type(request: Request, slug: SlugPath) -> Response:
    problem = PROBLEM_TYPES.get(slug)
    if problem is None:
        return problem_response(request.url.path, "not-found", f"No problem type {slug}.")
    return PlainTextResponse(f"{problem.title} ({problem.status})\n\n{problem.description}\n")
