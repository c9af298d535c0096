"""Importing a file into the record (DOMAIN.md "Importing", API.md "Imports"): the kind told by Content-Type or
content (``kinds``), the file read into records off the event loop, and written in the caller's transaction
(``writer``). A dry run does everything in a savepoint and rolls it back. Importing the same file again
changes nothing: no version bumped, no audit event."""

import asyncio
import logging
import time
from collections.abc import Mapping
from pathlib import Path

from app.core.context import Context
from app.imports import writer
from app.imports.kinds import ImportKind, by_content
from app.imports.records import UnrecognisedFile
from app.imports.summary import ImportSummary
from app.reports import importer as reports
from app.reports.importer import ReportOptions

__all__ = ["ImportSummary", "UnrecognisedFile", "import_file"]
log = logging.getLogger("ilacs.import")


async def import_file(
    ctx: Context,
    data: bytes,
    file_name: str,
    kind: ImportKind | None = None,
    *,
    dry_run: bool = False,
    options: Mapping[str, str] | None = None,
) -> ImportSummary:
    """Record what the file says; ``UnrecognisedFile`` (nothing changed) when it is none of the kinds.
    ``options``: the request's query parameters (a report PDF's authority_code, published_on, report_url)."""
    kind = kind or by_content(data)
    started = time.perf_counter()
    parsed = await asyncio.to_thread(kind.read, data, file_name, options or {})
    if kind.name == "report_pdf":
        parsed = await reports.prepare(ctx, parsed, ReportOptions.from_query(options or {}))
    summary = ImportSummary(kind=kind.name, reference=parsed.source.reference or file_name, dry_run=dry_run)
    savepoint = await ctx.session.begin_nested() if dry_run else None
    try:
        await writer.write(ctx, parsed, summary)
        if kind.name == "report_pdf":
            await reports.complete(ctx, parsed, summary)
    finally:
        if savepoint is not None:
            await savepoint.rollback()
    log.info("imported %s in %.2fs", summary.reference, time.perf_counter() - started)
    return summary


async def import_path(
    ctx: Context, path: Path, *, dry_run: bool = False, options: Mapping[str, str] | None = None
) -> ImportSummary:
    data = await asyncio.to_thread(path.read_bytes)
    return await import_file(ctx, data, path.name, dry_run=dry_run, options=options)
