"""What an import did (API.md "Imports"): counts by the audit's resource types, what was skipped and why."""

import uuid
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from app.imports.records import Skipped

RESOURCE_TYPES = ("authority", "inspection", "judgement", "finding")


@dataclass(slots=True)
class ImportSummary:
    kind: str
    reference: str
    dry_run: bool
    added: Counter[str] = field(default_factory=Counter)
    updated: Counter[str] = field(default_factory=Counter)
    unchanged: Counter[str] = field(default_factory=Counter)
    skipped: list[Skipped] = field(default_factory=list)
    records: list[dict[str, Any]] = field(default_factory=list)
    # Every inspection the file added or matched (for a kind that answers with its ``records``).
    inspection_ids: list[uuid.UUID] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(+self.added or +self.updated)

    def as_json(self) -> dict[str, Any]:
        def counts(c: Counter[str]) -> dict[str, int]:
            return {t: c[t] for t in RESOURCE_TYPES}

        return {
            "kind": self.kind,
            "reference": self.reference,
            "dry_run": self.dry_run,
            "added": counts(self.added),
            "updated": counts(self.updated),
            "unchanged": counts(self.unchanged),
            "skipped": [{"location": s.location, "reason": s.reason} for s in self.skipped],
            "records": self.records,
        }

    def skipped_by_reason(self) -> Counter[str]:
        """Reasons with the row-specific values taken out, for a short account."""
        return Counter(s.reason.split(":")[0] if "'" in s.reason else s.reason for s in self.skipped)

    def __str__(self) -> str:
        def counts(c: Counter[str]) -> str:
            return ", ".join(f"{c[t]} {t}" for t in RESOURCE_TYPES if c[t]) or "nothing"

        lines = [
            f"{'Dry run of' if self.dry_run else 'Imported'} {self.kind} {self.reference!r}:",
            f"  added: {counts(self.added)}",
            f"  updated: {counts(self.updated)}",
            f"  unchanged: {counts(self.unchanged)}",
            f"  skipped: {len(self.skipped)}",
        ]
        lines += [f"    {n} x {reason}" for reason, n in self.skipped_by_reason().most_common()]
        if not self.changed:
            lines.append("Nothing changed: the record already held this file.")
        return "\n".join(lines)
