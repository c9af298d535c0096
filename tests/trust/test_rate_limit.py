"""Per-caller rate limiting: 429 with Retry-After, counted in PostgreSQL and shared by every app instance."""

import asyncio
import time
import uuid
from collections.abc import AsyncIterator

import pytest
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from app.api_keys.schemas import ApiKeyCreate
from app.api_keys.service import create_key
from app.core.oidc import token_verifier
from app.core.rate_limit import RateLimiter
from app.core.security import Role
from tests.conftest import Headers, signed_in_settings
from tests.oidc.issuer import Issuer
from tests.trust.conftest import LiveApp, live_settings, started_app

WINDOW_START = 1_900_000_020.0  # a minute boundary (divisible by 60)


class Clock:
    def __init__(self, now: float) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


async def new_key(engine: AsyncEngine) -> tuple[uuid.UUID, Headers]:
    async with AsyncSession(engine, expire_on_commit=False) as session:
        key, secret = await create_key(session, ApiKeyCreate(name=f"rl-{uuid.uuid4().hex[:6]}", role=Role.reader))
        await session.commit()
    return key.id, {"Authorization": f"Bearer {secret}"}


async def window_count(engine: AsyncEngine, key_id: uuid.UUID) -> int | None:
    async with engine.connect() as conn:
        count = await conn.scalar(
            sa.text("SELECT sum(count) FROM rate_limit_windows WHERE caller = :k"), {"k": f"api_key:{key_id}"}
        )
    return None if count is None else int(count)


def limit(live: LiveApp, per_minute: int, clock: Clock, flush_interval: float = 60.0) -> RateLimiter:
    """Give the app a limiter on a controlled clock (flushing only when told, unless flush_interval is short)."""
    limiter = RateLimiter(per_minute, flush_interval=flush_interval, clock=clock)
    live.app.state.rate_limiter = limiter
    return limiter


async def statuses(live: LiveApp, headers: Headers, n: int) -> list[int]:
    return [
        (await live.client.get("/v1/authorities", params={"limit": 1}, headers=headers)).status_code for _ in range(n)
    ]


@pytest.fixture
async def two_instances(live_database_url: str) -> AsyncIterator[tuple[LiveApp, LiveApp]]:
    """Two app instances (two engines, as two workers or replicas would have) on one database."""
    settings = live_settings(live_database_url, rate_limit_per_minute=6)
    async with started_app(settings) as first, started_app(settings) as second:
        yield first, second


async def test_a_key_over_its_limit_gets_429_rate_limited_with_retry_after(live_app: LiveApp) -> None:
    limit(live_app, 3, Clock(WINDOW_START + 15))
    _, headers = await new_key(live_app.engine)
    assert await statuses(live_app, headers, 3) == [200, 200, 200]
    refused = await live_app.client.get("/v1/authorities", headers=headers)
    assert refused.status_code == 429
    assert refused.json()["type"] == "/problems/rate-limited"
    assert refused.headers["retry-after"] == "45"


async def test_each_key_has_its_own_allowance(live_app: LiveApp) -> None:
    limit(live_app, 2, Clock(WINDOW_START))
    _, first = await new_key(live_app.engine)
    _, second = await new_key(live_app.engine)
    assert await statuses(live_app, first, 3) == [200, 200, 429]
    assert await statuses(live_app, second, 2) == [200, 200]


async def test_the_next_window_admits_the_key_again(live_app: LiveApp) -> None:
    clock = Clock(WINDOW_START + 59)
    limit(live_app, 1, clock)
    _, headers = await new_key(live_app.engine)
    assert await statuses(live_app, headers, 2) == [200, 429]
    clock.now += 1
    assert await statuses(live_app, headers, 1) == [200]


async def test_the_count_is_kept_in_postgresql(live_app: LiveApp) -> None:
    limiter = limit(live_app, 10, Clock(WINDOW_START))
    key_id, headers = await new_key(live_app.engine)
    await statuses(live_app, headers, 4)
    await limiter.flush()
    assert await window_count(live_app.engine, key_id) == 4


