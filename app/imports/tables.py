"""Tables of a workbook found by their header rows, wherever they are: any sheet, any row, any column order.

A table is the rows under a header row, down to the first row without an authority (a blank row, a note, or
the title of the next table). Sheet names and positions are never used."""

import contextlib
import io
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from python_calamine import CalamineError, CalamineWorkbook

from app.imports.labels import norm
from app.imports.records import UnrecognisedFile

Cell = object
_DATE_FORMATS = ("%d/%m/%Y", "%Y-%m-%d", "%d %B %Y", "%d/%m/%y")


@dataclass(frozen=True, slots=True)
class Table:
    sheet: str
    header: tuple[str, ...]  # normalised header texts
    rows: tuple[tuple[int, Sequence[Cell]], ...]  # (row number as a spreadsheet shows it, cells)

    def column(self, wanted: str) -> int | None:
        key = norm(wanted)
        return self.header.index(key) if key in self.header else None


def open_workbook(data: bytes) -> dict[str, list[list[Any]]]:
    """Every sheet's cells; a file that is not a readable spreadsheet is an ``UnrecognisedFile``."""
    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(data))
        return {name: list(book.get_sheet_by_name(name).to_python(skip_empty_area=False)) for name in book.sheet_names}
    except (CalamineError, OSError, ValueError) as error:
        reason = " ".join(str(error).split())[:200]
        raise UnrecognisedFile(f"not a readable ODS or xlsx spreadsheet ({reason})") from None
    except BaseException as error:  # the Rust reader's panics (pyo3's PanicException) on a corrupt archive
        if isinstance(error, KeyboardInterrupt | SystemExit):
            raise
        raise UnrecognisedFile("not a readable ODS or xlsx spreadsheet (corrupt)") from None


def find_tables(
    sheets: dict[str, list[list[Cell]]], is_header: Callable[[tuple[str, ...]], bool], key_column: str
) -> Iterator[Table]:
    """Each table whose header row ``is_header`` accepts; its rows end at the first without ``key_column``."""
    for sheet, cells in sheets.items():
        i = 0
        while i < len(cells):
            header = tuple(norm(c) for c in cells[i])
            if not is_header(header) or norm(key_column) not in header:
                i += 1
                continue
            key = header.index(norm(key_column))
            rows = []
            j = i + 1
            while j < len(cells) and key < len(cells[j]) and text(cells[j][key]):
                rows.append((j + 1, cells[j]))
                j += 1
            yield Table(sheet, header, tuple(rows))
            i = j


def text(value: Cell) -> str:
    return " ".join(str(value).split()) if value is not None else ""


def as_date(value: Cell) -> date | None:
    """A date cell, or text as dd/mm/yyyy (some editions store dates as text); ValueError otherwise."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if not (t := text(value)):
        return None
    for fmt in _DATE_FORMATS:
        with contextlib.suppress(ValueError):
            return datetime.strptime(t, fmt).date()
    raise ValueError(f"{t!r} is not a date")


_PUBLISHED_BY = re.compile(r"published by (\d{1,2} [a-z]+ \d{4})")


def cover(sheets: dict[str, list[list[Cell]]]) -> tuple[str | None, date | None, date | None]:
    """The edition's title, publication date ("Published on:") and cut-off ("... published by 30 June 2024")
    from the cover sheet, wherever it is."""
    for cells in sheets.values():
        rows = [[text(c) for c in row] for row in cells[:40]]
        published = [row[1] for row in rows if len(row) > 1 and norm(row[0]) == "published on:"]
        if not published:
            continue
        on = as_date(next(c for row in cells[:40] if norm(row[0]) == "published on:" for c in row[1:2]))
        policy = [row[1] for row in rows if len(row) > 1 and norm(row[0]) == "policy area:"]
        title = rows[0][0] if rows and rows[0] else None
        if title is None or norm(title).startswith("cover sheet"):
            title = policy[0] if policy else title
        cut_off = None
        for row in rows:
            if match := _PUBLISHED_BY.search(norm(" ".join(row))):
                cut_off = datetime.strptime(match.group(1), "%d %B %Y").date()
                break
        return title, on, cut_off
    return None, None, None
