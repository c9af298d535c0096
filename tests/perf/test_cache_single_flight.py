"""The record cache computes an answer once however many ask for it at the same moment (a cold cache under 64
connections computed it 64 times: a 10x statistics series ran at half speed), and never hands out an answer
begun before a change."""

import asyncio

import pytest
from httpx import AsyncClient

from app.stats.cache import GradeStatsCache
from tests.conftest import GATESHEAD, Headers


def _trusting() -> GradeStatsCache:
    cache = GradeStatsCache()
    cache._listening = True  # as when its listener is up; no notification will arrive here
    return cache


async def test_many_asking_at_once_compute_once() -> None:
    cache, calls = _trusting(), []

    async def compute() -> bytes:
        calls.append(1)
        await asyncio.sleep(0.05)
        return b"answer"

    answers = await asyncio.gather(*(cache.get("q", compute) for _ in range(64)))
    assert answers == [b"answer"] * 64
    assert len(calls) == 1


async def test_an_answer_begun_before_a_change_is_not_shared_after_it() -> None:
    cache, started = _trusting(), asyncio.Event()

    async def before() -> bytes:
        started.set()
        await asyncio.sleep(0.05)
        return b"before"

    async def after() -> bytes:
        return b"after"

    first = asyncio.create_task(cache.get("q", before))
    await started.wait()
    cache.invalidate()  # a change committed while the first answer was being computed
    assert await cache.get("q", after) == b"after"
    assert await first == b"before"
    assert await cache.get("q", after) == b"after"  # the answer begun before the change was not kept


async def test_an_error_is_every_waiters_and_nothing_is_kept() -> None:
    cache, calls = _trusting(), []

    async def failing() -> bytes:
        calls.append(1)
        await asyncio.sleep(0.02)
        raise LookupError("no such authority")

    results = await asyncio.gather(*(cache.get("q", failing) for _ in range(5)), return_exceptions=True)
    assert [type(r) for r in results] == [LookupError] * 5
    assert len(calls) == 1
    with pytest.raises(LookupError):
        await cache.get("q", failing)
    assert len(calls) == 2


async def test_when_the_computing_request_is_cancelled_a_waiter_computes_itself() -> None:
    cache, started = _trusting(), asyncio.Event()

    async def slow() -> bytes:
        started.set()
        await asyncio.sleep(10)
        return b"never"

    async def quick() -> bytes:
        return b"answer"

    first = asyncio.create_task(cache.get("q", slow))
    await started.wait()
    waiter = asyncio.create_task(cache.get("q", quick))
    await asyncio.sleep(0)
    first.cancel()
    assert await waiter == b"answer"
    with pytest.raises(asyncio.CancelledError):
        await first


async def test_a_write_to_something_not_cached_keeps_the_cache(client: AsyncClient, admin: Headers, app) -> None:  # type: ignore[no-untyped-def]
    cache: GradeStatsCache = app.state.grade_stats_cache
    cache._listening = True
    await client.get(f"/v1/authorities/{GATESHEAD}", headers=admin)
    generation = cache.generation
    body = {"authority_code": GATESHEAD, "title": "Audit the front door", "due_on": "2031-01-31"}
    assert (await client.post("/v1/action-items", headers=admin, json=body)).status_code == 201
    assert cache.generation == generation
    assert (
        await client.patch(f"/v1/authorities/{GATESHEAD}", headers=admin, json={"name": "Gateshead MBC"})
    ).status_code == 200
    assert cache.generation == generation + 1
