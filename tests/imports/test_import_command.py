"""``ilacs import FILE`` (and ``ilacs import ofsted-outcomes FILE``): against a database of its own (the command
commits). A file that is none of the kinds is refused with one line and exit 2, nothing imported."""

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
from app.imports.command import run_import_command
from app.models import Authority, Inspection
from tests.conftest import _drop_database
from tests.imports.workbooks import EDITION_2024, SCRAPE


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
    assert "none of the kinds the importer reads" in err
    assert counts(scratch_url) == before


def test_dry_run_stores_nothing(scratch_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    before = counts(scratch_url)
    assert run_import_command(scratch_url, EDITION_2024, dry_run=True) == 0
    out = capsys.readouterr().out
    assert out.startswith("Dry run of official_statistics 'Local authority inspection outcomes as at 31 March 2024':")
    assert counts(scratch_url) == before


@pytest.mark.parametrize("words", [["import"], ["import", "ofsted-outcomes"]])
def test_command_tells_the_kind_from_the_content_then_changes_nothing(scratch_url: str, words: list[str]) -> None:
    command = [sys.executable, "-c", "from app.cli import main; main()", *words, str(SCRAPE)]
    env = {**os.environ, "ILACS_DATABASE_URL": scratch_url}
    first = subprocess.run(command, env=env, capture_output=True, text=True, timeout=120, check=False)
    second = subprocess.run(command, env=env, capture_output=True, text=True, timeout=120, check=False)
    assert (first.returncode, second.returncode) == (0, 0), first.stderr + second.stderr
    assert "Imported report_scrape 'ofsted-ilacs-scrape-tool history to 2026-08-20'" in first.stdout
    assert "Nothing changed" in second.stdout
