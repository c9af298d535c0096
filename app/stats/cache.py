"""``/v1/stats`` answers and single authority reads, cached in each process until what they show changes.

The figures change only when authorities, inspections or judgements do, and every statement changing those
tables notifies ``ilacs_grades`` through a trigger (migration 20261122_0004) as its transaction commits: each
process then empties its cache (``app.core.listening``). While the listener is down nothing is cached or
served from the cache. Without the cache, the count reads every authority's latest graded inspection, which
grows with the national history; with it, a repeated question costs no statement.

``GET /v1/authorities/{code}`` reads the same three tables (the authority, its predecessors, its latest graded
inspection and that inspection's judgements) and nothing that depends on the caller, so its answer is kept here
too (issue 19's hot single-resource read: a repeated read takes no database connection at all).
"""

import asyncio
import time
from collections.abc import Awaitable, Callable, Hashable
from typing import Any, TypeVar

from app.core.listening import ListeningCache

CHANNEL = "ilacs_grades"
LISTENER_NAME = "ilacs-grades-listener"
T = TypeVar("T")


class GradeStatsCache(ListeningCache):
    """Answers by question: a statistic's body by the statistic and every parameter of it; an authority's body
    and version by ``("authority", code)``."""

    channel = CHANNEL
    listener_name = LISTENER_NAME
    # The audited resource types kept in the tables that notify ``CHANNEL`` (migration 20261122_0004).
    RESOURCE_TYPES = frozenset({"authority", "inspection", "judgement"})

    def __init__(self, *, max_entries: int = 1_000, max_age_seconds: float = 300.0, **listening: float) -> None:
        super().__init__(**listening)
        self.max_entries = max_entries  # `as_of` is the client's choice: bound what a client can fill
        # A last bound on trust, should the trigger ever be disabled (a restore with triggers off).
        self.max_age_seconds = max_age_seconds
        self._entries: dict[Hashable, tuple[Any, float]] = {}
        # Answers being computed, by key, with the generation they were started in (``get``).
        self._computing: dict[Hashable, tuple[asyncio.Future[Any], int]] = {}

    def clear(self) -> None:
        self._entries.clear()

    def changed_here(self, resource_types: frozenset[str]) -> None:
        """This process committed changes of ``resource_types``: forget everything at once if any is kept here
        (an action item's change, say, leaves the cache alone), before the notification arrives."""
        if resource_types & self.RESOURCE_TYPES:
            self.invalidate()

    async def get(self, key: Hashable, compute: Callable[[], Awaitable[T]]) -> T:
        """The cached answer for ``key``, or ``compute()``'s (cached when it may be; an exception stores
        nothing)."""
        if not self.listening:
            return await compute()
        cached = self._entries.get(key)
        if cached is not None and time.monotonic() - cached[1] < self.max_age_seconds:
            kept: T = cached[0]
            return kept
        computing = self._computing.get(key)
        if computing is not None and computing[1] == self.generation:
            # Asked again while the answer is being computed, and nothing changed since it began: wait for that
            # answer rather than compute it again (64 requests arriving on an empty cache would otherwise each
            # compute it). Its error is this request's error too; if its request was cancelled, compute here.
            try:
                shared: T = await asyncio.shield(computing[0])
                return shared
            except asyncio.CancelledError:
                if not computing[0].cancelled():
                    raise  # this request itself was cancelled
        generation = self.generation
        answer: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
        self._computing[key] = (answer, generation)
        try:
            body = await compute()
        except BaseException as exc:
            if isinstance(exc, asyncio.CancelledError):
                answer.cancel()
            else:
                answer.set_exception(exc)
                answer.exception()  # retrieved: a question nobody else asked logs nothing
            raise
        finally:
            if self._computing.get(key, (None, 0))[0] is answer:
                del self._computing[key]
        answer.set_result(body)
        if self.may_store(generation):
            if len(self._entries) >= self.max_entries:
                self._entries.clear()
            self._entries[key] = (body, time.monotonic())
        return body
