"""Which track of the inspection cycle a graded result puts an authority on (DOMAIN.md "Cycle").

Used by the short-inspection and monitoring-visit rules and by the forecast.
"""

from collections.abc import Mapping
from typing import Literal

from app.inspections.vocabulary import Area, Framework, Grade

Track = Literal["short", "standard", "inadequate"]

GOOD_OR_BETTER = frozenset({Grade.outstanding.value, Grade.good.value})
_TRACK_BY_OVERALL: dict[str, Track] = {
    Grade.outstanding.value: "short",
    Grade.good.value: "short",
    Grade.requires_improvement.value: "standard",
    Grade.inadequate.value: "inadequate",
}
# Assumption (DOMAIN.md): ilacs_2026 has no overall judgement; the short track needs impact of leaders good
# or better and at least this many of the other three areas good or better.
ILACS_2026_SHORT_TRACK_OTHER_AREAS_GOOD = 2


def track_of(framework: str, judgements: Mapping[str, str]) -> Track:
    """The track of a graded inspection of ``framework`` with ``judgements`` ({area: grade})."""
    if framework != Framework.ilacs_2026.value:
        overall = judgements.get(Area.overall_effectiveness.value)
        if overall not in _TRACK_BY_OVERALL:
            raise ValueError(f"a graded {framework} inspection needs an overall effectiveness judgement")
        return _TRACK_BY_OVERALL[overall]
    if Grade.inadequate.value in judgements.values():
        return "inadequate"
    others = [grade for area, grade in judgements.items() if area != Area.impact_of_leaders.value]
    leaders_good = judgements.get(Area.impact_of_leaders.value) in GOOD_OR_BETTER
    others_good = sum(grade in GOOD_OR_BETTER for grade in others)
    if leaders_good and others_good >= ILACS_2026_SHORT_TRACK_OTHER_AREAS_GOOD:
        return "short"
    return "standard"
