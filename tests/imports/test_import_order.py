"""The whole record does not depend on the order of the imports; each file alone gives what the rules say;
importing a file again changes nothing (row counts, versions, audit events)."""

from collections import Counter
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from app.core.context import Context
from app.core.database import Database
from app.imports import writer
from app.imports.command import IMPORT_PRINCIPAL
from app.imports.editions import read_edition
from app.imports.records import ParsedFile
from app.imports.scrape import read_scrape
from app.imports.summary import ImportSummary
from app.models import AuditEvent, Inspection, InspectionSource, Judgement
from tests.imports.workbooks import EDITION_2023, EDITION_2024, EDITION_2025, SCRAPE

ORDERS = [(0, 1, 2, 3), (3, 2, 1, 0), (1, 3, 0, 2)]


@pytest.fixture(scope="module")
def files() -> list[ParsedFile]:
    """The four bundled files, read once (the 2023 workbook takes seconds)."""
    return [
        *(read_edition(p.read_bytes(), p.name) for p in (EDITION_2023, EDITION_2024, EDITION_2025)),
        read_scrape(SCRAPE.read_bytes(), SCRAPE.name),
    ]


async def load(session: AsyncSession, parsed: ParsedFile) -> ImportSummary:
    summary = ImportSummary(kind=parsed.source.kind.value, reference=str(parsed.source.reference), dry_run=False)
    await writer.write(Context(session, IMPORT_PRINCIPAL), parsed, summary)
    await session.flush()
    return summary


async def whole_record(session: AsyncSession) -> list[tuple[Any, ...]]:
    """Every inspection as the API would show it, without ids, versions and timestamps."""
    inspections = await session.scalars(
        sa.select(Inspection).options(
            selectinload(Inspection.judgements), selectinload(Inspection.theme_links), selectinload(Inspection.sources)
        )
    )
    return sorted(
        (
            i.authority_code,
            i.type,
            i.framework,
            i.status,
            str(i.fieldwork_start),
            i.fieldwork_end,
            str(i.published_on),
            i.published_by,
            i.lead_inspector,
            i.report_url,
            tuple(sorted((j.area, j.grade) for j in i.judgements)),
            tuple(i.themes),
            tuple(sorted((s.kind, s.reference or "") for s in i.sources)),
        )
        for i in inspections
    )


async def footprint(session: AsyncSession) -> tuple[int, ...]:
    return tuple(
        [
            await session.scalar(sa.select(sa.func.count()).select_from(model)) or 0
            for model in (Inspection, Judgement, InspectionSource, AuditEvent)
        ]
        + [await session.scalar(sa.select(sa.func.sum(Inspection.version))) or 0]
    )


async def test_every_order_gives_the_same_record_and_again_changes_nothing(
    database: Database, files: list[ParsedFile]
) -> None:
    records = []
    for n, order in enumerate(ORDERS):
        async with database.session() as session:
            for i in order:
                await load(session, files[i])
            records.append(await whole_record(session))
            if n == 0:
                before = await footprint(session)
                again = [await load(session, f) for f in files]
                assert [(+s.added, +s.updated) for s in again] == [(Counter(), Counter())] * 4
                assert await footprint(session) == before
            await session.rollback()
    assert len(records[0]) == 682
    assert records[1] == records[0]
    assert records[2] == records[0]


async def test_each_file_alone(database: Database, files: list[ParsedFile]) -> None:
    alone = []
    for parsed in files:
        async with database.session() as session:
            summary = await load(session, parsed)
            counts = Counter((t, f) for t, f in await session.execute(sa.select(Inspection.type, Inspection.framework)))
            alone.append((dict(summary.added), len(summary.skipped), dict(counts)))
            await session.rollback()
    assert alone == [
        (  # 2023: SIF history, two ILACS inspections of each authority by publication date, 2022-23 in-year
            {"inspection": 410, "judgement": 1751},
            371,  # SLAC, CPI, CPRI, TLAC and LSCB columns
            {
                ("sif_inspection", "sif_2013"): 173,
                ("standard_inspection", "ilacs_2018"): 121,
                ("short_inspection", "ilacs_2018"): 47,
                ("focused_visit", "ilacs_2018"): 33,
                ("monitoring_visit", "ilacs_2018"): 21,
                ("standard_inspection", "ilacs_2023"): 6,
                ("short_inspection", "ilacs_2023"): 3,
                ("focused_visit", "ilacs_2023"): 3,
                ("monitoring_visit", "ilacs_2023"): 3,
            },
        ),
        (  # 2024: its in-year graded inspections are the history's latest, matched by report after fieldwork
            {"inspection": 284, "judgement": 927},
            0,
            {
                ("standard_inspection", "ilacs_2018"): 121,
                ("short_inspection", "ilacs_2018"): 47,
                ("standard_inspection", "ilacs_2023"): 29,
                ("short_inspection", "ilacs_2023"): 22,
                ("focused_visit", "ilacs_2023"): 37,
                ("monitoring_visit", "ilacs_2023"): 28,
            },
        ),
        (
            {"inspection": 331, "judgement": 1187},
            0,
            {
                ("standard_inspection", "ilacs_2018"): 120,
                ("short_inspection", "ilacs_2018"): 48,
                ("standard_inspection", "ilacs_2023"): 51,
                ("short_inspection", "ilacs_2023"): 52,
                ("focused_visit", "ilacs_2023"): 36,
                ("monitoring_visit", "ilacs_2023"): 24,
            },
        ),
        (  # the scrape: short and standard reports with fieldwork dates, 2018 to August 2026
            {"inspection": 315, "judgement": 1404},
            182,
            {
                ("standard_inspection", "ilacs_2018"): 112,
                ("short_inspection", "ilacs_2018"): 48,
                ("standard_inspection", "ilacs_2023"): 68,
                ("short_inspection", "ilacs_2023"): 76,
                ("standard_inspection", "ilacs_2026"): 8,
                ("short_inspection", "ilacs_2026"): 3,
            },
        ),
    ]
