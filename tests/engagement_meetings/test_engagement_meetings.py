"""Engagement meetings (API.md, DOMAIN.md): seen like self-evaluations, written by the authority's own keys,
inspectorate and admin; the self-evaluation discussed is the same authority's; the letter follows the meeting;
every write audited."""

from typing import Any

from httpx import AsyncClient

from tests.action_items.helpers import days
from tests.conftest import GATESHEAD, LEICESTERSHIRE, Headers

URL = f"/v1/authorities/{LEICESTERSHIRE}/engagement-meetings"
MEETING = {
    "held_on": "2025-10-07",
    "attendees": ["Director of Children's Services", "Ofsted Regional Director"],
    "discussion": "The 2025 self-evaluation and progress on the improvement plan.",
    "agreed_next_steps": ["Share the audit findings", "Meet again in the spring"],
}


async def _create(client: AsyncClient, headers: Headers, url: str = URL, **fields: Any) -> dict[str, Any]:
    response = await client.post(url, json={**MEETING, **fields}, headers=headers)
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


async def _self_evaluation(client: AsyncClient, headers: Headers, code: str, year: int = 2025) -> str:
    body = {"year": year, "quality_and_impact": "Known", "evidence": "Audits", "plans": "More audits"}
    response = await client.post(f"/v1/authorities/{code}/self-evaluations", json=body, headers=headers)
    assert response.status_code == 201, response.text
    ident: str = response.json()["id"]
    return ident


async def test_own_authority_records_a_meeting(client: AsyncClient, leics: Headers) -> None:
    evaluation_id = await _self_evaluation(client, leics, LEICESTERSHIRE)
    response = await client.post(URL, json={**MEETING, "self_evaluation_id": evaluation_id}, headers=leics)
    assert response.status_code == 201
    body = response.json()
    assert response.headers["location"] == f"{URL}/{body['id']}"
    assert response.headers["etag"] == '"1"'
    assert {k: v for k, v in body.items() if k not in ("id", "created_at", "updated_at")} == {
        "authority_code": LEICESTERSHIRE,
        **MEETING,
        "self_evaluation_id": evaluation_id,
        "letter_received_on": None,
        "version": 1,
    }


async def test_inspectorate_records_and_changes_a_meeting(client: AsyncClient, inspectorate: Headers) -> None:
    meeting = await _create(client, inspectorate)
    response = await client.patch(
        f"{URL}/{meeting['id']}", json={"letter_received_on": "2025-10-21"}, headers=inspectorate
    )
    assert (response.status_code, response.json()["letter_received_on"], response.json()["version"]) == (
        200,
        "2025-10-21",
        2,
    )


async def test_readers_and_other_authorities_do_not_see_meetings(
    client: AsyncClient, leics: Headers, reader: Headers, gateshead: Headers
) -> None:
    meeting = await _create(client, leics)
    for headers in (reader, gateshead):
        assert (await client.get(URL, headers=headers)).status_code == 404
        assert (await client.get(f"{URL}/{meeting['id']}", headers=headers)).status_code == 404


async def test_other_authority_may_not_write_meetings(client: AsyncClient, leics: Headers, gateshead: Headers) -> None:
    response = await client.post(URL, json=MEETING, headers=gateshead)
    assert (response.status_code, response.json()["rules"]) == (403, ["engagement-meeting-writers"])


async def test_year_filter_lists_that_years_meetings_newest_first(client: AsyncClient, leics: Headers) -> None:
    spring = await _create(client, leics, held_on="2025-03-11")
    autumn = await _create(client, leics, held_on="2025-10-07")
    await _create(client, leics, held_on="2024-10-08")
    await _create(client, leics, held_on="2026-01-01")
    body = (await client.get(URL, params={"year": 2025}, headers=leics)).json()
    assert [m["id"] for m in body["items"]] == [autumn["id"], spring["id"]]
    assert len((await client.get(URL, headers=leics)).json()["items"]) == 4


async def test_self_evaluation_of_same_authority(client: AsyncClient, leics: Headers, gateshead: Headers) -> None:
    theirs = await _self_evaluation(client, gateshead, GATESHEAD)
    response = await client.post(URL, json={**MEETING, "self_evaluation_id": theirs}, headers=leics)
    assert response.status_code == 422
    assert response.json()["rules"] == ["self-evaluation-of-same-authority"]
    assert [e["field"] for e in response.json()["errors"]] == ["self_evaluation_id"]


