"""Writing the parsed outcomes file: bulk inserts of what is new, in-place updates of what differs."""

import uuid
from collections.abc import Callable
from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from app.core import audit
from app.core.context import Context
from app.core.security import local_principal
from app.imports.checks import check_record
from app.imports.ofsted_parser import ParsedAuthority, ParsedInspection, ParsedOutcomes
from app.imports.summary import Counts, ImportSummary
from app.inspections import service as inspections
from app.inspections.vocabulary import InspectionStatus
from app.models import Authority, Inspection, InspectionTheme, Judgement

ACTOR = local_principal("import")
Progress = Callable[[int, int], None]
Key = tuple[str, str, date]


class _Audit:
    """Audit events of the import, written with one bulk statement."""

    def __init__(self) -> None:
        self.rows: list[dict[str, Any]] = []

    def add(self, action: audit.Action, resource_type: str, resource_id: object, changes: dict[str, Any]) -> None:
        self.rows.append(
            {
                **audit.actor_columns(ACTOR),
                "action": action.value,
                "resource_type": resource_type,
                "resource_id": str(resource_id),
                "changes": changes,
                "request_id": None,
            }
        )

    def created(self, resource_type: str, resource_id: object, fields: dict[str, Any]) -> None:
        self.add(audit.Action.create, resource_type, resource_id, audit.diff({}, fields))

    async def write(self, session: AsyncSession) -> None:
        await audit.record_rows(session, self.rows)


def _authority_changes(stored: Authority, parsed: ParsedAuthority) -> dict[str, str]:
    wanted = {"region": parsed.region, "status": parsed.status}
    if stored.status != "current":  # a current authority keeps its stored (DfE) name
        wanted["name"] = parsed.name
    return {k: v for k, v in wanted.items() if getattr(stored, k) != v}


async def _upsert_authorities(session: AsyncSession, parsed: ParsedOutcomes, counts: Counts, log: _Audit) -> None:
    stored = {a.code: a for a in await session.scalars(sa.select(Authority))}
    new_rows: list[dict[str, Any]] = []
    for authority in parsed.authorities:
        existing = stored.get(authority.code)
        if existing is None:
            row = {
                "code": authority.code,
                "name": authority.name,
                "region": authority.region,
                "status": authority.status,
                "version": 1,
            }
            new_rows.append(row)
            log.created("authority", authority.code, {**row, "la_number": None, "ofsted_urn": None})
            counts.added += 1
            continue
        changes = _authority_changes(existing, authority)
        if not changes:
            counts.skipped += 1
            continue
        log.add(
            audit.Action.update,
            "authority",
            authority.code,
            audit.diff({k: getattr(existing, k) for k in changes}, changes),
        )
        for name, value in changes.items():
            setattr(existing, name, value)
        existing.version += 1
        counts.updated += 1
    if new_rows:
        await session.execute(sa.insert(Authority), new_rows)
    await session.flush()


def _new_inspection(
    parsed: ParsedInspection, summary: ImportSummary, log: _Audit, rows: dict[str, list[dict[str, Any]]]
) -> None:
    inspection_id = uuid.uuid4()
    row = {
        "id": inspection_id,
        "authority_code": parsed.authority_code,
        "type": parsed.type,
        "framework": parsed.framework,
        "framework_chosen": False,
        "status": InspectionStatus.published.value,
        "fieldwork_start": parsed.fieldwork_start,
        "published_on": parsed.published_on,
        "partner_inspectorates": [],
        "version": 1,
    }
    rows["inspections"].append(row)
    rows["judgements"] += [{"inspection_id": inspection_id, "area": a, "grade": g} for a, g in parsed.judgements]
    rows["themes"] += [{"inspection_id": inspection_id, "theme_slug": slug} for slug in parsed.themes]
    log.created(
        inspections.RESOURCE,
        inspection_id,
        {k: v for k, v in row.items() if k not in ("id", "version")} | {"themes": list(parsed.themes)},
    )
    for area, grade in parsed.judgements:
        log.created(
            inspections.JUDGEMENT_RESOURCE, inspections.judgement_resource_id(inspection_id, area), {"grade": grade}
        )
    summary.inspections.added += 1
    summary.judgements.added += len(parsed.judgements)


