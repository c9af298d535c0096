"""The rulebook of inspections (DOMAIN.md: Grades, Frameworks, Inspection types, Lifecycle).

Pure functions over a candidate state: what an inspection would look like after a create or a change, plus
the few facts from outside it that rules need (today, the themes it names, the authority's latest graded
result before it). The service builds the candidate and calls ``enforce`` on create and on every change
(PATCH, judgement PUT/DELETE, finding writes), and the importer checks the official record with
``violations``. Every refusal names its rule (``Rule``) in the problem's message and in its ``rules`` member.
"""

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from app.core.errors import Conflict, FieldError, InvalidTransition, ValidationFailed
from app.inspections.candidate import Candidate, PriorResult, Surroundings
from app.inspections.vocabulary import (
    FRAMEWORKS,
    GRADED_TYPES,
    Area,
    Framework,
    InspectionStatus,
    InspectionType,
    PartnerInspectorate,
)

__all__ = ["Candidate", "PriorResult", "Rule", "Surroundings", "Violation", "enforce", "violations"]


class Rule(StrEnum):
    framework_fits_type = "framework-fits-type"
    judgements_on_graded_types_only = "judgements-on-graded-types-only"
    judgement_areas_of_framework = "judgement-areas-of-framework"
    one_judgement_per_area = "one-judgement-per-area"
    themes_by_type = "themes-by-type"
    themes_exist = "themes-exist"
    theme_applies_to_type = "theme-applies-to-type"
    partner_inspectorates_of_jtai = "partner-inspectorates-of-jtai"
    short_inspection_eligibility = "short-inspection-eligibility"
    monitoring_visit_eligibility = "monitoring-visit-eligibility"
    dates_in_order = "dates-in-order"
    published_on_not_in_future = "published-on-not-in-future"
    finding_area_of_framework = "finding-area-of-framework"
    forward_only_transitions = "forward-only-transitions"
    state_needs = "state-needs"
    final_once_published = "final-once-published"
    deletable_states = "deletable-only-when-planned-or-cancelled"


@dataclass(frozen=True, slots=True)
class Violation:
    rule: Rule
    field: str
    message: str


# --- frameworks ---------------------------------------------------------------------------------------------

SIF_ONLY = frozenset({InspectionType.sif_inspection})
ILACS_FRAMEWORKS = (Framework.ilacs_2018, Framework.ilacs_2023, Framework.ilacs_2026)


def frameworks_for_type(kind: InspectionType) -> tuple[Framework, ...]:
    """`sif_inspection` is always `sif_2013`; every other type takes an ILACS framework."""
    return (Framework.sif_2013,) if kind in SIF_ONLY else ILACS_FRAMEWORKS


def default_framework(kind: InspectionType, fieldwork_start: date | None, today: date) -> Framework:
    """The framework in force on `fieldwork_start` (today while unknown) that fits the type."""
    if kind in SIF_ONLY:
        return Framework.sif_2013
    on = fieldwork_start or today
    for spec in FRAMEWORKS.values():
        if (
            spec.framework in ILACS_FRAMEWORKS
            and spec.in_force_from <= on
            and (spec.in_force_to is None or on <= spec.in_force_to)
        ):
            return spec.framework
    return Framework.ilacs_2018  # activities before 2018 (JTAIs began in 2016)


def areas_of(framework: Framework) -> tuple[Area, ...]:
    return FRAMEWORKS[framework].areas


# --- the rules that make a 422 ------------------------------------------------------------------------------


def _refuse(rule: Rule, field: str, message: str) -> list[Violation]:
    return [Violation(rule, field, message)]


THEME_COUNT: dict[InspectionType, tuple[int, int | None, str]] = {
    InspectionType.focused_visit: (1, 1, "exactly one theme"),
    InspectionType.monitoring_visit: (1, 1, "exactly one theme"),
    InspectionType.jtai: (1, None, "one or more themes"),
}
JTAI_MIN_PARTNERS = 2


def _framework_rules(c: Candidate) -> list[Violation]:
    if c.framework in frameworks_for_type(c.type):
        return []
    allowed = ", ".join(frameworks_for_type(c.type))
    return _refuse(Rule.framework_fits_type, "framework", f"a {c.type} takes framework {allowed}, not {c.framework}")


