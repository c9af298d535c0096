"""Pure ASGI middleware: body size cap, metrics and access log, security headers, rate-limit headers, HEAD."""

import logging
import time
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.core.metrics import LATENCY, REQUESTS
from app.core.problems import problem_response

MAX_BODY_BYTES = 1024 * 1024
# Paths that take files: their own limit (API.md "Imports": 32 MiB).
LARGER_LIMITS = {"/v1/imports": 32 * 1024 * 1024}
access_log = logging.getLogger("ilacs.access")


class _BodyTooLarge(Exception):
    pass


class BodyLimitMiddleware:
    """413 for bodies over 1 MiB (or a file path's own limit), whether announced by Content-Length or streamed."""

    def __init__(self, app: ASGIApp, max_bytes: int = MAX_BODY_BYTES) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope["headers"])
        length = headers.get(b"content-length")
        limit = LARGER_LIMITS.get(scope["path"].rstrip("/"), self.max_bytes)
        if length is not None and (not length.isdigit() or int(length) > limit):
            await self._refuse(scope, receive, send)
            return
        received = 0
        exceeded = started = False

        async def limited_receive() -> Message:
            nonlocal received, exceeded
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    exceeded = True
                    raise _BodyTooLarge
            return message

        async def guarded_send(message: Message) -> None:
            nonlocal started
            if exceeded and not started:
                return  # the app may have turned the interrupted read into some other error: the answer is 413
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, limited_receive, guarded_send)
        except Exception:
            if not exceeded:
                raise
        if exceeded and not started:
            await self._refuse(scope, receive, send)

    async def _refuse(self, scope: Scope, receive: Receive, send: Send) -> None:
        limit = LARGER_LIMITS.get(scope["path"].rstrip("/"), self.max_bytes)
        detail = f"Request bodies here are limited to {limit // (1024 * 1024)} MiB."
        response = problem_response(scope["path"], "payload-too-large", detail)
        await response(scope, receive, send)


class HeadMiddleware:
    """Every GET also answers HEAD: the GET runs, and its status and headers (Content-Length included) go out
    without the body. FastAPI's routes answer only the methods they declare, so this is done once, here."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "HEAD":
            await self.app(scope, receive, send)
            return
        scope.setdefault("state", {})  # shared with the GET's scope, so that what the app notes is seen outside

        async def without_body(message: Message) -> None:
            if message["type"] == "http.response.body":
                if message.get("more_body", False):
                    return
                message = {"type": "http.response.body", "body": b"", "more_body": False}
            await send(message)

        await self.app({**scope, "method": "GET"}, receive, without_body)


class RateLimitHeadersMiddleware:
    """``RateLimit-Limit``, ``RateLimit-Remaining`` and ``RateLimit-Reset`` on every /v1 response: the caller's
    quota as the rate limiter admitted the request, or the whole quota when the request spent none (no key).
    A 429 carries its own (with ``Retry-After``). None when the limit is turned off."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not scope["path"].startswith("/v1"):
            await self.app(scope, receive, send)
            return
        state = scope.setdefault("state", {})

        async def with_quota(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = message.get("headers", [])
                if not any(name.lower() == b"ratelimit-limit" for name, _ in headers):
                    quota = state.get("rate_limit") or _unspent(scope)
                    if quota is not None:
                        extra = [(k.lower().encode(), v.encode()) for k, v in quota.headers().items()]
                        message = {**message, "headers": [*headers, *extra]}
            await send(message)

        await self.app(scope, receive, with_quota)


def _unspent(scope: Scope) -> Any:
    limiter = getattr(scope["app"].state, "rate_limiter", None) if "app" in scope else None
    return limiter.unspent() if limiter is not None else None


class ObservabilityMiddleware:
    """Request metrics by route template, an access log line, and no-store on authenticated answers."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        start = time.perf_counter()
        status = 500
        authenticated = any(k == b"authorization" for k, _ in scope["headers"])

        async def send_wrapper(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                if authenticated or scope["path"].startswith("/v1"):
                    message.setdefault("headers", [])
                    message["headers"] = [
                        *message["headers"],
                        (b"cache-control", b"no-store"),
                        (b"x-content-type-options", b"nosniff"),
                    ]
            await send(message)

        try:
            await self.app(scope, receive, send_wrapper)
        finally:
            elapsed = time.perf_counter() - start
            route = _route_template(scope)
            REQUESTS.labels(scope["method"], route, str(status)).inc()
            LATENCY.labels(scope["method"], route).observe(elapsed)
            if access_log.isEnabledFor(logging.INFO):
                access_log.info(
                    "request",
                    extra={
                        "method": scope["method"],
                        "path": scope["path"],
                        "route": route,
                        "status": status,
                        "duration_ms": round(elapsed * 1000, 2),
                    },
                )


def _route_template(scope: Scope) -> str:
    route = scope.get("route")
    path = getattr(route, "path", None)
    return str(path) if path else "unmatched"
