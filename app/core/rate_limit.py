"""Per-caller rate limiting over fixed one-minute windows, counted in PostgreSQL and shared by every process.

A caller is ``Principal.ref``: an API key, a user or a service, whatever credential it sent. The count of each
(caller, window) lives in ``rate_limit_windows``; every worker and replica adds to the same row.
To keep the cost off the request path, a process does not write each request: it counts admitted requests
locally and flushes them at most ``flush_interval`` later in ONE autocommit upsert (never inside a request's
transaction, where the row lock would serialise every request of the key until commit). The upsert returns
the shared totals, which become the process's view of the key.

Accuracy: a process admits a request when (shared total last seen + its own unflushed requests) is under the
limit. Its own requests are always counted at once, so a single process enforces the limit exactly; what it
cannot see yet is what OTHER processes admitted since its last flush. Over a window the total admitted is at
most ``limit + (P - 1) * r * flush_interval`` for P processes each admitting r requests per second, i.e. each
other process can overshoot by at most one flush interval of its traffic (about 0.2 s).
"""

import asyncio
import contextlib
import logging
import math
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncEngine

from app.core.errors import RateLimited
from app.core.security import Principal
from app.models import RateLimitWindow

log = logging.getLogger("ilacs.rate_limit")
WINDOW_SECONDS = 60
KEEP_WINDOWS = 2  # the current and the previous window; older rows are deleted


@dataclass(frozen=True, slots=True)
class Quota:
    """What the ``RateLimit-*`` headers of a response say: the limit, what is left of it, seconds to the reset."""

    limit: int
    remaining: int
    reset: int

    def headers(self) -> dict[str, str]:
        return {
            "RateLimit-Limit": str(self.limit),
            "RateLimit-Remaining": str(self.remaining),
            "RateLimit-Reset": str(self.reset),
        }


@dataclass(slots=True)
class _Count:
    shared: int = 0  # the total over every process, as returned by this process's last flush
    pending: int = 0  # admitted here, not yet flushed


class RateLimiter:
    """``check`` admits or refuses (429) a request of a caller; ``flush`` writes the counts; ``stop`` at shutdown."""

    def __init__(self, per_minute: int, flush_interval: float = 0.2, clock: Callable[[], float] = time.time) -> None:
        self.per_minute = per_minute
        self.flush_interval = flush_interval
        self._clock = clock  # seconds since the epoch; every replica's clock is assumed NTP-synchronised
        self._counts: dict[tuple[str, int], _Count] = {}
        self._engine: AsyncEngine | None = None
        self._flush_lock = asyncio.Lock()
        self._scheduled: asyncio.Task[None] | None = None
        self._pruned_window = -1

    async def check(self, principal: Principal, engine: AsyncEngine) -> "Quota | None":
        """Admit a request of ``principal`` and return what is left of its quota, or refuse it (429)."""
        if self.per_minute <= 0:
            return None
        now = self._clock()
        window = int(now // WINDOW_SECONDS) * WINDOW_SECONDS
        reset = max(1, math.ceil(window + WINDOW_SECONDS - now))
        count = self._counts.setdefault((principal.ref, window), _Count())
        if count.shared + count.pending >= self.per_minute:
            quota = Quota(self.per_minute, 0, reset)
            raise RateLimited(
                f"This caller may make {self.per_minute} requests a minute; retry after {reset} s.",
                headers={**quota.headers(), "Retry-After": str(reset)},
            )
        count.pending += 1
        self._engine = engine
        if self._scheduled is None:
            self._scheduled = asyncio.get_running_loop().create_task(self._flush_later(self.flush_interval))
        return Quota(self.per_minute, max(0, self.per_minute - count.shared - count.pending), reset)

    def unspent(self) -> "Quota | None":
        """The quota told to a request that spends none (no known caller): all of it. None when the limit is off."""
        if self.per_minute <= 0:
            return None
        now = self._clock()
        reset = max(1, math.ceil((int(now // WINDOW_SECONDS) + 1) * WINDOW_SECONDS - now))
        return Quota(self.per_minute, self.per_minute, reset)

    async def _flush_later(self, delay: float) -> None:
        await asyncio.sleep(delay)
        try:
            await self.flush()
            delay = self.flush_interval
        except Exception as exc:  # the database is away: keep the counts, retry less and less often
            log.warning("rate limit counts not flushed: %s", type(exc).__name__)
            delay = min(delay * 2, 5.0)
        if any(c.pending for c in self._counts.values()):
            self._scheduled = asyncio.get_running_loop().create_task(self._flush_later(delay))
        else:
            self._scheduled = None

    async def flush(self) -> None:
        """Add every unflushed count to the shared rows in one statement and read back the totals."""
        async with self._flush_lock:
            engine = self._engine
            current = int(self._clock() // WINDOW_SECONDS) * WINDOW_SECONDS
            for key in [k for k in self._counts if k[1] < current]:
                del self._counts[key]  # a past window no longer limits anything
            batch = {k: c.pending for k, c in sorted(self._counts.items()) if c.pending}
            if engine is None or not batch:
                return
            async with engine.connect() as conn:
                conn = await conn.execution_options(isolation_level="AUTOCOMMIT")
                rows = (await conn.execute(_add_counts(batch))).all()
                if self._pruned_window != current:
                    await conn.execute(
                        sa.delete(RateLimitWindow).where(
                            RateLimitWindow.window_start < _at(current - (KEEP_WINDOWS - 1) * WINDOW_SECONDS)
                        )
                    )
                    self._pruned_window = current
            for caller, window_start, total in rows:
                key = (caller, int(window_start.timestamp()))
                count = self._counts.get(key)
                if count is not None:
                    count.pending -= batch.get(key, 0)
                    count.shared = total

    async def stop(self) -> None:
        """Flush what is left (best effort) and cancel a pending flush."""
        task, self._scheduled = self._scheduled, None
        if task is not None and not task.done():
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        try:
            await self.flush()
        except Exception as exc:
            log.warning("rate limit counts not flushed at shutdown: %s", type(exc).__name__)


def _add_counts(batch: dict[tuple[str, int], int]) -> sa.Executable:
    """One upsert adding each count to its (key, window) row, returning the new totals. The rows go in a fixed
    order (``batch`` is sorted), so two processes flushing the same keys cannot deadlock."""
    stmt = insert(RateLimitWindow).values(
        [{"caller": caller, "window_start": _at(window), "count": n} for (caller, window), n in batch.items()]
    )
    return stmt.on_conflict_do_update(
        index_elements=[RateLimitWindow.caller, RateLimitWindow.window_start],
        set_={"count": RateLimitWindow.count + stmt.excluded.count},
    ).returning(RateLimitWindow.caller, RateLimitWindow.window_start, RateLimitWindow.count)


def _at(epoch_seconds: int) -> datetime:
    return datetime.fromtimestamp(epoch_seconds, UTC)
