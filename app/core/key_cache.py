"""API-key lookup cached in each process, invalidated through PostgreSQL LISTEN/NOTIFY.

A key seen before costs no query. Revoking a key sends ``pg_notify('ilacs_api_keys', id)`` in the revoking
transaction, so every worker and replica hears of it as that transaction commits and drops its cache.
The cache is trusted only while this process's listening connection is up: before it has connected, while
it reconnects and right after, every request queries its key, so a notification missed while the listener
was down can never keep a revoked key alive. Expiry is checked on every hit.
"""

import asyncio
import contextlib
import logging
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import asyncpg
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.database import Database
from app.core.security import Principal, Role, hash_secret, secret_matches
from app.models import ApiKey

log = logging.getLogger("ilacs.key_cache")
CHANNEL = "ilacs_api_keys"
LISTENER_NAME = "ilacs-api-keys-listener"


@dataclass(frozen=True, slots=True)
class _Entry:
    principal: Principal
    expires_at: datetime | None
    cached_at: float


async def _lookup(session: AsyncSession, secret: str) -> _Entry | None:
    """The key with this secret if it is usable now (not revoked, not expired)."""
    row = (
        await session.execute(
            sa.select(
                ApiKey.id,
                ApiKey.name,
                ApiKey.role,
                ApiKey.authority_code,
                ApiKey.secret_hash,
                ApiKey.expires_at,
                ApiKey.revoked_at,
            ).where(ApiKey.secret_hash == hash_secret(secret))
        )
    ).one_or_none()
    if row is None or not secret_matches(secret, row.secret_hash) or row.revoked_at is not None:
        return None
    if row.expires_at is not None and row.expires_at <= datetime.now(UTC):
        return None
    principal = Principal(key_id=row.id, name=row.name, role=Role(row.role), authority_code=row.authority_code)
    return _Entry(principal, row.expires_at, time.monotonic())


def listener_dsn(db: Database) -> str:
    """The engine's database as a plain asyncpg DSN (SQLAlchemy-only query options removed)."""
    url = db.engine.url
    query = {k: v for k, v in url.query.items() if k != "prepared_statement_cache_size"}
    return url.set(drivername="postgresql", query=query).render_as_string(hide_password=False)


class KeyCache:
    """Principals by the SHA-256 of their secret, trusted only while the listener is connected."""

    def __init__(
        self,
        *,
        max_entries: int = 10_000,
        max_age_seconds: float = 300.0,
        health_check_seconds: float = 5.0,
        connect_timeout_seconds: float = 3.0,
    ) -> None:
        self.max_entries = max_entries
        # A bound on trust even with the listener up, for changes made by hand in SQL without a notification.
        self.max_age_seconds = max_age_seconds
        self.health_check_seconds = health_check_seconds
        self.connect_timeout_seconds = connect_timeout_seconds
        self._entries: dict[str, _Entry] = {}
        self._generation = 0
        self._listening = False
        self._task: asyncio.Task[None] | None = None
        self._connected = asyncio.Event()

    @property
    def listening(self) -> bool:
        """Whether notifications are being received, and so whether cached keys are trusted."""
        return self._listening

    async def start(self, db: Database) -> None:
        """Start listening; wait briefly for the first connection so the cache serves from the start."""
        if self._task is not None:
            return
        self._task = asyncio.create_task(self._listen_forever(listener_dsn(db)), name="ilacs-key-cache")
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._connected.wait(), self.connect_timeout_seconds)

    async def stop(self) -> None:
        task, self._task = self._task, None
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        self._distrust()

    async def get(self, session: AsyncSession, secret: str) -> Principal | None:
        if not self._listening:
            entry = await _lookup(session, secret)
            return entry.principal if entry else None
        digest = hash_secret(secret)
        cached = self._entries.get(digest)
        if cached is not None:
            if time.monotonic() - cached.cached_at < self.max_age_seconds and (
                cached.expires_at is None or cached.expires_at > datetime.now(UTC)
            ):
                return cached.principal
            self._entries.pop(digest, None)
        generation = self._generation
        entry = await _lookup(session, secret)
        if entry is None:
            return None
        # Store only if no notification arrived (and the listener did not drop) while the key was read:
        # the row read may predate a revocation committed meanwhile.
        if self._listening and generation == self._generation:
            if len(self._entries) >= self.max_entries:
                self._entries.clear()
            self._entries[digest] = entry
        return entry.principal

    def invalidate(self) -> None:
        """Forget every cached key (a key changed somewhere)."""
        self._entries.clear()
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
                    "api-key listener down (%s); keys are checked on every request until it is back", type(exc).__name__
                )
            finally:
                self._distrust()
            await asyncio.sleep(delay)
            delay = min(delay * 2, 5.0)

    async def _listen_once(self, dsn: str) -> None:
        conn: asyncpg.Connection = await asyncpg.connect(
            dsn, timeout=self.connect_timeout_seconds, server_settings={"application_name": LISTENER_NAME}
        )
        lost = asyncio.Event()
        conn.add_termination_listener(lambda _: lost.set())
        try:
            await conn.add_listener(CHANNEL, self._on_notification)
            self._trust()
            while not lost.is_set():
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(lost.wait(), self.health_check_seconds)
                    break
                # A half-open connection shows nothing until it is used.
                await conn.execute("SELECT 1", timeout=self.connect_timeout_seconds)
            log.warning("api-key listener connection lost; keys are checked on every request until it is back")
        finally:
            self._distrust()
            if not conn.is_closed():
                conn.terminate()
