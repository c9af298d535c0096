"""The forecast of an authority's next inspection activity (DOMAIN.md "Cycle"); the numbers: ``cycle``."""

from datetime import date

from app.authorities import service as authorities
from app.authorities.regions import AuthorityStatus
from app.core.context import Context
from app.forecast import repository
from app.forecast.cycle import CYCLE, NO_BASIS_EXPECTS, NO_BASIS_REASON, Anchor, Expectation, add_months
from app.forecast.schemas import ExpectedActivity, Forecast, ForecastBasis
from app.inspections.tracks import Track, track_of
from app.inspections.vocabulary import Area, Framework, Grade, InspectionType
from app.models import Inspection


def _basis_sentence(inspection: Inspection, grade: str | None, track: Track) -> str:
    kind = InspectionType(inspection.type).value.replace("_", " ")
    result = f"judged {Grade(grade).value.replace('_', ' ')} overall" if grade else "judged by its areas"
    return (
        f"The latest graded inspection, a {kind} published on {inspection.published_on}, {result}: "
        f"the authority is on the {track} track."
    )


def _expected(expectation: Expectation, anchor_on: date | None, lead: str, as_of: date) -> ExpectedActivity:
    earliest = add_months(anchor_on, expectation.earliest_months) if anchor_on else None
    latest = add_months(anchor_on, expectation.latest_months) if anchor_on else None
    reason = expectation.reason.format(
        anchor_on=anchor_on or "date unknown",
        earliest_months=expectation.earliest_months,
        latest_months=expectation.latest_months,
    )
    return ExpectedActivity(
        type=expectation.type,
        earliest=earliest,
        latest=latest,
        reason=f"{lead} {reason}",
        overdue=latest is not None and as_of > latest,
    )


async def forecast(ctx: Context, code: str, as_of: date) -> Forecast:
    authority = await authorities.get_or_404(ctx, code)
    # A gone authority is not inspected any more: nothing is expected of it.
    expects_activity = authority.status == AuthorityStatus.current.value
    inspection = await repository.latest_graded(ctx.session, ctx.principal, code, as_of)
    if inspection is None:
        no_basis = ExpectedActivity(
            type=NO_BASIS_EXPECTS, earliest=None, latest=None, reason=NO_BASIS_REASON, overdue=False
        )
        return Forecast(authority_code=code, as_of=as_of, basis=None, expected=[no_basis] if expects_activity else [])

    grades = {j.area: j.grade for j in inspection.judgements}
    track = track_of(inspection.framework, grades)
    has_overall = inspection.framework != Framework.ilacs_2026
    grade = grades.get(Area.overall_effectiveness.value) if has_overall else None
    basis = ForecastBasis(
        inspection_id=inspection.id,
        type=inspection.type,
        framework=inspection.framework,
        published_on=inspection.published_on,
        grade=grade,
        track=track,
    )
    if not expects_activity:
        return Forecast(authority_code=code, as_of=as_of, basis=basis, expected=[])

    start = inspection.fieldwork_start  # S
    since = None
    if start is not None:
        since = await repository.since_basis(ctx.session, ctx.principal, code, inspection.id, start, as_of)
    latest_fieldwork = max(start, since.latest_fieldwork or start) if since and start else start  # L
    lead = _basis_sentence(inspection, grade, track)
    expected = [
        _expected(e, start if e.anchor is Anchor.basis_fieldwork else latest_fieldwork, lead, as_of)
        for e in CYCLE[track]
        if not (e.unless_focused_visit_or_jtai_since_basis and since and since.focused_visit_or_jtai)
    ]
    expected.sort(key=lambda item: (item.earliest or date.max, item.type.value))
    return Forecast(authority_code=code, as_of=as_of, basis=basis, expected=expected)
