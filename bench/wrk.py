"""One wrk run: requests/s and latency percentiles, and the CPU the server and PostgreSQL used meanwhile."""

import json
import os
import shutil
import subprocess
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from bench.config import LUA_DIR, BenchConfig
from bench.servers import Server, tree_cpu_seconds

WRK = shutil.which("wrk") or "/usr/bin/wrk"


@dataclass
class WrkResult:
    rps: float
    p50_ms: float
    p90_ms: float
    p99_ms: float
    max_ms: float
    requests: int
    errors: int  # socket errors and timeouts
    non_2xx: int  # answers with status 400 or more
    server_cpu: float  # cores the server's processes used on average during the run
    pg_cpu: float  # cores PostgreSQL used

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def wrk_version() -> str:
    done = subprocess.run([WRK, "--version"], capture_output=True, text=True, check=False)  # noqa: S603
    return (done.stdout or done.stderr).splitlines()[0].strip() if (done.stdout or done.stderr) else "?"


def run_wrk(
    config: BenchConfig,
    server: Server,
    path: str,
    *,
    script: str = "get.lua",
    headers: dict[str, str] | None = None,
    env: dict[str, str] | None = None,
    duration_s: int | None = None,
    pg_pid: int | None = None,
) -> WrkResult:
    duration = duration_s or config.duration_s
    command = [
        WRK,
        f"-t{config.threads}",
        f"-c{config.connections}",
        f"-d{duration}s",
        "--timeout",
        "5s",
        "-s",
        str(Path(LUA_DIR, script)),
    ]
    for name, value in (headers or {}).items():
        command += ["-H", f"{name}: {value}"]
    command.append(server.base_url + path)
    run_env = {**os.environ, "BENCH_THREADS": str(config.threads), **(env or {})}
    server_cpu, pg_cpu = server.cpu_seconds(), tree_cpu_seconds(pg_pid)
    done = subprocess.run(  # noqa: S603 - wrk with our arguments
        command, capture_output=True, text=True, env=run_env, check=False, timeout=duration + 60
    )
    server_cpu, pg_cpu = server.cpu_seconds() - server_cpu, tree_cpu_seconds(pg_pid) - pg_cpu
    line = next((ln for ln in done.stdout.splitlines() if ln.startswith("BENCH_JSON ")), None)
    if done.returncode != 0 or line is None:
        raise RuntimeError(f"wrk failed ({done.returncode}): {done.stderr.strip() or done.stdout.strip()}")
    raw = json.loads(line.removeprefix("BENCH_JSON "))
    seconds = raw["duration_us"] / 1e6
    return WrkResult(
        rps=raw["requests"] / seconds,
        p50_ms=raw["p50_us"] / 1000,
        p90_ms=raw["p90_us"] / 1000,
        p99_ms=raw["p99_us"] / 1000,
        max_ms=raw["max_us"] / 1000,
        requests=raw["requests"],
        errors=raw["errors_connect"] + raw["errors_read"] + raw["errors_write"] + raw["errors_timeout"],
        non_2xx=raw["errors_status"],
        server_cpu=server_cpu / seconds,
        pg_cpu=pg_cpu / seconds,
    )
