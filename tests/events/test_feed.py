"""The event feed (API.md "Events and webhooks"): every audited change is an event in its transaction, carrying
the resource as its GET returns it; each caller sees only what it may read; the cursor is for polling."""

from typing import Any

import sqlalchemy as sa
from httpx import AsyncClient
from sqlalchemy.ext.asyncio import AsyncConnection

from tests.conftest import GATESHEAD, LEICESTERSHIRE, Headers
from tests.inspections.helpers import ILACS_2023_AREAS, ILACS_2026_AREAS, embargoed, grades, published, record
from tests.trust.matrix_support import SCRAPE_SAMPLE

FEED = "/v1/events"
SELF_EVALUATION = {"year": 2025, "quality_and_impact": "Q.", "evidence": "E.", "plans": "P."}


async def feed(client: AsyncClient, headers: Headers, **params: Any) -> dict[str, Any]:
    response = await client.get(FEED, params=params, headers=headers)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def types_of(body: dict[str, Any], resource_id: str | None = None) -> list[str]:
    return [e["type"] for e in body["items"] if resource_id is None or e["resource_id"] == resource_id]


async def test_a_published_inspection_is_created_and_published_carrying_its_get(
    client: AsyncClient, inspectorate: Headers, admin: Headers
) -> None:
    created = await record(client, inspectorate, published())
    body = await feed(client, admin, resource_type="inspection")
    assert types_of(body) == ["inspection.created", "inspection.published"]
    shown = (await client.get(f"/v1/inspections/{created['id']}", headers=admin)).json()
    event = body["items"][0]
    assert event["data"] == shown
    assert event["resource_id"] == created["id"]
    assert event["authority_code"] == LEICESTERSHIRE
    judgement_events = await feed(client, admin, type="judgement.created")
    assert len(judgement_events["items"]) == len(ILACS_2023_AREAS)


async def test_a_refused_request_writes_no_event(client: AsyncClient, inspectorate: Headers, admin: Headers) -> None:
    response = await client.post("/v1/inspections", json={**published(), "type": "nonsense"}, headers=inspectorate)
    assert response.status_code == 422
    assert (await feed(client, admin))["items"] == []


async def test_a_reader_sees_an_embargoed_inspection_only_from_its_publication(
    client: AsyncClient, inspectorate: Headers, reader: Headers, leics: Headers, gateshead: Headers
) -> None:
    created = await record(
        client,
        inspectorate,
        embargoed(status="moderation", fieldwork_end="2026-11-13", judgements=grades(ILACS_2026_AREAS)),
    )
    inspection_id = created["id"]
    assert (await feed(client, reader))["items"] == []
    assert (await feed(client, gateshead))["items"] == []
    assert types_of(await feed(client, leics), inspection_id) == ["inspection.created"]
    response = await client.patch(
        f"/v1/inspections/{inspection_id}",
        json={"status": "published", "published_on": "2026-12-01"},
        headers=inspectorate,
    )
    assert response.status_code == 200, response.text
    seen = await feed(client, reader)
    assert types_of(seen) == ["inspection.updated", "inspection.published"]
    assert seen["items"][0]["data"]["status"] == "published"
    assert types_of(await feed(client, leics), inspection_id) == [
        "inspection.created",
        "inspection.updated",
        "inspection.published",
    ]


async def test_another_authority_never_sees_self_evaluations(
    client: AsyncClient, leics: Headers, gateshead: Headers, reader: Headers, inspectorate: Headers
) -> None:
    url = f"/v1/authorities/{LEICESTERSHIRE}/self-evaluations"
    made = await client.post(url, json=SELF_EVALUATION, headers=leics)
    assert made.status_code == 201
    assert (await feed(client, gateshead))["items"] == []
    assert (await feed(client, reader))["items"] == []
    assert types_of(await feed(client, leics)) == ["self_evaluation.created"]
    assert types_of(await feed(client, inspectorate)) == ["self_evaluation.created"]
    assert (await feed(client, leics))["items"][0]["data"] == made.json()


async def test_the_cursor_is_never_null_and_polls_for_what_is_new(
    client: AsyncClient, admin: Headers, reader: Headers
) -> None:
    empty = await feed(client, reader)
    assert empty["items"] == [] and empty["next_cursor"] is not None
    again = await feed(client, reader, cursor=empty["next_cursor"])
    assert again["next_cursor"] == empty["next_cursor"]
    response = await client.patch(f"/v1/authorities/{GATESHEAD}", json={"name": "Gateshead Council"}, headers=admin)
    assert response.status_code == 200
    new = await feed(client, reader, cursor=empty["next_cursor"])
    assert types_of(new) == ["authority.updated"]
    assert new["items"][0]["data"] == response.json()
    assert (await feed(client, reader, cursor=new["next_cursor"]))["items"] == []


async def test_a_cursor_from_before_the_purged_events_is_gone(
    client: AsyncClient, admin: Headers, connection: AsyncConnection
) -> None:
    first = await feed(client, admin)
    await connection.execute(sa.text("INSERT INTO dispatch_position VALUES ('purged', 1)"))
    response = await client.get(FEED, params={"cursor": first["next_cursor"]}, headers=admin)
    assert response.status_code == 410
    assert response.json()["type"] == "/problems/cursor-expired"


async def test_an_unknown_type_is_refused(client: AsyncClient, admin: Headers) -> None:
    response = await client.get(FEED, params={"type": "inspection.exploded"}, headers=admin)
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "type"


async def test_an_import_is_in_the_feed_as_its_records_read(client: AsyncClient, admin: Headers) -> None:
    response = await client.post("/v1/imports", content=SCRAPE_SAMPLE, headers={**admin, "Content-Type": "text/csv"})
    assert response.status_code == 200, response.text
    body = await feed(client, admin, resource_type="inspection")
    assert types_of(body) == ["inspection.created", "inspection.published"]
    shown = (await client.get(f"/v1/inspections/{body['items'][0]['resource_id']}", headers=admin)).json()
    assert body["items"][0]["data"] == shown
    assert len((await feed(client, admin, type="judgement.created"))["items"]) == 5
