"""What one `make bench` does, from the environment (every knob has a default that meets the issue)."""

import os
from dataclasses import dataclass
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
DATA_DIR = BENCH_DIR / ".data"
RESULTS_DIR = BENCH_DIR / "results"
LUA_DIR = BENCH_DIR / "lua"
VENV_BIN = ROOT / ".venv" / "bin"


def _ints(value: str) -> tuple[int, ...]:
    return tuple(int(v) for v in value.replace(" ", "").split(",") if v)


@dataclass(frozen=True, slots=True)
class BenchConfig:
    runs: int
    duration_s: int
    warmup_s: int
    connections: int
    threads: int
    scales: tuple[int, ...]
    workers: tuple[int, ...]
    quick: bool

    @classmethod
    def from_env(cls) -> "BenchConfig":
        quick = os.environ.get("BENCH_QUICK", "") not in ("", "0")
        return cls(
            runs=int(os.environ.get("BENCH_RUNS", "1" if quick else "3")),
            duration_s=int(os.environ.get("BENCH_DURATION", "3" if quick else "5")),
            warmup_s=int(os.environ.get("BENCH_WARMUP", "1")),
            connections=int(os.environ.get("BENCH_CONNECTIONS", "64")),
            threads=int(os.environ.get("BENCH_THREADS", "2")),
            scales=_ints(os.environ.get("BENCH_SCALES", "1,10")),
            workers=_ints(os.environ.get("BENCH_WORKERS", "1,2")),
            quick=quick,
        )
