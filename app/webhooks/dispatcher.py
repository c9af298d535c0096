"""The dispatcher: one per database, however many workers and replicas run.

Every ``ilacs serve`` worker (unless ``ILACS_DISPATCHER=false``) and ``ilacs dispatch`` run ``Dispatcher.run``;
each holds a connection of its own and tries a session-level advisory lock on it. The one that gets it
dispatches; the others try again every few seconds, so when it dies (or its database connection does, as in a
database restart) another takes over within seconds. The dispatcher LISTENs on ``ilacs_events`` (sent by a
trigger as each event or queued delivery commits) and sleeps until a notification, the next retry falls due,
or the hourly housekeeping (``action_item.overdue``, purging old events); it never polls on a fixed beat.

At least once: a delivery is marked only after its attempt, so a dispatcher killed mid-delivery leaves it
pending and the next one sends it again (receivers de-duplicate by ``webhook-id``). In order per resource: of
one subscription's deliveries of one resource, only the oldest unfinished one is ever attempted.
"""

import asyncio
import logging
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import TypeVar

import asyncpg
import httpx
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.config import Settings
from app.core.database import Database
from app.core.listening import listener_dsn
from app.core.waiting import wait_until_set
from app.models import Webhook, WebhookDelivery
from app.webhooks import delivery, fanout

T = TypeVar("T")
log = logging.getLogger("ilacs.dispatcher")
CHANNEL = "ilacs_events"
LOCK_KEY = 0x1_1AC5_0016  # pg_advisory_lock key of the dispatcher
LOCK_RETRY_SECONDS = 3.0
HOUSEKEEPING_SECONDS = 600.0  # overdue items are raised within the hour, as API.md asks
CONCURRENCY = 10
BATCH = 100


class Dispatcher:
    def __init__(self, db: Database, settings: Settings) -> None:
        self.db = db
        self.settings = settings
        self._wake = asyncio.Event()
        self._last_housekeeping = 0.0
        self.leading = False

    async def run(self) -> None:
        """Forever: hold the lock and dispatch, or wait to take over; reconnect after any failure."""
        delay = 0.5
        while True:
            try:
                await self._hold_and_dispatch()
                delay = 0.5
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # the database went away, or anything unexpected: start again
                log.warning("dispatcher stopped (%s: %s); starting again", type(exc).__name__, exc)
            self.leading = False
            await asyncio.sleep(delay)
            delay = min(delay * 2, 10.0)

    async def _hold_and_dispatch(self) -> None:
        conn: asyncpg.Connection = await asyncpg.connect(
            listener_dsn(self.db), timeout=5, server_settings={"application_name": "ilacs-dispatcher"}
        )
        lost = asyncio.Event()
        conn.add_termination_listener(lambda _: lost.set())
        try:
            while not await conn.fetchval("SELECT pg_try_advisory_lock($1)", LOCK_KEY):
                await asyncio.sleep(LOCK_RETRY_SECONDS)
                await conn.execute("SELECT 1")  # a lost connection shows here
            self.leading = True
            await conn.add_listener(CHANNEL, lambda *_: self._wake.set())
            log.info("dispatcher leading")
            async with httpx.AsyncClient(follow_redirects=False, trust_env=False) as client:
                while not lost.is_set():
                    self._wake.clear()
                    wait = await self._work(client)
                    await wait_until_set(self._wake, wait)
                    await conn.execute("SELECT 1", timeout=5)  # the lock lives with this connection
        finally:
            if not conn.is_closed():
                conn.terminate()

    async def _work(self, client: httpx.AsyncClient) -> float:
        """Fan out, deliver what is due, keep house; the seconds until there may be work again."""
        loop = asyncio.get_running_loop()
        if loop.time() - self._last_housekeeping >= HOUSEKEEPING_SECONDS:
            await self.housekeeping()
            self._last_housekeeping = loop.time()
        while await self._in_transaction(fanout.fan_out) == fanout.BATCH:
            pass
        while await self.deliver_due(client) == BATCH:
            pass
        return await self._seconds_to_next_due()

    async def _in_transaction(self, step: Callable[[AsyncSession], Awaitable[T]]) -> T:
        async with self.db.session() as session:
            result = await step(session)
            await session.commit()
            return result

    async def housekeeping(self) -> None:
        today = datetime.now(UTC).date()
        async with self.db.session() as session:
            raised = await fanout.raise_overdue(session, today)
            purged = await fanout.purge(session, self.settings.event_retention_days)
            await session.commit()
        if raised or purged:
            log.info("housekeeping: %d overdue raised, %d events purged", raised, purged)

    async def deliver_due(self, client: httpx.AsyncClient) -> int:
        """Attempt every due delivery that is the oldest unfinished one of its resource for its subscription."""
        unfinished = WebhookDelivery.status.in_(("pending", "retrying"))
        earlier = sa.orm.aliased(WebhookDelivery)
        blocked = sa.exists().where(
            earlier.webhook_id == WebhookDelivery.webhook_id,
            earlier.resource_key == WebhookDelivery.resource_key,
            earlier.seq < WebhookDelivery.seq,
            earlier.status.in_(("pending", "retrying")),
        )
        async with self.db.session() as session:
            due = (
                await session.scalars(
                    sa.select(WebhookDelivery.id)
                    .join(Webhook, Webhook.id == WebhookDelivery.webhook_id)
                    .where(unfinished, WebhookDelivery.next_attempt_at <= sa.func.now(), Webhook.active, ~blocked)
                    .order_by(WebhookDelivery.seq)
                    .limit(BATCH)
                )
            ).all()
        limit = asyncio.Semaphore(CONCURRENCY)

        async def one(delivery_id: object) -> None:
            async with limit:
                await delivery.attempt(self.db, client, self.settings, delivery_id)

        await asyncio.gather(*(one(d) for d in due))
        return len(due)

    async def _seconds_to_next_due(self) -> float:
        async with self.db.session() as session:
            next_at = await session.scalar(
                sa.select(sa.func.min(WebhookDelivery.next_attempt_at))
                .join(Webhook, Webhook.id == WebhookDelivery.webhook_id)
                .where(WebhookDelivery.status.in_(("pending", "retrying")), Webhook.active)
            )
        housekeeping = HOUSEKEEPING_SECONDS - (asyncio.get_running_loop().time() - self._last_housekeeping)
        if next_at is None:
            return max(housekeeping, 0.05)
        return max(min((next_at - datetime.now(UTC)).total_seconds(), housekeeping), 0.05)