def _judgement_rules(c: Candidate) -> list[Violation]:
    if not c.judgements:
        return []
    if c.type not in GRADED_TYPES:
        return _refuse(Rule.judgements_on_graded_types_only, "judgements", f"a {c.type} is not graded: no judgements")
    out = [
        Violation(Rule.one_judgement_per_area, "judgements", f"{area} is judged more than once")
        for area, n in Counter(area for area, _ in c.judgements).items()
        if n > 1
    ]
    areas = areas_of(c.framework)
    listed = ", ".join(areas)
    outside = [area for area in dict(c.judgements) if area not in areas]
    out += [
        Violation(
            Rule.judgement_areas_of_framework,
            "judgements",
            f"{area} is not an area of {c.framework} (its areas: {listed})",
        )
        for area in outside
    ]
    return out


def _theme_rules(c: Candidate, s: Surroundings) -> list[Violation]:
    out: list[Violation] = []
    low, high, wording = THEME_COUNT.get(c.type, (0, 0, "no themes"))
    count = len(c.themes)
    if count < low or (high is not None and count > high):
        out.append(Violation(Rule.themes_by_type, "themes", f"a {c.type} takes {wording}, got {count}"))
    if len(set(c.themes)) != count:
        out.append(Violation(Rule.themes_by_type, "themes", "lists the same theme more than once"))
    for slug in dict.fromkeys(c.themes):
        if slug not in s.theme_applies_to:
            out.append(Violation(Rule.themes_exist, "themes", f"no theme {slug!r} in the catalogue"))
        elif c.type.value not in s.theme_applies_to[slug] and c.type in THEME_COUNT:
            out.append(Violation(Rule.theme_applies_to_type, "themes", f"theme {slug!r} does not apply to a {c.type}"))
    return out


def _partner_rules(c: Candidate) -> list[Violation]:
    partners = c.partner_inspectorates
    if c.type is not InspectionType.jtai:
        message = f"only a jtai has partner inspectorates, not a {c.type}"
        return _refuse(Rule.partner_inspectorates_of_jtai, "partner_inspectorates", message) if partners else []
    if (
        len(set(partners)) != len(partners)
        or len(partners) < JTAI_MIN_PARTNERS
        or PartnerInspectorate.ofsted.value not in partners
    ):
        message = "a jtai lists at least two different partner inspectorates, always including ofsted"
        return _refuse(Rule.partner_inspectorates_of_jtai, "partner_inspectorates", message)
    return []


def _eligibility_rules(c: Candidate, s: Surroundings) -> list[Violation]:
    if s.prior is None:  # allowed when no graded result is on record
        return []
    wanted = {
        InspectionType.short_inspection: ("short", Rule.short_inspection_eligibility),
        InspectionType.monitoring_visit: ("inadequate", Rule.monitoring_visit_eligibility),
    }.get(c.type)
    if wanted is None or s.prior.track == wanted[0]:
        return []
    track, rule = wanted
    return _refuse(
        rule,
        "type",
        f"a {c.type} needs the latest graded result on record to be on the {track} track; "
        f"the {s.prior.type} published on {s.prior.published_on} put the authority on the "
        f"{s.prior.track} track",
    )


DATE_ORDER = ("notified_on", "fieldwork_start", "fieldwork_end", "published_on")


def _date_rules(c: Candidate, s: Surroundings) -> list[Violation]:
    out: list[Violation] = []
    present = [(name, getattr(c, name)) for name in DATE_ORDER if getattr(c, name) is not None]
    for i, (later, later_on) in enumerate(present):
        for earlier, earlier_on in present[:i]:
            if later_on < earlier_on:
                message = f"{later} {later_on} is before {earlier} {earlier_on}; dates run {' <= '.join(DATE_ORDER)}"
                out.append(Violation(Rule.dates_in_order, later, message))
                break
    if c.published_on is not None and c.published_on > s.today:
        message = f"{c.published_on} is in the future (today is {s.today})"
        out.append(Violation(Rule.published_on_not_in_future, "published_on", message))
    return out


def _finding_rules(c: Candidate) -> list[Violation]:
    areas = areas_of(c.framework)
    return [
        Violation(
            Rule.finding_area_of_framework, "findings", f"a finding's area {area} is not an area of {c.framework}"
        )
        for area in dict.fromkeys(c.finding_areas)
        if area is not None and area not in areas
    ]


def violations(c: Candidate, s: Surroundings) -> list[Violation]:
    """Every content rule the candidate breaks (each a 422)."""
    return [
        *_framework_rules(c),
        *_judgement_rules(c),
        *_theme_rules(c, s),
        *_partner_rules(c),
        *_eligibility_rules(c, s),
        *_date_rules(c, s),
        *_finding_rules(c),
    ]


