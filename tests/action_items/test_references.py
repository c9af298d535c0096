"""An item's plan, inspection and finding belong to its authority (and the finding to its inspection): 422
naming the field otherwise; inspections under embargo are unknown to those who may not see them."""

import uuid

from httpx import AsyncClient

from app.core.database import Database
from tests.action_items.helpers import add_inspection, create_item, create_plan, days
from tests.conftest import GATESHEAD, LEICESTERSHIRE, Headers


def _fields(response_json: dict[str, object]) -> list[object]:
    return [e["field"] for e in response_json["errors"]]  # type: ignore[attr-defined]


async def _post(client: AsyncClient, headers: Headers, **fields: object) -> tuple[int, dict[str, object]]:
    body = {"authority_code": LEICESTERSHIRE, "title": "x", "due_on": days(10), **fields}
    response = await client.post("/v1/action-items", json=body, headers=headers)
    return response.status_code, response.json()


async def test_plan_of_another_authority_is_refused(client: AsyncClient, leics: Headers, gateshead: Headers) -> None:
    plan = await create_plan(client, gateshead, GATESHEAD)
    status, body = await _post(client, leics, plan_id=plan["id"])
    assert status == 422
    assert _fields(body) == ["plan_id"]


async def test_unknown_plan_is_refused(client: AsyncClient, leics: Headers) -> None:
    status, body = await _post(client, leics, plan_id=str(uuid.uuid4()))
    assert (status, _fields(body)) == (422, ["plan_id"])


async def test_inspection_of_another_authority_is_refused(
    client: AsyncClient, leics: Headers, database: Database
) -> None:
    inspection_id, _ = await add_inspection(database, GATESHEAD)
    status, body = await _post(client, leics, inspection_id=str(inspection_id))
    assert (status, _fields(body)) == (422, ["inspection_id"])


async def test_finding_of_another_authority_is_refused(client: AsyncClient, leics: Headers, database: Database) -> None:
    _, (finding_id,) = await add_inspection(database, GATESHEAD, findings=1)
    status, body = await _post(client, leics, finding_id=str(finding_id))
    assert (status, _fields(body)) == (422, ["finding_id"])


async def test_finding_of_another_inspection_is_refused(
    client: AsyncClient, leics: Headers, database: Database
) -> None:
    inspection_id, _ = await add_inspection(database, LEICESTERSHIRE)
    _, (finding_id,) = await add_inspection(database, LEICESTERSHIRE, findings=1)
    status, body = await _post(client, leics, inspection_id=str(inspection_id), finding_id=str(finding_id))
    assert (status, _fields(body)) == (422, ["finding_id"])


async def test_finding_without_inspection_takes_the_findings_inspection(
    client: AsyncClient, leics: Headers, database: Database
) -> None:
    inspection_id, (finding_id,) = await add_inspection(database, LEICESTERSHIRE, findings=1)
    item = await create_item(client, leics, LEICESTERSHIRE, finding_id=str(finding_id))
    assert (item["inspection_id"], item["finding_id"]) == (str(inspection_id), str(finding_id))


async def test_every_wrong_reference_is_named(
    client: AsyncClient, leics: Headers, gateshead: Headers, database: Database
) -> None:
    plan = await create_plan(client, gateshead, GATESHEAD)
    inspection_id, _ = await add_inspection(database, GATESHEAD)
    status, body = await _post(client, leics, plan_id=plan["id"], inspection_id=str(inspection_id))
    assert (status, _fields(body)) == (422, ["plan_id", "inspection_id"])


async def test_patch_checks_references_too(client: AsyncClient, leics: Headers, gateshead: Headers) -> None:
    item = await create_item(client, leics, LEICESTERSHIRE)
    plan = await create_plan(client, gateshead, GATESHEAD)
    response = await client.patch(f"/v1/action-items/{item['id']}", json={"plan_id": plan["id"]}, headers=leics)
    assert (response.status_code, _fields(response.json())) == (422, ["plan_id"])


async def test_removing_the_inspection_of_an_item_with_a_finding_is_refused(
    client: AsyncClient, leics: Headers, database: Database
) -> None:
    _, (finding_id,) = await add_inspection(database, LEICESTERSHIRE, findings=1)
    item = await create_item(client, leics, LEICESTERSHIRE, finding_id=str(finding_id))
    response = await client.patch(f"/v1/action-items/{item['id']}", json={"inspection_id": None}, headers=leics)
    assert (response.status_code, _fields(response.json())) == (422, ["finding_id"])


async def test_embargoed_inspection_of_another_authority_is_unknown(
    client: AsyncClient, leics: Headers, database: Database
) -> None:
    inspection_id, _ = await add_inspection(database, GATESHEAD, status="moderation")
    status, body = await _post(client, leics, inspection_id=str(inspection_id))
    assert status == 422
    assert body["errors"] == [
        {"field": "inspection_id", "message": f"no inspection with id {inspection_id} [rule reference-exists]"}
    ]


async def test_own_embargoed_inspection_may_be_answered(
    client: AsyncClient, leics: Headers, database: Database
) -> None:
    inspection_id, (finding_id,) = await add_inspection(database, LEICESTERSHIRE, status="moderation", findings=1)
    item = await create_item(client, leics, LEICESTERSHIRE, finding_id=str(finding_id))
    assert item["inspection_id"] == str(inspection_id)


async def test_others_do_not_see_a_reference_to_an_embargoed_inspection(
    client: AsyncClient, leics: Headers, reader: Headers, gateshead: Headers, inspectorate: Headers, database: Database
) -> None:
    inspection_id, (finding_id,) = await add_inspection(database, LEICESTERSHIRE, status="moderation", findings=1)
    item = await create_item(client, leics, LEICESTERSHIRE, finding_id=str(finding_id))
    url = f"/v1/action-items/{item['id']}"
    for headers in (reader, gateshead):
        body = (await client.get(url, headers=headers)).json()
        assert (body["inspection_id"], body["finding_id"]) == (None, None)
        listed = await client.get("/v1/action-items", params={"inspection_id": str(inspection_id)}, headers=headers)
        assert listed.json()["items"] == []
    body = (await client.get(url, headers=inspectorate)).json()
    assert (body["inspection_id"], body["finding_id"]) == (str(inspection_id), str(finding_id))
    listed = await client.get("/v1/action-items", params={"inspection_id": str(inspection_id)}, headers=leics)
    assert [i["id"] for i in listed.json()["items"]] == [item["id"]]
