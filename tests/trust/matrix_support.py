"""What the role matrix calls with: the app's own operations, a small world of records inserted straight
through the ORM into the test's transaction, the concrete path of each cell and a valid body for every write.

The world: Leicestershire (the ``own`` authority) with a published graded inspection and an embargoed (planned)
one, each with judgements and a finding; an unused theme; an improvement plan; an action item answering the
published inspection's finding, with one progress update; a self-evaluation; a spare reader key; a spare
authority nothing refers to (so that deleting it can succeed).
"""

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from fastapi import FastAPI
from fastapi.routing import iter_route_contexts

from app.core.database import Database
from app.core.security import PREFIX_LENGTH, Role, hash_secret, new_secret
from app.models import (
    ActionItem,
    ActionItemUpdate,
    ApiKey,
    Authority,
    EngagementMeeting,
    Finding,
    ImprovementPlan,
    Inspection,
    Judgement,
    SelfEvaluation,
    Theme,
    Webhook,
)
from tests.conftest import GATESHEAD, LEICESTERSHIRE, Headers, MakeKey
from tests.oidc.issuer import Issuer
from tests.trust.role_matrix import Cell, Operation

OWN, OTHER = LEICESTERSHIRE, GATESHEAD
SPARE_AUTHORITY = "E06000990"  # not a real code: made for the delete
NEW_AUTHORITY = "E06000991"
AREA = "help_and_protection"  # an area of every framework
ILACS_2023_AREAS = (
    "overall_effectiveness",
    "impact_of_leaders",
    "help_and_protection",
    "children_in_care",
    "care_leavers",
)
ILACS_2026_AREAS = ("impact_of_leaders", "help_and_protection", "children_in_care", "care_leavers")
Body = dict[str, Any] | tuple[str, bytes]  # JSON, or (content type, file) for an upload


def app_operations(app: FastAPI) -> set[Operation]:
    """Every (method, path template) the app serves under /v1."""
    found: set[Operation] = set()
    for route in iter_route_contexts(app.routes):
        path, methods = route.path, route.methods
        if path and methods and path.startswith("/v1/"):
            found.update((method, path) for method in methods - {"HEAD", "OPTIONS"})
    return found


@dataclass(frozen=True)
class World:
    published_id: uuid.UUID
    published_finding_id: uuid.UUID
    embargoed_id: uuid.UUID
    embargoed_finding_id: uuid.UUID
    theme_slug: str
    plan_id: uuid.UUID
    item_id: uuid.UUID
    update_id: uuid.UUID
    evaluation_id: uuid.UUID
    key_id: uuid.UUID
    webhook_id: uuid.UUID
    meeting_id: uuid.UUID


def _inspection(status: str, framework: str, fieldwork: date, published_on: date | None) -> Inspection:
    return Inspection(
        authority_code=OWN,
        type="standard_inspection",
        framework=framework,
        status=status,
        notified_on=date(fieldwork.year, fieldwork.month, 1),
        fieldwork_start=fieldwork,
        fieldwork_end=fieldwork if published_on else None,
        published_on=published_on,
    )


def _world_ids(make_id: Callable[[int], uuid.UUID]) -> World:
    ids = [make_id(n) for n in range(11)]
    return World(*ids[:4], "matrix-theme", *ids[4:])


# Ids known in advance, for generated requests that should name real records (test_schemathesis.py).
FIXED_WORLD = _world_ids(lambda n: uuid.UUID(int=0x1CA5_0000_0000_4000_8000_0000_0000_0000 + n))