def _update_judgements(stored: Inspection, parsed: ParsedInspection, summary: ImportSummary, log: _Audit) -> bool:
    wanted = dict(parsed.judgements)
    changed = False
    for judgement in list(stored.judgements):
        resource_id = inspections.judgement_resource_id(stored.id, judgement.area)
        if judgement.area not in wanted:
            stored.judgements.remove(judgement)
            log.add(
                audit.Action.delete, inspections.JUDGEMENT_RESOURCE, resource_id, {"grade": [judgement.grade, None]}
            )
            summary.judgements.updated += 1
            changed = True
        elif judgement.grade != wanted[judgement.area]:
            log.add(
                audit.Action.update,
                inspections.JUDGEMENT_RESOURCE,
                resource_id,
                {"grade": [judgement.grade, wanted[judgement.area]]},
            )
            judgement.grade = wanted[judgement.area]
            summary.judgements.updated += 1
            changed = True
        else:
            summary.judgements.skipped += 1
    present = {j.area for j in stored.judgements}
    for area, grade in parsed.judgements:
        if area not in present:
            stored.judgements.append(Judgement(area=area, grade=grade))
            log.created(
                inspections.JUDGEMENT_RESOURCE, inspections.judgement_resource_id(stored.id, area), {"grade": grade}
            )
            summary.judgements.added += 1
            changed = True
    return changed


def _update_inspection(stored: Inspection, parsed: ParsedInspection, summary: ImportSummary, log: _Audit) -> None:
    before = inspections.snapshot(stored)
    stored.status = InspectionStatus.published.value
    stored.published_on = parsed.published_on
    if not stored.framework_chosen:
        stored.framework = parsed.framework
    if set(stored.themes) != set(parsed.themes):
        stored.theme_links = [link for link in stored.theme_links if link.theme_slug in parsed.themes] + [
            InspectionTheme(theme_slug=slug) for slug in parsed.themes if slug not in stored.themes
        ]
    changes = audit.diff(before, inspections.snapshot(stored))
    judgements_changed = _update_judgements(stored, parsed, summary, log)
    if changes:
        log.add(audit.Action.update, inspections.RESOURCE, stored.id, changes)
    if changes or judgements_changed:
        stored.version += 1
        summary.inspections.updated += 1
    else:
        summary.inspections.skipped += 1


async def import_parsed(
    session: AsyncSession, parsed: ParsedOutcomes, source: str, progress: Progress | None = None
) -> ImportSummary:
    """Upsert what ``parse_outcomes`` read, within the caller's transaction (no commit)."""
    summary = ImportSummary(source=source, file_published_on=parsed.published_on)
    total = len(parsed.authorities) + len(parsed.inspections)
    log = _Audit()
    await _upsert_authorities(session, parsed, summary.authorities, log)
    if progress:
        progress(len(parsed.authorities), total)
    codes = sorted({i.authority_code for i in parsed.inspections})
    stored_inspections = (
        await session.scalars(
            sa.select(Inspection)
            .where(Inspection.authority_code.in_(codes))
            .options(selectinload(Inspection.judgements), selectinload(Inspection.theme_links))
        )
    ).all()
    await check_record(session, parsed.inspections, stored_inspections, Context.today())
    by_key: dict[Key, Inspection] = {}
    for stored in stored_inspections:
        if stored.fieldwork_start is not None:
            by_key[(stored.authority_code, stored.type, stored.fieldwork_start)] = stored
    rows: dict[str, list[dict[str, Any]]] = {"inspections": [], "judgements": [], "themes": []}
    for done, inspection in enumerate(parsed.inspections, start=1):
        match = by_key.get((inspection.authority_code, inspection.type, inspection.fieldwork_start))
        if match is None:
            _new_inspection(inspection, summary, log, rows)
        else:
            _update_inspection(match, inspection, summary, log)
        if progress and (done % 50 == 0 or done == len(parsed.inspections)):
            progress(len(parsed.authorities) + done, total)
    await session.flush()
    for model, key in ((Inspection, "inspections"), (Judgement, "judgements"), (InspectionTheme, "themes")):
        if rows[key]:
            await session.execute(sa.insert(model), rows[key])
    await log.write(session)
    return summary
