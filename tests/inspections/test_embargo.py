"""The embargo on every read path, for every role: an unpublished inspection exists only for admin,
inspectorate and the inspected authority's own keys; for everyone else it is 404 or absent."""

from typing import Any

import pytest
from httpx import AsyncClient

from tests.conftest import LEICESTERSHIRE, Headers, MakeKey
from tests.inspections.helpers import ILACS_2026_AREAS, SEES_EMBARGO, caller, grades, record

ROLES = list(SEES_EMBARGO)


@pytest.fixture
async def embargoed(client: AsyncClient, inspectorate: Headers) -> dict[str, Any]:
    """Leicestershire's inspection in moderation, already judged, with one finding."""
    created = await record(
        client,
        inspectorate,
        {
            "authority_code": LEICESTERSHIRE,
            "type": "standard_inspection",
            "status": "moderation",
            "fieldwork_start": "2026-10-05",
            "fieldwork_end": "2026-10-16",
            "judgements": grades(ILACS_2026_AREAS),
            "findings": [{"kind": "priority_action", "text": "Strengthen management oversight."}],
        },
    )
    findings = await client.get(f"/v1/inspections/{created['id']}/findings", headers=inspectorate)
    return {**created, "finding_id": findings.json()["items"][0]["id"]}


def expected_status(who: str) -> int:
    return 200 if SEES_EMBARGO[who] else 404


@pytest.mark.parametrize("who", ROLES)
async def test_embargoed_inspection_by_id(
    client: AsyncClient, make_key: MakeKey, embargoed: dict[str, Any], who: str
) -> None:
    response = await client.get(f"/v1/inspections/{embargoed['id']}", headers=await caller(make_key, who))
    assert response.status_code == expected_status(who)


@pytest.mark.parametrize("who", ROLES)
async def test_embargoed_inspection_in_the_list(
    client: AsyncClient, make_key: MakeKey, embargoed: dict[str, Any], who: str
) -> None:
    response = await client.get(
        "/v1/inspections", params={"authority_code": LEICESTERSHIRE}, headers=await caller(make_key, who)
    )
    assert [i["id"] for i in response.json()["items"]] == ([embargoed["id"]] if SEES_EMBARGO[who] else [])


@pytest.mark.parametrize("who", ROLES)
async def test_embargoed_inspection_in_the_csv(
    client: AsyncClient, make_key: MakeKey, embargoed: dict[str, Any], who: str
) -> None:
    headers = {**await caller(make_key, who), "Accept": "text/csv"}
    response = await client.get("/v1/inspections", params={"authority_code": LEICESTERSHIRE}, headers=headers)
    lines = response.text.splitlines()
    assert len(lines) == (2 if SEES_EMBARGO[who] else 1)
    assert (embargoed["id"] in response.text) is SEES_EMBARGO[who]


@pytest.mark.parametrize("who", ROLES)
async def test_embargoed_inspection_on_the_timeline(
    client: AsyncClient, make_key: MakeKey, embargoed: dict[str, Any], who: str
) -> None:
    response = await client.get(f"/v1/authorities/{LEICESTERSHIRE}/timeline", headers=await caller(make_key, who))
    assert [i["id"] for i in response.json()["items"]] == ([embargoed["id"]] if SEES_EMBARGO[who] else [])


@pytest.mark.parametrize("who", ROLES)
async def test_embargoed_judgements(
    client: AsyncClient, make_key: MakeKey, embargoed: dict[str, Any], who: str
) -> None:
    headers = await caller(make_key, who)
    listed = await client.get(f"/v1/inspections/{embargoed['id']}/judgements", headers=headers)
    one = await client.get(f"/v1/inspections/{embargoed['id']}/judgements/impact_of_leaders", headers=headers)
    assert (listed.status_code, one.status_code) == (expected_status(who), expected_status(who))


@pytest.mark.parametrize("who", ROLES)
async def test_embargoed_findings(client: AsyncClient, make_key: MakeKey, embargoed: dict[str, Any], who: str) -> None:
    headers = await caller(make_key, who)
    listed = await client.get(f"/v1/inspections/{embargoed['id']}/findings", headers=headers)
    one = await client.get(f"/v1/inspections/{embargoed['id']}/findings/{embargoed['finding_id']}", headers=headers)
    assert (listed.status_code, one.status_code) == (expected_status(who), expected_status(who))


@pytest.mark.parametrize("who", ROLES)
async def test_unpublished_judgements_never_in_the_judgements_list(
    client: AsyncClient, make_key: MakeKey, embargoed: dict[str, Any], who: str
) -> None:
    headers = await caller(make_key, who)
    listed = await client.get("/v1/judgements", params={"authority_code": LEICESTERSHIRE}, headers=headers)
    as_csv = await client.get(
        "/v1/judgements", params={"authority_code": LEICESTERSHIRE}, headers={**headers, "Accept": "text/csv"}
    )
    assert (listed.json()["items"], len(as_csv.text.splitlines())) == ([], 1)


@pytest.mark.parametrize("who", ROLES)
async def test_unpublished_inspection_is_never_the_latest_graded(
    client: AsyncClient, make_key: MakeKey, embargoed: dict[str, Any], who: str
) -> None:
    response = await client.get(f"/v1/authorities/{LEICESTERSHIRE}", headers=await caller(make_key, who))
    assert response.json()["latest_graded"] is None


@pytest.mark.parametrize("who", ROLES)
async def test_embargo_lifts_on_publication(
    client: AsyncClient, inspectorate: Headers, make_key: MakeKey, embargoed: dict[str, Any], who: str
) -> None:
    published = await client.patch(
        f"/v1/inspections/{embargoed['id']}",
        headers=inspectorate,
        json={"status": "published", "published_on": "2026-11-20"},
    )
    assert published.status_code == 200
    response = await client.get(f"/v1/inspections/{embargoed['id']}", headers=await caller(make_key, who))
    assert response.status_code == 200
