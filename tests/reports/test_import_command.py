"""``ilacs import report.pdf``: the kind told from the content, the record printed on a dry run, importing
twice changes nothing, a file that is no report is one line on stderr and exit 2."""

import json
import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from app.core.database import ensure_database
from app.core.migrations import upgrade
from app.imports.command import run_import_command
from tests.conftest import _drop_database
from tests.reports import hostile

CALDERDALE = Path(__file__).parent / "samples" / "80444_calderdale_15-05-24.pdf"
PUBLISHED = {"published_on": "2024-05-15"}


@pytest.fixture(scope="module")
def scratch_url(server_url: str) -> Iterator[str]:
    name = f"ilacs_report_{os.environ.get('PYTEST_XDIST_WORKER', 'main')}_{uuid.uuid4().hex[:8]}"
    ensure_database(server_url, name)
    url = make_url(server_url).set(database=name).render_as_string(hide_password=False)
    upgrade(url)
    yield url
    _drop_database(server_url, name)


def test_dry_run_prints_the_record_and_stores_nothing(scratch_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert run_import_command(scratch_url, CALDERDALE, dry_run=True, options=PUBLISHED) == 0
    out = capsys.readouterr().out
    summary, record = out.split("\n[", 1)
    assert summary.splitlines()[1:4] == [
        "  added: 1 inspection, 5 judgement, 2 finding",
        "  updated: nothing",
        "  unchanged: nothing",
    ]
    [extracted] = json.loads("[" + record.rsplit("]", 1)[0] + "]")
    assert (extracted["authority_code"], extracted["type"], extracted["lead_inspector"]) == (
        "E08000033",
        "short_inspection",
        "Naintara Khosla",
    )
    assert run_import_command(scratch_url, CALDERDALE, dry_run=True, options=PUBLISHED) == 0
    assert "  added: 1 inspection, 5 judgement, 2 finding" in capsys.readouterr().out


def test_importing_twice_changes_nothing_the_second_time(scratch_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert run_import_command(scratch_url, CALDERDALE, options=PUBLISHED) == 0
    capsys.readouterr()
    assert run_import_command(scratch_url, CALDERDALE, options=PUBLISHED) == 0
    out = capsys.readouterr().out
    assert "  unchanged: 1 inspection, 5 judgement, 2 finding" in out
    assert "Nothing changed: the record already held this file." in out


def test_a_pdf_that_is_no_report_is_refused_in_one_line(
    scratch_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    invoice = tmp_path / "invoice.pdf"
    invoice.write_bytes(hostile.not_a_report())
    assert run_import_command(scratch_url, invoice, options=PUBLISHED) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"ilacs: cannot import {invoice}: the report cannot be read: no title of a report")
    assert err.count("\n") == 1
