"""Small hand-built workbooks in the official editions' shapes, and the bundled files."""

import zipfile
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from app.reference_data import NATIONAL_RECORD

EDITION_2023, EDITION_2024, EDITION_2025, SCRAPE = NATIONAL_RECORD
Cell = str | date

JUDGEMENT_HEADERS = [
    "Overall effectiveness",
    "The impact of leaders on social work practice with children and families",
    "The experiences and progress of children who need help and protection",
    "The experiences and progress of children in care",
    "The experiences and progress of care leavers",
]
IN_YEAR_HEADERS = [
    "Web link",
    "Local authority area code",
    "Local authority name",
    "Region",
    "Inspection/Visit date",
    "Publication date",
    "Inspection/Visit type",
    *JUDGEMENT_HEADERS,
    "Visit Theme",
]
GATESHEAD = ["link", "E08000037", "Gateshead", "North East, Yorkshire and the Humber"]
NO_GRADES = ["", "", "", "", ""]
GOOD_2023 = ["Good", "Good", "Good", "Good", "Good"]


def _cell(value: Cell) -> str:
    if isinstance(value, date):
        return (
            f'<table:table-cell office:value-type="date" office:date-value="{value.isoformat()}">'
            f"<text:p>{value:%d/%m/%Y}</text:p></table:table-cell>"
        )
    if not value:
        return "<table:table-cell/>"
    return f'<table:table-cell office:value-type="string"><text:p>{escape(value)}</text:p></table:table-cell>'


def ods_bytes(sheets: dict[str, list[Sequence[Cell]]], path: Path) -> bytes:
    """A minimal OpenDocument spreadsheet: enough for calamine, as Ofsted's files are."""
    ns = " ".join(f'xmlns:{p}="urn:oasis:names:tc:opendocument:xmlns:{p}:1.0"' for p in ("office", "table", "text"))
    tables = "".join(
        f"<table:table table:name={quoteattr(name)}>"
        + "".join(f"<table:table-row>{''.join(map(_cell, row))}</table:table-row>" for row in rows)
        + "</table:table>"
        for name, rows in sheets.items()
    )
    manifest = (
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">'
        '<manifest:file-entry manifest:full-path="/" '
        'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/></manifest:manifest>'
    )
    with zipfile.ZipFile(path, "w") as ods:
        ods.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet", zipfile.ZIP_STORED)
        ods.writestr("META-INF/manifest.xml", manifest)
        ods.writestr(
            "content.xml",
            f"<office:document-content {ns}><office:body><office:spreadsheet>"
            f"{tables}</office:spreadsheet></office:body></office:document-content>",
        )
    return path.read_bytes()


def in_year_row(
    kind: str = "ILACS Short Inspection",
    grades: Sequence[str] = GOOD_2023,
    theme: str = "",
    start: Cell = "02/12/2024",
    published: Cell = "29/01/2025",
) -> list[Cell]:
    return [*GATESHEAD, start, published, kind, *grades, theme]


def edition(rows: Sequence[Sequence[Cell]], headers: Sequence[str] = IN_YEAR_HEADERS, sheet: str = "Any name") -> dict:
    """A cover and one in-year table, on a sheet named anything, its header on the fourth row."""
    return {
        "Front": [
            ["A later edition"],
            ["Published on:", "25/09/2026"],
            ["As at 31 March 2026, published by 30 June 2026"],
        ],
        sheet: [["Title"], ["Description"], [], list(headers), *rows, [], ["Source: Ofsted. A note."]],
    }
