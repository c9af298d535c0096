"""Background loops stop when cancelled. Python 3.11's ``asyncio.wait_for`` loses a cancellation that arrives in
the loop turn its awaited future completes in (CPython gh-86296); a dispatcher or listener cancelled at that
moment ran on for ever, and the shutdown (or a test's teardown) awaiting it with it."""

import asyncio
import re
from pathlib import Path

import pytest

from app.core.waiting import acquire_within, wait_until_set

APP = Path(__file__).resolve().parents[2] / "app"


async def test_a_cancellation_arriving_as_the_event_is_set_stops_the_waiter() -> None:
    event = asyncio.Event()
    waiter = asyncio.create_task(wait_until_set(event, 10))
    await asyncio.sleep(0)  # the waiter is now waiting
    event.set()
    waiter.cancel()  # in the same loop turn: asyncio.wait_for on 3.11 would return True here instead
    with pytest.raises(asyncio.CancelledError):
        await waiter
    assert waiter.cancelled()


async def test_a_cancellation_arriving_as_the_semaphore_is_released_stops_the_waiter() -> None:
    semaphore = asyncio.Semaphore(0)
    waiter = asyncio.create_task(acquire_within(semaphore, 10))
    await asyncio.sleep(0)
    semaphore.release()
    waiter.cancel()
    with pytest.raises(asyncio.CancelledError):
        await waiter
    assert waiter.cancelled()


async def test_waiting_gives_up_at_the_deadline() -> None:
    assert await wait_until_set(asyncio.Event(), 0.01) is False
    with pytest.raises(TimeoutError):
        await acquire_within(asyncio.Semaphore(0), 0.01)


def test_no_code_of_the_service_waits_with_asyncio_wait_for() -> None:
    uses = [
        f"{path.relative_to(APP)}:{n}"
        for path in sorted(APP.rglob("*.py"))
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if re.search(r"\bwait_for\(", line)
    ]
    assert uses == []
