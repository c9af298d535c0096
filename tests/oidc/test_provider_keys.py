"""The provider's keys (API.md "Sign-in"): found through discovery, cached, fetched again for an unknown ``kid``
at most once a minute, rotated without a restart; while the provider is down, token callers whose key is not
cached get 503 with Retry-After and API-key callers are unaffected."""

import socket
import time
from collections.abc import AsyncIterator, Iterator

import pytest
from fastapi import FastAPI
from httpx import AsyncClient, Response

from app.core.oidc.keys import ProviderKeys
from app.core.oidc.tokens import TokenVerifier
from tests.conftest import Headers, _client_of
from tests.oidc.issuer import AUDIENCE, Issuer, ec_key, rsa_key


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def provider() -> Iterator[Issuer]:
    """A provider of the test's own, which it may rotate, break or stop."""
    started = Issuer(keys=[rsa_key("first")]).start()
    yield started
    started.stop()


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def keys(provider: Issuer, clock: Clock) -> ProviderKeys:
    return ProviderKeys(provider.url, clock=clock)


@pytest.fixture
async def signed_in(app: FastAPI, keys: ProviderKeys) -> AsyncIterator[AsyncClient]:
    """The test's app, signing in through ``provider`` on the test's clock."""
    app.state.token_verifier = TokenVerifier(keys, AUDIENCE)
    async for c in _client_of(app):
        yield c


async def me(client: AsyncClient, token: str) -> Response:
    return await client.get("/v1/me", headers={"Authorization": f"Bearer {token}"})


async def test_keys_are_found_through_discovery_and_fetched_once(
    signed_in: AsyncClient, provider: Issuer, keys: ProviderKeys
) -> None:
    statuses = [(await me(signed_in, provider.token())).status_code for _ in range(5)]

    assert statuses == [200] * 5
    assert (keys.jwks_url, keys.fetches, provider.key_requests) == (provider.url + "/keys", 1, 1)


async def test_an_unknown_kid_is_fetched_again_once_then_refused(
    signed_in: AsyncClient, provider: Issuer, keys: ProviderKeys, clock: Clock
) -> None:
    assert (await me(signed_in, provider.token())).status_code == 200
    stranger = rsa_key("never-published")
    clock.now += 61

    first = await me(signed_in, provider.token(key=stranger))
    again = [(await me(signed_in, provider.token(key=stranger))).status_code for _ in range(3)]

    assert first.status_code == 401
    assert first.json()["detail"] == "The access token is signed with a key the identity provider does not publish."
    assert again == [401] * 3
    assert provider.key_requests == 2  # the first fetch, and exactly one more for the unknown kid


async def test_an_unknown_kid_within_a_minute_of_the_last_fetch_is_refused_without_asking(
    signed_in: AsyncClient, provider: Issuer, clock: Clock
) -> None:
    assert (await me(signed_in, provider.token())).status_code == 200
    clock.now += 59

    assert (await me(signed_in, provider.token(key=rsa_key("new")))).status_code == 401
    assert provider.key_requests == 1


async def test_keys_rotate_without_a_restart(
    signed_in: AsyncClient, provider: Issuer, clock: Clock, keys: ProviderKeys
) -> None:
    old = provider.current
    old_token = provider.token()
    assert (await me(signed_in, old_token)).status_code == 200
    # The provider publishes a new key, signs with it, and withdraws the old one.
    provider.keys.append(ec_key("second"))
    old.published = False
    clock.now += 61

    new = await me(signed_in, provider.token())
    assert new.status_code == 200
    assert (await me(signed_in, old_token)).status_code == 401
    assert provider.key_requests == 2


