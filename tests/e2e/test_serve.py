"""End to end: the real `ilacs serve` process on a fresh database, over a socket."""

import os
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.e2e.serving import ADMIN_SECRET, free_port, running_service


@pytest.fixture(scope="module")
def served(server_url: str) -> Iterator[tuple[str, float]]:
    with running_service(server_url, ILACS_SEED_ON_EMPTY="true") as service:
        yield service


def test_serve_answers_over_a_socket_with_the_bootstrap_admin_key(served: tuple[str, float]) -> None:
    base, _ = served
    headers = {"Authorization": f"Bearer {ADMIN_SECRET}"}
    response = httpx.get(f"{base}/v1/authorities", params={"limit": 200, "status": "current"}, headers=headers)
    assert response.status_code == 200
    assert len(response.json()["items"]) == 153
    assert response.headers["x-request-id"]


def test_serve_fills_an_empty_database_with_the_national_record(served: tuple[str, float]) -> None:
    base, _ = served
    headers = {"Authorization": f"Bearer {ADMIN_SECRET}"}
    timeline = httpx.get(f"{base}/v1/authorities/E10000018/timeline", headers=headers).json()["items"]
    standard = {i["fieldwork_start"][:4]: i for i in timeline if i["type"] == "standard_inspection"}
    grades_2019 = {j["area"]: j["grade"] for j in standard["2019"]["judgements"]}
    assert grades_2019 == {
        "overall_effectiveness": "requires_improvement",
        "impact_of_leaders": "good",
        "help_and_protection": "requires_improvement",
        "children_in_care_and_care_leavers": "good",
    }
    overall_2024 = {j["area"]: j["grade"] for j in standard["2024"]["judgements"]}["overall_effectiveness"]
    assert overall_2024 == "outstanding"
    gateshead = httpx.get(f"{base}/v1/authorities/E08000037/timeline", headers=headers).json()["items"]
    assert [i["fieldwork_start"] for i in gateshead if i["type"] == "short_inspection"] == ["2019-04-29", "2024-12-02"]
    gone = httpx.get(f"{base}/v1/authorities", params={"status": "no_longer_exists"}, headers=headers).json()
    assert sorted(a["code"] for a in gone["items"]) == ["E06000028", "E06000029", "E10000006", "E10000021"]


def test_serve_refuses_requests_without_a_key(served: tuple[str, float]) -> None:
    base, _ = served
    response = httpx.get(f"{base}/v1/authorities")
    assert response.status_code == 401
    assert response.headers["content-type"] == "application/problem+json"
    assert "server" not in response.headers


def test_serve_docs_and_metrics_need_no_key(served: tuple[str, float]) -> None:
    base, _ = served
    assert httpx.get(f"{base}/docs").status_code == 200
    assert httpx.get(f"{base}/metrics").status_code == 200


def test_sigterm_stops_the_embedded_postgresql_that_serve_started() -> None:
    port = free_port()
    with tempfile.TemporaryDirectory(prefix="ilacs-e2e-embedded-") as data_dir:
        env = {k: v for k, v in os.environ.items() if k != "ILACS_DATABASE_URL"}
        env |= {"ILACS_DATA_DIR": data_dir, "ILACS_SEED_ON_EMPTY": "false", "ILACS_LOG_LEVEL": "WARNING"}
        postmaster = Path(data_dir) / "pg" / "postmaster.pid"
        ilacs = Path(sys.executable).with_name("ilacs")
        process = subprocess.Popen(
            [str(ilacs), "serve", "--port", str(port)], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        try:
            deadline = time.monotonic() + 120
            while process.poll() is None and time.monotonic() < deadline:
                try:
                    if httpx.get(f"http://127.0.0.1:{port}/health/ready", timeout=1).status_code == 200:
                        break
                except httpx.TransportError:
                    time.sleep(0.1)
            assert postmaster.exists()
            process.terminate()  # as `docker stop` or a service manager does
            process.wait(timeout=30)
            assert not postmaster.exists()
        finally:
            if process.poll() is None:
                process.kill()
            if postmaster.exists():  # left running: stop the server this test started, by its pid
                os.kill(int(postmaster.read_text().split()[0]), signal.SIGTERM)
