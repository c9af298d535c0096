"""The servers under test, started side by side, and the CPU each process tree uses during a run."""

import contextlib
import os
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from bench.config import DATA_DIR, ROOT, VENV_BIN

LOG_DIR = DATA_DIR / "logs"
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Server:
    """One server process group: (a) bare, (b) reference or (c) the service at a scale and worker count."""

    name: str
    kind: str  # "bare", "reference", "service"
    command: list[str]
    env: dict[str, str]
    ready_path: str
    scale: int | None = None
    workers: int = 1
    port: int = field(default_factory=free_port)
    process: subprocess.Popen[bytes] | None = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def log_path(self) -> Path:
        return LOG_DIR / f"{self.name}.log"

    def start(self) -> None:
        LOG_DIR.mkdir(parents=True, exist_ok=True)
        command = [c.replace("{port}", str(self.port)) for c in self.command]
        with self.log_path.open("wb") as log:
            self.process = subprocess.Popen(  # noqa: S603 - the servers under test
                command,
                env={**os.environ, **self.env},
                cwd=ROOT,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def wait_ready(self, timeout_s: float = 180.0) -> None:
        assert self.process is not None
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.name} exited ({self.process.returncode}): {self.log_tail()}")
            with (
                contextlib.suppress(OSError, urllib.error.URLError),
                urllib.request.urlopen(self.base_url + self.ready_path, timeout=2) as response,  # noqa: S310
            ):
                if response.status == 200:
                    return
            time.sleep(0.25)
        raise RuntimeError(f"{self.name} not ready after {timeout_s:.0f}s: {self.log_tail()}")

    def log_tail(self, lines: int = 8) -> str:
        if not self.log_path.exists():
            return ""
        return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGTERM)  # the group this server's process leads, nothing else
        try:
            self.process.wait(15)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(5)

    def cpu_seconds(self) -> float:
        return tree_cpu_seconds(self.process.pid) if self.process else 0.0


def bare_server() -> Server:
    return Server(
        "a-bare",
        "bare",
        [
            str(VENV_BIN / "uvicorn"),
            "bench.bare_app:app",
            "--port",
            "{port}",
            "--no-access-log",
            "--log-level",
            "warning",
        ],
        {},
        "/",
    )


def reference_server(database_url: str, probe_path: str) -> Server:
    return Server(
        "b-reference",
        "reference",
        [
            str(VENV_BIN / "uvicorn"),
            "bench.reference_app:app",
            "--port",
            "{port}",
            "--no-access-log",
            "--log-level",
            "warning",
        ],
        {"BENCH_DATABASE_URL": database_url},
        probe_path,
    )


def service_server(database_url: str, admin_secret: str, scale: int, workers: int) -> Server:
    env = {
        "ILACS_DATABASE_URL": database_url,
        "ILACS_BOOTSTRAP_ADMIN_KEY": admin_secret,
        "ILACS_SEED_ON_EMPTY": "false",
        # The limiter runs as in production, its limit set out of reach: 64 connections from one key would
        # otherwise measure 429s.
        "ILACS_RATE_LIMIT_PER_MINUTE": "1000000000",
    }
    return Server(
        f"c-service-x{scale}-w{workers}",
        "service",
        [str(VENV_BIN / "ilacs"), "serve", "--port", "{port}", "--workers", str(workers)],
        env,
        "/health/ready",
        scale=scale,
        workers=workers,
    )


def _proc_table() -> dict[int, tuple[int, int]]:
    """pid -> (parent pid, CPU ticks): user and system time of the process and of its children it reaped.

    Counting reaped children keeps the figures right when a process exits during a run (a PostgreSQL backend
    closed by its pool: the postmaster reaps it).
    """
    table: dict[int, tuple[int, int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            raw = Path(entry.path, "stat").read_text()
        except OSError:
            continue
        fields = raw[raw.rindex(")") + 2 :].split()
        table[int(entry.name)] = (int(fields[1]), sum(int(f) for f in fields[11:15]))
    return table


def tree_cpu_seconds(root_pid: int | None) -> float:
    """CPU seconds used so far by a process and its living descendants."""
    if root_pid is None:
        return 0.0
    table = _proc_table()
    children: dict[int, list[int]] = {}
    for pid, (ppid, _) in table.items():
        children.setdefault(ppid, []).append(pid)
    total, stack = 0, [root_pid]
    while stack:
        pid = stack.pop()
        if pid in table:
            total += table[pid][1]
        stack.extend(children.get(pid, []))
    return total / CLOCK_TICKS
