"""The official record checked against the service's rulebook before anything of it is written."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy.ext.asyncio import AsyncSession

from app.imports.ofsted_parser import OutcomesFileError, ParsedInspection
from app.inspections import repository, rules
from app.inspections.rules import Candidate, PriorResult, Surroundings
from app.inspections.vocabulary import GRADED_TYPES, Area, Framework, InspectionStatus, InspectionType
from app.models import Inspection

Key = tuple[str, str, date]


@dataclass(frozen=True, slots=True)
class _Result:
    fieldwork_start: date
    prior: PriorResult


def _candidate(p: ParsedInspection) -> Candidate:
    return Candidate(
        type=InspectionType(p.type),
        framework=Framework(p.framework),
        status=InspectionStatus.published,
        fieldwork_start=p.fieldwork_start,
        published_on=p.published_on,
        themes=p.themes,
        judgements=tuple((Area(a), g) for a, g in p.judgements),
    )


def _graded_results(parsed: Sequence[ParsedInspection], stored: Sequence[Inspection]) -> dict[str, list[_Result]]:
    """Graded results on record once the file is in: the file's, and the stored ones it does not restate."""
    keys = {(p.authority_code, p.type, p.fieldwork_start) for p in parsed}
    results: dict[str, list[_Result]] = {}
    for i in stored:
        key = (i.authority_code, i.type, i.fieldwork_start)
        if (
            i.status == InspectionStatus.published
            and i.type in GRADED_TYPES
            and i.fieldwork_start is not None
            and key not in keys
        ):
            results.setdefault(i.authority_code, []).append(
                _Result(
                    i.fieldwork_start,
                    PriorResult(i.type, i.framework, i.published_on, {j.area: j.grade for j in i.judgements}),
                )
            )
    for p in parsed:
        if p.type in GRADED_TYPES:
            results.setdefault(p.authority_code, []).append(
                _Result(p.fieldwork_start, PriorResult(p.type, p.framework, p.published_on, dict(p.judgements)))
            )
    return results


def _prior(results: Sequence[_Result], before: date) -> PriorResult | None:
    earlier = [r for r in results if r.fieldwork_start < before]
    if not earlier:
        return None
    return max(earlier, key=lambda r: (r.prior.published_on or date.min, r.fieldwork_start)).prior


async def check_record(
    session: AsyncSession, parsed: Sequence[ParsedInspection], stored: Sequence[Inspection], today: date
) -> None:
    """Raise ``OutcomesFileError`` naming the first activity of the file that breaks a rule (and how many do)."""
    themes = await repository.theme_applies_to(session, sorted({t for p in parsed for t in p.themes}))
    results = _graded_results(parsed, stored)
    problems: list[str] = []
    for p in parsed:
        candidate = _candidate(p)
        surroundings = Surroundings(
            today=today, theme_applies_to=themes, prior=_prior(results.get(p.authority_code, []), p.fieldwork_start)
        )
        found = [f"{v.message} [rule {v.rule}]" for v in rules.violations(candidate, surroundings)]
        if missing := rules.missing_for_status(candidate):
            found.append(f"a published {p.type} needs {', '.join(missing)} [rule {rules.Rule.state_needs}]")
        problems += [f"{p.authority_code} {p.type} of {p.fieldwork_start}: {message}" for message in found]
    if problems:
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise OutcomesFileError(f"the file's record breaks the framework's rules: {problems[0]}{more}")
