"""Prometheus metrics: requests and latency by route template, database pool gauges; one view of every worker.

``ilacs serve --workers N`` (N > 1) sets ``PROMETHEUS_MULTIPROC_DIR`` before it starts its workers: each worker
then writes its values to files there, and a scrape of any worker adds up all of them (prometheus_client's
multiprocess mode), instead of showing the counters of whichever worker answered. No collector naming the
Python version (``python_info``) is exposed.
"""

import os

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest, multiprocess
from prometheus_client.gc_collector import GCCollector
from prometheus_client.process_collector import ProcessCollector

MULTIPROCESS = bool(os.environ.get("PROMETHEUS_MULTIPROC_DIR"))
# The metrics of this process (not prometheus_client's default registry, which carries python_info).
REGISTRY = CollectorRegistry(auto_describe=True)
if not MULTIPROCESS:
    ProcessCollector(registry=REGISTRY)
    GCCollector(registry=REGISTRY)

REQUESTS = Counter("ilacs_http_requests_total", "HTTP requests", ["method", "route", "status"], registry=REGISTRY)
LATENCY = Histogram(
    "ilacs_http_request_duration_seconds",
    "HTTP request latency",
    ["method", "route"],
    buckets=(0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5),
    registry=REGISTRY,
)
# Summed over the live workers; each worker sets its own as its pool hands out and takes back connections.
POOL_CHECKED_OUT = Gauge(
    "ilacs_db_pool_checked_out", "Database connections in use", registry=REGISTRY, multiprocess_mode="livesum"
)
POOL_IDLE = Gauge(
    "ilacs_db_pool_idle", "Idle database connections in the pool", registry=REGISTRY, multiprocess_mode="livesum"
)
POOL_OVERFLOW = Gauge(
    "ilacs_db_pool_overflow",
    "Connections opened beyond the pool size",
    registry=REGISTRY,
    multiprocess_mode="livesum",
)


def publish_pool(checked_out: int, idle: int, overflow: int) -> None:
    POOL_CHECKED_OUT.set(checked_out)
    POOL_IDLE.set(idle)
    POOL_OVERFLOW.set(max(overflow, 0))


def render() -> bytes:
    """The Prometheus text of every worker (multiprocess mode) or of this process."""
    if MULTIPROCESS:
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
        return generate_latest(registry)
    return generate_latest(REGISTRY)


def worker_exiting() -> None:
    """Drop this worker's live gauges from the sums (its counters stay: totals never go back)."""
    if MULTIPROCESS:
        multiprocess.mark_process_dead(os.getpid())  # type: ignore[no-untyped-call]
