"""Each audited resource type rendered for its events as its GET returns it (API.md "Events and webhooks"), in
batches (an import renders thousands at once), with what decides who may read it: the authority, and whether
the state is an inspection under embargo (or its judgement or finding).

Renderers run inside the committing transaction (``app.core.changes``), with the session's synchronous face.
Plans and action items are rendered with a reader's sight, so an embargoed inspection they answer is not named.
A row already gone (deleted in the same flush) is rendered from its audited last state.
"""

import uuid
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

import orjson
import sqlalchemy as sa
from sqlalchemy.orm import Session

from app.action_items import derived
from app.action_items import repository as items
from app.action_items.progress import to_read
from app.action_items.schemas import action_item_json
from app.authorities import repository as authorities
from app.authorities.schemas import authority_json
from app.core.changes import EXTRA_TYPES, RENDERERS, Change, Rendered
from app.core.responses import json_body
from app.core.security import CallerKind, Principal, Role
from app.findings.schemas import FindingRead
from app.improvement_plans import repository as plans
from app.improvement_plans.service import to_read as plan_read
from app.inspections import reads
from app.inspections.schemas import JudgementRead, inspection_json
from app.inspections.visibility import Sight
from app.inspections.vocabulary import InspectionStatus
from app.models import ActionItem, ActionItemUpdate, Finding, Inspection, Judgement, SelfEvaluation, Theme
from app.self_evaluations.schemas import SelfEvaluationRead
from app.themes.schemas import ThemeRead

PUBLISHED = InspectionStatus.published.value
# Whose sight plans and action items are rendered with: a reader's (what every subscriber may see).
READER = Principal(kind=CallerKind.service, id="events", name="events", role=Role.reader)


def plain(data: Any) -> dict[str, Any]:
    """JSON-ready data written exactly as the API writes it (``json_body``)."""
    value: dict[str, Any] = orjson.loads(json_body(data))
    return value


def last_state(change: Change, **extra: Any) -> dict[str, Any]:
    """A row not there to read: its key and its audited values (before a deletion, after any other change)."""
    index = 0 if change.action == "delete" else 1
    return {"id": change.resource_id, **{k: v[index] for k, v in change.changes.items()}, **extra}


def _uuids(changes: Sequence[Change]) -> list[uuid.UUID]:
    return [uuid.UUID(c.resource_id) for c in changes]


def _inspections_state(session: Session, ids: set[uuid.UUID]) -> dict[uuid.UUID, tuple[str, bool]]:
    """Each inspection's authority and whether it is under embargo."""
    rows = session.execute(
        sa.select(Inspection.id, Inspection.authority_code, Inspection.status).where(Inspection.id.in_(ids))
    )
    return {r.id: (r.authority_code, r.status != PUBLISHED) for r in rows}


def _fill(changes: Sequence[Change], found: dict[str, Rendered], missing: Any) -> dict[str, Rendered]:
    return {c.resource_id: found.get(c.resource_id) or missing(c) for c in changes}


def authority(session: Session, changes: Sequence[Change]) -> dict[str, Rendered]:
    codes = [c.resource_id for c in changes]
    rows = session.execute(authorities.READ.where(authorities.AUTHORITY.code.in_(codes)))
    found = {r.code: Rendered(plain(authority_json(r)), r.code) for r in rows}
    return _fill(changes, found, lambda c: Rendered(last_state(c, code=c.resource_id), c.resource_id))


def inspection(session: Session, changes: Sequence[Change]) -> dict[str, Rendered]:
    rows = session.execute(sa.select(*reads.COLUMNS).where(reads.INSPECTION.id.in_(_uuids(changes))))
    found = {str(r.id): Rendered(plain(inspection_json(r)), r.authority_code, r.status != PUBLISHED) for r in rows}

    def gone(c: Change) -> Rendered:
        data = last_state(c)
        return Rendered(data, data.get("authority_code"), data.get("status") != PUBLISHED)

    return _fill(changes, found, gone)


def published(change: Change, rendered: Rendered) -> list[str]:
    """``inspection.published``: the change that made the inspection published."""
    status = change.changes.get("status")
    became = status is not None and status[1] == PUBLISHED and status[0] != PUBLISHED
    return ["inspection.published"] if became and change.action != "delete" else []


