"""The dispatcher as it runs in production: separate processes on one database. Killed with SIGKILL in the
middle of a delivery, the next one sends it again (at least once); two ``ilacs serve`` processes deliver each
event once per subscription (one dispatcher per database)."""

import asyncio
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import httpx

from app.core.security import Role
from tests.conftest import GATESHEAD
from tests.webhooks.conftest import RETRY, Live
from tests.webhooks.receiver import receiving
from tests.webhooks.test_delivery import settled_deliveries, subscribe

ILACS = str(Path(sys.executable).with_name("ilacs"))
ADMIN_SECRET = "ilk_processes-test-admin-secret-0123456789abcdef"


def env_for(live: Live, **extra: str) -> dict[str, str]:
    return {
        **os.environ,
        "ILACS_DATABASE_URL": live.url,
        "ILACS_WEBHOOK_ALLOW_HTTP": "true",
        "ILACS_WEBHOOK_ALLOWED_NETWORKS": '["127.0.0.0/8"]',
        "ILACS_WEBHOOK_RETRY_SECONDS": json.dumps(RETRY),
        "ILACS_SEED_ON_EMPTY": "false",
        "ILACS_RATE_LIMIT_PER_MINUTE": "0",
        "ILACS_LOG_LEVEL": "WARNING",
        **extra,
    }


@asynccontextmanager
async def running(*args: str, env: dict[str, str]) -> AsyncIterator[asyncio.subprocess.Process]:
    """``ilacs *args``, its output kept in a file that a failure shows (``output_of``)."""
    log = tempfile.NamedTemporaryFile(prefix="ilacs-process-", suffix=".log")  # noqa: SIM115
    process = await asyncio.create_subprocess_exec(ILACS, *args, env=env, stdout=log, stderr=subprocess.STDOUT)
    OUTPUT[process.pid] = Path(log.name)
    try:
        yield process
    finally:
        if process.returncode is None:
            process.send_signal(signal.SIGTERM)
            try:
                await asyncio.wait_for(process.wait(), 10)
            except TimeoutError:
                process.kill()
                await process.wait()
        OUTPUT.pop(process.pid, None)
        log.close()


OUTPUT: dict[int, Path] = {}


def output_of(process: asyncio.subprocess.Process) -> str:
    path = OUTPUT.get(process.pid)
    return path.read_text(encoding="utf-8", errors="replace")[-4000:] if path else ""


async def test_a_dispatcher_killed_mid_delivery_loses_nothing(live: Live) -> None:
    reader = await live.make_key(Role.reader)
    admin = await live.make_key(Role.admin)
    async with receiving(delay_seconds=2.0) as receiver:
        hook = await subscribe(live, reader, receiver)
        async with running("dispatch", env=env_for(live)) as first:
            response = await live.client.patch(
                f"/v1/authorities/{GATESHEAD}", json={"name": "Gateshead Council"}, headers=admin
            )
            assert response.status_code == 200
            await receiver.wait_for(lambda r: len(r.received) == 1, within=30)
            first.send_signal(signal.SIGKILL)  # while the receiver still holds the request
            await first.wait()
        receiver.delay_seconds = 0
        async with running("dispatch", env=env_for(live)):
            await receiver.wait_for(lambda r: len(r.received) == 2, within=30)
            deliveries = await settled_deliveries(live, reader, hook)
    assert receiver.types() == ["authority.updated", "authority.updated"]
    assert receiver.received[0].headers["webhook-id"] == receiver.received[1].headers["webhook-id"]
    assert [(d["status"], d["attempt"]) for d in deliveries] == [("succeeded", 1)]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


async def until_ready(port: int, process: asyncio.subprocess.Process) -> None:
    async with httpx.AsyncClient(trust_env=False) as client:
        for _ in range(300):
            if process.returncode is not None:
                break
            try:
                if (await client.get(f"http://127.0.0.1:{port}/health/ready")).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            await asyncio.sleep(0.1)
    raise AssertionError(
        f"ilacs serve on {port} never became ready (exit {process.returncode}); it said:\n{output_of(process)}"
    )


async def test_two_serve_processes_deliver_each_event_once(live: Live) -> None:
    ports = [free_port(), free_port()]
    env = env_for(live, ILACS_BOOTSTRAP_ADMIN_KEY=ADMIN_SECRET)
    headers = {"Authorization": f"Bearer {ADMIN_SECRET}"}
    changes = 20
    async with (
        receiving() as receiver,
        running("serve", "--port", str(ports[0]), env=env) as first,
        running("serve", "--port", str(ports[1]), env=env) as second,
    ):
        await asyncio.gather(until_ready(ports[0], first), until_ready(ports[1], second))
        async with httpx.AsyncClient(headers=headers) as client:
            made = await client.post(
                f"http://127.0.0.1:{ports[0]}/v1/webhooks", json={"url": receiver.url, "event_types": ["*"]}
            )
            assert made.status_code == 201, made.text
            for n in range(changes):
                port = ports[n % 2]
                response = await client.patch(
                    f"http://127.0.0.1:{port}/v1/authorities/{GATESHEAD}", json={"name": f"Gateshead {n}"}
                )
                assert response.status_code == 200
            await receiver.wait_for(lambda r: len(r.received) >= changes, within=30)
            await asyncio.sleep(1.0)  # a second dispatcher, were there one, would have sent duplicates by now
    names: list[Any] = [r.event["data"]["name"] for r in receiver.received]
    assert names == [f"Gateshead {n}" for n in range(changes)]  # once each, in order (one resource)
