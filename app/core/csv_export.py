"""CSV on list endpoints: ``Accept: text/csv`` answers every matching row (no cursor), UTF-8, a header row."""

import csv
import io
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Any

from fastapi import Request
from starlette.responses import Response

CSV_MEDIA_TYPE = "text/csv"
FORMULA_STARTS = frozenset("=+-@\t\r\n")


def wants_csv(request: Request) -> bool:
    accept = request.headers.get("accept", "")
    return any(part.split(";", 1)[0].strip().lower() == CSV_MEDIA_TYPE for part in accept.split(","))


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return ";".join(_cell(v) for v in value)
    if isinstance(value, dict):
        return ";".join(f"{k}={_cell(v)}" for k, v in value.items())
    text = str(value)
    # Defuse spreadsheet formula injection in committee papers (OWASP "CSV injection": a leading tab, carriage
    # return or line feed is skipped by some spreadsheets, which then run what follows).
    return "'" + text if text[:1] in FORMULA_STARTS and not _is_number(text) else text


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def csv_response(columns: Sequence[str], rows: Iterable[dict[str, Any]], filename: str) -> Response:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_cell(row.get(c)) for c in columns])
    return Response(
        buffer.getvalue().encode("utf-8"),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}.csv"'},
    )
