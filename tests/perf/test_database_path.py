"""The request's path to PostgreSQL: as few round trips as the work needs, fair turns, dropped connections.

Instances on a committed database (conftest.py), so the production session factories and pool are used.
"""

import asyncio
import gc

import pytest
import sqlalchemy as sa

from app.core.config import Settings
from app.core.database import Database, make_engine
from app.core.gc_tuning import YOUNG_GENERATION_THRESHOLD, tune_for_serving
from app.core.security import Role
from tests.conftest import GATESHEAD
from tests.perf.conftest import Instance, committed_key


async def test_read_runs_its_statements_without_a_transaction(instances: tuple[Instance, Instance]) -> None:
    first, _ = instances
    reader, _ = await committed_key(first, Role.reader)
    assert await first.get(reader) == 200
    assert await first.get(reader) == 200
    assert set(first.statements.isolation_levels) == {"AUTOCOMMIT"}  # no BEGIN, no COMMIT


async def test_write_runs_in_one_transaction(instances: tuple[Instance, Instance]) -> None:
    first, _ = instances
    admin, _ = await committed_key(first, Role.admin)
    assert await first.get(admin) == 200
    first.statements.reset()
    body = {"authority_code": GATESHEAD, "title": "Audit the front door", "due_on": "2031-01-31"}
    response = await first.client.post("/v1/action-items", headers=admin, json=body)
    assert response.status_code == 201
    assert set(first.statements.isolation_levels) == {None}  # the engine's default: one transaction


async def test_request_after_server_closed_pooled_connection_succeeds(instances: tuple[Instance, Instance]) -> None:
    first, second = instances
    reader, _ = await committed_key(first, Role.reader)
    assert await first.get(reader) == 200  # a pooled connection now exists
    async with second.db.session() as session:
        closed = await session.scalar(
            sa.text(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
                " WHERE application_name = 'ilacs-api' AND datname = current_database() AND pid <> pg_backend_pid()"
            )
        )
    assert closed >= 1
    await asyncio.sleep(0.05)  # the event loop sees the closed sockets
    assert await first.get(reader) == 200


@pytest.fixture
async def one_connection(committed_url: str) -> Database:
    settings = Settings(
        database_url=committed_url,
        db_pool_size=1,
        db_max_overflow=0,  # type: ignore[arg-type]
        db_pool_timeout_seconds=0.2,
    )
    db = Database(make_engine(committed_url, settings))
    yield db  # type: ignore[misc]
    await db.dispose()


async def test_turns_for_a_connection_are_given_in_arrival_order(one_connection: Database) -> None:
    served: list[str] = []

    async def request(name: str, hold: float) -> None:
        async with one_connection.session() as session:
            await session.execute(sa.text("SELECT 1"))  # the turn is taken at the first statement
            served.append(name)
            await asyncio.sleep(hold)

    first = asyncio.create_task(request("first", 0.05))
    await asyncio.sleep(0.01)
    waiting = [asyncio.create_task(request(f"waiting-{i}", 0)) for i in range(3)]
    await asyncio.sleep(0)
    await asyncio.gather(first, *waiting)
    assert served == ["first", "waiting-0", "waiting-1", "waiting-2"]


async def test_no_turn_within_the_pool_timeout_is_a_pool_timeout(one_connection: Database) -> None:
    async with one_connection.session() as holder:
        await holder.execute(sa.text("SELECT 1"))
        async with one_connection.session() as waiter:
            with pytest.raises(sa.exc.TimeoutError):
                await waiter.execute(sa.text("SELECT 1"))


async def test_a_session_takes_no_turn_before_its_first_statement(one_connection: Database) -> None:
    async with one_connection.session() as idle, one_connection.session() as working:
        assert idle.in_transaction() is False
        assert await working.scalar(sa.text("SELECT 1")) == 1


def test_serving_process_freezes_startup_objects_and_collects_young_objects_less_often() -> None:
    threshold = gc.get_threshold()
    try:
        tune_for_serving()
        assert gc.get_threshold() == (YOUNG_GENERATION_THRESHOLD, threshold[1], threshold[2])
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
        gc.set_threshold(*threshold)


async def test_processes_starting_at_once_with_the_bootstrap_key_all_start(
    instances: tuple[Instance, Instance],
) -> None:
    """Found by the two-``ilacs serve`` webhook test: both processes found no bootstrap key, both inserted it,
    and one failed to start on the unique secret."""
    from app.api_keys.service import ensure_bootstrap_admin, hash_secret

    secret = "ilk_started-together-0123456789abcdef0123456789"

    async def start(instance: Instance) -> bool:
        async with instance.db.session() as session:
            created = await ensure_bootstrap_admin(session, secret)
            await session.commit()
            return created

    created = await asyncio.gather(*(start(i) for i in (*instances, *instances)))
    assert sorted(created) == [False, False, False, True]
    first, _ = instances
    async with first.db.session() as session:
        count = await session.scalar(
            sa.text("SELECT count(*) FROM api_keys WHERE secret_hash = :h"), {"h": hash_secret(secret)}
        )
    assert count == 1
