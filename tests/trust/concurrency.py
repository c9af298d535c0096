"""Racing requests over real connections, written once for every kind of resource.

A ``Resource`` says how to create one (``create``: the collection path and a body) and how to change it
(``change(i)``: the body of the i-th racer). The scenarios in test_concurrency.py run each of them.
"""

import asyncio
import itertools
import uuid
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Any

from httpx import AsyncClient, Response

from tests.conftest import LEICESTERSHIRE, Headers
from tests.trust.conftest import LiveApp

Body = dict[str, Any]
RACERS = 8
SUCCESS = frozenset({200, 201, 204})


@dataclass(frozen=True)
class Call:
    method: str
    path: str
    headers: Headers
    json: Body | None = None


async def race(client: AsyncClient, calls: Sequence[Call]) -> list[Response]:
    """Send every call at once (each on its own pooled connection) and return the answers in order."""
    return list(
        await asyncio.gather(*(client.request(c.method, c.path, headers=c.headers, json=c.json) for c in calls))
    )


@dataclass(frozen=True)
class Resource:
    name: str
    table: str
    create: Callable[[LiveApp], Awaitable[tuple[str, Body]]]  # -> (collection path, body of a new one)
    change: Callable[[int], Body]  # the i-th racer's change
    resource_path: Callable[[str, Body], str] = lambda collection, created: f"{collection}/{created['id']}"

    async def make(self, live: LiveApp) -> str:
        """Create one; return its path."""
        collection, body = await self.create(live)
        response = await live.client.post(collection, json=body, headers=live.admin)
        assert response.status_code == 201, response.text
        return self.resource_path(collection, response.json())


async def count_rows(live: LiveApp, table: str) -> int:
    return int(await live.scalar(f"SELECT count(*) FROM {table}"))  # noqa: S608 - table names are constants


async def audit_events(live: LiveApp, resource_type: str, resource_id: str, action: str) -> int:
    return int(
        await live.scalar(
            "SELECT count(*) FROM audit_events WHERE resource_type = :t AND resource_id = :i AND action = :a",
            t=resource_type,
            i=resource_id,
            a=action,
        )
    )


_unique = itertools.count(1)


def unique() -> int:
    return next(_unique)


async def _authority(live: LiveApp) -> tuple[str, Body]:
    code = f"E069{uuid.uuid4().int % 100_000:05d}"
    return "/v1/authorities", {"code": code, "name": f"Race authority {code}", "region": "london"}


async def _theme(live: LiveApp) -> tuple[str, Body]:
    slug = f"race-{uuid.uuid4().hex[:8]}"
    return "/v1/themes", {"slug": slug, "name": f"Race {slug}", "applies_to": ["focused_visit"]}


async def _inspection(live: LiveApp) -> tuple[str, Body]:
    return "/v1/inspections", {"authority_code": LEICESTERSHIRE, "type": "standard_inspection", "status": "planned"}


async def _plan(live: LiveApp) -> tuple[str, Body]:
    return "/v1/improvement-plans", {"authority_code": LEICESTERSHIRE, "title": f"Race plan {unique()}"}


async def _action_item(live: LiveApp) -> tuple[str, Body]:
    return "/v1/action-items", {
        "authority_code": LEICESTERSHIRE,
        "title": f"Race item {unique()}",
        "due_on": "2030-01-31",
    }


async def _self_evaluation(live: LiveApp) -> tuple[str, Body]:
    answer = "What we know, how we know it, what we plan."
    return (
        f"/v1/authorities/{LEICESTERSHIRE}/self-evaluations",
        {"year": 2030 + unique(), "quality_and_impact": answer, "evidence": answer, "plans": answer},
    )


async def _finding(live: LiveApp) -> tuple[str, Body]:
    inspection = await INSPECTION.make(live)
    return f"{inspection}/findings", {"kind": "strength", "text": f"Race finding {unique()}"}


AUTHORITY = Resource(
    "authority",
    "authorities",
    _authority,
    lambda i: {"name": f"Renamed by racer {i}"},
    lambda collection, created: f"{collection}/{created['code']}",
)
THEME = Resource(
    "theme",
    "themes",
    _theme,
    lambda i: {"name": f"Renamed by racer {i}"},
    lambda collection, created: f"{collection}/{created['slug']}",
)
INSPECTION = Resource("inspection", "inspections", _inspection, lambda i: {"lead_inspector": f"Inspector {i}"})
PLAN = Resource("improvement_plan", "improvement_plans", _plan, lambda i: {"title": f"Retitled by racer {i}"})
ACTION_ITEM = Resource("action_item", "action_items", _action_item, lambda i: {"owner": f"Owner {i}"})
SELF_EVALUATION = Resource(
    "self_evaluation", "self_evaluations", _self_evaluation, lambda i: {"plans": f"Plans of racer {i}"}
)
FINDING = Resource("finding", "findings", _finding, lambda i: {"text": f"Rewritten by racer {i}"})
RESOURCES = [AUTHORITY, THEME, INSPECTION, PLAN, ACTION_ITEM, SELF_EVALUATION, FINDING]


async def if_match_race(live: LiveApp, path: str, bodies: Sequence[Body]) -> tuple[int, list[Response]]:
    """Every racer sends If-Match with the ETag they all read; returns the index of the winner and the answers."""
    etag = (await live.client.get(path, headers=live.admin)).headers["etag"]
    headers = {**live.admin, "If-Match": etag}
    responses = await race(live.client, [Call("PATCH", path, headers, body) for body in bodies])
    statuses = [r.status_code for r in responses]
    assert sorted(statuses) == [200] + [412] * (len(bodies) - 1), statuses
    return statuses.index(200), responses


def assert_applied(resource: Body, change: Body) -> None:
    assert {k: resource[k] for k in change} == change
