"""Who may write: inspectorate and admin record inspections, judgements and findings; authority keys (even for
their own authority) and readers may not (403)."""

from typing import Any

import pytest
from httpx import AsyncClient

from tests.conftest import LEICESTERSHIRE, Headers, MakeKey
from tests.inspections.helpers import caller, record

FIELDWORK = {
    "authority_code": LEICESTERSHIRE,
    "type": "standard_inspection",
    "status": "fieldwork",
    "fieldwork_start": "2026-11-02",
}
WRITERS = ["admin", "inspectorate"]
NOT_WRITERS = ["own_authority", "other_authority", "reader"]


@pytest.fixture
async def inspection(client: AsyncClient, inspectorate: Headers) -> dict[str, Any]:
    created = await record(client, inspectorate, {**FIELDWORK, "findings": [{"kind": "strength", "text": "Stable."}]})
    findings = await client.get(f"/v1/inspections/{created['id']}/findings", headers=inspectorate)
    return {**created, "finding_id": findings.json()["items"][0]["id"]}


def writes(inspection: dict[str, Any]) -> list[tuple[str, str, dict[str, Any] | None]]:
    base = f"/v1/inspections/{inspection['id']}"
    finding = f"{base}/findings/{inspection['finding_id']}"
    return [
        ("POST", "/v1/inspections", FIELDWORK),
        ("PATCH", base, {"lead_inspector": "A. N. Other"}),
        ("PUT", f"{base}/judgements/impact_of_leaders", {"grade": "good"}),
        ("DELETE", f"{base}/judgements/impact_of_leaders", None),
        ("POST", f"{base}/findings", {"kind": "strength", "text": "Good."}),
        ("PATCH", finding, {"text": "Better."}),
        ("DELETE", finding, None),
        ("DELETE", base, None),
    ]


@pytest.mark.parametrize("who", NOT_WRITERS)
async def test_only_inspectorate_and_admin_write_inspections_judgements_and_findings(
    client: AsyncClient, make_key: MakeKey, inspection: dict[str, Any], who: str
) -> None:
    headers = await caller(make_key, who)
    statuses = [
        (await client.request(method, url, json=body, headers=headers)).status_code
        for method, url, body in writes(inspection)
    ]
    assert statuses == [403] * 8


@pytest.mark.parametrize("who", WRITERS)
async def test_inspectorate_and_admin_record_inspections(client: AsyncClient, make_key: MakeKey, who: str) -> None:
    response = await client.post("/v1/inspections", json=FIELDWORK, headers=await caller(make_key, who))
    assert response.status_code == 201


@pytest.mark.parametrize("who", WRITERS)
async def test_inspectorate_and_admin_record_judgements_and_findings(
    client: AsyncClient, make_key: MakeKey, inspection: dict[str, Any], who: str
) -> None:
    headers = await caller(make_key, who)
    base = f"/v1/inspections/{inspection['id']}"
    judged = await client.put(f"{base}/judgements/impact_of_leaders", json={"grade": "good"}, headers=headers)
    found = await client.post(f"{base}/findings", json={"kind": "strength", "text": "Good."}, headers=headers)
    assert (judged.status_code, found.status_code) == (201, 201)
