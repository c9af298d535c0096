"""The application factory. Engines are made in the lifespan, never at import."""

import asyncio
import contextlib
import re
import secrets
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from asgi_correlation_id import CorrelationIdMiddleware
from fastapi import FastAPI
from fastapi_offline import FastAPIOffline
from starlette.middleware.cors import CORSMiddleware

from app.api_keys import service as api_keys
from app.api_keys.router import router as api_keys_router
from app.audit.router import router as audit_router
from app.authorities.redirects import moved_location
from app.authorities.router import router as authorities_router
from app.core import metrics, openapi_docs
from app.core.config import Settings, get_settings
from app.core.cursor_key import configured_cursor_key, stored_cursor_key
from app.core.database import Database, make_engine, resolve_database_url
from app.core.key_cache import KeyCache
from app.core.middleware import (
    BodyLimitMiddleware,
    HeadMiddleware,
    ObservabilityMiddleware,
    RateLimitHeadersMiddleware,
)
from app.core.migrations import head_revision
from app.core.oidc import describe_credentials, token_verifier
from app.core.problems import install_problem_handlers
from app.core.rate_limit import RateLimiter
from app.core.routing import include_flat
from app.operations.router import router as operations_router
from app.stats.cache import GradeStatsCache
from app.webhooks.dispatcher import Dispatcher

DESCRIPTION = """
The system of record for Ofsted's Inspections of Local Authority Children's Services (ILACS).

Every `/v1` call needs `Authorization: Bearer <credential>`: an API key, or (where sign-in is configured)
an access token from the council's OpenID Connect identity provider, such as Microsoft Entra ID. Errors are RFC 9457 problems
(`application/problem+json`); `GET /problems/<slug>` describes each type. Lists are keyset-paged
(`limit`, opaque `cursor`, `Link: rel="next"`) and lists marked CSV also answer `Accept: text/csv` and
XLSX, or `format=csv|xlsx` (every row, as an attachment).
Single resources carry `ETag`; `PATCH`, `PUT` and `DELETE` honour `If-Match` (412 when stale), `GET`
honours `If-None-Match` (304). Every `POST` accepts `Idempotency-Key`. Every `GET` also answers `HEAD`.

Rate limits: each API key may make `RateLimit-Limit` requests a minute; every `/v1` answer carries
`RateLimit-Limit`, `RateLimit-Remaining` and `RateLimit-Reset` (seconds), and a 429 `Retry-After`.
CORS is off unless the operator lists explicit origins (`ILACS_CORS_ORIGINS`); a listed origin gets
`Access-Control-Allow-Origin` with its own value, never `*`. Every string, integer and list has the limit
stated here, and a body over it is a 422.
"""
_SANE_REQUEST_ID = re.compile(r"^[A-Za-z0-9._:\-]{1,128}$")


def _valid_request_id(value: str) -> bool:
    return bool(_SANE_REQUEST_ID.match(value))


def create_app(settings: Settings | None = None, database: Database | None = None) -> FastAPI:
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        owned = database is None
        db = database or Database(make_engine(resolve_database_url(settings), settings))
        app.state.db = db
        if configured_cursor_key(settings) is None:
            app.state.cursor_key = await stored_cursor_key(db)
        if settings.bootstrap_admin_key is not None:
            async with db.session() as session:
                await api_keys.ensure_bootstrap_admin(session, settings.bootstrap_admin_key.get_secret_value())
                await session.commit()
        await app.state.key_cache.start(db)
        await app.state.grade_stats_cache.start(db)
        dispatching = asyncio.create_task(Dispatcher(db, settings).run()) if settings.dispatcher else None
        try:
            yield
        finally:
            if dispatching is not None:
                dispatching.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await dispatching
            await app.state.rate_limiter.stop()
            if app.state.token_verifier is not None:
                await app.state.token_verifier.keys.close()
            await app.state.grade_stats_cache.stop()
            await app.state.key_cache.stop()
            if owned:
                await db.dispose()
            metrics.worker_exiting()

    app = FastAPIOffline(
        title="ilacs-api",
        version="1.0.0",
        description=DESCRIPTION,
        lifespan=lifespan,
        redirect_slashes=False,
        openapi_url="/openapi.json",
    )
    app.state.settings = settings
    app.state.expected_revision = head_revision()
    app.state.key_cache = KeyCache()
    app.state.grade_stats_cache = GradeStatsCache()
    app.state.rate_limiter = RateLimiter(settings.rate_limit_per_minute)
    app.state.moved_location = moved_location
    # The lifespan replaces a key made here with the one kept in the database (apps run without a lifespan,
    # as in tests, sign with a key of their own).
    app.state.cursor_key = configured_cursor_key(settings) or secrets.token_bytes(32)
    app.state.token_verifier = token_verifier(settings)
    if database is not None:
        app.state.db = database
    install_problem_handlers(app)
    for router in (authorities_router, api_keys_router, audit_router, operations_router):
        include_flat(app, router)
    from app.features import include_feature_routers

    include_feature_routers(app)
    generate_openapi = app.openapi
    app.openapi = lambda: openapi_docs.refine(describe_credentials(generate_openapi()))  # type: ignore[method-assign]

    app.add_middleware(HeadMiddleware)
    app.add_middleware(BodyLimitMiddleware)
    app.add_middleware(RateLimitHeadersMiddleware)
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.cors_origins,
            allow_methods=["*"],
            allow_headers=["*"],
            expose_headers=[
                "ETag",
                "Location",
                "Link",
                "X-Request-ID",
                "RateLimit-Limit",
                "RateLimit-Remaining",
                "RateLimit-Reset",
                "Retry-After",
            ],
        )
    app.add_middleware(ObservabilityMiddleware)
    app.add_middleware(CorrelationIdMiddleware, header_name="X-Request-ID", validator=_valid_request_id)
    return app
