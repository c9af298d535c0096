"""``POST /v1/imports`` with a report PDF: recorded as a published inspection with ``report_pdf`` provenance
and its findings, or on a dry run answered for a person to check; matched to what is on record, never
duplicated; twice changes nothing; refused cleanly when it is not a report."""

# ruff: noqa: RUF001 (the reports print typographic quotes; the findings keep them)

import asyncio
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from httpx import AsyncClient, Response

from app.models import AuditEvent, Finding, Inspection
from tests.conftest import Headers
from tests.reports import hostile
from tests.reports.make_pdf import IlacsReport

SAMPLES = Path(__file__).parent / "samples"
CALDERDALE = "E08000033"
CALDERDALE_PDF = (SAMPLES / "80444_calderdale_15-05-24.pdf").read_bytes()
CALDERDALE_URL = "https://files.ofsted.gov.uk/v1/file/50246982"
CALDERDALE_FINDINGS = [
    ("area_for_improvement", "The response to 16- and 17-year-olds who present as homeless."),
    (
        "area_for_improvement",
        "The quality and impact of personal education plans to progress children’s educational attainment.",
    ),
]
GOOD_2023 = {a: "good" for a in ("overall_effectiveness", "impact_of_leaders", "help_and_protection")} | {
    "children_in_care": "good",
    "care_leavers": "good",
}


async def upload(client: AsyncClient, headers: Headers, pdf: bytes, **params: str) -> Response:
    return await client.post(
        "/v1/imports", content=pdf, params=params, headers={**headers, "Content-Type": "application/pdf"}
    )


def counts(body: dict[str, Any]) -> tuple[dict[str, int], dict[str, int], dict[str, int]]:
    return body["added"], body["updated"], body["unchanged"]


def zero(**counts: int) -> dict[str, int]:
    return {"authority": 0, "inspection": 0, "judgement": 0, "finding": 0} | counts


async def test_report_is_recorded_as_a_published_inspection_with_its_findings(
    client: AsyncClient, admin: Headers
) -> None:
    response = await upload(client, admin, CALDERDALE_PDF, published_on="2024-05-15", report_url=CALDERDALE_URL)
    assert response.status_code == 200, response.text
    body = response.json()
    assert (body["kind"], body["dry_run"], body["skipped"]) == ("report_pdf", False, [])
    assert counts(body) == (zero(inspection=1, judgement=5, finding=2), zero(), zero())
    [record] = body["records"]
    got = (await client.get(f"/v1/inspections/{record['id']}", headers=admin)).json()
    assert {k: v for k, v in record.items() if k != "findings"} == got
    assert {k: got[k] for k in ("authority_code", "type", "framework", "status")} == {
        "authority_code": CALDERDALE,
        "type": "short_inspection",
        "framework": "ilacs_2023",
        "status": "published",
    }
    assert (got["fieldwork_start"], got["fieldwork_end"], got["published_on"]) == (
        "2024-02-19",
        "2024-02-23",
        "2024-05-15",
    )
    assert (got["lead_inspector"], got["report_url"]) == ("Naintara Khosla", CALDERDALE_URL)
    assert {j["area"]: j["grade"] for j in got["judgements"]} == GOOD_2023
    assert [(s["kind"], s["reference"]) for s in got["sources"]] == [("report_pdf", CALDERDALE_URL)]
    listed = (await client.get(f"/v1/inspections/{record['id']}/findings", headers=admin)).json()["items"]
    assert [(f["kind"], f["text"], f["area"]) for f in listed] == [(k, t, None) for k, t in CALDERDALE_FINDINGS]
    assert record["findings"] == listed


async def test_importing_the_same_report_twice_changes_nothing(client: AsyncClient, admin: Headers) -> None:
    first = await upload(client, admin, CALDERDALE_PDF, published_on="2024-05-15")
    audited = (await client.get("/v1/audit-events", params={"limit": 200}, headers=admin)).json()["items"]
    again = await upload(client, admin, CALDERDALE_PDF, published_on="2024-05-15")
    assert again.status_code == 200, again.text
    assert counts(again.json()) == (zero(), zero(), zero(inspection=1, judgement=5, finding=2))
    assert again.json()["skipped"] == []
    assert again.json()["records"] == first.json()["records"]
    assert (await client.get("/v1/audit-events", params={"limit": 200}, headers=admin)).json()["items"] == audited


