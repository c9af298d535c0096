"""Lists as XLSX (and the `format` parameter): each list's file, opened with a reader (openpyxl), holds the same
rows as the JSON pages with typed cells: dates as dates, timestamps as date-times (UTC), numbers as numbers,
booleans as booleans, lists joined with "; ", and text that looks like a formula kept as text."""

import csv
import io
from datetime import UTC, date, datetime
from typing import Any

import openpyxl
from httpx import AsyncClient, Response

from app.core.security import Role
from app.core.tabular import XLSX_MEDIA_TYPE
from tests.action_items.helpers import all_pages, create_item, days
from tests.conftest import LEICESTERSHIRE, Headers, MakeKey

DATE_COLUMNS = {
    "established_on",
    "ceased_on",
    "published_by",
    "original_due_on",
    "due_on",
    "completed_on",
    "notified_on",
    "fieldwork_start",
    "fieldwork_end",
    "published_on",
    "latest_graded_published_on",
}
TIMESTAMP_COLUMNS = {"created_at", "updated_at"}


def _sheet(response: Response, resource: str) -> tuple[list[str], list[tuple[Any, ...]], Any]:
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == XLSX_MEDIA_TYPE
    assert response.headers["content-disposition"] == (
        f'attachment; filename="{resource}-{datetime.now(UTC).date().isoformat()}.xlsx"'
    )
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == [resource]
    sheet = book[resource]
    rows = list(sheet.iter_rows(values_only=True))
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:{openpyxl.utils.get_column_letter(len(rows[0]))}{len(rows)}"
    return [str(h) for h in rows[0]], rows[1:], sheet


def _expected_cell(column: str, value: Any) -> Any:
    if value is None or isinstance(value, bool | int):
        return value
    if isinstance(value, list):
        return "; ".join(value)
    if column in DATE_COLUMNS:
        return datetime.combine(date.fromisoformat(value), datetime.min.time())
    if column in TIMESTAMP_COLUMNS:
        return datetime.fromisoformat(value).astimezone(UTC).replace(tzinfo=None)
    return value


def _assert_rows_match(header: list[str], rows: list[tuple[Any, ...]], items: list[dict[str, Any]]) -> None:
    assert len(rows) == len(items)
    for row, item in zip(rows, items, strict=True):
        for column, cell in zip(header, row, strict=True):
            expected = _expected_cell(column, item.get(column))
            if column in TIMESTAMP_COLUMNS:
                # Excel keeps a time of day to the millisecond.
                assert abs((cell - expected).total_seconds()) < 0.001, (column, cell, expected)
            else:
                assert cell == expected and type(cell) is type(expected), (column, cell, expected)


async def test_authorities_xlsx_matches_the_json_with_typed_cells(
    national_client: AsyncClient, national_make_key: MakeKey
) -> None:
    reader = await national_make_key(Role.reader)
    items = await all_pages(national_client, "/v1/authorities", reader, region="east_midlands", limit=4)
    for item in items:
        latest = item.pop("latest_graded")
        if latest is not None:
            overall = [j["grade"] for j in latest["judgements"] if j["area"] == "overall_effectiveness"]
            item["latest_graded_type"] = latest["type"]
            item["latest_graded_published_on"] = latest["published_on"]
            item["latest_graded_overall_effectiveness"] = overall[0] if overall else None
    response = await national_client.get(
        "/v1/authorities", params={"region": "east_midlands", "format": "xlsx"}, headers=reader
    )
    header, rows, _ = _sheet(response, "authorities")
    assert len(rows) == 11
    _assert_rows_match(header, rows, items)
    leics = next(r for r in rows if r[0] == LEICESTERSHIRE)
    assert leics[header.index("la_number")] == 855
    assert isinstance(leics[header.index("latest_graded_published_on")], datetime)


