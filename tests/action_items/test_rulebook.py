"""The rulebook of action plans (app/action_items/rules.py): one test per rule, each asserting the rule the
refusal names (its ``rules`` member and its message), so that a rule that stops being enforced, or is enforced
under another name, fails here. The source and due-date rules have theirs in test_sources.py and
test_rescheduling.py."""

import uuid
from typing import Any

from httpx import AsyncClient

from app.action_items.rules import Rule
from app.core.database import Database
from tests.action_items.helpers import add_inspection, create_item, create_plan, days
from tests.conftest import GATESHEAD, LEICESTERSHIRE, Headers

ITEMS = "/v1/action-items"
PLANS = "/v1/improvement-plans"


def _refused_by(response: Any, status: int, rule: Rule) -> None:
    body = response.json()
    assert (response.status_code, body["rules"]) == (status, [rule.value])
    assert f"[rule {rule.value}]" in body["detail"]


async def _post_item(client: AsyncClient, headers: Headers, **fields: object) -> Any:
    body = {"authority_code": LEICESTERSHIRE, "title": "x", "due_on": days(10), **fields}
    return await client.post(ITEMS, json=body, headers=headers)


async def test_own_authority_writes_plans(client: AsyncClient, gateshead: Headers) -> None:
    _refused_by(await _post_item(client, gateshead), 403, Rule.own_authority_writes)
    response = await client.post(PLANS, json={"authority_code": LEICESTERSHIRE, "title": "Theirs"}, headers=gateshead)
    _refused_by(response, 403, Rule.own_authority_writes)


async def test_reference_exists(client: AsyncClient, leics: Headers) -> None:
    _refused_by(await _post_item(client, leics, plan_id=str(uuid.uuid4())), 422, Rule.reference_exists)


async def test_reference_of_same_authority(client: AsyncClient, leics: Headers, gateshead: Headers) -> None:
    plan = await create_plan(client, gateshead, GATESHEAD)
    _refused_by(await _post_item(client, leics, plan_id=plan["id"]), 422, Rule.reference_same_authority)


async def test_finding_of_item_inspection(client: AsyncClient, leics: Headers, database: Database) -> None:
    inspection_id, _ = await add_inspection(database, LEICESTERSHIRE)
    _, (finding_id,) = await add_inspection(database, LEICESTERSHIRE, findings=1)
    response = await _post_item(client, leics, inspection_id=str(inspection_id), finding_id=str(finding_id))
    _refused_by(response, 422, Rule.finding_of_item_inspection)


async def test_completed_on_not_in_future(client: AsyncClient, leics: Headers) -> None:
    response = await _post_item(client, leics, status="completed", completed_on=days(1))
    _refused_by(response, 422, Rule.completed_on_not_in_future)


async def test_completed_on_only_when_completed(client: AsyncClient, leics: Headers) -> None:
    response = await _post_item(client, leics, status="in_progress", completed_on=days(-1))
    _refused_by(response, 422, Rule.completed_on_only_when_completed)


async def test_plan_dates_in_order(client: AsyncClient, leics: Headers) -> None:
    body = {
        "authority_code": LEICESTERSHIRE,
        "title": "Back to front",
        "starts_on": "2026-04-01",
        "ends_on": "2026-03-31",
    }
    _refused_by(await client.post(PLANS, json=body, headers=leics), 422, Rule.plan_dates_in_order)


async def test_plan_deletable_only_without_items(client: AsyncClient, leics: Headers) -> None:
    plan = await create_plan(client, leics, LEICESTERSHIRE)
    await create_item(client, leics, LEICESTERSHIRE, plan_id=plan["id"])
    _refused_by(await client.delete(f"{PLANS}/{plan['id']}", headers=leics), 409, Rule.plan_deletable_when_empty)


def test_every_rule_has_a_test_named_for_it() -> None:
    from pathlib import Path

    sources = "".join(p.read_text() for p in Path(__file__).parent.glob("test_*.py"))
    missing = [r.value for r in Rule if f"def test_{r.value.replace('-', '_')}(" not in sources]
    assert missing == []