async def test_a_cached_set_older_than_its_max_age_is_fetched_again_in_the_background(
    signed_in: AsyncClient, provider: Issuer, clock: Clock, keys: ProviderKeys
) -> None:
    old_token = provider.token()
    assert (await me(signed_in, old_token)).status_code == 200
    provider.current.published = False  # withdrawn, e.g. compromised
    clock.now += keys.max_age_seconds + 1

    assert (await me(signed_in, old_token)).status_code == 200  # served from the cache, the refresh started
    assert keys._refresh is not None
    await keys._refresh

    assert (await me(signed_in, old_token)).status_code == 401
    assert provider.key_requests == 2


async def test_provider_down_before_any_key_is_cached_is_503_with_retry_after_and_keys_still_work(
    signed_in: AsyncClient, provider: Issuer, admin: Headers
) -> None:
    token = provider.token()
    provider.stop()

    response = await me(signed_in, token)
    by_key = await signed_in.get("/v1/me", headers=admin)

    assert response.status_code == 503
    assert response.headers["retry-after"] == "60"
    assert response.json()["type"] == "/problems/service-unavailable"
    assert response.json()["detail"] == "The identity provider's signing keys cannot be fetched; try again later."
    assert by_key.status_code == 200


async def test_provider_down_after_keys_are_cached_keeps_cached_kids_working(
    signed_in: AsyncClient, provider: Issuer, clock: Clock, admin: Headers
) -> None:
    assert (await me(signed_in, provider.token())).status_code == 200
    rotated = ec_key("rotated")
    provider.keys.append(rotated)
    provider.failing_with = 503
    clock.now += 61

    unknown = await me(signed_in, provider.token(key=rotated))
    clock.now += 20
    unknown_again = await me(signed_in, provider.token(key=rotated))
    cached = await me(signed_in, provider.token(key=provider.keys[0]))

    assert (unknown.status_code, unknown.headers["retry-after"]) == (503, "60")
    assert (unknown_again.status_code, unknown_again.headers["retry-after"]) == (503, "40")
    assert cached.status_code == 200
    assert (await signed_in.get("/v1/me", headers=admin)).status_code == 200
    assert provider.key_requests == 2  # no more than one attempt a minute, even while failing


async def test_after_the_provider_recovers_the_next_fetch_lets_tokens_in(
    signed_in: AsyncClient, provider: Issuer, clock: Clock
) -> None:
    provider.failing_with = 500
    assert (await me(signed_in, provider.token())).status_code == 503
    provider.failing_with = None
    clock.now += 60

    assert (await me(signed_in, provider.token())).status_code == 200


async def test_a_discovery_document_for_another_issuer_is_not_trusted(
    signed_in: AsyncClient, provider: Issuer, keys: ProviderKeys
) -> None:
    keys.issuer = provider.url + "/elsewhere"

    response = await me(signed_in, provider.token(iss=keys.issuer))

    assert response.status_code == 503
    assert provider.key_requests == 0


async def test_a_configured_jwks_url_skips_discovery(app: FastAPI, provider: Issuer) -> None:
    keys = ProviderKeys(provider.url, provider.url + "/keys")
    app.state.token_verifier = TokenVerifier(keys, AUDIENCE)
    provider.failing_with = None
    async for client in _client_of(app):
        assert (await me(client, provider.token())).status_code == 200
    assert (keys.fetches, provider.key_requests) == (1, 1)


async def test_a_provider_that_never_answers_gives_503_within_the_timeout(app: FastAPI, issuer: Issuer) -> None:
    silent = socket.create_server(("127.0.0.1", 0))  # accepts connections (the backlog), never answers
    try:
        url = f"http://127.0.0.1:{silent.getsockname()[1]}"
        app.state.token_verifier = TokenVerifier(ProviderKeys(url, timeout_seconds=0.5), AUDIENCE)
        async for client in _client_of(app):
            started = time.monotonic()
            response = await me(client, issuer.token(iss=url))
            elapsed = time.monotonic() - started
    finally:
        silent.close()

    assert (response.status_code, response.headers["retry-after"]) == (503, "60")
    assert 0.5 <= elapsed < 1.5
