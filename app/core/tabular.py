"""Lists as files: CSV and XLSX from the same rows (API.md "Conventions").

A list marked CSV answers ``Accept: text/csv`` or the XLSX media type, or ``format=json|csv|xlsx`` (which
overrides ``Accept``, for tools that cannot set headers), with every matching row (no cursor) and
``Content-Disposition: attachment; filename="<resource>-<YYYY-MM-DD>.<ext>"``. Rows are plain Python values
(dates, datetimes, numbers, booleans, enums, UUIDs, lists); each writer turns them into its own cells
(``csv_file``, ``xlsx_file``). The file is written in a worker thread, off the event loop.
"""

import enum
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Annotated, Any

import anyio.to_thread
from fastapi import Depends, Query, Request
from starlette.responses import Response

from app.core import csv_file, xlsx_file

CSV_MEDIA_TYPE = "text/csv"
XLSX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class ExportFormat(enum.StrEnum):
    json = "json"
    csv = "csv"
    xlsx = "xlsx"


FORMAT_DESCRIPTION = (
    "`json` (a page), `csv` or `xlsx` (every matching row): overrides `Accept`, for tools that cannot set "
    "headers (Excel's and Power BI's \"From Web\")."
)


@dataclass(frozen=True, slots=True)
class Table:
    """A list as a file: the resource it names (sheet and file name) and its columns in order."""

    resource: str
    columns: Sequence[str]


def _accepted(request: Request) -> set[str]:
    accept = request.headers.get("accept", "")
    return {part.split(";", 1)[0].strip().lower() for part in accept.split(",")}


async def requested_format(
    request: Request,
    format: Annotated[ExportFormat | None, Query(description=FORMAT_DESCRIPTION)] = None,
) -> ExportFormat:
    """The dependency of every list marked CSV: ``format`` if given, else what ``Accept`` names, else JSON."""
    if format is not None:
        return format
    accepted = _accepted(request)
    if XLSX_MEDIA_TYPE in accepted:
        return ExportFormat.xlsx
    if CSV_MEDIA_TYPE in accepted:
        return ExportFormat.csv
    return ExportFormat.json


FormatDep = Annotated[ExportFormat, Depends(requested_format)]


def plain(value: Any) -> Any:
    """An enum as its value; anything else unchanged (the writers know dates, numbers, booleans, lists)."""
    return value.value if isinstance(value, enum.Enum) else value


def _render(fmt: ExportFormat, table: Table, rows: Iterable[dict[str, Any]]) -> bytes:
    if fmt is ExportFormat.xlsx:
        return xlsx_file.write(table.resource, table.columns, rows)
    return csv_file.write(table.columns, rows)


async def file_response(fmt: ExportFormat, table: Table, rows: Iterable[dict[str, Any]]) -> Response:
    """Every row as a CSV or XLSX attachment named ``<resource>-<today, UTC>.<ext>``."""
    body = await anyio.to_thread.run_sync(_render, fmt, table, rows)
    media_type = "text/csv; charset=utf-8" if fmt is ExportFormat.csv else XLSX_MEDIA_TYPE
    filename = f"{table.resource}-{datetime.now(UTC).date().isoformat()}.{fmt.value}"
    return Response(body, media_type=media_type, headers={"Content-Disposition": f'attachment; filename="{filename}"'})
