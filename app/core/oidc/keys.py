"""The provider's signing keys: found through its discovery document (or a configured JWKS URL), cached, and
fetched again for a ``kid`` not in the cache at most once a minute.

Fetching is asynchronous (httpx), never a blocking call on the event loop, and happens only when a token needs
it, under a lock, so a burst of tokens with a new ``kid`` makes one request. A token whose ``kid`` is cached
never waits on the provider: while the provider is unreachable, callers with a cached key go on working and
only a ``kid`` not yet cached gets 503 with ``Retry-After`` (the time until the next fetch may be tried).
A set older than ``max_age`` is fetched again in the background, so that a key the provider withdrew stops
being trusted without a restart.
"""

import asyncio
import contextlib
import logging
import math
import time
from collections.abc import Callable
from typing import Any

import httpx

log = logging.getLogger("ilacs.oidc")
REFETCH_SECONDS = 60.0  # at most one fetch a minute for a kid not in the cache (API.md "Sign-in")
MAX_AGE_SECONDS = 3600.0  # a set this old is fetched again in the background
TIMEOUT_SECONDS = 3.0
MAX_DOCUMENT_BYTES = 1 << 20

Jwk = dict[str, Any]


class UnknownKey(Exception):
    """The provider does not publish this ``kid`` (as of its last fetch): the token is not trusted (401)."""


class KeysUnavailable(Exception):
    """The provider's keys cannot be fetched now (503); ``retry_after`` seconds until the next try."""

    def __init__(self, reason: str, retry_after: int) -> None:
        super().__init__(reason)
        self.retry_after = retry_after


class ProviderKeys:
    """The JWKS of one issuer, by ``kid``. ``get`` is the only entry point of the request path."""

    def __init__(
        self,
        issuer: str,
        jwks_url: str | None = None,
        *,
        refetch_seconds: float = REFETCH_SECONDS,
        max_age_seconds: float = MAX_AGE_SECONDS,
        timeout_seconds: float = TIMEOUT_SECONDS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.issuer = issuer
        self.jwks_url = jwks_url
        self.refetch_seconds = refetch_seconds
        self.max_age_seconds = max_age_seconds
        self.timeout_seconds = timeout_seconds
        self._clock = clock
        self._keys: dict[str, Jwk] = {}
        self._fetched_at: float | None = None  # the last successful fetch
        self._tried_at: float | None = None  # the last attempt, successful or not
        self._failure: str | None = None  # why the last attempt failed, if it did
        self._lock = asyncio.Lock()
        self._refresh: asyncio.Task[None] | None = None
        self.fetches = 0  # attempts made, for tests and metrics
        self.generation = 0  # bumped by every successful fetch: what was verified before is checked again

    async def get(self, kid: str) -> Jwk:
        key = self._keys.get(kid)
        if key is not None:
            self.refresh_if_stale()
            return key
        async with self._lock:
            key = self._keys.get(kid)  # fetched meanwhile by another request
            if key is None:
                wait = self._wait()
                if wait > 0:
                    if self._failure is not None:
                        raise KeysUnavailable(self._failure, math.ceil(wait))
                    raise UnknownKey(kid)
                await self._fetch()
                key = self._keys.get(kid)
        if key is None:
            raise UnknownKey(kid)
        return key

    def _wait(self) -> float:
        """Seconds until another fetch may be tried (0: now)."""
        if self._tried_at is None:
            return 0.0
        return max(0.0, self._tried_at + self.refetch_seconds - self._clock())

    async def _fetch(self) -> None:
        """One attempt (the caller holds the lock); on failure the cache is kept and ``KeysUnavailable`` raised."""
        self._tried_at = self._clock()
        self.fetches += 1
        try:
            async with httpx.AsyncClient(timeout=self.timeout_seconds, follow_redirects=False) as client:
                if self.jwks_url is None:
                    self.jwks_url = await self._discover(client)
                keys = _signing_keys(await _get_json(client, self.jwks_url))
        except (httpx.HTTPError, ValueError) as exc:
            self._failure = f"{type(exc).__name__}: {exc}"[:300]
            log.warning("identity provider keys not fetched: %s", self._failure)
            raise KeysUnavailable(self._failure, math.ceil(self.refetch_seconds)) from exc
        self._keys, self._fetched_at, self._failure = keys, self._clock(), None
        self.generation += 1
        log.info("identity provider keys fetched: %s", sorted(keys))

    async def _discover(self, client: httpx.AsyncClient) -> str:
        document = await _get_json(client, self.issuer.rstrip("/") + "/.well-known/openid-configuration")
        if document.get("issuer") != self.issuer:
            raise ValueError(f"the discovery document names issuer {document.get('issuer')!r}, not {self.issuer!r}")
        jwks_uri = document.get("jwks_uri")
        if not isinstance(jwks_uri, str) or not jwks_uri.startswith(("https://", "http://")):
            raise ValueError("the discovery document has no jwks_uri")
        return jwks_uri

    def refresh_if_stale(self) -> None:
        """Start fetching the set again in the background if it is older than ``max_age_seconds``."""
        if self._fetched_at is None or self._clock() - self._fetched_at < self.max_age_seconds:
            return
        if (self._refresh is None or self._refresh.done()) and self._wait() == 0:
            self._refresh = asyncio.get_running_loop().create_task(self._refresh_now())

    async def close(self) -> None:
        """Cancel a background refresh (at shutdown)."""
        task, self._refresh = self._refresh, None
        if task is not None and not task.done():
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    async def _refresh_now(self) -> None:
        async with self._lock:
            if self._wait() == 0:
                with contextlib.suppress(KeysUnavailable):  # the cached keys stay; logged in _fetch
                    await self._fetch()


async def _get_json(client: httpx.AsyncClient, url: str) -> dict[str, Any]:
    response = await client.get(url, headers={"Accept": "application/json"})
    response.raise_for_status()
    if len(response.content) > MAX_DOCUMENT_BYTES:
        raise ValueError(f"{url} answered more than {MAX_DOCUMENT_BYTES} bytes")
    document = response.json()
    if not isinstance(document, dict):
        raise ValueError(f"{url} did not answer a JSON object")
    return document


def _signing_keys(jwks: dict[str, Any]) -> dict[str, Jwk]:
    """The keys of a JWKS that may sign tokens, by ``kid`` (keys without a ``kid`` or only for encryption are
    left out)."""
    keys = jwks.get("keys")
    if not isinstance(keys, list):
        raise ValueError("the JWKS has no keys list")
    return {
        key["kid"]: key
        for key in keys
        if isinstance(key, dict) and isinstance(key.get("kid"), str) and key.get("use", "sig") == "sig"
    }