async def test_letter_on_or_after_meeting(client: AsyncClient, leics: Headers) -> None:
    response = await client.post(URL, json={**MEETING, "letter_received_on": "2025-10-06"}, headers=leics)
    assert (response.status_code, response.json()["rules"]) == (422, ["letter-on-or-after-meeting"])
    assert (
        await client.post(URL, json={**MEETING, "letter_received_on": "2025-10-07"}, headers=leics)
    ).status_code == 201


async def test_letter_not_in_future(client: AsyncClient, leics: Headers) -> None:
    meeting = await _create(client, leics)
    response = await client.patch(f"{URL}/{meeting['id']}", json={"letter_received_on": days(1)}, headers=leics)
    assert (response.status_code, response.json()["rules"]) == (422, ["letter-not-in-future"])


async def test_at_most_50_attendees(client: AsyncClient, leics: Headers) -> None:
    response = await client.post(URL, json={**MEETING, "attendees": [f"Person {n}" for n in range(51)]}, headers=leics)
    assert (response.status_code, response.json()["errors"][0]["field"]) == (422, "attendees")


async def test_every_write_is_audited(client: AsyncClient, leics: Headers, admin: Headers) -> None:
    meeting = await _create(client, leics)
    url = f"{URL}/{meeting['id']}"
    await client.patch(url, json={"agreed_next_steps": ["Share the audit findings"]}, headers=leics)
    assert (await client.delete(url, headers={**leics, "If-Match": '"2"'})).status_code == 204
    assert (await client.get(url, headers=leics)).status_code == 404
    events = (
        await client.get(
            "/v1/audit-events",
            params={"resource_type": "engagement_meeting", "resource_id": meeting["id"]},
            headers=admin,
        )
    ).json()["items"]
    by_action = {e["action"]: e for e in events}
    assert sorted(by_action) == ["create", "delete", "update"]
    assert by_action["update"]["changes"] == {
        "agreed_next_steps": [MEETING["agreed_next_steps"], ["Share the audit findings"]]
    }


async def test_a_discussed_self_evaluation_cannot_be_deleted(client: AsyncClient, leics: Headers) -> None:
    evaluation_id = await _self_evaluation(client, leics, LEICESTERSHIRE)
    await _create(client, leics, self_evaluation_id=evaluation_id)
    response = await client.delete(f"/v1/authorities/{LEICESTERSHIRE}/self-evaluations/{evaluation_id}", headers=leics)
    assert response.status_code == 409
    assert "engagement meeting" in response.json()["detail"]


async def test_an_authority_with_meetings_cannot_be_deleted(
    client: AsyncClient, admin: Headers, inspectorate: Headers
) -> None:
    created = await client.post(
        "/v1/authorities", json={"code": "E06000995", "name": "Test unitary", "region": "london"}, headers=admin
    )
    assert created.status_code == 201
    await _create(client, inspectorate, url="/v1/authorities/E06000995/engagement-meetings")
    response = await client.delete("/v1/authorities/E06000995", headers=admin)
    assert response.status_code == 409
    assert response.json()["detail"] == "Authority E06000995 still has 1 engagement meetings; it cannot be deleted."


async def test_meetings_held_between_dates_as_each_caller_sees_them(
    client: AsyncClient, leics: Headers, database: Any, make_key: Any
) -> None:
    from datetime import date

    from app.core.context import Context
    from app.core.security import CallerKind, Principal, Role
    from app.engagement_meetings.service import held_between_as_seen

    on_since = await _create(client, leics, held_on="2025-04-01")
    on_until = await _create(client, leics, held_on="2025-10-07")
    await _create(client, leics, held_on="2025-03-31")
    await _create(client, leics, held_on="2025-10-08")
    own = Principal(CallerKind.api_key, "own", "own", Role.authority, LEICESTERSHIRE)
    reader = Principal(CallerKind.api_key, "reader", "reader", Role.reader)
    async with database.session() as session:
        seen = await held_between_as_seen(Context(session, own), LEICESTERSHIRE, date(2025, 4, 1), date(2025, 10, 7))
        hidden = await held_between_as_seen(
            Context(session, reader), LEICESTERSHIRE, date(2025, 4, 1), date(2025, 10, 7)
        )
    assert [str(m.id) for m in seen] == [on_since["id"], on_until["id"]]
    assert hidden == []
