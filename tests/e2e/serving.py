"""Start the real ``ilacs serve`` process on a fresh database of the test server, and stop it after."""

import os
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest
from sqlalchemy.engine import make_url

from app.core.database import ensure_database

ADMIN_SECRET = "e2e-admin-secret-0123456789"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_until_ready(base: str, process: subprocess.Popen[bytes], timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            if httpx.get(f"{base}/health/ready", timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            output = process.stdout.read().decode() if process.stdout else ""
            pytest.fail(f"ilacs serve did not become ready:\n{output}")
        time.sleep(0.1)


@contextmanager
def running_service(server_url: str, **env: str) -> Iterator[tuple[str, float]]:
    """``ilacs serve`` on a new database of ``server_url``; yields its base URL and how long it took to be ready."""
    from tests.conftest import _drop_database

    name = f"ilacs_e2e_{uuid.uuid4().hex[:8]}"
    ensure_database(server_url, name)
    url = make_url(server_url).set(database=name).render_as_string(hide_password=False)
    port = free_port()
    environment = {
        **os.environ,
        "ILACS_DATABASE_URL": url,
        "ILACS_BOOTSTRAP_ADMIN_KEY": ADMIN_SECRET,
        "ILACS_LOG_LEVEL": "WARNING",
        **env,
    }
    ilacs = Path(sys.executable).with_name("ilacs")
    started = time.perf_counter()
    process = subprocess.Popen(
        [str(ilacs), "serve", "--port", str(port)], env=environment, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_ready(base, process)
        yield base, time.perf_counter() - started
    finally:
        process.terminate()
        process.wait(timeout=20)
        _drop_database(server_url, name)
