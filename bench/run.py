"""`make bench`: start the servers side by side, probe, warm up, run wrk interleaved, report.

Environment: BENCH_QUICK=1 (one short run each: a smoke test), BENCH_RUNS (3), BENCH_DURATION (5 s),
BENCH_WARMUP (1 s), BENCH_CONNECTIONS (64), BENCH_THREADS (2), BENCH_SCALES ("1,10"), BENCH_WORKERS ("1,2"),
BENCH_REFILL=1 (fill the databases again), ILACS_DATABASE_URL (a server to use instead of the embedded one).
"""

import asyncio
import json
import os
import platform
import sys
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import asyncpg

from bench import report
from bench.config import DATA_DIR, RESULTS_DIR, BenchConfig
from bench.database import (
    FilledDatabase,
    PgServer,
    admin_secret,
    last_page_cursor,
    patch_item_ids,
    prepare,
    write_patch_items,
)
from bench.endpoints import (
    BARE,
    PAGE,
    REFERENCE,
    Endpoint,
    create_reader_key,
    import_file,
    probe,
    service_endpoints,
)
from bench.servers import Server, bare_server, reference_server, service_server
from bench.wrk import run_wrk, wrk_version


@dataclass
class Task:
    """One endpoint on one server, with what its runs need."""

    server: Server
    endpoint: Endpoint
    headers: dict[str, str]
    database: FilledDatabase | None = None
    patch_ids: list[str] = field(default_factory=list)


def _servers(config: BenchConfig, databases: dict[int, FilledDatabase], admin: str) -> list[Server]:
    national = databases[min(databases)]
    servers = [bare_server(), reference_server(national.url, REFERENCE["single"].path)]
    for scale, database in databases.items():
        for workers in config.workers if scale == national.scale else (1,):
            servers.append(service_server(database.url, admin, scale, workers))
    return servers


def _tasks(
    servers: list[Server], databases: dict[int, FilledDatabase], admin: dict[str, str], skipped: list[dict[str, str]]
) -> list[Task]:
    tasks = [Task(servers[0], BARE, admin), *(Task(servers[1], ref, admin) for ref in REFERENCE.values())]
    for task in tasks:
        reason = probe(task.server, task.endpoint, task.headers, None)
        if reason is not None:
            raise SystemExit(f"bench: {task.server.name} {task.endpoint.label} {reason}; see {task.server.log_path}")
    readers: dict[int, dict[str, str]] = {}
    patch_slices: dict[str, list[str]] = {}
    for scale, database in databases.items():
        on_db = [s for s in servers if s.kind == "service" and s.scale == scale]
        ids = patch_item_ids(database.dsn)
        share = len(ids) // max(len(on_db), 1)
        for i, server in enumerate(on_db):
            patch_slices[server.name] = ids[i * share : (i + 1) * share]
    by_endpoint: dict[str, list[Task]] = {}
    for server in (s for s in servers if s.kind == "service"):
        assert server.scale is not None
        database = databases[server.scale]
        if server.scale not in readers:
            readers[server.scale] = create_reader_key(server, admin)
        cursor, total = last_page_cursor(database.dsn, PAGE)
        for endpoint in service_endpoints(cursor):
            headers = admin if endpoint.admin else readers[server.scale]
            slice_ = patch_slices.get(server.name, [])
            reason = probe(server, endpoint, headers, slice_[0] if slice_ else None)
            if endpoint.key.startswith("long_list") and total < 100_000:
                reason = reason or f"the list has {total} items, not 100,000"
            if reason is not None:
                skipped.append({"server": server.name, "endpoint": endpoint.label, "reason": reason})
                print(f"bench: skip {server.name} {endpoint.label}: {reason}", flush=True)
                continue
            by_endpoint.setdefault(endpoint.key, []).append(Task(server, endpoint, headers, database, slice_))
    return tasks + [t for group in by_endpoint.values() for t in group]


def _run(config: BenchConfig, task: Task, pg_pid: int | None, duration_s: int, run_id: str) -> dict[str, Any]:
    env = {**task.endpoint.env, "BENCH_RUN_ID": run_id}
    if task.endpoint.key == "patch_action_item":
        assert task.database is not None
        items_file = DATA_DIR / f"patch-{task.server.name}.txt"
        write_patch_items(task.database.dsn, task.patch_ids, items_file)
        env["BENCH_PATCH_ITEMS"] = str(items_file)
    if task.endpoint.key == "import_dry_run":
        env["BENCH_FILE"] = str(import_file())
    result = run_wrk(
        config,
        task.server,
        task.endpoint.path,
        script=task.endpoint.script,
        headers=task.headers,
        env=env,
        duration_s=duration_s,
        pg_pid=pg_pid,
    )
    return {"server": task.server.name, "endpoint": task.endpoint.key, **result.to_dict()}


def _interleaved(tasks: list[Task], round_index: int) -> list[Task]:
    """Each endpoint's servers one after another, their order rotated each round."""
    groups: dict[str, list[Task]] = {}
    for task in tasks:
        groups.setdefault(task.endpoint.key, []).append(task)
    ordered = []
    for group in groups.values():
        shift = round_index % len(group)
        ordered += group[shift:] + group[:shift]
    return ordered