async def test_dry_run_answers_the_extracted_record_and_stores_nothing(client: AsyncClient, admin: Headers) -> None:
    response = await upload(client, admin, CALDERDALE_PDF, published_on="2024-05-15", dry_run="true")
    assert response.status_code == 200, response.text
    body = response.json()
    assert counts(body) == (zero(inspection=1, judgement=5, finding=2), zero(), zero())
    [record] = body["records"]
    assert "id" not in record and "version" not in record
    assert record["findings"] == [{"kind": k, "text": t, "area": None} for k, t in CALDERDALE_FINDINGS]
    assert (record["type"], record["fieldwork_start"], record["lead_inspector"]) == (
        "short_inspection",
        "2024-02-19",
        "Naintara Khosla",
    )
    listed = await client.get("/v1/inspections", params={"authority_code": CALDERDALE}, headers=admin)
    assert listed.json()["items"] == []


async def test_a_new_record_needs_its_publication_date(client: AsyncClient, admin: Headers) -> None:
    response = await upload(client, admin, CALDERDALE_PDF)
    assert response.status_code == 422
    assert response.json()["errors"] == [
        {"field": "published_on", "message": "published_on is needed: this report's inspection is not on record yet"}
    ]


async def test_an_inspection_on_record_is_completed_never_duplicated(client: AsyncClient, admin: Headers) -> None:
    entered = await client.post(
        "/v1/inspections",
        json={
            "authority_code": CALDERDALE,
            "type": "short_inspection",
            "status": "published",
            "fieldwork_start": "2024-02-20",  # a day off the report's: the same activity
            "published_on": "2024-05-15",
            "lead_inspector": "N. Khosla",
            "judgements": [{"area": a, "grade": g} for a, g in GOOD_2023.items()],
        },
        headers=admin,
    )
    assert entered.status_code == 201, entered.text
    response = await upload(client, admin, CALDERDALE_PDF, report_url=CALDERDALE_URL)
    assert response.status_code == 200, response.text
    assert counts(response.json()) == (zero(finding=2), zero(inspection=1), zero(judgement=5))
    [record] = response.json()["records"]
    assert record["id"] == entered.json()["id"]
    # The person's entry outranks the report: it keeps its dates and name; the report fills what was unknown.
    assert (record["fieldwork_start"], record["fieldwork_end"], record["lead_inspector"], record["report_url"]) == (
        "2024-02-20",
        "2024-02-23",
        "N. Khosla",
        CALDERDALE_URL,
    )
    assert sorted(s["kind"] for s in record["sources"]) == ["entered", "report_pdf"]
    listed = await client.get("/v1/inspections", params={"authority_code": CALDERDALE}, headers=admin)
    assert [i["id"] for i in listed.json()["items"]] == [record["id"]]


async def test_findings_on_record_stand(client: AsyncClient, admin: Headers) -> None:
    first = await upload(client, admin, CALDERDALE_PDF, published_on="2024-05-15")
    [record] = first.json()["records"]
    again = await upload(client, admin, CALDERDALE_PDF, published_on="2024-05-15", report_url=CALDERDALE_URL)
    assert again.status_code == 200, again.text
    assert counts(again.json())[0] == zero()
    assert [f["id"] for f in again.json()["records"][0]["findings"]] == [f["id"] for f in record["findings"]]


async def test_the_title_s_authority_or_authority_code_where_it_is_ambiguous(
    client: AsyncClient, admin: Headers
) -> None:
    table = [
        ("The impact of leaders on social work practice with children and families", "Good"),
        ("The experiences and progress of children who need help and protection", "Good"),
        ("The experiences and progress of children in care", "Good"),
        ("The experiences and progress of care leavers", "Good"),
        ("Overall effectiveness", "Good"),
    ]
    pdf = IlacsReport(authority="Newtown", dates="3 to 7 March 2025", table=table, improve=["One point."]).pdf()
    unnamed = await upload(client, admin, pdf, published_on="2025-04-30")
    assert unnamed.status_code == 422
    assert unnamed.json()["errors"] == [
        {
            "field": "authority_code",
            "message": "the report's title names 'Newtown', which matches no authority on the register: give authority_code",
        }
    ]
    named = await upload(client, admin, pdf, published_on="2025-04-30", authority_code=CALDERDALE)
    assert named.status_code == 200, named.text
    assert named.json()["records"][0]["authority_code"] == CALDERDALE


