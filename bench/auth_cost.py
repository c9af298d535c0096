"""The CPU cost of an access token against an API key, per request (issue 15's closing figure).

    .venv/bin/python -m bench.auth_cost postgresql://postgres@127.0.0.1:5432/postgres [--requests N]

Makes a throwaway database on that server, starts the app through its lifespan (so the API-key cache is live,
as in production) with sign-in through a provider on loopback (tests/oidc/issuer.py), then times the process's
CPU (``time.process_time``) over batches of ``GET /v1/me``, alternately with a cached API key and with an
access token whose key is cached (RS256 and ES256), in process through httpx's ASGI transport. It also times
the credential step alone: ``KeyCache.get`` against ``TokenVerifier.principal`` (a token seen before: remembered)
and ``TokenVerifier.claims`` (a token's first use: signature and claims checked). Medians of the rounds.
"""

import argparse
import asyncio
import statistics
import time
import uuid
from collections.abc import Awaitable, Callable

from httpx import ASGITransport, AsyncClient
from pydantic import SecretStr
from sqlalchemy.engine import make_url

from app.core.config import Settings
from app.core.database import ensure_database
from app.core.migrations import upgrade
from app.main import create_app
from tests.conftest import _drop_database
from tests.oidc.issuer import AUDIENCE, Issuer, ec_key, rsa_key

ROUNDS = 7


async def _cpu_per_call(calls: dict[str, Callable[[], Awaitable[object]]], n: int) -> dict[str, float]:
    """For each call, the median over ROUNDS of the CPU seconds per call; rounds interleaved, so that a load
    from elsewhere on the machine weighs on every call alike."""
    samples: dict[str, list[float]] = {label: [] for label in calls}
    for _ in range(ROUNDS):
        for label, call in calls.items():
            start = time.process_time()
            for _ in range(n):
                await call()
            samples[label].append((time.process_time() - start) / n)
    return {label: statistics.median(values) for label, values in samples.items()}


def _report(figures: dict[str, float]) -> None:
    base = figures["API key"]
    for label, seconds in figures.items():
        extra = f"  ({(seconds - base) * 1e6:+.0f} µs)" if label != "API key" else ""
        print(f"  {label:28} {seconds * 1e6:8.1f} µs{extra}")


async def measure(server_url: str, requests: int) -> None:
    name = f"ilacs_auth_cost_{uuid.uuid4().hex[:8]}"
    await asyncio.to_thread(ensure_database, server_url, name)
    url = make_url(server_url).set(database=name).render_as_string(hide_password=False)
    await asyncio.to_thread(upgrade, url)
    issuer = Issuer(keys=[rsa_key("bench-rsa"), ec_key("bench-ec")]).start()
    secret = "ilk_bench-" + uuid.uuid4().hex
    settings = Settings(
        database_url=SecretStr(url),
        seed_on_empty=False,
        rate_limit_per_minute=0,
        bootstrap_admin_key=SecretStr(secret),
        oidc_issuer=issuer.url,
        oidc_audience=AUDIENCE,
    )
    app = create_app(settings)
    try:
        async with (
            app.router.lifespan_context(app),
            AsyncClient(transport=ASGITransport(app=app), base_url="http://bench") as client,
        ):
            credentials = {
                "API key": secret,
                "token RS256": issuer.token(key=issuer.keys[0], roles=["admin"]),
                "token ES256": issuer.token(key=issuer.keys[1], roles=["admin"]),
            }
            for credential in credentials.values():  # warm: key cached, provider keys fetched, routes built
                for _ in range(50):
                    response = await client.get("/v1/me", headers={"Authorization": f"Bearer {credential}"})
                    assert response.status_code == 200, response.text
            print(f"GET /v1/me, CPU per request, median of {ROUNDS} interleaved rounds of {requests}:")
            calls: dict[str, Callable[[], Awaitable[object]]] = {
                label: (lambda h={"Authorization": f"Bearer {c}"}: client.get("/v1/me", headers=h))
                for label, c in credentials.items()
            }
            _report(await _cpu_per_call(calls, requests))

            print("The credential step alone, CPU per call (KeyCache.get / TokenVerifier.principal):")
            verifier = app.state.token_verifier
            async with app.state.db.session() as session:
                steps: dict[str, Callable[[], Awaitable[object]]] = {
                    "API key": lambda: app.state.key_cache.get(session, secret),
                    "token RS256 (seen before)": lambda: verifier.principal(credentials["token RS256"]),
                    "token ES256 (seen before)": lambda: verifier.principal(credentials["token ES256"]),
                    "token RS256 (first use)": lambda: verifier.claims(credentials["token RS256"]),
                    "token ES256 (first use)": lambda: verifier.claims(credentials["token ES256"]),
                }
                _report(await _cpu_per_call(steps, requests))
    finally:
        issuer.stop()
        await asyncio.to_thread(_drop_database, server_url, name)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("server_url", help="a PostgreSQL server URL; a throwaway database is made beside")
    parser.add_argument("--requests", type=int, default=1000, help="requests per round")
    args = parser.parse_args()
    asyncio.run(measure(args.server_url, args.requests))


if __name__ == "__main__":
    main()