def judgement(session: Session, changes: Sequence[Change]) -> dict[str, Rendered]:
    keys = {c.resource_id: c.resource_id.split("/", 1) for c in changes}
    states = _inspections_state(session, {uuid.UUID(i) for i, _ in keys.values()})
    pairs = [(uuid.UUID(i), area) for i, area in keys.values()]
    rows = session.execute(
        sa.select(Judgement.inspection_id, Judgement.area, Judgement.grade).where(
            sa.tuple_(Judgement.inspection_id, Judgement.area).in_(pairs)
        )
    )
    grades = {f"{r.inspection_id}/{r.area}": r.grade for r in rows}
    out: dict[str, Rendered] = {}
    for change in changes:
        inspection_id, area = keys[change.resource_id]
        grade = grades.get(change.resource_id) or change.changes.get("grade", [None, None])[0]
        authority_code, embargoed = states.get(uuid.UUID(inspection_id), (None, True))
        data = {"inspection_id": inspection_id, **plain(JudgementRead.of(area, grade).model_dump(mode="json"))}
        out[change.resource_id] = Rendered(data, authority_code, embargoed)
    return out


def finding(session: Session, changes: Sequence[Change]) -> dict[str, Rendered]:
    rows = {str(f.id): f for f in session.scalars(sa.select(Finding).where(Finding.id.in_(_uuids(changes))))}
    parents = {f.inspection_id for f in rows.values()}
    parents |= {uuid.UUID(str(last_state(c)["inspection_id"])) for c in changes if "inspection_id" in c.changes}
    states = _inspections_state(session, parents)
    out: dict[str, Rendered] = {}
    for change in changes:
        row = rows.get(change.resource_id)
        data = FindingRead.model_validate(row).model_dump(mode="json") if row else last_state(change)
        authority_code, embargoed = states.get(uuid.UUID(str(data["inspection_id"])), (None, True))
        out[change.resource_id] = Rendered(data, authority_code, embargoed)
    return out


def theme(session: Session, changes: Sequence[Change]) -> dict[str, Rendered]:
    rows = session.scalars(sa.select(Theme).where(Theme.slug.in_([c.resource_id for c in changes])))
    found = {t.slug: Rendered(ThemeRead.model_validate(t).model_dump(mode="json"), None) for t in rows}
    return _fill(changes, found, lambda c: Rendered(last_state(c, slug=c.resource_id), None))


def self_evaluation(session: Session, changes: Sequence[Change]) -> dict[str, Rendered]:
    rows = session.scalars(sa.select(SelfEvaluation).where(SelfEvaluation.id.in_(_uuids(changes))))
    found = {
        str(e.id): Rendered(SelfEvaluationRead.model_validate(e).model_dump(mode="json"), e.authority_code)
        for e in rows
    }
    return _fill(changes, found, lambda c: Rendered(last_state(c), last_state(c).get("authority_code")))


def improvement_plan(session: Session, changes: Sequence[Change]) -> dict[str, Rendered]:
    from app.models import ImprovementPlan

    stmt = plans.read_select(READER).where(ImprovementPlan.id.in_(_uuids(changes)))
    rows = session.execute(stmt.execution_options(populate_existing=True))
    found = {}
    for row in rows:
        read = plan_read(row)
        found[str(read.id)] = Rendered(read.model_dump(mode="json"), read.authority_code)
    return _fill(changes, found, lambda c: Rendered(last_state(c), last_state(c).get("authority_code")))


def action_item(session: Session, changes: Sequence[Change]) -> dict[str, Rendered]:
    stmt = items._read(Sight.published).where(items.ITEM.id.in_(_uuids(changes)))
    rows = session.execute(stmt, derived.as_of(datetime.now(UTC).date()))
    found = {str(r.id): Rendered(plain(action_item_json(r)), r.authority_code) for r in rows}
    return _fill(changes, found, lambda c: Rendered(last_state(c), last_state(c).get("authority_code")))


def action_item_update(session: Session, changes: Sequence[Change]) -> dict[str, Rendered]:
    rows = session.execute(
        sa.select(ActionItemUpdate, ActionItem.authority_code)
        .join(ActionItem, ActionItem.id == ActionItemUpdate.action_item_id)
        .where(ActionItemUpdate.id.in_(_uuids(changes)))
    )
    found = {str(u.id): Rendered(to_read(u).model_dump(mode="json"), code) for u, code in rows}
    return _fill(changes, found, lambda c: Rendered(last_state(c), None))


def generic(session: Session, changes: Sequence[Change]) -> dict[str, Rendered]:
    """A resource type without its own renderer: its audited values."""
    out = {}
    for change in changes:
        data = last_state(change)
        out[change.resource_id] = Rendered(data, data.get("authority_code"))
    return out


RENDERERS.update(
    authority=authority,
    inspection=inspection,
    judgement=judgement,
    finding=finding,
    theme=theme,
    self_evaluation=self_evaluation,
    improvement_plan=improvement_plan,
    action_item=action_item,
    action_item_update=action_item_update,
)
EXTRA_TYPES["inspection"] = published
