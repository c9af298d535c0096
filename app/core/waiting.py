"""Waiting for an event with a deadline, without losing a cancellation.

Python 3.11's ``asyncio.wait_for`` swallows a cancellation that arrives in the same loop turn as the awaited
future completes (CPython gh-86296, fixed in 3.12): a background loop cancelled at that moment runs on, and
whoever awaits it (shutdown, a test's teardown) waits for ever. ``asyncio.timeout`` counts cancellations per
task and always lets the caller's through, so every wait with a deadline in a loop goes through here."""

import asyncio


async def wait_until_set(event: asyncio.Event, seconds: float) -> bool:
    """Whether ``event`` was set within ``seconds``; a cancellation of the caller always propagates."""
    try:
        async with asyncio.timeout(seconds):
            await event.wait()
    except TimeoutError:
        return False
    return True


async def acquire_within(semaphore: asyncio.Semaphore, seconds: float) -> None:
    """Acquire ``semaphore`` or raise ``TimeoutError`` after ``seconds``; a cancellation always propagates."""
    async with asyncio.timeout(seconds):
        await semaphore.acquire()