async def build_world(database: Database, ids: World | None = None) -> World:
    """Insert the world (with the given ids, or fresh ones) and commit it into the test's transaction."""
    ids = ids or _world_ids(lambda _: uuid.uuid4())
    async with database.session() as session:
        published = _inspection("published", "ilacs_2023", date(2025, 1, 13), date(2025, 3, 7))
        embargoed = _inspection("planned", "ilacs_2026", date(2027, 1, 11), None)
        published.id, embargoed.id = ids.published_id, ids.embargoed_id
        session.add_all([published, embargoed])
        await session.flush()
        session.add_all(
            [
                Judgement(inspection_id=published.id, area=area, grade="requires_improvement")
                for area in ILACS_2023_AREAS
            ]
        )
        session.add_all([Judgement(inspection_id=embargoed.id, area=area, grade="good") for area in ILACS_2026_AREAS])
        session.add_all(
            [
                Finding(
                    id=ids.published_finding_id,
                    inspection_id=published.id,
                    kind="priority_action",
                    text="Act now",
                    area=AREA,
                ),
                Finding(
                    id=ids.embargoed_finding_id,
                    inspection_id=embargoed.id,
                    kind="strength",
                    text="Strong front door",
                    area=AREA,
                ),
                Theme(slug=ids.theme_slug, name="Matrix theme", applies_to=["focused_visit"]),
                Authority(code=SPARE_AUTHORITY, name="Spare unitary", region="london"),
                ImprovementPlan(
                    id=ids.plan_id, authority_code=OWN, title="Improvement plan 2025", inspection_id=published.id
                ),
            ]
        )
        await session.flush()
        session.add_all(
            [
                ActionItem(
                    id=ids.item_id,
                    authority_code=OWN,
                    inspection_id=published.id,
                    finding_id=ids.published_finding_id,
                    title="Answer the priority action",
                    due_on=date(2027, 6, 30),
                    status="in_progress",
                ),
                SelfEvaluation(
                    id=ids.evaluation_id,
                    authority_code=OWN,
                    year=2025,
                    quality_and_impact="Known",
                    evidence="Audits",
                    plans="More audits",
                ),
            ]
        )
        await session.flush()
        secret = new_secret()
        session.add_all(
            [
                ActionItemUpdate(
                    id=ids.update_id, action_item_id=ids.item_id, note="Started", status="in_progress", author="leics"
                ),
                EngagementMeeting(
                    id=ids.meeting_id,
                    authority_code=OWN,
                    held_on=date(2025, 10, 7),
                    attendees=["Director of Children's Services", "Ofsted Regional Director"],
                    discussion="The self-evaluation and the plan",
                    agreed_next_steps=["Audit the front door"],
                ),
                ApiKey(
                    id=ids.key_id,
                    name="spare-reader",
                    role=Role.reader.value,
                    secret_hash=hash_secret(secret),
                    prefix=secret[:PREFIX_LENGTH],
                ),
                # Owned by a caller none of the matrix's is: only admin sees it.
                Webhook(
                    id=ids.webhook_id,
                    url="https://93.184.215.14/hooks/ilacs",
                    event_types=["*"],
                    active=True,
                    owner_kind="service",
                    owner_id="matrix-owner",
                    owner_name="matrix-owner",
                    owner_role=Role.admin.value,
                    secret="whsec_" + "A" * 43 + "=",
                ),
            ]
        )
        await session.commit()
    return ids


def token_headers_of(role: str, issuer: Issuer) -> Headers:
    """The same callers signed in through the identity provider: an access token whose roles claim gives the role."""
    if role == "none":
        return {}
    roles = {"own": f"authority.{OWN}", "other": f"authority.{OTHER}"}.get(role, role)
    return issuer.headers(roles=[roles], name=f"matrix-{role}")


async def headers_of(role: str, make_key: MakeKey) -> Headers:
    """The Authorization header of a caller of the matrix (none: no header at all)."""
    if role == "none":
        return {}
    if role == "own":
        return await make_key(Role.authority, authority_code=OWN, name="matrix-own")
    if role == "other":
        return await make_key(Role.authority, authority_code=OTHER, name="matrix-other")
    return await make_key(Role(role), name=f"matrix-{role}")


def concrete_path(cell: Cell, world: World) -> str:
    method, template, target = cell
    on_embargoed = target == "embargoed"
    values = {
        "code": SPARE_AUTHORITY if (method, template) == ("DELETE", "/v1/authorities/{code}") else OWN,
        "inspection_id": world.embargoed_id if on_embargoed else world.published_id,
        "finding_id": world.embargoed_finding_id if on_embargoed else world.published_finding_id,
        "area": AREA,
        "slug": world.theme_slug,
        "plan_id": world.plan_id,
        "item_id": world.item_id,
        "update_id": world.update_id,
        "evaluation_id": world.evaluation_id,
        "key_id": world.key_id,
        "webhook_id": world.webhook_id,
        "meeting_id": world.meeting_id,
    }
    return template.format(**values)


