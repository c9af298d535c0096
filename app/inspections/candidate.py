"""What the rules of ``app.inspections.rules`` look at: an inspection as it would be after a write, and the few
facts from outside it that some rules need."""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from app.inspections.tracks import track_of
from app.inspections.vocabulary import Area, Framework, InspectionStatus, InspectionType


@dataclass(frozen=True, slots=True)
class Candidate:
    """An inspection as it would be after the write under check."""

    type: InspectionType
    framework: Framework
    status: InspectionStatus
    notified_on: date | None = None
    fieldwork_start: date | None = None
    fieldwork_end: date | None = None
    published_on: date | None = None
    themes: tuple[str, ...] = ()
    partner_inspectorates: tuple[str, ...] = ()
    judgements: tuple[tuple[Area, str], ...] = ()
    finding_areas: tuple[Area | None, ...] = ()


@dataclass(frozen=True, slots=True)
class PriorResult:
    """The authority's latest graded result on record before the candidate."""

    type: str
    framework: str
    published_on: date | None
    judgements: Mapping[str, str]

    @property
    def track(self) -> str:
        return track_of(self.framework, self.judgements)


@dataclass(frozen=True, slots=True)
class Surroundings:
    today: date
    theme_applies_to: Mapping[str, Sequence[str]] = field(default_factory=dict)  # of the themes named, if known
    prior: PriorResult | None = None
