"""CSV cells: UTF-8, a header row, CRLF; dates ISO 8601, timestamps RFC 3339 in UTC, booleans ``true``/``false``,
lists joined by ``;``. A cell that a spreadsheet would run as a formula is prefixed with ``'``."""

import csv
import enum
import io
from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime
from typing import Any

FORMULA_STARTS = frozenset("=+-@\t\r\n")


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, enum.Enum):
        return cell(value.value)
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat().replace("+00:00", "Z")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return ";".join(cell(v) for v in value)
    if isinstance(value, dict):
        return ";".join(f"{k}={cell(v)}" for k, v in value.items())
    text = str(value)
    # Defuse spreadsheet formula injection in committee papers (OWASP "CSV injection": a leading tab, carriage
    # return or line feed is skipped by some spreadsheets, which then run what follows).
    return "'" + text if text[:1] in FORMULA_STARTS and not _is_number(text) else text


def write(columns: Sequence[str], rows: Iterable[dict[str, Any]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([cell(row.get(c)) for c in columns])
    return buffer.getvalue().encode("utf-8")