# The report scrape's header and one report of Leicestershire's.
SCRAPE_SAMPLE = (
    b"urn,local_authority,inspection_link,pdf_filename,publication_date,inspection_framework,inspector_name,"
    b"inspection_start_date,inspection_end_date,overall_effectiveness_grade,impact_of_leaders_grade,"
    b"help_and_protection_grade,in_care_grade,care_leavers_grade,parser_version\n"
    b"80483,leicestershire,https://files.ofsted.gov.uk/v1/file/1,x.pdf,12/07/24,standard,Jo Bloggs,22/04/2024,"
    b"03/05/2024,outstanding,outstanding,good,outstanding,outstanding,1\n"
)


def _inspection_create(world: World) -> Body:
    return {"authority_code": OWN, "type": "standard_inspection", "status": "planned"}


# A valid body for every write, so that the status tells about authorization, never about validation.
BODIES: dict[Operation, Callable[[World], Body]] = {
    ("POST", "/v1/authorities"): lambda w: {"code": NEW_AUTHORITY, "name": "New unitary", "region": "london"},
    ("PATCH", "/v1/authorities/{code}"): lambda w: {"regional_adoption_agency": "Adoption East Midlands"},
    ("POST", "/v1/api-keys"): lambda w: {"name": "matrix-new-key", "role": "reader"},
    ("POST", "/v1/webhooks"): lambda w: {"url": "https://93.184.215.14/hooks/new", "event_types": ["*"]},
    ("PATCH", "/v1/webhooks/{webhook_id}"): lambda w: {"description": "Case management"},
    ("POST", "/v1/webhooks/{webhook_id}/rotate-secret"): lambda w: {},
    ("POST", "/v1/webhooks/{webhook_id}/ping"): lambda w: {},
    ("POST", "/v1/webhooks/{webhook_id}/replay"): lambda w: {"since": "2026-01-01T00:00:00Z"},
    ("POST", "/v1/themes"): lambda w: {"slug": "matrix-new", "name": "New theme", "applies_to": ["jtai"]},
    ("PATCH", "/v1/themes/{slug}"): lambda w: {"name": "Renamed theme"},
    ("POST", "/v1/inspections"): _inspection_create,
    ("PATCH", "/v1/inspections/{inspection_id}"): lambda w: {"lead_inspector": "A. Inspector"},
    ("PUT", "/v1/inspections/{inspection_id}/judgements/{area}"): lambda w: {"grade": "outstanding"},
    ("POST", "/v1/inspections/{inspection_id}/findings"): lambda w: {"kind": "strength", "text": "Good leaders"},
    ("PATCH", "/v1/inspections/{inspection_id}/findings/{finding_id}"): lambda w: {"text": "Very good leaders"},
    ("POST", "/v1/improvement-plans"): lambda w: {"authority_code": OWN, "title": "A second plan"},
    ("PATCH", "/v1/improvement-plans/{plan_id}"): lambda w: {"title": "Improvement plan 2025, revised"},
    ("POST", "/v1/action-items"): lambda w: {
        "authority_code": OWN,
        "title": "Audit case files",
        "due_on": "2027-03-31",
        "plan_id": str(w.plan_id),
    },
    ("PATCH", "/v1/action-items/{item_id}"): lambda w: {"owner": "Head of Safeguarding"},
    ("POST", "/v1/action-items/{item_id}/updates"): lambda w: {"note": "Half done", "status": "in_progress"},
    ("POST", "/v1/authorities/{code}/self-evaluations"): lambda w: {
        "year": 2026,
        "quality_and_impact": "Known",
        "evidence": "Audits",
        "plans": "More audits",
    },
    ("PATCH", "/v1/authorities/{code}/self-evaluations/{evaluation_id}"): lambda w: {"plans": "Even more audits"},
    ("POST", "/v1/authorities/{code}/engagement-meetings"): lambda w: {
        "held_on": "2026-10-06",
        "attendees": ["Director of Children's Services"],
        "discussion": "Progress on the plan",
    },
    ("PATCH", "/v1/authorities/{code}/engagement-meetings/{meeting_id}"): lambda w: {
        "letter_received_on": "2025-10-20"
    },
    ("POST", "/v1/imports"): lambda w: ("text/csv", SCRAPE_SAMPLE),
}
