"""The HTTP protocol of ``ilacs serve``: uvicorn's httptools protocol with deadlines on all a client controls.

uvicorn bounds only the idle time between two requests of a keep-alive connection. A client that connects and
sends nothing, trickles its headers, or never finishes its body would hold a socket (and a file descriptor)
for as long as it liked. Here each stage has a deadline:

- the request line and headers must arrive within ``http_header_timeout_seconds`` of the connection opening or
  of the first byte of a following request;
- the body within ``http_body_timeout_seconds`` of the headers;
- an idle keep-alive connection is closed after ``http_keep_alive_seconds`` (uvicorn's own timer).

A request cut off part-way gets a 408 problem; a connection that sent nothing is just closed. A worker holding
``http_max_connections`` connections answers each request on a further one with a 503 problem and closes it;
such a connection has 1 s to send its request, and beyond twice the cap new connections are closed at once. Malformed HTTP gets a 400
problem instead of uvicorn's plain text.
"""

import asyncio
import contextlib
import logging
import resource
from functools import lru_cache
from typing import Any

import orjson
from uvicorn.protocols.http.httptools_impl import STATUS_LINE, HttpToolsProtocol

from app.core.config import get_settings
from app.core.errors import PROBLEM_TYPES

log = logging.getLogger("ilacs.http")
# File descriptors kept free of client connections: the database pool, the listening connections, logs, imports.
RESERVED_DESCRIPTORS = 64
OVER_CAPACITY_HEADER_TIMEOUT_SECONDS = 1.0


@lru_cache
def connection_cap() -> int:
    """``http_max_connections``, lowered to what the process's descriptor limit can hold."""
    wanted = get_settings().http_max_connections
    soft, _hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft == resource.RLIM_INFINITY:
        return wanted
    return max(1, min(wanted, soft - RESERVED_DESCRIPTORS))


def raise_descriptor_limit() -> None:
    """Raise this process's soft limit on open files to its hard limit (workers inherit it)."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft != hard:
        with contextlib.suppress(ValueError, OSError):
            resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))


def problem_bytes(status: int, slug: str, detail: str, path: str = "/", extra_headers: bytes = b"") -> bytes:
    """A whole HTTP/1.1 response carrying a problem document, closing the connection."""
    problem = PROBLEM_TYPES[slug]
    body = orjson.dumps(
        {"type": f"/problems/{slug}", "title": problem.title, "status": status, "detail": detail, "instance": path}
    )
    return (
        STATUS_LINE[status]
        + b"content-type: application/problem+json\r\n"
        + b"content-length: "
        + str(len(body)).encode()
        + b"\r\n"
        + extra_headers
        + b"connection: close\r\n\r\n"
        + body
    )


async def over_capacity(scope: Any, receive: Any, send: Any) -> None:
    """The ASGI app a connection beyond the cap is given: every request on it gets a 503 and a close."""
    problem = PROBLEM_TYPES["service-unavailable"]
    body = orjson.dumps(
        {
            "type": "/problems/service-unavailable",
            "title": problem.title,
            "status": 503,
            "detail": "The server holds as many connections as it serves; try again shortly.",
            "instance": scope.get("path", "/"),
        }
    )
    headers = [
        (b"content-type", b"application/problem+json"),
        (b"content-length", str(len(body)).encode()),
        (b"retry-after", b"1"),
        (b"connection", b"close"),
    ]
    await send({"type": "http.response.start", "status": 503, "headers": headers})
    await send({"type": "http.response.body", "body": body})


class DeadlineProtocol(HttpToolsProtocol):
    """uvicorn's httptools protocol with header and body deadlines, a connection cap and problem answers."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        settings = get_settings()
        self.header_timeout = settings.http_header_timeout_seconds
        self.body_timeout = settings.http_body_timeout_seconds
        self.deadline: asyncio.TimerHandle | None = None
        self.request_begun = False

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        cap = connection_cap()
        if len(self.connections) > 2 * cap:
            transport.close()
            return
        if len(self.connections) > cap:
            # Answered with a 503 at once; such a connection gets a short wait for its request, so that a flood
            # of idle ones does not keep the descriptors the served connections need.
            self.app = over_capacity
            self.header_timeout = min(self.header_timeout, OVER_CAPACITY_HEADER_TIMEOUT_SECONDS)
        self._arm(self.header_timeout)

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)

    def data_received(self, data: bytes) -> None:
        if self.deadline is None:  # the first bytes of a request after an idle keep-alive wait
            self._arm(self.header_timeout)
        self.request_begun = True
        super().data_received(data)

    def on_headers_complete(self) -> None:
        self._arm(self.body_timeout)
        super().on_headers_complete()

    def on_message_complete(self) -> None:
        self._disarm()
        self.request_begun = False
        super().on_message_complete()

    def send_400_response(self, msg: str) -> None:
        self._disarm()
        self.transport.write(problem_bytes(400, "bad-request", "The request is not well-formed HTTP/1.1."))
        self.transport.close()

    def _arm(self, seconds: float) -> None:
        self._disarm()
        self.deadline = self.loop.call_later(seconds, self._on_deadline)

    def _disarm(self) -> None:
        if self.deadline is not None:
            self.deadline.cancel()
            self.deadline = None

    def _on_deadline(self) -> None:
        self.deadline = None
        if self.transport.is_closing():
            return
        cycle = self.cycle
        answering = cycle is not None and cycle.response_started and not cycle.response_complete
        if self.request_begun and not answering:
            if cycle is not None and not cycle.response_complete:
                cycle.disconnected = True  # the app's reads now end, and nothing it sends reaches this socket
                cycle.message_event.set()
            path = self.scope.get("path", "/") if self.scope else "/"
            detail = "The request did not arrive within the server's deadline."
            self.transport.write(problem_bytes(408, "request-timeout", detail, path))
        self.transport.close()
