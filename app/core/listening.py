"""Per-process caches kept right through PostgreSQL LISTEN/NOTIFY.

What such a cache holds is changed only by transactions that send ``pg_notify(channel, ...)`` (by the
application, or by a trigger) before they commit, so every process hears of a change as it commits and empties
its cache. A cache is trusted only while its own listening connection is up: before it has connected, while it
reconnects and right after, ``listening`` is false and callers must read the database, so a notification
missed while the listener was down can never keep a stale entry alive. A value read while a notification
arrived must not be stored: ``generation`` tells (read it before reading the database, ``may_store`` after).
"""

import asyncio
import contextlib
import logging
from typing import Any

import asyncpg

from app.core.database import Database
from app.core.waiting import wait_until_set

log = logging.getLogger("ilacs.listening")


def listener_dsn(db: Database) -> str:
    """The engine's database as a plain asyncpg DSN (SQLAlchemy-only query options removed)."""
    url = db.engine.url
    query = {k: v for k, v in url.query.items() if k != "prepared_statement_cache_size"}
    return url.set(drivername="postgresql", query=query).render_as_string(hide_password=False)


class ListeningCache:
    """Base of the caches: the listening connection, its health checks and reconnection; ``clear`` empties the
    subclass's entries (on every notification, and whenever trust is lost or regained)."""

    channel: str
    listener_name: str  # the connection's application_name

    def __init__(self, *, health_check_seconds: float = 5.0, connect_timeout_seconds: float = 3.0) -> None:
        self.health_check_seconds = health_check_seconds
        self.connect_timeout_seconds = connect_timeout_seconds
        self._generation = 0
        self._listening = False
        self._task: asyncio.Task[None] | None = None
        self._connected = asyncio.Event()

    def clear(self) -> None:
        raise NotImplementedError

    @property
    def listening(self) -> bool:
        """Whether notifications are being received, and so whether cached entries are trusted."""
        return self._listening

    @property
    def generation(self) -> int:
        return self._generation

    def may_store(self, generation: int) -> bool:
        """Whether a value read since ``generation`` was taken may be cached: no notification arrived (and the
        listener did not drop) meanwhile, so the value does not predate a change committed in between."""
        return self._listening and generation == self._generation

    async def start(self, db: Database) -> None:
        """Start listening; wait briefly for the first connection so the cache serves from the start."""
        if self._task is not None:
            return
        self._task = asyncio.create_task(self._listen_forever(listener_dsn(db)), name=self.listener_name)
        await wait_until_set(self._connected, self.connect_timeout_seconds)

    async def stop(self) -> None:
        task, self._task = self._task, None
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        self._distrust()

    def invalidate(self) -> None:
        """Forget every cached entry (something changed somewhere)."""
        self.clear()
        self._generation += 1

    def _trust(self) -> None:
        self.invalidate()
        self._listening = True
        self._connected.set()

    def _distrust(self) -> None:
        self._listening = False
        self._connected.clear()
        self.invalidate()

    def _on_notification(self, *_: Any) -> None:
        self.invalidate()

    async def _listen_forever(self, dsn: str) -> None:
        delay = 0.1
        while True:
            try:
                await self._listen_once(dsn)
                delay = 0.1
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # any failure means: stop trusting, reconnect
                log.warning(
                    "%s down (%s); the database is read on every request until it is back",
                    self.listener_name,
                    type(exc).__name__,
                )
            finally:
                self._distrust()
            await asyncio.sleep(delay)
            delay = min(delay * 2, 5.0)

    async def _listen_once(self, dsn: str) -> None:
        conn: asyncpg.Connection = await asyncpg.connect(
            dsn, timeout=self.connect_timeout_seconds, server_settings={"application_name": self.listener_name}
        )
        lost = asyncio.Event()
        conn.add_termination_listener(lambda _: lost.set())
        try:
            await conn.add_listener(self.channel, self._on_notification)
            self._trust()
            while not lost.is_set():
                if await wait_until_set(lost, self.health_check_seconds):
                    break
                # A half-open connection shows nothing until it is used.
                await conn.execute("SELECT 1", timeout=self.connect_timeout_seconds)
            log.warning(
                "%s lost its connection; the database is read on every request until it is back", self.listener_name
            )
        finally:
            self._distrust()
            if not conn.is_closed():
                conn.terminate()
