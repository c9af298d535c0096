"""Hostile clients against a real `ilacs serve` over raw sockets, bounded in count and time (issue 11).

The server runs with short deadlines so that the tests take seconds; the defaults are in README.
"""

import json
import socket
import time
from collections.abc import Iterator

import httpx
import pytest

from tests.e2e.serving import (
    ADMIN,
    Served,
    connect,
    free_port,
    fresh_database,
    is_closed_by_server,
    read_response,
    start,
    stop,
)

HEADER_SECONDS = 2.0
BODY_SECONDS = 4.0
KEEP_ALIVE_SECONDS = 2.0
MAX_CONNECTIONS = 150
POOL_SIZE = 3
SLOW_BODY_CONNECTIONS = 100
# How long past a deadline a socket may still be open (the timer, the event loop, the test's own polling).
MARGIN_SECONDS = 1.5
SLOW_BODY_HEADERS = (
    b"POST /v1/action-items HTTP/1.1\r\nHost: ilacs\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"
)


@pytest.fixture(scope="module")
def served(server_url: str) -> Iterator[Served]:
    with fresh_database(server_url) as url:
        server = start(
            url,
            free_port(),
            ILACS_DB_POOL_SIZE=str(POOL_SIZE),
            ILACS_HTTP_HEADER_TIMEOUT_SECONDS=str(HEADER_SECONDS),
            ILACS_HTTP_BODY_TIMEOUT_SECONDS=str(BODY_SECONDS),
            ILACS_HTTP_KEEP_ALIVE_SECONDS=str(KEEP_ALIVE_SECONDS),
            ILACS_HTTP_MAX_CONNECTIONS=str(MAX_CONNECTIONS),
        )
        try:
            yield server
        finally:
            stop(server)


def _open(port: int, count: int, first_bytes: bytes) -> list[socket.socket]:
    sockets = []
    for _ in range(count):
        sock = connect(port)
        if first_bytes:
            sock.sendall(first_bytes)
        sockets.append(sock)
    return sockets


def _close(sockets: list[socket.socket]) -> None:
    for sock in sockets:
        sock.close()


def _seconds_until_all_closed(sockets: list[socket.socket], limit: float) -> float | None:
    started = time.monotonic()
    open_ = list(sockets)
    while time.monotonic() - started < limit:
        open_ = [s for s in open_ if not is_closed_by_server(s)]
        if not open_:
            return time.monotonic() - started
        time.sleep(0.1)
    return None


def test_slow_bodies_without_a_key_do_not_take_the_database_turns_of_authenticated_requests(served: Served) -> None:
    slow = _open(served.port, SLOW_BODY_CONNECTIONS, SLOW_BODY_HEADERS)
    try:
        time.sleep(0.3)  # let the server start every slow request
        latencies = []
        with httpx.Client(base_url=served.base, headers=ADMIN, timeout=10) as client:
            for _ in range(10):
                started = time.monotonic()
                response = client.get("/v1/authorities", params={"limit": 5})
                latencies.append(time.monotonic() - started)
                assert response.status_code == 200, response.text
        # A pool wait would be the 3 s pool timeout and a 503; a normal read on loopback takes milliseconds.
        assert max(latencies) < 0.5, latencies
    finally:
        _close(slow)


def test_idle_connections_are_closed_within_the_header_deadline(served: Served) -> None:
    idle = _open(served.port, 50, b"")
    try:
        closed_in = _seconds_until_all_closed(idle, HEADER_SECONDS + MARGIN_SECONDS)
        assert closed_in is not None
        assert closed_in > HEADER_SECONDS - 0.5
    finally:
        _close(idle)


def test_half_sent_headers_are_closed_within_the_header_deadline(served: Served) -> None:
    half = _open(served.port, 50, b"GET /v1/authorities HTTP/1.1\r\nHost: ilacs\r\nX-Trickle: ")
    try:
        assert _seconds_until_all_closed(half, HEADER_SECONDS + MARGIN_SECONDS) is not None
    finally:
        _close(half)


def test_bodies_short_of_their_length_are_closed_within_the_body_deadline(served: Served) -> None:
    short = _open(served.port, 20, SLOW_BODY_HEADERS)
    chunked = _open(
        served.port,
        20,
        b"POST /v1/action-items HTTP/1.1\r\nHost: ilacs\r\nContent-Type: application/json\r\n"
        b'Transfer-Encoding: chunked\r\n\r\n5\r\n{"a":',
    )
    try:
        assert _seconds_until_all_closed(short + chunked, BODY_SECONDS + MARGIN_SECONDS) is not None
    finally:
        _close(short + chunked)


def test_idle_keep_alive_connections_are_closed_within_the_keep_alive_deadline(served: Served) -> None:
    sock = connect(served.port)
    try:
        sock.sendall(b"GET /health/live HTTP/1.1\r\nHost: ilacs\r\n\r\n")
        sock.settimeout(5)
        assert sock.recv(65536).startswith(b"HTTP/1.1 200")
        assert _seconds_until_all_closed([sock], KEEP_ALIVE_SECONDS + MARGIN_SECONDS) is not None
    finally:
        sock.close()


def test_connections_beyond_the_cap_get_a_503_problem(served: Served) -> None:
    held = _open(served.port, MAX_CONNECTIONS, b"")
    try:
        time.sleep(0.3)
        probe = connect(served.port)
        probe.sendall(b"GET /health/live HTTP/1.1\r\nHost: ilacs\r\n\r\n")
        raw = read_response(probe)
        probe.close()
        head, _, body = raw.partition(b"\r\n\r\n")
        assert head.startswith(b"HTTP/1.1 503"), raw
        assert b"content-type: application/problem+json" in head.lower()
        assert b"connection: close" in head.lower()
        assert json.loads(body)["type"] == "/problems/service-unavailable"
    finally:
        _close(held)


def test_malformed_http_gets_a_problem_document(served: Served) -> None:
    sock = connect(served.port)
    try:
        sock.sendall(b"NOT HTTP AT ALL\r\n\r\n")
        raw = read_response(sock)
    finally:
        sock.close()
    head, _, body = raw.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 400"), raw
    assert b"content-type: application/problem+json" in head.lower()
    problem = json.loads(body)
    assert (problem["type"], problem["status"]) == ("/problems/bad-request", 400)


def test_a_request_cut_off_by_its_deadline_gets_a_408_problem(served: Served) -> None:
    sock = connect(served.port)
    try:
        sock.sendall(SLOW_BODY_HEADERS)
        started = time.monotonic()
        raw = read_response(sock, BODY_SECONDS + MARGIN_SECONDS)
        waited = time.monotonic() - started
    finally:
        sock.close()
    head, _, body = raw.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 408"), raw
    assert b"connection: close" in head.lower()
    assert json.loads(body)["type"] == "/problems/request-timeout"
    assert BODY_SECONDS - 0.5 < waited < BODY_SECONDS + MARGIN_SECONDS
