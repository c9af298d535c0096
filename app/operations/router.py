"""Health, metrics and the problem type descriptions: no key needed."""

import sqlalchemy as sa
from fastapi import APIRouter, Request
from prometheus_client import CONTENT_TYPE_LATEST
from starlette.responses import PlainTextResponse, Response

from app.core.errors import PROBLEM_TYPES
from app.core.metrics import render as metrics_text
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


@router.get(
    "/metrics",
    summary="Prometheus metrics",
    response_class=PlainTextResponse,
    responses={200: {"content": {"text/plain": {"schema": {"type": "string", "maxLength": 16 * 1024 * 1024}}}}},
)
async def metrics() -> Response:
    return Response(metrics_text(), media_type=CONTENT_TYPE_LATEST)


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
