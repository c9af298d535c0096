"""The grade statistics cache: a repeated question costs no statement, yet a committed change to what is
counted shows at once in every process, and nothing is cached while the listener is down."""

import asyncio
import time
from datetime import date
from typing import Any

import sqlalchemy as sa
from fastapi import FastAPI
from httpx import AsyncClient

from app.core.security import Role
from app.stats.cache import LISTENER_NAME, GradeStatsCache
from tests.conftest import GATESHEAD, Headers
from tests.perf.conftest import Instance, committed_key, wait_until

STATS = "/v1/stats/grades?as_of=2030-01-01"
ILACS_2023_AREAS = (
    "overall_effectiveness",
    "impact_of_leaders",
    "help_and_protection",
    "children_in_care",
    "care_leavers",
)


async def _counts(instance: Instance, headers: Headers) -> dict[str, int]:
    instance.statements.reset()
    response = await instance.client.get(STATS, headers=headers)
    assert response.status_code == 200, response.text
    counts: dict[str, int] = response.json()["counts"]
    return counts


def _stats_queries(instance: Instance) -> int:
    return sum("FROM authorities" in s for s in instance.statements.statements)


async def test_repeated_question_costs_no_statement(instances: tuple[Instance, Instance]) -> None:
    first, _ = instances
    reader, _ = await committed_key(first, Role.reader)
    await _counts(first, reader)
    assert _stats_queries(first) == 1
    await _counts(first, reader)
    assert first.statements.count == 0


async def test_committed_change_is_counted_by_another_instance_at_once(instances: tuple[Instance, Instance]) -> None:
    first, second = instances
    admin, _ = await committed_key(first, Role.admin)
    reader, _ = await committed_key(second, Role.reader)
    before = await _counts(second, reader)
    assert await _counts(second, reader) == before  # cached
    assert second.statements.count == 0

    created = await first.client.post("/v1/inspections", headers=admin, json=_published_inspection())
    assert created.status_code == 201, created.text
    expected = {**before, "good": before["good"] + 1, "not_inspected": before["not_inspected"] - 1}
    start = time.perf_counter()
    counts = await _counts(second, reader)
    while counts != expected and time.perf_counter() - start < 0.5:
        await asyncio.sleep(0.001)
        counts = await _counts(second, reader)
    assert counts == expected
    assert time.perf_counter() - start < 0.5


async def test_nothing_is_cached_while_the_listener_is_down(instances: tuple[Instance, Instance]) -> None:
    first, _ = instances
    reader, _ = await committed_key(first, Role.reader)
    cache: GradeStatsCache = first.app.state.grade_stats_cache
    async with first.db.session() as session:
        await session.execute(
            sa.text(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                " WHERE application_name = :name AND datname = current_database()"
            ),
            {"name": LISTENER_NAME},
        )
    await wait_until(lambda: not cache.listening)
    await _counts(first, reader)
    await _counts(first, reader)
    assert _stats_queries(first) == 1  # read again: not trusted

    await wait_until(lambda: cache.listening)
    await _counts(first, reader)
    assert _stats_queries(first) == 1  # the cache restarts empty after a reconnection
    await _counts(first, reader)
    assert _stats_queries(first) == 0


async def test_answer_read_while_a_change_arrives_is_not_cached() -> None:
    cache = GradeStatsCache()
    cache._trust()  # as when the listener connects
    calls = 0

    async def compute_during_change() -> bytes:
        nonlocal calls
        calls += 1
        cache._on_notification()  # a change commits while the figures are read
        return b"{}"

    await cache.get("question", compute_during_change)
    await cache.get("question", compute_during_change)
    assert calls == 2


def _published_inspection() -> dict[str, Any]:
    return {
        "authority_code": GATESHEAD,
        "type": "standard_inspection",
        "status": "published",
        "fieldwork_start": date(2024, 1, 8).isoformat(),
        "fieldwork_end": date(2024, 1, 19).isoformat(),
        "published_on": date(2024, 2, 23).isoformat(),
        "judgements": [{"area": area, "grade": "good"} for area in ILACS_2023_AREAS],
    }


