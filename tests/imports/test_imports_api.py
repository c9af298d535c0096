"""``POST /v1/imports`` (admin): the kind by Content-Type, dry runs, what is refused, precedence against a
person's entry."""

from typing import Any

import sqlalchemy as sa
from httpx import AsyncClient

from app.core.database import Database
from app.models import AuditEvent, Inspection, InspectionSource
from tests.conftest import LEICESTERSHIRE, Headers
from tests.trust.matrix_support import SCRAPE_SAMPLE

ODS = "application/vnd.oasis.opendocument.spreadsheet"


async def post(client: AsyncClient, headers: Headers, content: bytes, content_type: str, **params: str) -> Any:
    return await client.post(
        "/v1/imports", content=content, params=params, headers={**headers, "Content-Type": content_type}
    )


async def counts(database: Database) -> tuple[int, int, int]:
    async with database.session() as session:
        return (
            await session.scalar(sa.select(sa.func.count()).select_from(Inspection)) or 0,
            await session.scalar(sa.select(sa.func.count()).select_from(InspectionSource)) or 0,
            await session.scalar(sa.select(sa.func.count()).select_from(AuditEvent)) or 0,
        )


async def test_scrape_report_is_recorded_with_its_source(client: AsyncClient, admin: Headers) -> None:
    response = await post(client, admin, SCRAPE_SAMPLE, "text/csv")
    assert response.status_code == 200, response.text
    assert response.json() == {
        "kind": "report_scrape",
        "reference": "ofsted-ilacs-scrape-tool history to 2024-07-12",
        "dry_run": False,
        "added": {"authority": 0, "inspection": 1, "judgement": 5, "finding": 0},
        "updated": {"authority": 0, "inspection": 0, "judgement": 0, "finding": 0},
        "unchanged": {"authority": 0, "inspection": 0, "judgement": 0, "finding": 0},
        "skipped": [],
        "records": [],
    }
    [item] = (await client.get("/v1/inspections", params={"authority_code": LEICESTERSHIRE}, headers=admin)).json()[
        "items"
    ]
    assert (item["type"], item["framework"], item["fieldwork_end"], item["lead_inspector"], item["published_by"]) == (
        "standard_inspection",
        "ilacs_2023",
        "2024-05-03",
        "Jo Bloggs",
        None,
    )
    assert [(s["kind"], s["reference"]) for s in item["sources"]] == [
        ("report_scrape", "ofsted-ilacs-scrape-tool history to 2024-07-12")
    ]


async def test_the_same_file_twice_changes_nothing(client: AsyncClient, admin: Headers, database: Database) -> None:
    await post(client, admin, SCRAPE_SAMPLE, "text/csv")
    before = await counts(database)
    again = await post(client, admin, SCRAPE_SAMPLE, "text/csv")
    assert (again.json()["added"]["inspection"], again.json()["unchanged"]) == (
        0,
        {"authority": 0, "inspection": 1, "judgement": 5, "finding": 0},
    )
    assert await counts(database) == before


async def test_dry_run_answers_the_summary_and_stores_nothing(
    client: AsyncClient, admin: Headers, database: Database
) -> None:
    before = await counts(database)
    response = await post(client, admin, SCRAPE_SAMPLE, "text/csv", dry_run="true")
    assert (response.json()["dry_run"], response.json()["added"]["inspection"]) == (True, 1)
    assert await counts(database) == before


async def test_a_persons_entry_outranks_the_scrape(client: AsyncClient, admin: Headers) -> None:
    entered = await client.post(
        "/v1/inspections",
        headers=admin,
        json={
            "authority_code": LEICESTERSHIRE,
            "type": "standard_inspection",
            "status": "fieldwork",
            "fieldwork_start": "2024-04-23",
            "lead_inspector": "A. Person",
        },
    )
    response = await post(client, admin, SCRAPE_SAMPLE, "text/csv")
    assert response.json()["updated"]["inspection"] == 1
    after = (await client.get(f"/v1/inspections/{entered.json()['id']}", headers=admin)).json()
    assert {
        k: after[k] for k in ("status", "fieldwork_start", "fieldwork_end", "lead_inspector", "published_on", "version")
    } == {
        "status": "published",
        "fieldwork_start": "2024-04-23",
        "fieldwork_end": "2024-05-03",
        "lead_inspector": "A. Person",
        "published_on": "2024-07-12",
        "version": 2,
    }
    assert [s["kind"] for s in after["sources"]] == ["entered", "report_scrape"]


async def test_every_overwrite_is_an_audited_update(client: AsyncClient, admin: Headers) -> None:
    entered = await client.post(
        "/v1/inspections",
        headers=admin,
        json={
            "authority_code": LEICESTERSHIRE,
            "type": "standard_inspection",
            "status": "fieldwork",
            "fieldwork_start": "2024-04-22",
        },
    )
    await post(client, admin, SCRAPE_SAMPLE, "text/csv")
    events = await client.get(
        "/v1/audit-events", params={"resource_id": entered.json()["id"], "action": "update"}, headers=admin
    )
    [event] = [e for e in events.json()["items"] if e["action"] == "update"]
    assert {k: event["changes"][k] for k in ("status", "published_on", "fieldwork_end")} == {
        "status": ["fieldwork", "published"],
        "published_on": [None, "2024-07-12"],
        "fieldwork_end": [None, "2024-05-03"],
    }


async def test_csv_with_another_header_is_unrecognised(client: AsyncClient, admin: Headers, database: Database) -> None:
    before = await counts(database)
    response = await post(client, admin, b"code,name\nE08000037,Gateshead\n", "text/csv")
    assert (response.status_code, response.json()["type"]) == (422, "/problems/unrecognised-file")
    assert "no column urn, local_authority" in response.json()["detail"]
    assert await counts(database) == before


async def test_text_sent_as_a_spreadsheet_is_unrecognised(client: AsyncClient, admin: Headers) -> None:
    response = await post(client, admin, b"not a spreadsheet", ODS)
    assert (response.status_code, response.json()["type"]) == (422, "/problems/unrecognised-file")
    assert response.json()["detail"].startswith("Not an edition of Ofsted's official statistics")


async def test_other_content_type_is_415(client: AsyncClient, admin: Headers) -> None:
    response = await post(client, admin, b"{}", "application/json")
    assert (response.status_code, response.json()["type"]) == (415, "/problems/unsupported-media-type")


async def test_body_over_32_mib_is_413(client: AsyncClient, admin: Headers) -> None:
    response = await post(client, admin, b"x" * (32 * 1024 * 1024 + 1), "text/csv")
    assert (response.status_code, response.json()["detail"]) == (413, "Request bodies here are limited to 32 MiB.")


async def test_body_over_1_mib_is_taken_here(client: AsyncClient, admin: Headers) -> None:
    padding = b"".join(SCRAPE_SAMPLE.splitlines(keepends=True)[1:] * 9000)
    response = await post(client, admin, SCRAPE_SAMPLE + padding, "text/csv", dry_run="true")
    assert (response.status_code, len(SCRAPE_SAMPLE + padding) > 1024 * 1024) == (200, True)
