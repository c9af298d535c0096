"""Issue 16's closing figures: webhook delivery latency from commit to receiver, dispatch throughput, and what
a write costs with the outbox against without it.

    .venv/bin/python -m bench.webhooks postgresql://postgres@127.0.0.1:5432/postgres [--changes N] [--events N]

Makes a throwaway database on that server, runs the app in process (httpx's ASGI transport) with the dispatcher
beside it and a receiver on loopback (tests/webhooks/receiver.py), then:
- latency: N sequential PATCHes of an authority, each timed from its response (the commit is done) to the
  receiver's arrival of its event; median and p99;
- throughput: N events of distinct resources written at once while one subscription is active, timed from
  the commit to the receiver having them all (events per second, 10 concurrent deliveries);
- write cost: median time of a PATCH with the outbox, and with its before_commit listener removed (the audit
  row alone, as before this issue), alternating rounds.
"""

import argparse
import asyncio
import contextlib
import statistics
import time
import uuid
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from httpx import ASGITransport, AsyncClient
from sqlalchemy import event as sa_event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from app.core import changes
from app.core.config import Settings
from app.core.database import Database, ensure_database, make_engine
from app.core.migrations import upgrade
from app.core.security import Role
from app.main import create_app
from app.models import Event
from app.webhooks.dispatcher import Dispatcher
from tests.conftest import _drop_database, _key_maker
from tests.webhooks.receiver import receiving

CODE = "E08000037"


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


async def run(server_url: str, name: str, n_changes: int, n_events: int) -> None:
    url = make_url(server_url).set(database=name).render_as_string(hide_password=False)
    settings = Settings(
        database_url=url,  # type: ignore[arg-type]
        seed_on_empty=False,
        rate_limit_per_minute=0,
        webhook_allow_http=True,
        webhook_allowed_networks=["127.0.0.0/8"],
        dispatcher=False,
    )
    db = Database(make_engine(url, settings))
    app = create_app(settings, db)
    keys = _key_maker(db)
    admin = await keys(Role.admin)
    try:
        async with AsyncClient(transport=ASGITransport(app=app), base_url="http://bench") as client:
            await measure(client, db, settings, admin, n_changes, n_events)
    finally:
        await db.dispose()


async def measure(client: AsyncClient, db: Database, settings: Settings, admin: dict[str, str], n: int, m: int) -> None:
    dispatcher = Dispatcher(db, settings)
    task = asyncio.create_task(dispatcher.run())
    try:
        async with receiving() as receiver:
            made = await client.post("/v1/webhooks", json={"url": receiver.url, "event_types": ["*"]}, headers=admin)
            assert made.status_code == 201, made.text
            await asyncio.sleep(1)
            latencies = []
            for i in range(n):
                response = await client.patch(f"/v1/authorities/{CODE}", json={"name": f"Gateshead {i}"}, headers=admin)
                committed = time.time()
                await receiver.wait_for(lambda r, k=i: len(r.received) > k, within=30)
                latencies.append((receiver.received[i].at - committed) * 1000)
                assert response.status_code == 200
            print(
                f"latency commit->receiver over {n} changes: median {statistics.median(latencies):.1f} ms, "
                f"p99 {percentile(latencies, 99):.1f} ms"
            )
            before = len(receiver.received)
            rows: list[dict[str, Any]] = [
                {
                    "type": "theme.updated",
                    "occurred_at": datetime.now(UTC),
                    "resource_type": "theme",
                    "resource_id": f"bench-{i}",
                    "authority_code": None,
                    "embargoed": False,
                    "data": {"i": i},
                    "request_id": None,
                }
                for i in range(m)
            ]
            async with db.session() as session:
                await session.execute(sa.insert(Event), rows)
                await session.commit()
            started = time.perf_counter()
            await receiver.wait_for(lambda r: len(r.received) >= before + m, within=600)
            elapsed = time.perf_counter() - started
            print(f"throughput: {m} events in {elapsed:.2f} s = {m / elapsed:.0f} events/s")
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
    with_outbox: list[float] = []
    without: list[float] = []
    for round_ in range(6):
        outbox = round_ % 2 == 0
        if not outbox:
            sa_event.remove(Session, "before_commit", changes._write_outbox)
        try:
            for i in range(max(n, 50)):
                started = time.perf_counter()
                response = await client.patch(
                    f"/v1/authorities/{CODE}", json={"name": f"G {round_} {i}"}, headers=admin
                )
                (with_outbox if outbox else without).append((time.perf_counter() - started) * 1000)
                assert response.status_code == 200
        finally:
            if not outbox:
                sa_event.listen(Session, "before_commit", changes._write_outbox)
    print(
        f"write cost (PATCH an authority, in process): with outbox median {statistics.median(with_outbox):.2f} ms, "
        f"without {statistics.median(without):.2f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("server_url")
    parser.add_argument("--changes", type=int, default=200)
    parser.add_argument("--events", type=int, default=2000)
    args = parser.parse_args()
    name = f"ilacs_bench_hooks_{uuid.uuid4().hex[:8]}"
    ensure_database(args.server_url, name)
    upgrade(make_url(args.server_url).set(database=name).render_as_string(hide_password=False))
    try:
        asyncio.run(run(args.server_url, name, args.changes, args.events))
    finally:
        _drop_database(args.server_url, name)


if __name__ == "__main__":
    main()