def settle(pg: PgServer, within_s: float = 60.0) -> None:
    """Wait until PostgreSQL runs no client query: when wrk stops, requests it sent (up to one per connection)
    may still be running, and a slow endpoint's would otherwise be counted against the next one measured."""

    async def active() -> int:
        conn = await asyncpg.connect(pg.dsn("postgres"))
        try:
            return int(
                await conn.fetchval(
                    "SELECT count(*) FROM pg_stat_activity WHERE state = 'active' AND backend_type = 'client backend'"
                    " AND pid <> pg_backend_pid()"
                )
            )
        finally:
            await conn.close()

    deadline = time.monotonic() + within_s
    while asyncio.run(active()) and time.monotonic() < deadline:
        time.sleep(0.2)


def main() -> int:
    config = BenchConfig.from_env()
    started = datetime.now(UTC)
    clock = time.perf_counter()
    pg = PgServer()
    admin = {"Authorization": f"Bearer {admin_secret()}"}
    refill = os.environ.get("BENCH_REFILL", "") not in ("", "0")
    databases = {scale: prepare(pg, scale, refill) for scale in config.scales}
    servers = _servers(config, databases, admin_secret())
    runs: list[dict[str, Any]] = []
    skipped: list[dict[str, str]] = []
    try:
        for server in servers:
            server.start()
        for server in servers:
            server.wait_ready()
        print("bench: servers up: " + ", ".join(f"{s.name} :{s.port}" for s in servers), flush=True)
        tasks = _tasks(servers, databases, admin, skipped)
        for task in tasks:
            _run(config, task, pg.postmaster_pid(), config.warmup_s, f"warmup-{time.time_ns()}")
            settle(pg)
        for round_index in range(config.runs):
            for task in _interleaved(tasks, round_index):
                run = _run(config, task, pg.postmaster_pid(), config.duration_s, f"r{round_index}-{time.time_ns()}")
                settle(pg)
                runs.append({**run, "round": round_index + 1})
                print(
                    f"bench: round {round_index + 1}/{config.runs} {task.server.name:<18} {task.endpoint.label:<52}"
                    f" {run['rps']:>8.0f} req/s  p50 {run['p50_ms']:6.1f}  p99 {run['p99_ms']:6.1f} ms"
                    + (f"  non-2xx {run['non_2xx']}" if run["non_2xx"] else ""),
                    flush=True,
                )
    finally:
        for server in servers:
            server.stop()
    endpoints = service_endpoints("")
    results = report.medians(runs)
    ratio_rows = report.ratios(results, endpoints)
    target_list = report.targets(results, endpoints, config.connections)
    scale_up = report.scaling(results)
    note = report.closing_note(target_list, skipped, scale_up)
    document = {
        "started_at": started.isoformat(),
        "seconds": round(time.perf_counter() - clock, 1),
        "machine": {
            "cpus": os.cpu_count(),
            "platform": platform.platform(),
            "python": platform.python_version(),
            "wrk": wrk_version(),
            "postgresql": pg.version(),
        },
        "config": {
            "runs": config.runs,
            "duration_s": config.duration_s,
            "connections": config.connections,
            "threads": config.threads,
            "scales": config.scales,
            "workers": config.workers,
            "quick": config.quick,
        },
        "databases": {
            d.name: {"scale": d.scale, "counts": d.counts, "fill_seconds": round(d.fill_seconds, 1), "notes": d.notes}
            for d in databases.values()
        },
        "servers": {s.name: {"kind": s.kind, "scale": s.scale, "workers": s.workers} for s in servers},
        "endpoints": {e.key: e.label for e in [BARE, *REFERENCE.values(), *endpoints]},
        "runs": runs,
        "results": results,
        "ratios": ratio_rows,
        "targets": [t.to_dict() for t in target_list],
        "two_workers_vs_one": scale_up,
        "skipped": skipped,
        "closing_note": note,
    }
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    stamp = started.strftime("%Y%m%dT%H%M%SZ")
    for name in (f"bench-{stamp}.json", "latest.json"):
        (RESULTS_DIR / name).write_text(json.dumps(document, indent=2, default=str) + "\n")
    markdown = report.table(results, endpoints, ratio_rows, markdown=True)
    (RESULTS_DIR / "latest.md").write_text(f"{markdown}\n\n```\n{note}\n```\n")
    print()
    print(report.table(results, endpoints, ratio_rows))
    print()
    for database in databases.values():
        print(
            f"{database.name}: "
            + ", ".join(f"{k} {v}" for k, v in database.counts.items())
            + (
                "; " + "; ".join(n for n in database.notes if "failed" in n)
                if any("failed" in n for n in database.notes)
                else ""
            )
        )
    print(note)
    print(f"\nwrote {RESULTS_DIR / f'bench-{stamp}.json'} in {time.perf_counter() - clock:.0f}s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
