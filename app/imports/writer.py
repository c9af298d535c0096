"""Recording what a file says (DOMAIN.md "Importing"): each record matched to its authority and to the stored
inspection it is (``precedence.distance``), its source's claims stored beside the others, the inspection
rebuilt from all of them by precedence, checked by the rulebook on the whole, and every change audited as the
caller. A record that would break a rule is skipped with its reason and changes nothing. No commit here: the
caller's transaction holds the whole file."""

import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import sqlalchemy as sa

from app.core import audit
from app.core.context import Context
from app.imports import precedence
from app.imports.authority_names import AuthorityDirectory
from app.imports.precedence import Claims, Rank
from app.imports.records import ParsedFile, Skipped, Source, SourceRecord
from app.imports.summary import ImportSummary
from app.inspections import repository, rules
from app.inspections import service as inspections
from app.inspections.candidate import Candidate, Surroundings
from app.inspections.vocabulary import GRADED_TYPES, Area, Framework, InspectionStatus, InspectionType
from app.models import Authority, Inspection, InspectionSource, InspectionTheme, Judgement, Theme

SourceKey = tuple[str, str | None]


@dataclass(slots=True)
class Entry:
    """One inspection of the authority as the import sees it: stored (or new), its sources and the record
    they make together."""

    inspection: Inspection | None
    sources: dict[SourceKey, tuple[Rank, Claims]] = field(default_factory=dict)
    view: Claims = field(default_factory=dict)
    touched: bool = False


def _stored_claims(i: Inspection) -> Claims:
    """What a stored inspection without sources says: a person's entry through the API."""
    claims: Claims = {"type": i.type, "framework": i.framework}
    for name in precedence.DATE_FIELDS:
        if (value := getattr(i, name)) is not None:
            claims[name] = value.isoformat()
    for name in ("lead_inspector", "report_url"):
        if (value := getattr(i, name)) is not None:
            claims[name] = value
    if i.themes:
        claims["themes"] = list(i.themes)
    if i.judgements:
        claims["judgements"] = {j.area: j.grade for j in i.judgements}
    return claims


def _entry_of(i: Inspection) -> Entry:
    entry = Entry(inspection=i)
    for s in i.sources:
        entry.sources[(s.kind, s.reference)] = (precedence.rank(s.kind, s.edition, s.reference), dict(s.claims))
    if not entry.sources:
        entry.sources[("entered", None)] = (precedence.rank("entered", None, None), _stored_claims(i))
    entry.view = precedence.merge(entry.sources.values())
    return entry


def _snapshot(i: Inspection) -> dict[str, Any]:
    """The audited fields, with the sources the record lists."""
    return {**inspections.snapshot(i), "sources": sorted(f"{s.kind} {s.reference or ''}".strip() for s in i.sources)}


def _date(value: Any) -> date | None:
    return date.fromisoformat(value) if value else None


def check(view: Mapping[str, Any], themes: Mapping[str, list[str]], today: date) -> str | None:
    """Why the rebuilt record is not a valid published record, or None. The rules of the record itself apply
    (the eligibility rules describe what may be planned next, not what Ofsted has published); unknown dates stay
    unknown: a publication date or the edition's cut-off, and a fieldwork start where the source gives one."""
    candidate = Candidate(
        type=InspectionType(view["type"]),
        framework=Framework(view["framework"]),
        status=InspectionStatus.published,
        fieldwork_start=_date(view["fieldwork_start"]),
        fieldwork_end=_date(view["fieldwork_end"]),
        published_on=_date(view["published_on"]),
        themes=tuple(view["themes"] or ()),
        judgements=tuple((Area(a), g) for a, g in view["judgements"].items()),
    )
    found = rules.violations(candidate, Surroundings(today=today, theme_applies_to=themes, prior=None))
    if found:
        return f"{found[0].message} [rule {found[0].rule}]"
    if view["published_on"] is None and view["published_by"] is None:
        return f"no publication date [rule {rules.Rule.state_needs}]"
    if candidate.type in GRADED_TYPES:
        missing = [
            a.value
            for a in rules.areas_of(candidate.framework)
            if a.value not in view["judgements"] and a.value not in (view["not_judged"] or ())
        ]
        if missing:
            return f"a published {candidate.type} needs a judgement of {', '.join(missing)} [rule {rules.Rule.state_needs}]"
    return None