async def test_inspections_xlsx_has_a_column_per_area_and_joined_lists(
    national_client: AsyncClient, national_make_key: MakeKey
) -> None:
    reader = await national_make_key(Role.reader)
    jtai = {
        "authority_code": LEICESTERSHIRE,
        "type": "jtai",
        "status": "published",
        "fieldwork_start": "2025-06-02",
        "fieldwork_end": "2025-06-13",
        "published_on": "2025-07-30",
        "themes": ["domestic-abuse", "neglect"],
        "partner_inspectorates": ["ofsted", "cqc", "hmicfrs"],
    }
    created = await national_client.post("/v1/inspections", json=jtai, headers=await national_make_key(Role.admin))
    assert created.status_code == 201, created.text
    items = await all_pages(national_client, "/v1/inspections", reader, authority_code=LEICESTERSHIRE)
    for item in items:
        item.update({j["area"]: j["grade"] for j in item.pop("judgements")})
        item["sources"] = [f"{s['kind']} {s['reference'] or ''}".strip() for s in item["sources"]]
    response = await national_client.get(
        "/v1/inspections",
        params={"authority_code": LEICESTERSHIRE},
        headers={**reader, "Accept": XLSX_MEDIA_TYPE},
    )
    header, rows, _ = _sheet(response, "inspections")
    _assert_rows_match(header, rows, items)
    (row,) = [r for r in rows if r[header.index("type")] == "jtai"]
    assert row[header.index("themes")] == "domestic-abuse; neglect"
    assert row[header.index("partner_inspectorates")] == "ofsted; cqc; hmicfrs"


async def test_judgements_xlsx_has_scores_as_numbers(national_client: AsyncClient, national_make_key: MakeKey) -> None:
    reader = await national_make_key(Role.reader)
    items = await all_pages(national_client, "/v1/judgements", reader, authority_code=LEICESTERSHIRE)
    response = await national_client.get(
        "/v1/judgements", params={"authority_code": LEICESTERSHIRE, "format": "xlsx"}, headers=reader
    )
    header, rows, _ = _sheet(response, "judgements")
    _assert_rows_match(header, rows, items)
    assert {type(r[header.index("grade_score")]) for r in rows} == {int}


async def test_action_items_xlsx_keeps_booleans_and_formula_like_text_as_text(
    client: AsyncClient, leics: Headers, reader: Headers
) -> None:
    await create_item(client, leics, LEICESTERSHIRE, title='=HYPERLINK("http://x")', due_on=days(-3))
    await create_item(client, leics, LEICESTERSHIRE, title="-5", owner="@ops", due_on=days(5))
    await create_item(client, leics, LEICESTERSHIRE, title="+1 more", status="completed", completed_on=days(-1))
    items = await all_pages(client, "/v1/action-items", reader, authority_code=LEICESTERSHIRE)
    response = await client.get(
        "/v1/action-items", params={"authority_code": LEICESTERSHIRE, "format": "xlsx"}, headers=reader
    )
    header, rows, sheet = _sheet(response, "action-items")
    _assert_rows_match(header, rows, items)
    title = header.index("title") + 1
    cells = [sheet.cell(row=r, column=title) for r in range(2, 5)]
    assert [(c.value, c.data_type) for c in cells] == [
        ('=HYPERLINK("http://x")', "s"),
        ("-5", "s"),
        ("+1 more", "s"),
    ]
    assert [r[header.index("owner")] for r in rows] == [None, "@ops", None]
    assert [r[header.index("overdue")] for r in rows] == [True, False, False]
    assert [r[header.index("completed_on")] for r in rows] == [None, None, datetime.fromisoformat(days(-1))]


async def test_format_overrides_accept(client: AsyncClient, reader: Headers) -> None:
    as_csv = await client.get(
        "/v1/authorities",
        params={"format": "csv", "region": "east_midlands"},
        headers={**reader, "Accept": XLSX_MEDIA_TYPE},
    )
    assert as_csv.headers["content-type"] == "text/csv; charset=utf-8"
    assert as_csv.headers["content-disposition"] == (
        f'attachment; filename="authorities-{datetime.now(UTC).date().isoformat()}.csv"'
    )
    assert len(list(csv.DictReader(io.StringIO(as_csv.text)))) == 11  # Northamptonshire, gone, included
    as_json = await client.get(
        "/v1/authorities", params={"format": "json", "limit": 2}, headers={**reader, "Accept": "text/csv"}
    )
    assert as_json.headers["content-type"] == "application/json"
    assert len(as_json.json()["items"]) == 2
    refused = await client.get("/v1/authorities", params={"format": "pdf"}, headers=reader)
    assert refused.status_code == 422
    assert refused.json()["errors"][0]["field"] == "format"
