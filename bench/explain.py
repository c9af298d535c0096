"""EXPLAIN ANALYZE every statement one request runs, on a bench database.

    .venv/bin/python -m bench.explain ilacs_bench_s10 "/v1/authorities?limit=50" [--role reader] [--plans]

The app runs in-process on the bench's PostgreSQL (as ``bench.profile`` does); the statements of a second,
warm request are captured with their parameters and each is explained with them. Prints each statement's
execution and planning time, and with ``--plans`` the whole plan: how issue 19's slow predecessor lookup and
last-page plan were found.
"""

import argparse
import asyncio
from typing import Any

import asyncpg
import sqlalchemy as sa
from httpx import ASGITransport, AsyncClient

from bench.database import PgServer, admin_secret


async def _explain(database: str, paths: list[str], role: str, plans: bool) -> None:
    from app.core.config import Settings
    from app.core.cursor_key import stored_cursor_key
    from app.core.database import Database, make_engine
    from app.main import create_app

    server = PgServer()
    url = server.url(database)
    settings = Settings(database_url=url, seed_on_empty=False, rate_limit_per_minute=1_000_000_000)
    db = Database(make_engine(url, settings))
    app = create_app(settings, database=db)
    app.state.cursor_key = await stored_cursor_key(db)  # cursors made by the served bench are good here
    captured: list[tuple[str, Any]] = []

    def capture(_conn: Any, _cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
        captured.append((statement, parameters))

    sa.event.listen(db.engine.sync_engine, "before_cursor_execute", capture)
    headers = {"Authorization": f"Bearer {admin_secret()}"}
    async with AsyncClient(transport=ASGITransport(app=app), base_url="http://bench") as client:
        if role != "admin":
            made = await client.post("/v1/api-keys", headers=headers, json={"name": "bench-explain", "role": role})
            headers = {"Authorization": f"Bearer {made.json()['secret']}"}
        conn = await asyncpg.connect(server.dsn(database))
        try:
            for path in paths:
                await client.get(path, headers=headers)
                captured.clear()
                response = await client.get(path, headers=headers)
                print(f"=== {path}: {response.status_code}, {len(captured)} statements")
                for statement, parameters in captured:
                    if "api_keys" in statement or "rate_limit_windows" in statement:
                        continue
                    args = list(parameters) if isinstance(parameters, list | tuple) else []
                    lines = [r[0] for r in await conn.fetch("EXPLAIN (ANALYZE, BUFFERS) " + statement, *args)]
                    print("---", " ".join(statement.split())[:200])
                    print("   ", lines[-1], "|", lines[-2])
                    if plans:
                        print("\n".join("      " + line for line in lines))
        finally:
            await conn.close()
    await db.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("database")
    parser.add_argument("paths", nargs="+")
    parser.add_argument("--role", default="reader")
    parser.add_argument("--plans", action="store_true")
    args = parser.parse_args()
    asyncio.run(_explain(args.database, args.paths, args.role, args.plans))


if __name__ == "__main__":
    main()
