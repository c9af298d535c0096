"""Who may do what: the expected status of every operation of /v1 for every kind of caller (DOMAIN.md "Who may
see and do what", API.md).

An operation is a method and a path template exactly as the app declares it; test_role_matrix.py fails when the
app has an operation this table lacks, or this table names one the app does not have. A target picks which
fixture fills the path (matrix_support.py): ``""`` the usual one (Leicestershire's own records, the unused
theme, the spare authority for a delete), ``published`` / ``embargoed`` one of Leicestershire's two inspections.

The callers, in column order: ``none`` (no key: 401 everywhere), ``reader``, ``own`` (an authority key of
Leicestershire, whose records these are), ``other`` (an authority key of Gateshead), ``inspectorate``, ``admin``.
A role that may not write is refused (403) before anything is looked up, so a 403 never tells whether a record
exists; what a caller may not see (an embargoed inspection, another authority's self-evaluations) is a 404.
"""

from typing import NamedTuple

ROLES = ("none", "reader", "own", "other", "inspectorate", "admin")


class Expected(NamedTuple):
    none: int
    reader: int
    own: int
    other: int
    inspectorate: int
    admin: int


Operation = tuple[str, str]  # (method, path template)
Cell = tuple[str, str, str]  # (method, path template, target)

# Shorthands for the common rows.
EVERYONE_200 = Expected(401, 200, 200, 200, 200, 200)


def admin_only(status: int) -> Expected:
    return Expected(401, 403, 403, 403, 403, status)


def inspectors(status: int) -> Expected:
    """Inspections, judgements, findings and themes: inspectorate and admin write, authorities and readers 403."""
    return Expected(401, 403, 403, 403, status, status)


def plan_writers(status: int) -> Expected:
    """Plans, action items, progress and self-evaluations: the authority's own keys and admin; no one else."""
    return Expected(401, 403, status, 403, 403, status)


def embargoed(status: int) -> Expected:
    """Seen by admin, inspectorate and the authority's own keys; for everyone else it does not exist."""
    return Expected(401, 404, status, 404, status, status)


def not_theirs(status: int) -> Expected:
    """Another caller's webhook: it exists only for admin."""
    return Expected(401, 404, 404, 404, 404, status)


P, E = "published", "embargoed"
WEBHOOK = "/v1/webhooks/{webhook_id}"
INSPECTION = "/v1/inspections/{inspection_id}"
JUDGEMENT = INSPECTION + "/judgements/{area}"
FINDINGS = INSPECTION + "/findings"
FINDING = FINDINGS + "/{finding_id}"
SELF_EVALUATIONS = "/v1/authorities/{code}/self-evaluations"
ENGAGEMENT_MEETINGS = "/v1/authorities/{code}/engagement-meetings"


def meeting_writers(status: int) -> Expected:
    """Engagement meetings: the authority's own keys, inspectorate and admin write; readers and others 403."""
    return Expected(401, 403, status, 403, status, status)


