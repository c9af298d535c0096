"""``ilacs import FILE [--dry-run]`` and the first start's import of the whole national record."""

import asyncio
import json
import logging
import sys
import time
from collections.abc import Mapping, Sequence
from pathlib import Path

from app.core.config import get_settings
from app.core.context import Context
from app.core.database import Database, make_command_engine
from app.core.errors import ProblemError
from app.core.security import local_principal
from app.imports.records import UnrecognisedFile
from app.imports.service import import_path
from app.imports.summary import ImportSummary

log = logging.getLogger("ilacs.import")
# Imports from the command line and the first start are audited under this actor.
IMPORT_PRINCIPAL = local_principal("import")


def import_committed(
    url: str, paths: Sequence[Path], *, dry_run: bool = False, options: Mapping[str, str] | None = None
) -> list[tuple[ImportSummary, float]]:
    """Import each file in a transaction of its own (committed unless a dry run); (summary, seconds) each."""

    async def main() -> list[tuple[ImportSummary, float]]:
        # Bulk statements over the whole national history outlast a request's statement timeout.
        db = Database(make_command_engine(url, get_settings()))
        done = []
        try:
            for path in paths:
                started = time.perf_counter()
                async with db.session() as session:
                    summary = await import_path(
                        Context(session, IMPORT_PRINCIPAL), path, dry_run=dry_run, options=options
                    )
                    await session.commit()
                done.append((summary, time.perf_counter() - started))
        finally:
            await db.dispose()
        return done

    return asyncio.run(main())


def run_import_command(url: str, path: Path, *, dry_run: bool = False, options: Mapping[str, str] | None = None) -> int:
    """Migrate, import in one transaction, print the summary. A file that is none of the kinds: one line on
    stderr, exit 2, nothing imported."""
    from app.core.migrations import upgrade

    if not path.is_file():
        print(f"ilacs: cannot import {path}: no such file", file=sys.stderr)
        return 2
    try:
        upgrade(url)
        if sys.stdout.isatty():
            from rich.console import Console

            with Console(stderr=True).status(f"importing {path.name}"):
                [(summary, seconds)] = import_committed(url, [path], dry_run=dry_run, options=options)
        else:
            [(summary, seconds)] = import_committed(url, [path], dry_run=dry_run, options=options)
    except (UnrecognisedFile, ProblemError) as exc:
        print(f"ilacs: cannot import {path}: {exc}", file=sys.stderr)
        return 2
    print(summary)
    if summary.records:  # a report PDF: the record, for a person to check
        print(json.dumps(summary.records, indent=2, ensure_ascii=False))
    print(f"Took {seconds:.2f}s.")
    return 0


def seed_national_record(url: str) -> None:
    """First start: every official edition and the report-scrape history bundled with the project."""
    from app.reference_data import NATIONAL_RECORD

    for summary, seconds in import_committed(url, NATIONAL_RECORD):
        log.info("national record: %s (%.2fs)", str(summary).replace("\n", " "), seconds)
