"""CSV cells that a spreadsheet would run as a formula are defused with a leading quote."""

import csv
import io

from app.core import csv_file


def _cells(*values: str) -> list[str]:
    body = csv_file.write(["value"], ({"value": v} for v in values)).decode()
    return [row[0] for row in csv.reader(io.StringIO(body))][1:]


def test_csv_defuses_cells_beginning_with_a_formula_sign() -> None:
    assert _cells("=1+1", "+A1", "-A1", "@SUM(A1)") == ["'=1+1", "'+A1", "'-A1", "'@SUM(A1)"]


def test_csv_defuses_cells_beginning_with_tab_carriage_return_or_line_feed() -> None:
    assert _cells("\t=cmd", "\r=cmd", "\n=cmd") == ["'\t=cmd", "'\r=cmd", "'\n=cmd"]


def test_csv_keeps_numbers_and_plain_text() -> None:
    assert _cells("-1.5", "+44", "Leicestershire") == ["-1.5", "+44", "Leicestershire"]
