"""XLSX sheets (XlsxWriter): one sheet named after the resource, a frozen header row with an autofilter, dates as
date cells, timestamps as date-time cells in UTC, numbers as numbers, booleans as booleans, lists joined with
``; ``. Every string is written as a string, never parsed: text beginning with ``=``, ``+``, ``-`` or ``@`` stays
text, so no cell is ever a formula."""

import enum
import io
import uuid
from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime
from typing import Any

import xlsxwriter

MIN_WIDTH, MAX_WIDTH = 10, 60


def _text(value: Any) -> str:
    if isinstance(value, enum.Enum):
        return str(value.value)
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat().replace("+00:00", "Z")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return "; ".join(f"{k}={_text(v)}" for k, v in value.items())
    return str(value)


def write(sheet_name: str, columns: Sequence[str], rows: Iterable[dict[str, Any]]) -> bytes:
    buffer = io.BytesIO()
    options = {"in_memory": True, "strings_to_formulas": False, "strings_to_numbers": False, "strings_to_urls": False}
    with xlsxwriter.Workbook(buffer, options) as book:
        sheet = book.add_worksheet(sheet_name[:31])
        bold = book.add_format({"bold": True})
        date_format = book.add_format({"num_format": "yyyy-mm-dd"})
        timestamp_format = book.add_format({"num_format": "yyyy-mm-dd hh:mm:ss"})
        widths = [len(c) + 2 for c in columns]
        for col, name in enumerate(columns):
            sheet.write_string(0, col, name, bold)
        last_row = 0
        for last_row, row in enumerate(rows, start=1):
            for col, name in enumerate(columns):
                value = row.get(name)
                if value is None:
                    continue
                if isinstance(value, enum.Enum):
                    value = value.value
                if isinstance(value, bool):
                    sheet.write_boolean(last_row, col, value)
                    width = 6
                elif isinstance(value, int | float):
                    sheet.write_number(last_row, col, value)
                    width = len(str(value))
                elif isinstance(value, datetime):
                    naive = value.astimezone(UTC).replace(tzinfo=None)
                    sheet.write_datetime(last_row, col, naive, timestamp_format)
                    width = 19
                elif isinstance(value, date):
                    sheet.write_datetime(last_row, col, datetime(value.year, value.month, value.day), date_format)
                    width = 10
                else:
                    text = "; ".join(_text(v) for v in value) if isinstance(value, list | tuple) else _text(value)
                    sheet.write_string(last_row, col, text)
                    width = 36 if isinstance(value, uuid.UUID) else len(text)
                widths[col] = max(widths[col], width + 2)
        for col, width in enumerate(widths):
            sheet.set_column(col, col, max(MIN_WIDTH, min(MAX_WIDTH, width)))
        sheet.freeze_panes(1, 0)
        sheet.autofilter(0, 0, last_row, max(len(columns) - 1, 0))
    return buffer.getvalue()