class Writer:
    def __init__(self, ctx: Context, parsed: ParsedFile, summary: ImportSummary) -> None:
        self.ctx, self.parsed, self.summary = ctx, parsed, summary
        self.source: Source = parsed.source
        self.key: SourceKey = (self.source.kind.value, self.source.reference)
        self.rank = precedence.rank(self.source.kind.value, self.source.edition, self.source.reference)
        self.entries: dict[str, list[Entry]] = {}

    async def run(self) -> None:
        session = self.ctx.session
        directory = await AuthorityDirectory.load(session)
        resolved: list[tuple[str, SourceRecord]] = []
        for record in self.parsed.records:
            code = directory.resolve(record.authority) or await self._new_authority(record, directory)
            if code is None:
                self.summary.skipped.append(
                    Skipped(record.location, f"no authority {str(record.authority)!r} on the register")
                )
            else:
                resolved.append((code, record))
        codes = sorted({code for code, _ in resolved})
        stored = await session.scalars(
            sa.select(Inspection)
            .where(Inspection.authority_code.in_(codes), Inspection.status != InspectionStatus.cancelled.value)
            .options(*repository.WITH_SOURCES)
        )
        for i in stored:
            self.entries.setdefault(i.authority_code, []).append(_entry_of(i))
        themes = {t.slug: list(t.applies_to) for t in await session.scalars(sa.select(Theme))}
        today = self.ctx.today()
        for code, record in resolved:
            self._take(code, record, themes, today)
        for code in codes:
            for entry in self.entries.get(code, []):
                if entry.touched:
                    self._store(code, entry)
        await session.flush()

    async def _new_authority(self, record: SourceRecord, directory: AuthorityDirectory) -> str | None:
        """An authority the register lacks, added when the file gives its code, name and region (the 2025
        edition lists gone authorities with their codes)."""
        ref = record.authority
        if not (ref.code and ref.name and ref.region) or len(ref.name) > 200 or "\x00" in ref.name:
            return None
        authority = Authority(
            code=ref.code, name=ref.name, region=ref.region, status=ref.status or "current", version=1
        )
        self.ctx.session.add(authority)
        await self.ctx.session.flush()
        directory.add(authority)
        audit.record_create(
            self.ctx,
            "authority",
            ref.code,
            {"code": ref.code, "name": ref.name, "region": ref.region, "status": authority.status},
        )
        self.summary.added["authority"] += 1
        return ref.code

    def _take(self, code: str, record: SourceRecord, themes: Mapping[str, list[str]], today: date) -> None:
        claims = precedence.claims_of(record)
        entries = self.entries.setdefault(code, [])
        scored = [(d, n) for n, e in enumerate(entries) if (d := precedence.distance(claims, e.view)) is not None]
        entry = entries[min(scored)[1]] if scored else Entry(inspection=None)
        sources = dict(entry.sources)
        if self.key in sources:
            claims = precedence.combine(sources[self.key][1], claims)
        sources[self.key] = (self.rank, claims)
        view = precedence.merge(sources.values())
        if (why := check(view, themes, today)) is not None:
            self.summary.skipped.append(Skipped(record.location, why))
            return
        entry.sources, entry.view, entry.touched = sources, view, True
        if not scored:
            entries.append(entry)

    def _store(self, code: str, entry: Entry) -> None:
        view = entry.view
        i = entry.inspection
        new = i is None
        if i is None:
            i = Inspection(
                id=uuid.uuid4(),
                authority_code=code,
                partner_inspectorates=[],
                version=1,
                judgements=[],
                theme_links=[],
                sources=[],
            )
            self.ctx.session.add(i)
        before = {} if new else _snapshot(i)
        grades_before = {j.area: j.grade for j in i.judgements}
        i.type, i.framework, i.framework_chosen = view["type"], view["framework"], False
        i.status = InspectionStatus.published.value
        for name in precedence.DATE_FIELDS:
            setattr(i, name, _date(view[name]))
        i.lead_inspector, i.report_url = view["lead_inspector"], view["report_url"]
        wanted_themes = list(view["themes"] or ())
        if set(i.themes) != set(wanted_themes):
            i.theme_links = [t for t in i.theme_links if t.theme_slug in wanted_themes] + [
                InspectionTheme(theme_slug=s) for s in wanted_themes if s not in i.themes
            ]
        self.summary.inspection_ids.append(i.id)
        self._sync_sources(i, entry)
        judgements_changed = self._sync_judgements(i, grades_before, view["judgements"], new)
        after = _snapshot(i)
        if new:
            audit.record_create(self.ctx, inspections.RESOURCE, i.id, after)
            self.summary.added["inspection"] += 1
            return
        diff = audit.diff(before, after)
        if diff:
            audit.record(self.ctx, audit.Action.update, inspections.RESOURCE, i.id, diff)
        if diff or judgements_changed:
            i.version += 1
            self.summary.updated["inspection"] += 1
        else:
            self.summary.unchanged["inspection"] += 1

    def _sync_sources(self, i: Inspection, entry: Entry) -> None:
        stored = {(s.kind, s.reference): s for s in i.sources}
        for (kind, reference), (_, claims) in entry.sources.items():
            edition = self.source.edition if (kind, reference) == self.key else None
            if (kind, reference) in stored:
                if stored[(kind, reference)].claims != claims:
                    stored[(kind, reference)].claims = claims
            else:
                i.sources.append(InspectionSource(kind=kind, reference=reference, edition=edition, claims=claims))

    def _sync_judgements(self, i: Inspection, before: dict[str, str], wanted: dict[str, str], new: bool) -> bool:
        changed = False
        for j in [] if new else list(i.judgements):
            rid = inspections.judgement_resource_id(i.id, j.area)
            if j.area not in wanted:
                i.judgements.remove(j)
                audit.record(
                    self.ctx, audit.Action.delete, inspections.JUDGEMENT_RESOURCE, rid, {"grade": [j.grade, None]}
                )
                self.summary.updated["judgement"] += 1
                changed = True
            elif j.grade != wanted[j.area]:
                audit.record(
                    self.ctx,
                    audit.Action.update,
                    inspections.JUDGEMENT_RESOURCE,
                    rid,
                    {"grade": [j.grade, wanted[j.area]]},
                )
                j.grade = wanted[j.area]
                self.summary.updated["judgement"] += 1
                changed = True
            else:
                self.summary.unchanged["judgement"] += 1
        for area, grade in wanted.items():
            if new or area not in before:
                i.judgements.append(Judgement(area=area, grade=grade))
                audit.record_create(
                    self.ctx,
                    inspections.JUDGEMENT_RESOURCE,
                    inspections.judgement_resource_id(i.id, area),
                    {"grade": grade},
                )
                self.summary.added["judgement"] += 1
                changed = True
        return changed


async def write(ctx: Context, parsed: ParsedFile, summary: ImportSummary) -> None:
    summary.skipped.extend(parsed.skipped)
    await Writer(ctx, parsed, summary).run()
