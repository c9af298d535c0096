"""The read paths built for speed: plain rows encoded straight to JSON must write exactly what the response
models write (fields, order, formatting of dates, timestamps and UUIDs), in one statement per request."""

from typing import Any

import pytest
from httpx import AsyncClient, Response
from pydantic import TypeAdapter

from app.action_items.schemas import ActionItemRead
from app.authorities.schemas import AuthorityRead
from app.core.pagination import Page
from app.inspections.schemas import InspectionRead, TimelineRead
from tests.conftest import GATESHEAD, LEICESTERSHIRE, Headers, StatementCounter
from tests.forecast.records import data_statements
from tests.inspections.helpers import ILACS_2018_AREAS, embargoed, grades, published, record

JTAI = published(
    "jtai",
    fieldwork_start="2024-02-05",
    themes=["domestic-abuse", "child-sexual-exploitation-and-missing"],
    partner_inspectorates=["ofsted", "cqc", "hmicfrs"],
    report_url="https://reports.ofsted.gov.uk/provider/44/80553",
    lead_inspector="Ann Example",
    inspector_count=6,
)
STANDARD_2019 = published(
    fieldwork_start="2019-09-23",
    published_on="2019-11-04",
    judgements=grades(ILACS_2018_AREAS, "good", overall_effectiveness="requires_improvement"),
)


@pytest.fixture
async def history(client: AsyncClient, admin: Headers) -> dict[str, Any]:
    """Leicestershire: a graded inspection in 2019 and 2024, a JTAI, an embargoed one, action items."""
    for body in (STANDARD_2019, published(overall="outstanding"), JTAI, embargoed()):
        await record(client, admin, body)
    item = await client.post(
        "/v1/action-items",
        headers=admin,
        json={"authority_code": LEICESTERSHIRE, "title": "Audit «front door» référrals", "due_on": "2025-01-31"},
    )
    assert item.status_code == 201, item.text
    changed = await client.patch(
        f"/v1/action-items/{item.json()['id']}",
        headers={**admin, "If-Match": item.headers["etag"]},
        json={"status": "completed", "completed_on": "2025-02-03", "owner": "Head of Service"},
    )
    assert changed.status_code == 200, changed.text
    return {"item": item.json()}


def assert_written_as(model: Any, response: Response) -> None:
    assert response.status_code in (200, 201), response.text
    adapter = TypeAdapter(model)
    assert adapter.dump_json(adapter.validate_json(response.content)) == response.content


@pytest.mark.parametrize(
    ("path", "model"),
    [
        (f"/v1/authorities/{LEICESTERSHIRE}", AuthorityRead),
        (f"/v1/authorities/{GATESHEAD}", AuthorityRead),
        ("/v1/authorities?limit=5&region=east_midlands", Page[AuthorityRead]),
        ("/v1/inspections", Page[InspectionRead]),
        (f"/v1/authorities/{LEICESTERSHIRE}/timeline", TimelineRead),
        (f"/v1/action-items?authority_code={LEICESTERSHIRE}&limit=2", Page[ActionItemRead]),
    ],
)
async def test_read_is_written_as_its_response_model_writes_it(
    client: AsyncClient, leics: Headers, history: dict[str, Any], path: str, model: Any
) -> None:
    assert_written_as(model, await client.get(path, headers=leics))


async def test_single_reads_are_written_as_their_response_models_write_them(
    client: AsyncClient, leics: Headers, admin: Headers, history: dict[str, Any]
) -> None:
    item_id = history["item"]["id"]
    assert_written_as(ActionItemRead, await client.get(f"/v1/action-items/{item_id}", headers=leics))
    inspections = (await client.get("/v1/inspections", headers=leics)).json()["items"]
    for inspection in inspections:
        assert_written_as(InspectionRead, await client.get(f"/v1/inspections/{inspection['id']}", headers=leics))
    created = await client.post(
        "/v1/action-items", headers=admin, json={"authority_code": GATESHEAD, "title": "T", "due_on": "2030-01-01"}
    )
    assert_written_as(ActionItemRead, created)


@pytest.mark.parametrize(
    "path",
    [
        f"/v1/authorities/{LEICESTERSHIRE}",
        "/v1/authorities?limit=50",
        "/v1/authorities?grade=good&area=help_and_protection",
        "/v1/inspections?limit=50",
        f"/v1/inspections?authority_code={LEICESTERSHIRE}&fieldwork_from=2019-01-01&type=standard_inspection",
        f"/v1/authorities/{LEICESTERSHIRE}/timeline",
        f"/v1/action-items?authority_code={LEICESTERSHIRE}&limit=50",
        f"/v1/action-items?authority_code={LEICESTERSHIRE}&overdue=false&rag=green",
        "/v1/stats/grades",
    ],
)
async def test_read_runs_one_statement(
    client: AsyncClient, leics: Headers, history: dict[str, Any], statements: StatementCounter, path: str
) -> None:
    statements.reset()
    response = await client.get(path, headers=leics)
    assert response.status_code == 200, response.text
    assert len(data_statements(statements.statements)) == 1


async def test_next_page_link_keeps_the_query_and_replaces_the_cursor(client: AsyncClient, reader: Headers) -> None:
    first = await client.get("/v1/authorities?region=london&limit=2&q=ham", headers=reader)
    cursor = first.json()["next_cursor"]
    assert first.headers["link"] == f'</v1/authorities?region=london&limit=2&q=ham&cursor={cursor}>; rel="next"'
    second = await client.get(first.headers["link"][1:].split(">")[0], headers=reader)
    next_cursor = second.json()["next_cursor"]
    assert second.headers["link"] == f'</v1/authorities?region=london&limit=2&q=ham&cursor={next_cursor}>; rel="next"'
