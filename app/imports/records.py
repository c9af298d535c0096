"""What a source says about one inspection, before it is matched to the record (no database here).

Every reader (an official edition, the report scrape, a report PDF) turns its file into ``SourceRecord``s and
``Skipped`` rows; the writer matches each record to the authority and the stored inspection and lets the
precedence rules (``precedence``) decide field by field.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from app.inspections.vocabulary import Area, FindingKind, Framework, Grade, InspectionType, SourceKind

__all__ = ["SourceKind"]


@dataclass(frozen=True, slots=True)
class Source:
    """One file or edition: its kind, its reference (edition or file name) and, for official editions, the
    date it was published (a later edition outranks an earlier one)."""

    kind: SourceKind
    reference: str | None
    edition: date | None = None


@dataclass(frozen=True, slots=True)
class AuthorityRef:
    """How a file names an authority: by code where it has one, else by name (and URN in the scrape)."""

    code: str | None = None
    name: str | None = None
    urn: int | None = None
    region: str | None = None
    status: str | None = None

    def __str__(self) -> str:
        return self.code or self.name or str(self.urn)


@dataclass(slots=True)
class SourceRecord:
    """One inspection as a source gives it; ``None`` is unknown. ``judgements`` in the framework's areas."""

    location: str
    authority: AuthorityRef
    type: InspectionType
    framework: Framework
    fieldwork_start: date | None = None
    fieldwork_end: date | None = None
    published_on: date | None = None
    published_by: date | None = None
    judgements: dict[Area, Grade] = field(default_factory=dict)
    # Areas the source marks as not judged ("-"): not missing, so the record is still complete.
    not_judged: frozenset[Area] = frozenset()
    themes: tuple[str, ...] = ()
    lead_inspector: str | None = None
    report_url: str | None = None
    # What needs to improve, as a report prints it (kind, text): only a report PDF says.
    findings: tuple[tuple[FindingKind, str], ...] = ()


@dataclass(frozen=True, slots=True)
class Skipped:
    location: str
    reason: str


class UnrecognisedFile(ValueError):
    """The file is none of the kinds the importer reads, or not what its kind promises (422)."""


@dataclass(slots=True)
class ParsedFile:
    """A file read: its source, its records and what was left out (each with its reason)."""

    source: Source
    records: list[SourceRecord] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
