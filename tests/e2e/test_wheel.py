"""Installed anywhere: the wheel, installed into a fresh virtual environment, serves from an empty directory.

The wheel is built from a copy of the files the package is made of (so nothing of the checkout can leak in),
installed with ``--no-deps`` into a fresh venv that borrows the test environment's dependencies through a
``.pth`` line (the package itself, its migrations and its data come only from the wheel), and started as an
unprivileged user in an empty directory, where it starts its own embedded PostgreSQL, as in the container.
"""

import json
import os
import shutil
import signal
import subprocess
import sys
import sysconfig
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from tests.e2e.serving import free_port, wait_ready

REPO = Path(__file__).resolve().parents[2]
PACKAGE_SOURCES = ("app", "migrations", "pyproject.toml", "setup.py", "MANIFEST.in", "README.md")
ADMIN_SECRET = "wheel-admin-secret-0123456789"
UNPRIVILEGED = "nobody"


@dataclass(frozen=True)
class Served:
    base: str
    wheel: Path
    run_dir: Path
    uid: int
    cold_start_seconds: float
    process: subprocess.Popen[bytes]
    as_user: list[str]
    why_privileged: str | None  # why the service could not be run as an unprivileged user, if it could not


def _build_wheel(tmp: Path) -> Path:
    source = tmp / "src"
    source.mkdir()
    for name in PACKAGE_SOURCES:
        path = REPO / name
        if path.is_dir():
            shutil.copytree(path, source / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        else:
            shutil.copy2(path, source / name)
    dist = tmp / "dist"
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "--no-input", "-q"]
    subprocess.run([*pip, "wheel", "--no-deps", "--no-build-isolation", "-w", dist, source], check=True)
    (wheel,) = dist.glob("ilacs_api-*.whl")
    return wheel


def _base_python(as_user: list[str]) -> str:
    """An interpreter of this Python version that the unprivileged user can run (pyenv's may sit under /root)."""
    version = f"python{sys.version_info.major}.{sys.version_info.minor}"
    for candidate in (os.path.realpath(sys.executable), f"/usr/bin/{version}", f"/usr/local/bin/{version}"):
        runs = Path(candidate).is_file() and subprocess.run([*as_user, candidate, "-c", "pass"], capture_output=True)
        if runs and runs.returncode == 0:
            return candidate
    return os.path.realpath(sys.executable)


def _unprivileged_prefix() -> list[str]:
    if os.geteuid() != 0:
        return []  # already not root
    runuser = shutil.which("runuser")
    if runuser is None:
        pytest.fail("running as root without runuser: cannot drop privileges to start the service")
    return [runuser, "-u", UNPRIVILEGED, "--"]