MATRIX: dict[Cell, Expected] = {
    # Authorities: everyone reads; only admin changes them.
    ("GET", "/v1/authorities", ""): EVERYONE_200,
    ("POST", "/v1/authorities", ""): admin_only(201),
    ("GET", "/v1/authorities/{code}", ""): EVERYONE_200,
    ("PATCH", "/v1/authorities/{code}", ""): admin_only(200),
    ("DELETE", "/v1/authorities/{code}", ""): admin_only(204),
    ("GET", "/v1/authorities/{code}/timeline", ""): EVERYONE_200,
    ("GET", "/v1/authorities/{code}/forecast", ""): EVERYONE_200,
    ("GET", "/v1/authorities/{code}/action-plan-summary", ""): EVERYONE_200,
    ("GET", "/v1/authorities/{code}/committee-report", ""): EVERYONE_200,
    # API keys and the audit log: admin only.
    ("GET", "/v1/api-keys", ""): admin_only(200),
    ("POST", "/v1/api-keys", ""): admin_only(201),
    ("GET", "/v1/api-keys/{key_id}", ""): admin_only(200),
    ("DELETE", "/v1/api-keys/{key_id}", ""): admin_only(204),
    ("GET", "/v1/audit-events", ""): admin_only(200),
    # The event feed: every role reads it, each seeing what it may read.
    ("GET", "/v1/events", ""): EVERYONE_200,
    # Webhooks: every role subscribes and sees its own; the world's belongs to none of these callers, so it
    # exists only for admin.
    ("GET", "/v1/webhooks", ""): EVERYONE_200,
    ("POST", "/v1/webhooks", ""): Expected(401, 201, 201, 201, 201, 201),
    ("GET", WEBHOOK, ""): not_theirs(200),
    ("PATCH", WEBHOOK, ""): not_theirs(200),
    ("DELETE", WEBHOOK, ""): not_theirs(204),
    ("POST", WEBHOOK + "/rotate-secret", ""): not_theirs(200),
    ("POST", WEBHOOK + "/ping", ""): not_theirs(202),
    ("GET", WEBHOOK + "/deliveries", ""): not_theirs(200),
    ("POST", WEBHOOK + "/replay", ""): not_theirs(202),
    # Imports: admin only.
    ("POST", "/v1/imports", ""): admin_only(200),
    # The caller: who the credential is, for every role.
    ("GET", "/v1/me", ""): EVERYONE_200,
    # Themes: everyone reads; inspectorate and admin change the catalogue.
    ("GET", "/v1/themes", ""): EVERYONE_200,
    ("POST", "/v1/themes", ""): inspectors(201),
    ("GET", "/v1/themes/trends", ""): EVERYONE_200,
    ("GET", "/v1/themes/{slug}", ""): EVERYONE_200,
    ("PATCH", "/v1/themes/{slug}", ""): inspectors(200),
    ("DELETE", "/v1/themes/{slug}", ""): inspectors(204),
    ("GET", "/v1/stats/grades", ""): EVERYONE_200,
    ("GET", "/v1/stats/grades/series", ""): EVERYONE_200,
    ("GET", "/v1/stats/movement", ""): EVERYONE_200,
    ("GET", "/v1/stats/activity", ""): EVERYONE_200,
    # Inspections: lists filter the embargo (200 for all); by id an embargoed one is 404 to reader and others.
    ("GET", "/v1/inspections", ""): EVERYONE_200,
    ("POST", "/v1/inspections", ""): inspectors(201),
    ("GET", INSPECTION, P): EVERYONE_200,
    ("GET", INSPECTION, E): embargoed(200),
    ("PATCH", INSPECTION, P): inspectors(200),  # a published inspection's lead inspector may still be corrected
    ("PATCH", INSPECTION, E): inspectors(200),
    ("DELETE", INSPECTION, E): inspectors(204),  # planned: may be deleted
    ("GET", INSPECTION + "/timetable", P): EVERYONE_200,
    ("GET", INSPECTION + "/timetable", E): embargoed(200),
    # Judgements: final once published (409), but a caller who may not write is refused first (403).
    ("GET", INSPECTION + "/judgements", P): EVERYONE_200,
    ("GET", INSPECTION + "/judgements", E): embargoed(200),
    ("GET", JUDGEMENT, P): EVERYONE_200,
    ("GET", JUDGEMENT, E): embargoed(200),
    ("PUT", JUDGEMENT, P): inspectors(409),
    ("PUT", JUDGEMENT, E): inspectors(200),  # replaces the grade already there
    ("DELETE", JUDGEMENT, P): inspectors(409),
    ("DELETE", JUDGEMENT, E): inspectors(204),
    ("GET", "/v1/judgements", ""): EVERYONE_200,
    # Findings: as judgements.
    ("GET", FINDINGS, P): EVERYONE_200,
    ("GET", FINDINGS, E): embargoed(200),
    ("POST", FINDINGS, P): inspectors(409),
    ("POST", FINDINGS, E): inspectors(201),
    ("GET", FINDING, P): EVERYONE_200,
    ("GET", FINDING, E): embargoed(200),
    ("PATCH", FINDING, P): inspectors(409),
    ("PATCH", FINDING, E): inspectors(200),
    ("DELETE", FINDING, P): inspectors(409),
    ("DELETE", FINDING, E): inspectors(204),
    # Improvement plans and action items: every key reads every authority's plans; own authority and admin write.
    ("GET", "/v1/improvement-plans", ""): EVERYONE_200,
    ("POST", "/v1/improvement-plans", ""): plan_writers(201),
    ("GET", "/v1/improvement-plans/{plan_id}", ""): EVERYONE_200,
    ("PATCH", "/v1/improvement-plans/{plan_id}", ""): plan_writers(200),
    ("DELETE", "/v1/improvement-plans/{plan_id}", ""): plan_writers(204),
    ("GET", "/v1/action-items", ""): EVERYONE_200,
    ("POST", "/v1/action-items", ""): plan_writers(201),
    ("GET", "/v1/action-items/{item_id}", ""): EVERYONE_200,
    ("PATCH", "/v1/action-items/{item_id}", ""): plan_writers(200),
    ("DELETE", "/v1/action-items/{item_id}", ""): plan_writers(204),
    ("GET", "/v1/action-items/{item_id}/updates", ""): EVERYONE_200,
    ("POST", "/v1/action-items/{item_id}/updates", ""): plan_writers(201),
    ("GET", "/v1/action-items/{item_id}/updates/{update_id}", ""): EVERYONE_200,
    # Self-evaluations are not published: own authority, inspectorate and admin see them; own and admin write.
    ("GET", SELF_EVALUATIONS, ""): embargoed(200),
    ("POST", SELF_EVALUATIONS, ""): plan_writers(201),
    ("GET", SELF_EVALUATIONS + "/{evaluation_id}", ""): embargoed(200),
    ("PATCH", SELF_EVALUATIONS + "/{evaluation_id}", ""): plan_writers(200),
    ("DELETE", SELF_EVALUATIONS + "/{evaluation_id}", ""): plan_writers(204),
    # Engagement meetings are seen like self-evaluations; own authority, inspectorate and admin write them.
    ("GET", ENGAGEMENT_MEETINGS, ""): embargoed(200),
    ("POST", ENGAGEMENT_MEETINGS, ""): meeting_writers(201),
    ("GET", ENGAGEMENT_MEETINGS + "/{meeting_id}", ""): embargoed(200),
    ("PATCH", ENGAGEMENT_MEETINGS + "/{meeting_id}", ""): meeting_writers(200),
    ("DELETE", ENGAGEMENT_MEETINGS + "/{meeting_id}", ""): meeting_writers(204),
}


def operations_in_matrix() -> set[Operation]:
    return {(method, path) for method, path, _ in MATRIX}
