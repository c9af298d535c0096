"""Profile the service in-process: CPU time per request of one endpoint, and where it goes.

    .venv/bin/python -m bench.profile /v1/authorities/E10000018 [--requests 2000] [--pyinstrument]

Runs against the bench database of scale 1 (run `make bench` once first, or BENCH_QUICK=1), with the key and
statistics caches started as in production, on uvloop, requests sent through the ASGI interface (no HTTP sockets), 16 at a time. CPU time
per request counts this process only, so it stays meaningful on a machine busy with other work. pyinstrument
is a measuring tool, not a dependency: `.venv/bin/pip install pyinstrument`.
"""

import argparse
import asyncio
import time
from typing import Any

from httpx import ASGITransport, AsyncClient

from bench.database import PgServer, admin_secret

CONCURRENCY = 16


async def _measure(path: str, requests: int, profile: bool) -> None:
    from app.core.config import Settings
    from app.core.database import Database, make_engine
    from app.core.gc_tuning import tune_for_serving
    from app.main import create_app

    url = PgServer().url("ilacs_bench_s1")
    settings = Settings(database_url=url, seed_on_empty=False, rate_limit_per_minute=1_000_000_000)
    db = Database(make_engine(url, settings))
    app = create_app(settings, database=db)
    await app.state.key_cache.start(db)
    await app.state.grade_stats_cache.start(db)
    tune_for_serving()  # as app/asgi.py does in each worker
    headers = {"Authorization": f"Bearer {admin_secret()}"}
    async with AsyncClient(transport=ASGITransport(app=app), base_url="http://bench") as client:
        reader = await client.post("/v1/api-keys", headers=headers, json={"name": "bench-profile", "role": "reader"})
        headers = {"Authorization": f"Bearer {reader.json()['secret']}"}

        async def worker(count: int) -> None:
            for _ in range(count):
                response = await client.get(path, headers=headers)
                assert response.status_code == 200, response.text

        await asyncio.gather(*(worker(50) for _ in range(CONCURRENCY)))  # warm up
        profiler: Any = None
        if profile:
            from pyinstrument import Profiler

            profiler = Profiler(async_mode="disabled")
            profiler.start()
        cpu, wall = time.process_time(), time.perf_counter()
        await asyncio.gather(*(worker(requests // CONCURRENCY) for _ in range(CONCURRENCY)))
        cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
        if profiler is not None:
            profiler.stop()
            print(profiler.output_text(unicode=True, color=False, show_all=False))
    done = requests // CONCURRENCY * CONCURRENCY
    print(
        f"{path}: {1000 * cpu / done:.3f} ms CPU per request, {done / wall:.0f} req/s in-process "
        f"({done} requests, {CONCURRENCY} at a time)"
    )
    await app.state.grade_stats_cache.stop()
    await app.state.key_cache.stop()
    await app.state.rate_limiter.stop()
    await db.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("path")
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--pyinstrument", action="store_true")
    args = parser.parse_args()
    import uvloop  # as uvicorn runs the service

    uvloop.run(_measure(args.path, args.requests, args.pyinstrument))


if __name__ == "__main__":
    main()
