"""Start a real `ilacs serve` on a database of its own, and raw sockets to attack it with."""

import os
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
from sqlalchemy.engine import make_url

from app.core.database import ensure_database

ADMIN_SECRET = "hostile-admin-secret-0123456789"
ADMIN = {"Authorization": f"Bearer {ADMIN_SECRET}"}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Served:
    base: str
    port: int
    process: subprocess.Popen[bytes]


def wait_ready(base: str, process: subprocess.Popen[bytes], seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            if httpx.get(f"{base}/health/ready", timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            output = process.stdout.read().decode() if process.stdout else ""
            raise AssertionError(f"ilacs serve did not become ready:\n{output}")
        time.sleep(0.1)


@contextmanager
def fresh_database(server_url: str) -> Iterator[str]:
    name = f"ilacs_hostile_{uuid.uuid4().hex[:8]}"
    ensure_database(server_url, name)
    try:
        yield make_url(server_url).set(database=name).render_as_string(hide_password=False)
    finally:
        from tests.conftest import _drop_database

        _drop_database(server_url, name)


def start(url: str, port: int, workers: int = 1, **settings: str) -> Served:
    env = {
        **os.environ,
        "ILACS_DATABASE_URL": url,
        "ILACS_BOOTSTRAP_ADMIN_KEY": ADMIN_SECRET,
        "ILACS_SEED_ON_EMPTY": "false",
        "ILACS_RATE_LIMIT_PER_MINUTE": "0",
        "ILACS_LOG_LEVEL": "ERROR",
        **settings,
    }
    ilacs = Path(sys.executable).with_name("ilacs")
    process = subprocess.Popen(
        [str(ilacs), "serve", "--port", str(port), "--workers", str(workers)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    served = Served(f"http://127.0.0.1:{port}", port, process)
    wait_ready(served.base, process)
    return served


@contextmanager
def running_service(server_url: str, **settings: str) -> Iterator[tuple[str, float]]:
    """``ilacs serve`` on a new database of ``server_url``; yields its base URL and how long it took to be ready."""
    with fresh_database(server_url) as url:
        started = time.perf_counter()
        served = start(url, free_port(), **{"ILACS_LOG_LEVEL": "WARNING", **settings})
        try:
            yield served.base, time.perf_counter() - started
        finally:
            stop(served)


def stop(served: Served) -> None:
    if served.process.poll() is None:
        served.process.terminate()
        try:
            served.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            served.process.kill()
            served.process.wait(timeout=5)


def connect(port: int) -> socket.socket:
    sock = socket.create_connection(("127.0.0.1", port), timeout=5)
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    return sock


def is_closed_by_server(sock: socket.socket) -> bool:
    """Whether the server has closed this socket (EOF or reset), without waiting."""
    sock.setblocking(False)
    try:
        while True:
            data = sock.recv(65536)
            if not data:
                return True
    except BlockingIOError:
        return False
    except (ConnectionResetError, BrokenPipeError):
        return True
    finally:
        sock.setblocking(True)


def read_response(sock: socket.socket, seconds: float = 5) -> bytes:
    """Everything the server sends until it closes the connection (or ``seconds`` pass)."""
    sock.settimeout(seconds)
    chunks = []
    try:
        while True:
            data = sock.recv(65536)
            if not data:
                break
            chunks.append(data)
    except (TimeoutError, ConnectionResetError):
        pass
    return b"".join(chunks)


def children_of(pid: int) -> list[int]:
    children = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        if int(fields[1]) == pid:
            children.append(int(entry.name))
    return children


def alive(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"