def _installed(tmp: Path, as_user: list[str]) -> Path:
    """A fresh venv holding the wheel alone, borrowing this environment's dependencies through a .pth line."""
    venv = tmp / "venv"
    subprocess.run([_base_python(as_user), "-m", "venv", "--without-pip", venv], check=True)
    (purelib,) = (venv / "lib").glob("python*/site-packages")
    (purelib / "test-dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    pip = [sys.executable, "-m", "pip", "--python", str(venv / "bin" / "python"), "-q"]
    subprocess.run([*pip, "install", "--no-deps", "--no-index", _build_wheel(tmp)], check=True)
    return venv


@pytest.fixture(scope="module")
def served() -> Iterator[Served]:
    as_user, why_privileged = _unprivileged_prefix(), None
    with tempfile.TemporaryDirectory(prefix="ilacs-wheel-") as tmp_name:
        tmp = Path(tmp_name)
        tmp.chmod(0o755)
        venv = _installed(tmp, as_user)
        probe = [*as_user, str(venv / "bin" / "python"), "-c", "import app.cli, fastapi, asyncpg"]
        if as_user and subprocess.run(probe, capture_output=True).returncode != 0:
            # A checkout under a directory the unprivileged user cannot enter (root's home): its test
            # environment, which the venv borrows, is out of that user's reach.
            as_user, why_privileged = [], f"{UNPRIVILEGED} cannot read {sysconfig.get_paths()['purelib']}"
        run_dir = tmp / "run"  # empty: no checkout, no migrations/, no .env
        run_dir.mkdir()
        if as_user:
            shutil.chown(run_dir, user=UNPRIVILEGED)
        env = {
            "PATH": f"{venv / 'bin'}:/usr/bin:/bin",
            "HOME": str(run_dir),
            "LANG": "C.UTF-8",
            "ILACS_BOOTSTRAP_ADMIN_KEY": ADMIN_SECRET,
            "ILACS_LOG_LEVEL": "WARNING",
        }
        port = free_port()
        started = time.perf_counter()
        process = subprocess.Popen(
            [*as_user, "env", *(f"{k}={v}" for k, v in env.items()), "ilacs", "serve", "--port", str(port)],
            cwd=run_dir,
            env={"PATH": "/usr/bin:/bin"},
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            wait_ready(base, process, seconds=180)
            wheel = next((tmp / "dist").glob("*.whl"))
            cold_start = time.perf_counter() - started
            yield Served(base, wheel, run_dir, _serving_uid(run_dir), cold_start, process, as_user, why_privileged)
        finally:
            if process.poll() is None:
                process.terminate()
                try:
                    process.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    process.kill()
            _stop_leftover_postgres(run_dir)


def _serving_uid(run_dir: Path) -> int:
    return (run_dir / ".ilacs" / "pg" / "postmaster.pid").stat().st_uid


def _stop_leftover_postgres(run_dir: Path) -> None:
    pid_file = run_dir / ".ilacs" / "pg" / "postmaster.pid"
    if pid_file.exists():
        os.kill(int(pid_file.read_text().split()[0]), signal.SIGTERM)


def test_the_wheel_carries_the_migrations_and_the_reference_data(served: Served) -> None:
    import zipfile

    names = set(zipfile.ZipFile(served.wheel).namelist())
    migrations = {p.relative_to(REPO).as_posix() for p in (REPO / "migrations").rglob("*") if p.is_file()}
    data = {p.relative_to(REPO).as_posix() for p in (REPO / "app" / "data").rglob("*") if p.is_file()}
    assert {f"app/{m}" for m in migrations if "__pycache__" not in m} <= names
    assert {d for d in data if "__pycache__" not in d} <= names


def test_the_installed_service_runs_as_an_unprivileged_user_in_an_empty_directory(served: Served) -> None:
    if served.why_privileged:
        pytest.skip(f"run as root: {served.why_privileged}")
    assert served.uid != 0
    assert sorted(p.name for p in served.run_dir.iterdir()) == [".ilacs"]  # its embedded PostgreSQL, nothing else


def test_the_installed_service_serves_the_153_current_authorities(served: Served) -> None:
    headers = {"Authorization": f"Bearer {ADMIN_SECRET}"}
    response = httpx.get(
        f"{served.base}/v1/authorities", params={"limit": 200, "status": "current"}, headers=headers, timeout=10
    )
    assert response.status_code == 200
    assert len(response.json()["items"]) == 153


def test_the_installed_service_serves_the_committed_contract(served: Served) -> None:
    served_contract = httpx.get(f"{served.base}/openapi.json", timeout=10).json()
    assert served_contract == json.loads((REPO / "openapi.json").read_text(encoding="utf-8"))


def test_the_installed_service_stops_cleanly_with_its_postgresql(served: Served) -> None:
    served.process.terminate()
    served.process.wait(timeout=30)
    # 128 + SIGTERM from ilacs after uvicorn's graceful shutdown; runuser, having forwarded the signal and waited
    # for ilacs, ends itself by the same signal.
    assert served.process.returncode == (-signal.SIGTERM if served.as_user else 128 + signal.SIGTERM)
    assert not (served.run_dir / ".ilacs" / "pg" / "postmaster.pid").exists()
    print(f"wheel {served.wheel.stat().st_size} bytes; cold start to ready {served.cold_start_seconds:.1f}s")
