"""What an import did, for the command line and the first-run log."""

from dataclasses import dataclass, field
from datetime import date


@dataclass(slots=True)
class Counts:
    added: int = 0
    updated: int = 0
    skipped: int = 0

    def __str__(self) -> str:
        return f"{self.added} added, {self.updated} updated, {self.skipped} skipped (unchanged)"


@dataclass(slots=True)
class ImportSummary:
    """Counts per kind; ``skipped`` counts what was already recorded exactly as in the file."""

    source: str
    file_published_on: date | None
    authorities: Counts = field(default_factory=Counts)
    inspections: Counts = field(default_factory=Counts)
    judgements: Counts = field(default_factory=Counts)

    @property
    def changed(self) -> bool:
        return any(c.added or c.updated for c in (self.authorities, self.inspections, self.judgements))

    def __str__(self) -> str:
        edition = f" (published {self.file_published_on})" if self.file_published_on else ""
        outcome = " Nothing changed: the record already held this file." if not self.changed else ""
        return (
            f"Imported {self.source}{edition}: authorities {self.authorities}; inspections {self.inspections}; "
            f"judgements {self.judgements}.{outcome}"
        )