async def test_an_authority_code_contradicting_the_title_is_refused(client: AsyncClient, admin: Headers) -> None:
    response = await upload(client, admin, CALDERDALE_PDF, published_on="2024-05-15", authority_code="E08000037")
    assert response.status_code == 422
    assert response.json()["errors"] == [
        {"field": "authority_code", "message": "the report's title names 'Calderdale' (E08000033), not E08000037"}
    ]


async def test_a_file_that_is_no_report_is_unrecognised_and_changes_nothing(
    client: AsyncClient, admin: Headers, connection: Any
) -> None:
    before = await connection.scalar(sa.select(sa.func.count()).select_from(AuditEvent))
    for pdf in (hostile.not_a_report(), hostile.encrypted_report(), hostile.thirty_megabytes_of_text()):
        response = await upload(client, admin, pdf, published_on="2024-05-15")
        assert response.status_code == 422
        assert response.json()["type"] == "/problems/unrecognised-file"
    assert await connection.scalar(sa.select(sa.func.count()).select_from(Inspection)) == 0
    assert await connection.scalar(sa.select(sa.func.count()).select_from(Finding)) == 0
    assert await connection.scalar(sa.select(sa.func.count()).select_from(AuditEvent)) == before


async def test_the_service_answers_while_a_report_is_read(client: AsyncClient, admin: Headers) -> None:
    reading = asyncio.create_task(upload(client, admin, CALDERDALE_PDF, published_on="2024-05-15"))
    await asyncio.sleep(0.05)
    assert not reading.done()
    live = await client.get("/health/live")
    assert (live.status_code, reading.done()) == (200, False)
    assert (await reading).status_code == 200


async def test_report_queries_apply_to_pdfs_only(client: AsyncClient, admin: Headers) -> None:
    response = await client.post(
        "/v1/imports",
        content=b"urn,local_authority\n",
        params={"authority_code": CALDERDALE},
        headers={**admin, "Content-Type": "text/csv"},
    )
    assert response.status_code == 422
    assert response.json()["detail"] == "authority_code, published_on and report_url apply to application/pdf only."


async def test_a_pre_sif_report_is_refused_saying_what_was_missing(client: AsyncClient, admin: Headers) -> None:
    pdf = (SAMPLES / "80549_sandwell_02-08-13.pdf").read_bytes()
    response = await upload(client, admin, pdf, published_on="2013-08-02", authority_code="E08000028")
    assert response.status_code == 422
    assert response.json()["type"] == "/problems/unrecognised-file"
    assert (
        "no title of a report on a local authority's children's services on the first page" in response.json()["detail"]
    )
    assert "[rule report-title]" in response.json()["detail"]


async def test_a_pdf_over_32_mib_is_too_large(client: AsyncClient, admin: Headers) -> None:
    response = await upload(client, admin, b"%PDF-1.7\n" + b" " * (32 * 1024 * 1024))
    assert response.status_code == 413
    assert response.json()["type"] == "/problems/payload-too-large"


async def test_the_report_outranks_the_scrape_it_disagrees_with(client: AsyncClient, admin: Headers) -> None:
    scrape = (
        b"urn,local_authority,inspection_link,pdf_filename,publication_date,inspection_framework,inspector_name,"
        b"inspection_start_date,inspection_end_date,overall_effectiveness_grade,impact_of_leaders_grade,"
        b"help_and_protection_grade,in_care_grade,care_leavers_grade,parser_version\n"
        b"80444,calderdale,https://files.ofsted.gov.uk/v1/file/50246982,x.pdf,15/05/24,short,Someone Else,"
        b"19/02/2024,22/02/2024,good,good,good,good,requires improvement,1\n"
    )
    scraped = await client.post("/v1/imports", content=scrape, headers={**admin, "Content-Type": "text/csv"})
    assert scraped.status_code == 200, scraped.text
    response = await upload(client, admin, CALDERDALE_PDF)  # on record already: no published_on needed
    assert response.status_code == 200, response.text
    assert counts(response.json()) == (zero(finding=2), zero(inspection=1, judgement=1), zero(judgement=4))
    [record] = response.json()["records"]
    assert (record["lead_inspector"], record["fieldwork_end"], record["published_on"]) == (
        "Naintara Khosla",
        "2024-02-23",
        "2024-05-15",
    )
    assert {j["area"]: j["grade"] for j in record["judgements"]} == GOOD_2023
    assert [s["kind"] for s in record["sources"]] == ["report_scrape", "report_pdf"]
