"""API-key lookup cached in each process, invalidated through PostgreSQL LISTEN/NOTIFY.

A key seen before costs no query. Revoking a key sends ``pg_notify('ilacs_api_keys', id)`` in the revoking
transaction, so every worker and replica hears of it as that transaction commits and drops its cache.
The cache is trusted only while this process's listening connection is up: before it has connected, while
it reconnects and right after, every request queries its key, so a notification missed while the listener
was down can never keep a revoked key alive. Expiry is checked on every hit.
"""

import time
from dataclasses import dataclass
from datetime import UTC, datetime

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.listening import ListeningCache
from app.core.security import CallerKind, Principal, Role, hash_secret, secret_matches
from app.models import ApiKey

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
    principal = Principal(
        kind=CallerKind.api_key, id=str(row.id), name=row.name, role=Role(row.role), authority_code=row.authority_code
    )
    return _Entry(principal, row.expires_at, time.monotonic())


class KeyCache(ListeningCache):
    """Principals by the SHA-256 of their secret, trusted only while the listener is connected."""

    channel = CHANNEL
    listener_name = LISTENER_NAME

    def __init__(
        self,
        *,
        max_entries: int = 10_000,
        max_age_seconds: float = 300.0,
        health_check_seconds: float = 5.0,
        connect_timeout_seconds: float = 3.0,
    ) -> None:
        super().__init__(health_check_seconds=health_check_seconds, connect_timeout_seconds=connect_timeout_seconds)
        self.max_entries = max_entries
        # A bound on trust even with the listener up, for changes made by hand in SQL without a notification.
        self.max_age_seconds = max_age_seconds
        self._entries: dict[str, _Entry] = {}

    def clear(self) -> None:
        self._entries.clear()

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
        generation = self.generation
        entry = await _lookup(session, secret)
        if entry is None:
            return None
        # Store only if no notification arrived (and the listener did not drop) while the key was read:
        # the row read may predate a revocation committed meanwhile.
        if self.may_store(generation):
            if len(self._entries) >= self.max_entries:
                self._entries.clear()
            self._entries[digest] = entry
        return entry.principal