async def test_counts_are_flushed_by_themselves_within_the_flush_interval(live_app: LiveApp) -> None:
    limit(live_app, 10, Clock(WINDOW_START), flush_interval=0.05)
    key_id, headers = await new_key(live_app.engine)
    await statuses(live_app, headers, 2)
    for _ in range(100):
        if await window_count(live_app.engine, key_id) == 2:
            break
        await asyncio.sleep(0.02)
    assert await window_count(live_app.engine, key_id) == 2


async def test_the_count_is_shared_by_every_app_instance(two_instances: tuple[LiveApp, LiveApp]) -> None:
    first, second = two_instances
    clock = Clock(WINDOW_START)
    first_limiter, second_limiter = limit(first, 6, clock), limit(second, 6, clock)
    key_id, headers = await new_key(first.engine)
    assert await statuses(first, headers, 3) == [200, 200, 200]
    await first_limiter.flush()
    assert await statuses(second, headers, 3) == [200, 200, 200]
    await second_limiter.flush()
    # The second instance now knows the key has used its 6, three of them on the other instance.
    assert await statuses(second, headers, 1) == [429]
    assert await window_count(first.engine, key_id) == 6


async def test_an_instance_overshoots_by_at_most_what_it_admitted_since_its_last_flush(
    two_instances: tuple[LiveApp, LiveApp],
) -> None:
    first, second = two_instances
    clock = Clock(WINDOW_START)
    first_limiter, second_limiter = limit(first, 6, clock), limit(second, 6, clock)
    key_id, headers = await new_key(first.engine)
    await statuses(first, headers, 3)
    await first_limiter.flush()
    await statuses(second, headers, 3)
    await second_limiter.flush()
    assert await statuses(first, headers, 1) == [200]  # the first has not flushed since the second's requests
    await first_limiter.flush()
    assert await statuses(first, headers, 1) == [429]
    assert await window_count(first.engine, key_id) == 7


async def test_windows_before_the_previous_minute_are_pruned(live_app: LiveApp) -> None:
    limiter = limit(live_app, 10, Clock(WINDOW_START + 3600))
    key_id, headers = await new_key(live_app.engine)
    async with live_app.engine.begin() as conn:
        await conn.execute(
            sa.text(
                "INSERT INTO rate_limit_windows (caller, window_start, count) "
                "VALUES (:k, to_timestamp(:old), 5), (:k, to_timestamp(:previous), 7)"
            ),
            {"k": f"api_key:{key_id}", "old": WINDOW_START + 3600 - 120, "previous": WINDOW_START + 3600 - 60},
        )
    await statuses(live_app, headers, 1)
    await limiter.flush()
    assert await window_count(live_app.engine, key_id) == 7 + 1


async def test_a_limit_of_zero_turns_limiting_off(live_app: LiveApp) -> None:
    limiter = limit(live_app, 0, Clock(WINDOW_START))
    key_id, headers = await new_key(live_app.engine)
    assert await statuses(live_app, headers, 5) == [200] * 5
    await limiter.flush()
    assert await window_count(live_app.engine, key_id) is None


async def test_a_signed_in_person_is_limited_as_one_caller_across_tokens(live_app: LiveApp, issuer: Issuer) -> None:
    limiter = limit(live_app, 3, Clock(WINDOW_START))
    live_app.app.state.token_verifier = token_verifier(signed_in_settings(live_app.app.state.settings, issuer))
    person, colleague = str(uuid.uuid4()), str(uuid.uuid4())
    tokens = [issuer.headers(oid=person, iat=int(time.time()) - n) for n in range(4)]  # four different tokens

    assert [(await statuses(live_app, headers, 1))[0] for headers in tokens] == [200, 200, 200, 429]
    assert await statuses(live_app, issuer.headers(oid=colleague), 1) == [200]
    await limiter.flush()
    assert await live_app.scalar("SELECT count FROM rate_limit_windows WHERE caller = :c", c=f"user:{person}") == 3
