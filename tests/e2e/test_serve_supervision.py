"""`ilacs serve --workers 2`: metrics of every worker in one scrape, and no orphan workers when the master dies."""

import os
import re
import signal
import time

import httpx

from tests.e2e.serving import alive, children_of, free_port, fresh_database, start, stop

REQUESTS = 40


def _served_count(text: str) -> float:
    match = re.search(r'ilacs_http_requests_total\{method="GET",route="/health/live",status="200"\} (\S+)', text)
    return float(match.group(1)) if match else 0.0


def test_metrics_add_up_every_worker_and_name_no_python_version(server_url: str) -> None:
    with fresh_database(server_url) as url:
        served = start(url, free_port(), workers=2)
        try:
            for _ in range(REQUESTS):  # a new connection each time: the kernel spreads them over both workers
                assert httpx.get(f"{served.base}/health/live").status_code == 200
            scrapes = [httpx.get(f"{served.base}/metrics").text for _ in range(6)]
        finally:
            stop(served)
    assert [_served_count(text) for text in scrapes] == [REQUESTS] * 6
    for text in scrapes:
        assert "python_info" not in text
        assert "version" not in text


def test_workers_stop_when_the_master_is_killed_and_a_restart_binds_the_port(server_url: str) -> None:
    with fresh_database(server_url) as url:
        port = free_port()
        served = start(url, port, workers=2)
        workers = [pid for pid in children_of(served.process.pid) if alive(pid)]
        try:
            assert len(workers) >= 2  # the two workers (and the multiprocessing resource tracker)
            os.kill(served.process.pid, signal.SIGKILL)
            served.process.wait(timeout=5)
            deadline = time.monotonic() + 10
            while any(alive(pid) for pid in workers) and time.monotonic() < deadline:
                time.sleep(0.1)
            assert [pid for pid in workers if alive(pid)] == []
            restarted = start(url, port, workers=1)
            try:
                assert httpx.get(f"{restarted.base}/health/live").status_code == 200
            finally:
                stop(restarted)
        finally:
            for pid in workers:
                if alive(pid):
                    os.kill(pid, signal.SIGKILL)
