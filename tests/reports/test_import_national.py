"""Reports imported into the national record: matched to the inspection an official edition or the scrape
already holds, completed with what only the report says, never duplicated, the higher sources' word kept."""

from pathlib import Path
from typing import Any

import pytest
from httpx import AsyncClient

from app.core.security import Role
from tests.conftest import Headers, MakeKey
from tests.reports.test_import_pdf import counts, upload, zero

SAMPLES = Path(__file__).parent / "samples"


@pytest.fixture
async def national_admin(national_make_key: MakeKey) -> Headers:
    return await national_make_key(Role.admin, name="national-admin")


async def inspections_of(client: AsyncClient, headers: Headers, code: str, type_: str) -> list[dict[str, Any]]:
    listed = await client.get("/v1/inspections", params={"authority_code": code, "type": type_}, headers=headers)
    items: list[dict[str, Any]] = listed.json()["items"]
    return items


async def test_short_inspection_on_record_gets_its_findings_and_provenance(
    national_client: AsyncClient, national_admin: Headers
) -> None:
    before = await inspections_of(national_client, national_admin, "E08000033", "short_inspection")
    response = await upload(national_client, national_admin, (SAMPLES / "80444_calderdale_15-05-24.pdf").read_bytes())
    assert response.status_code == 200, response.text
    [record] = response.json()["records"]
    after = await inspections_of(national_client, national_admin, "E08000033", "short_inspection")
    assert [i["id"] for i in after] == [i["id"] for i in before]
    assert record["id"] in [i["id"] for i in before]
    assert counts(response.json()) == (zero(finding=2), zero(inspection=1), zero(judgement=5))
    assert [s["kind"] for s in record["sources"]][-1] == "report_pdf"
    assert (record["fieldwork_start"], record["fieldwork_end"], record["lead_inspector"]) == (
        "2024-02-19",
        "2024-02-23",
        "Naintara Khosla",
    )


async def test_sif_report_completes_the_edition_s_record_with_fieldwork_and_findings(
    national_client: AsyncClient, national_admin: Headers
) -> None:
    before = await inspections_of(national_client, national_admin, "E06000040", "sif_inspection")
    pdf = (SAMPLES / "80546_windsor-and-maidenhead_13-05-15.pdf").read_bytes()
    response = await upload(national_client, national_admin, pdf)
    assert response.status_code == 200, response.text
    [record] = response.json()["records"]
    after = await inspections_of(national_client, national_admin, "E06000040", "sif_inspection")
    assert [i["id"] for i in after] == [i["id"] for i in before]
    assert record["id"] in [i["id"] for i in before]
    assert (record["fieldwork_start"], record["fieldwork_end"], record["published_on"]) == (
        "2015-03-03",
        "2015-03-25",
        "2015-05-13",
    )
    assert [(f["kind"], f["text"][:40]) for f in record["findings"]][:2] == [
        ("priority_action", "Ensure that children’s cases are only cl"),  # noqa: RUF001
        ("priority_action", "Undertake assessments of 16- and 17-year"),
    ]
    assert len(record["findings"]) == 16
