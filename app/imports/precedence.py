"""Which source's word stands, field by field, and which stored inspection a source's record is (DOMAIN.md
"Importing"). Pure functions: the writer stores each source's claims and rebuilds the record from all of them,
so that every order of the same files gives the same record.

- Precedence: an official edition (the later edition over the earlier), over a person's entry through the
  API, over a report PDF, over the report scrape. A lower source fills only what no higher one says.
- Identity: same authority and type (short and standard inspections are told apart by the sources
  themselves, so a disagreement on which it was is a disagreement on a field, not two inspections); fieldwork
  starts within 7 days, else publication dates within 7 days, else (one source knows only the fieldwork, the
  other only the publication) a report published within 180 days of the fieldwork start.
"""

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from app.imports.records import SourceKind, SourceRecord
from app.inspections.vocabulary import FRAMEWORKS, Framework, InspectionType

TIER: dict[SourceKind, int] = {
    SourceKind.official_statistics: 3,
    SourceKind.entered: 2,
    SourceKind.report_pdf: 1,
    SourceKind.report_scrape: 0,
}
SAME_ACTIVITY_DAYS = 7
REPORT_WITHIN_DAYS = 180
REPORT_MATCH_RANK = 1000
DATE_FIELDS = ("fieldwork_start", "fieldwork_end", "published_on", "published_by")
FIELDS = ("type", "framework", *DATE_FIELDS, "lead_inspector", "report_url", "themes")
GRADED_ILACS = frozenset({InspectionType.standard_inspection, InspectionType.short_inspection})

Claims = dict[str, Any]
Rank = tuple[int, date, str]


def rank(kind: str, edition: date | None, reference: str | None) -> Rank:
    """Higher is more authoritative; the reference only breaks ties, so that the order is total."""
    return TIER[SourceKind(kind)], edition or date.min, reference or ""


def claims_of(record: SourceRecord) -> Claims:
    """What the record says, as JSON: only what it knows."""
    claims: Claims = {"type": record.type.value, "framework": record.framework.value}
    for name in DATE_FIELDS:
        if (value := getattr(record, name)) is not None:
            claims[name] = value.isoformat()
    for name in ("lead_inspector", "report_url"):
        if (value := getattr(record, name)) is not None:
            claims[name] = value
    if record.themes:
        claims["themes"] = list(record.themes)
    if record.judgements:
        claims["judgements"] = {a.value: g.value for a, g in record.judgements.items()}
    if record.not_judged:
        claims["not_judged"] = sorted(a.value for a in record.not_judged)
    return claims


def combine(first: Mapping[str, Any], then: Mapping[str, Any]) -> Claims:
    """Two records of one source for the same inspection (an edition lists it in two tables): what either
    says, the first where both do."""
    combined: Claims = {**then, **first}
    for key in ("judgements",):
        if key in first or key in then:
            combined[key] = {**then.get(key, {}), **first.get(key, {})}
    return combined


def merge(sources: Iterable[tuple[Rank, Mapping[str, Any]]]) -> Claims:
    """The record the sources make together: each field from the highest source that says it; judgements area
    by area, in the areas of the framework that stands. ``published_by`` only while ``published_on`` is
    unknown."""
    ordered = sorted(sources, key=lambda s: s[0], reverse=True)
    record: Claims = {}
    for name in (*FIELDS, "not_judged"):
        record[name] = next((claims[name] for _, claims in ordered if name in claims), None)
    framework = Framework(record["framework"]) if record["framework"] else None
    areas = {a.value for a in FRAMEWORKS[framework].areas} if framework else set()
    judgements: dict[str, str] = {}
    for _, claims in ordered:
        for area, grade in claims.get("judgements", {}).items():
            if area in areas:
                judgements.setdefault(area, grade)
    record["judgements"] = judgements
    if record["published_on"] is not None:
        record["published_by"] = None
    return record


def _family(kind: str) -> str:
    return "graded_ilacs" if kind in GRADED_ILACS else kind


def _days(a: Any, b: Any) -> int:
    return abs((date.fromisoformat(a) - date.fromisoformat(b)).days)


def distance(incoming: Mapping[str, Any], stored: Mapping[str, Any]) -> int | None:
    """How far apart two accounts of an activity are (smaller is closer), or None when they are not the same
    activity by the identity rules above. A match by a report published after the other's fieldwork ranks
    behind every match by dates of the same kind (an edition may misdate a publication by weeks)."""
    if _family(incoming["type"]) != _family(stored["type"]):
        return None
    start_a, start_b = incoming.get("fieldwork_start"), stored.get("fieldwork_start")
    if start_a and start_b:
        days = _days(start_a, start_b)
        return days if days <= SAME_ACTIVITY_DAYS else None
    on_a, on_b = incoming.get("published_on"), stored.get("published_on")
    if on_a and on_b and (days := _days(on_a, on_b)) <= SAME_ACTIVITY_DAYS:
        return days
    start, on = (start_a, on_b) if start_a else (start_b, on_a)
    if start and on:
        lag = (date.fromisoformat(on) - date.fromisoformat(start)).days
        return REPORT_MATCH_RANK + lag if 0 <= lag <= REPORT_WITHIN_DAYS else None
    return None
