"""Importing Ofsted's "Local authority inspection outcomes" file into the record (DOMAIN.md "Importing").

Authorities are upserted by code (the gone ones added as `no_longer_exists` with the file's region; stored DfE
numbers and URNs kept; current authorities keep their stored names), inspections by (authority, type,
fieldwork start), recorded as `published` with their publication date, framework, judgements and themes.
Everything runs in the caller's transaction with a handful of bulk statements; importing the same file again
changes nothing (no version bumped, no audit event). Audit events name the actor "import". The official
record is checked against the API's rulebook (``app.inspections.rules``) before anything is written.
"""

import asyncio
import logging
import sys
import threading
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TypeVar

from sqlalchemy.ext.asyncio import AsyncSession

from app.core.config import get_settings
from app.core.database import Database, make_command_engine
from app.imports.ofsted_parser import OutcomesFileError, parse_outcomes
from app.imports.summary import Counts, ImportSummary
from app.imports.upsert import Progress, import_parsed

__all__ = ["Counts", "ImportSummary", "import_outcomes", "run_import_command", "seed_national_record"]
log = logging.getLogger("ilacs.import")
T = TypeVar("T")


# Bulk statements over the whole national history may take longer than a request's statement timeout.
async def import_outcomes(session: AsyncSession, path: Path, progress: Progress | None = None) -> ImportSummary:
    """Import the outcomes file at ``path`` within the caller's transaction (no commit). Raises
    ``OutcomesFileError`` when the file is not such a spreadsheet or its record breaks a rule."""
    return await import_parsed(session, parse_outcomes(path), Path(path).name, progress)


def _run(main: Callable[[], Awaitable[T]]) -> T:
    """Run a coroutine to completion from synchronous code, in a thread when a loop already runs here."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(main())  # type: ignore[arg-type]
    results: list[T] = []
    errors: list[BaseException] = []

    def target() -> None:
        try:
            results.append(asyncio.run(main()))  # type: ignore[arg-type]
        except BaseException as exc:
            errors.append(exc)

    thread = threading.Thread(target=target)
    thread.start()
    thread.join()
    if errors:
        raise errors[0]
    return results[0]


def _import_committed(url: str, path: Path, progress: Progress | None) -> ImportSummary:
    """Import in one transaction of its own, committed only when everything went in."""

    async def main() -> ImportSummary:
        db = Database(make_command_engine(url, get_settings()))
        try:
            async with db.session() as session:
                summary = await import_outcomes(session, path, progress)
                await session.commit()
                return summary
        finally:
            await db.dispose()

    return _run(main)


def run_import_command(url: str, path: Path) -> int:
    """``ilacs import ofsted-outcomes FILE``: migrate, import in one transaction, print the summary.

    A progress bar only on a terminal. A file that is not such a spreadsheet: one line on stderr, exit 2,
    nothing imported."""
    from app.core.migrations import upgrade

    try:
        parse_outcomes(path)  # refuse a wrong file before touching the database
        upgrade(url)
        started = time.perf_counter()
        summary = _with_progress_bar(url, path) if sys.stdout.isatty() else _import_committed(url, path, None)
    except OutcomesFileError as exc:
        print(f"ilacs: cannot import {path}: {exc}", file=sys.stderr)
        return 2
    print(summary)
    print(f"Took {time.perf_counter() - started:.2f}s.")
    return 0


def _with_progress_bar(url: str, path: Path) -> ImportSummary:
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    with Progress(
        TextColumn("importing {task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        transient=True,
    ) as bar:
        task = bar.add_task(path.name, total=None)
        return _import_committed(url, path, lambda done, total: bar.update(task, completed=done, total=total))


def seed_national_record(url: str) -> None:
    """First run: import the bundled official outcomes file (Open Government Licence v3.0)."""
    from app.reference_data import OUTCOMES_ODS

    summary = _import_committed(url, OUTCOMES_ODS, None)
    log.info("national record imported: %s", summary)