def _grade_count_queries(instance: Instance) -> int:
    return sum("by_authority.category" in s for s in instance.statements.statements)


async def test_committee_report_benchmarks_come_from_the_cache_the_statistics_share(
    instances: tuple[Instance, Instance],
) -> None:
    first, _ = instances
    reader, _ = await committed_key(first, Role.reader)
    report = f"/v1/authorities/{GATESHEAD}/committee-report?format=json&as_of=2030-01-01"
    first.statements.reset()
    fresh = await first.client.get(report, headers=reader)
    assert fresh.status_code == 200, fresh.text
    assert _grade_count_queries(first) == 15  # five areas, each for the region, the neighbours and England
    first.statements.reset()
    again = await first.client.get(report, headers=reader)
    assert again.json()["benchmarks"] == fresh.json()["benchmarks"]
    assert _grade_count_queries(first) == 0
    england = fresh.json()["benchmarks"][0]["england"]
    await _counts(first, reader)  # GET /v1/stats/grades?as_of=2030-01-01, asked by the report already
    assert first.statements.count == 0
    assert (await first.client.get(STATS, headers=reader)).json()["counts"] == england


async def test_a_repeated_authority_read_takes_no_statement(instances: tuple[Instance, Instance]) -> None:
    first, _ = instances
    reader, _ = await committed_key(first, Role.reader)
    path = f"/v1/authorities/{GATESHEAD}"
    first.statements.reset()
    fresh = await first.client.get(path, headers=reader)
    assert sum("FROM authorities" in s for s in first.statements.statements) == 1
    first.statements.reset()
    again = await first.client.get(path, headers=reader)
    assert first.statements.count == 0
    assert (again.content, again.headers["etag"]) == (fresh.content, fresh.headers["etag"])
    unchanged = await first.client.get(path, headers={**reader, "If-None-Match": fresh.headers["etag"]})
    assert unchanged.status_code == 304


async def test_an_authority_changed_by_another_instance_reads_changed_at_once(
    instances: tuple[Instance, Instance],
) -> None:
    first, second = instances
    admin, _ = await committed_key(first, Role.admin)
    reader, _ = await committed_key(second, Role.reader)
    path = f"/v1/authorities/{GATESHEAD}"
    before = await second.client.get(path, headers=reader)
    second.statements.reset()
    await second.client.get(path, headers=reader)
    assert second.statements.count == 0  # kept
    changed = await first.client.patch(
        path, headers={**admin, "If-Match": before.headers["etag"]}, json={"name": "Gateshead Council"}
    )
    assert changed.status_code == 200, changed.text
    start = time.perf_counter()
    after = await second.client.get(path, headers=reader)
    while after.json()["name"] != "Gateshead Council" and time.perf_counter() - start < 0.5:
        await asyncio.sleep(0.01)
        after = await second.client.get(path, headers=reader)
    assert (after.json()["name"], after.headers["etag"]) == ("Gateshead Council", changed.headers["etag"])
    assert time.perf_counter() - start < 0.5


async def test_a_write_forgets_this_processs_cached_reads_as_it_commits(
    app: FastAPI, client: AsyncClient, admin: Headers
) -> None:
    """Read-your-writes within a process does not wait for PostgreSQL's notification: here the cache trusts
    itself with no listener at all (nothing will ever arrive), yet the read after the change shows it."""
    cache: GradeStatsCache = app.state.grade_stats_cache
    cache._listening = True
    path = f"/v1/authorities/{GATESHEAD}"
    before = await client.get(path, headers=admin)
    assert (await client.get(path, headers=admin)).content == before.content
    changed = await client.patch(
        path, headers={**admin, "If-Match": before.headers["etag"]}, json={"name": "Gateshead MBC"}
    )
    assert changed.status_code == 200, changed.text
    after = await client.get(path, headers=admin)
    assert (after.json()["name"], after.headers["etag"]) == ("Gateshead MBC", changed.headers["etag"])
