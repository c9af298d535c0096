"""What an action answers (DOMAIN.md "Findings and action plans"): `source` defaults to `finding` when a finding
is named and to `local` otherwise; `finding` needs its finding; only a `finding` item names a finding."""

import uuid
from typing import Any

from httpx import AsyncClient

from app.core.database import Database
from tests.action_items.helpers import add_inspection, create_item, days
from tests.conftest import LEICESTERSHIRE, Headers

ITEMS = "/v1/action-items"


def _rules(response: Any) -> list[str]:
    names: list[str] = response.json()["rules"]
    return names


async def test_source_defaults_to_finding_when_a_finding_is_named(
    client: AsyncClient, leics: Headers, database: Database
) -> None:
    _, (finding_id,) = await add_inspection(database, LEICESTERSHIRE, findings=1)
    item = await create_item(client, leics, LEICESTERSHIRE, finding_id=str(finding_id))
    assert (item["source"], item["source_reference"]) == ("finding", None)


async def test_source_defaults_to_local_without_a_finding(client: AsyncClient, leics: Headers) -> None:
    item = await create_item(client, leics, LEICESTERSHIRE)
    assert (item["source"], item["source_reference"]) == ("local", None)


async def test_source_and_its_reference_are_kept(client: AsyncClient, leics: Headers) -> None:
    reference = "Sector-led improvement partner review, August 2025"
    item = await create_item(client, leics, LEICESTERSHIRE, source="peer_review", source_reference=reference)
    again = (await client.get(f"{ITEMS}/{item['id']}", headers=leics)).json()
    assert (again["source"], again["source_reference"]) == ("peer_review", reference)


async def test_finding_source_needs_finding(client: AsyncClient, leics: Headers) -> None:
    body = {"authority_code": LEICESTERSHIRE, "title": "x", "due_on": days(5), "source": "finding"}
    response = await client.post(ITEMS, json=body, headers=leics)
    assert response.status_code == 422
    assert _rules(response) == ["finding-source-needs-finding"]
    assert [e["field"] for e in response.json()["errors"]] == ["finding_id"]


async def test_finding_only_for_finding_source(client: AsyncClient, leics: Headers, database: Database) -> None:
    _, (finding_id,) = await add_inspection(database, LEICESTERSHIRE, findings=1)
    body = {
        "authority_code": LEICESTERSHIRE,
        "title": "x",
        "due_on": days(5),
        "finding_id": str(finding_id),
        "source": "peer_review",
    }
    response = await client.post(ITEMS, json=body, headers=leics)
    assert response.status_code == 422
    assert _rules(response) == ["finding-only-for-finding-source"]


async def test_patch_removing_the_finding_of_a_finding_item_is_refused(
    client: AsyncClient, leics: Headers, database: Database
) -> None:
    _, (finding_id,) = await add_inspection(database, LEICESTERSHIRE, findings=1)
    item = await create_item(client, leics, LEICESTERSHIRE, finding_id=str(finding_id))
    response = await client.patch(f"{ITEMS}/{item['id']}", json={"finding_id": None}, headers=leics)
    assert response.status_code == 422
    assert _rules(response) == ["finding-source-needs-finding"]


async def test_patch_may_move_a_finding_item_to_another_source(
    client: AsyncClient, leics: Headers, database: Database
) -> None:
    _, (finding_id,) = await add_inspection(database, LEICESTERSHIRE, findings=1)
    item = await create_item(client, leics, LEICESTERSHIRE, finding_id=str(finding_id))
    body = {"finding_id": None, "inspection_id": None, "source": "councillor_visit", "source_reference": "Cllr visit"}
    response = await client.patch(f"{ITEMS}/{item['id']}", json=body, headers=leics)
    assert response.status_code == 200, response.text
    changed = response.json()
    assert (changed["source"], changed["finding_id"], changed["version"]) == ("councillor_visit", None, 2)


async def test_unknown_source_is_refused(client: AsyncClient, leics: Headers) -> None:
    body = {"authority_code": LEICESTERSHIRE, "title": "x", "due_on": days(5), "source": "ofsted_letter"}
    response = await client.post(ITEMS, json=body, headers=leics)
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["source"]


async def test_the_database_checks_the_source_vocabulary(
    client: AsyncClient, leics: Headers, database: Database
) -> None:
    import sqlalchemy as sa
    from sqlalchemy.exc import IntegrityError

    item = await create_item(client, leics, LEICESTERSHIRE)
    async with database.session() as session:
        for bad in ("ofsted_letter", "finding"):  # unknown; finding without a finding
            try:
                async with session.begin_nested():
                    await session.execute(
                        sa.text("UPDATE action_items SET source = :bad WHERE id = :id"),
                        {"bad": bad, "id": uuid.UUID(item["id"])},
                    )
            except IntegrityError as error:
                assert "ck_action_items_" in str(error)
            else:
                raise AssertionError(f"source {bad} was stored")