# --- lifecycle: the rules that make a 409 -------------------------------------------------------------------

ORDER = (
    InspectionStatus.planned,
    InspectionStatus.notified,
    InspectionStatus.fieldwork,
    InspectionStatus.moderation,
    InspectionStatus.published,
)
FINAL = frozenset({InspectionStatus.published, InspectionStatus.cancelled})
DELETABLE = frozenset({InspectionStatus.planned, InspectionStatus.cancelled})
NEEDS: dict[InspectionStatus, tuple[str, ...]] = {
    InspectionStatus.notified: ("notified_on",),
    InspectionStatus.fieldwork: ("fieldwork_start",),
    InspectionStatus.moderation: ("fieldwork_start", "fieldwork_end"),
    InspectionStatus.published: ("fieldwork_start", "published_on"),
}


def transition_refusal(current: InspectionStatus, target: InspectionStatus) -> str | None:
    """Why moving from `current` to `target` is refused, or None: forward only, cancel before publishing."""
    if current == target:
        return None
    if current in FINAL:
        return f"a {current} inspection cannot change status (to {target})"
    if target is InspectionStatus.cancelled or ORDER.index(target) > ORDER.index(current):
        return None
    return f"{current} -> {target} moves back; the lifecycle runs {' -> '.join(ORDER)} (or to cancelled)"


def missing_for_status(c: Candidate) -> list[str]:
    """What the candidate's status needs and it lacks: dates, and for a published graded type every area."""
    missing = [name for name in NEEDS.get(c.status, ()) if getattr(c, name) is None]
    if c.status is InspectionStatus.published and c.type in GRADED_TYPES:
        judged = {area for area, _ in c.judgements}
        missing += [f"a judgement of {area}" for area in areas_of(c.framework) if area not in judged]
    return missing


def _field_of(missing: str) -> str:
    return "judgements" if missing.startswith("a judgement of") else missing


def _problem_extra(rules: Sequence[Rule]) -> dict[str, object]:
    return {"rules": list(dict.fromkeys(r.value for r in rules))}


def enforce(c: Candidate, s: Surroundings, current: InspectionStatus | None) -> None:
    """Refuse the candidate if it breaks any rule: the transition (409), content (422), and what the state
    needs (409 `invalid-transition` when a status change lacks it, 422 on a create or a change that keeps
    the status).

    ``current`` is the stored status (None on create: an inspection may be recorded in any state).
    """
    if current is not None and (why := transition_refusal(current, c.status)) is not None:
        raise InvalidTransition(
            f"{why} [rule {Rule.forward_only_transitions}]", extra=_problem_extra([Rule.forward_only_transitions])
        )
    found = violations(c, s)
    if found:
        detail = "; ".join(f"{v.field}: {v.message} [rule {v.rule}]" for v in found)
        raise ValidationFailed(
            detail,
            errors=[FieldError(v.field, f"{v.message} [rule {v.rule}]") for v in found],
            extra=_problem_extra([v.rule for v in found]),
        )
    missing = missing_for_status(c)
    if missing:
        detail = f"a {c.status} {c.type} needs {', '.join(missing)} [rule {Rule.state_needs}]"
        extra = {**_problem_extra([Rule.state_needs]), "missing": missing}
        if current is not None and current is not c.status:
            raise InvalidTransition(detail, extra=extra)
        # Not a transition (a create, or a change that keeps the status): the body itself is incomplete.
        raise ValidationFailed(
            detail,
            errors=[
                FieldError(_field_of(m), f"is needed when status is {c.status} [rule {Rule.state_needs}]")
                for m in missing
            ],
            extra=extra,
        )


def ensure_outcomes_open(status: InspectionStatus, what: str) -> None:
    """Judgements and findings are final once the inspection is published (409)."""
    if status is InspectionStatus.published:
        raise Conflict(
            f"the inspection is published: its {what} are final [rule {Rule.final_once_published}]",
            extra=_problem_extra([Rule.final_once_published]),
        )


def ensure_deletable(status: InspectionStatus) -> None:
    if status not in DELETABLE:
        raise Conflict(
            f"only a planned or cancelled inspection can be deleted; this one is {status} "
            f"(cancel it first, if it has not been published) [rule {Rule.deletable_states}]",
            extra=_problem_extra([Rule.deletable_states]),
        )
