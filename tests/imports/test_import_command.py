"""``ilacs import ofsted-outcomes``: against a database of its own (the command commits). Bad files and
records breaking a rule are refused with one line and exit 2, with nothing half-imported."""

import asyncio
import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import create_async_engine

from app.core.database import ensure_database, to_async_url
from app.core.migrations import upgrade
from app.imports.service import run_import_command
from app.models import Authority, Inspection
from app.reference_data import OUTCOMES_ODS
from tests.conftest import _drop_database
from tests.imports.test_import import IMPORTED_INSPECTIONS
from tests.imports.test_ofsted_parser import history_row, in_year_row, small_workbook, write_ods


@pytest.fixture(scope="module")
def scratch_url(server_url: str) -> Iterator[str]:
    name = f"ilacs_import_{os.environ.get('PYTEST_XDIST_WORKER', 'main')}_{uuid.uuid4().hex[:8]}"
    ensure_database(server_url, name)
    url = make_url(server_url).set(database=name).render_as_string(hide_password=False)
    upgrade(url)
    yield url
    _drop_database(server_url, name)


def counts(url: str) -> tuple[int, int]:
    async def count() -> tuple[int, int]:
        engine = create_async_engine(to_async_url(url))
        try:
            async with engine.connect() as conn:
                authorities = await conn.scalar(sa.select(sa.func.count()).select_from(Authority))
                inspections = await conn.scalar(sa.select(sa.func.count()).select_from(Inspection))
                return authorities or 0, inspections or 0
        finally:
            await engine.dispose()

    return asyncio.run(count())


def test_text_file_is_refused_with_one_line_and_exit_2(
    scratch_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = tmp_path / "outcomes.ods"
    text.write_text("code,name\nE08000037,Gateshead\n", encoding="utf-8")
    before = counts(scratch_url)
    assert run_import_command(scratch_url, text) == 2
    out, err = capsys.readouterr()
    assert (out, len(err.splitlines())) == ("", 1)
    assert "not a readable ODS or xlsx workbook" in err
    assert counts(scratch_url) == before


def test_record_breaking_a_rule_imports_nothing(
    scratch_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sheets = small_workbook(in_year=in_year_row("LA Monitoring visit", theme="Front door"), history=history_row())
    gone = [
        "link",
        "E10000021",
        "Northamptonshire",
        "No longer exists",
        "East Midlands",
        "17/06/2019",
        "02/08/2019",
        "ILACS Standard Inspection",
        "Inadequate",
        "Inadequate",
        "Inadequate",
        "Inadequate",
        "",
    ]
    sheets["ILACS_inspection_history"].insert(3, gone)
    before = counts(scratch_url)
    assert run_import_command(scratch_url, write_ods(tmp_path / "rule.ods", sheets)) == 2
    err = capsys.readouterr().err
    assert len(err.splitlines()) == 1
    assert "E08000037 monitoring_visit of 2024-12-02" in err and "[rule monitoring-visit-eligibility]" in err
    assert counts(scratch_url) == before


def test_command_imports_the_bundled_file_then_changes_nothing(scratch_url: str) -> None:
    command = [sys.executable, "-c", "from app.cli import main; main()", "import", "ofsted-outcomes", str(OUTCOMES_ODS)]
    env = {**os.environ, "ILACS_DATABASE_URL": scratch_url}
    first = subprocess.run(command, env=env, capture_output=True, text=True, timeout=120, check=False)
    second = subprocess.run(command, env=env, capture_output=True, text=True, timeout=120, check=False)
    assert (first.returncode, second.returncode) == (0, 0), first.stderr + second.stderr
    assert f"inspections {IMPORTED_INSPECTIONS} added, 0 updated" in first.stdout
    assert "Nothing changed" in second.stdout
    assert counts(scratch_url) == (157, IMPORTED_INSPECTIONS)
