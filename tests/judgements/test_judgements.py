"""Judgements of an inspection: PUT 201/200, DELETE, the inspection's ETag, final once published, and the
cross-inspection list of published judgements."""

from typing import Any

import pytest
from httpx import AsyncClient

from tests.conftest import GATESHEAD, LEICESTERSHIRE, Headers, StatementCounter
from tests.inspections.helpers import ILACS_2018_AREAS, ILACS_2023_AREAS, grades, published, record, rules_of

MODERATION = {
    "authority_code": LEICESTERSHIRE,
    "type": "standard_inspection",
    "status": "moderation",
    "fieldwork_start": "2024-04-22",
    "fieldwork_end": "2024-05-03",
}


@pytest.fixture
async def inspection(client: AsyncClient, inspectorate: Headers) -> dict[str, Any]:
    return await record(client, inspectorate, MODERATION)


def url(inspection: dict[str, Any], area: str = "impact_of_leaders") -> str:
    return f"/v1/inspections/{inspection['id']}/judgements/{area}"


async def test_put_new_judgement_answers_201_with_location(
    client: AsyncClient, inspectorate: Headers, inspection: dict[str, Any]
) -> None:
    response = await client.put(url(inspection), json={"grade": "good"}, headers=inspectorate)
    assert response.status_code == 201
    assert response.headers["location"] == url(inspection)
    assert response.json() == {
        "area": "impact_of_leaders",
        "area_label": "The impact of leaders on social work practice with children and families",
        "grade": "good",
        "grade_label": "Good",
        "grade_score": 2,
    }


async def test_put_replacing_a_judgement_answers_200(
    client: AsyncClient, inspectorate: Headers, inspection: dict[str, Any]
) -> None:
    await client.put(url(inspection), json={"grade": "good"}, headers=inspectorate)
    response = await client.put(url(inspection), json={"grade": "requires_improvement"}, headers=inspectorate)
    assert (response.status_code, response.json()["grade_score"]) == (200, 3)


async def test_judgement_writes_bump_the_inspections_version(
    client: AsyncClient, inspectorate: Headers, inspection: dict[str, Any]
) -> None:
    created = await client.put(url(inspection), json={"grade": "good"}, headers=inspectorate)
    replaced = await client.put(url(inspection), json={"grade": "outstanding"}, headers=inspectorate)
    same = await client.put(url(inspection), json={"grade": "outstanding"}, headers=inspectorate)
    deleted = await client.delete(url(inspection), headers=inspectorate)
    after = await client.get(f"/v1/inspections/{inspection['id']}", headers=inspectorate)
    assert [r.headers.get("etag") for r in (created, replaced, same)] == ['"2"', '"3"', '"3"']
    assert (deleted.status_code, after.headers["etag"]) == (204, '"4"')


async def test_if_match_on_a_judgement_is_the_inspections_etag(
    client: AsyncClient, inspectorate: Headers, inspection: dict[str, Any]
) -> None:
    stale = await client.put(url(inspection), json={"grade": "good"}, headers={**inspectorate, "If-Match": '"2"'})
    fresh = await client.put(url(inspection), json={"grade": "good"}, headers={**inspectorate, "If-Match": '"1"'})
    assert (stale.status_code, fresh.status_code) == (412, 201)


async def test_judgement_of_an_area_outside_the_framework_is_refused(
    client: AsyncClient, inspectorate: Headers, inspection: dict[str, Any]
) -> None:
    response = await client.put(
        url(inspection, "children_in_care_and_care_leavers"), json={"grade": "good"}, headers=inspectorate
    )
    assert response.status_code == 422
    assert rules_of(response) == ["judgement-areas-of-framework"]


async def test_unknown_area_names_no_resource_404(
    client: AsyncClient, inspectorate: Headers, inspection: dict[str, Any]
) -> None:
    response = await client.put(url(inspection, "leadership"), json={"grade": "good"}, headers=inspectorate)
    assert (response.status_code, response.json()["type"]) == (404, "/problems/not-found")


async def test_ungraded_visit_takes_no_judgement(client: AsyncClient, inspectorate: Headers) -> None:
    visit = await record(client, inspectorate, {**MODERATION, "type": "focused_visit", "themes": ["front-door"]})
    response = await client.put(url(visit), json={"grade": "good"}, headers=inspectorate)
    assert response.status_code == 422
    assert rules_of(response) == ["judgements-on-graded-types-only"]


async def test_judgements_are_final_once_published(client: AsyncClient, inspectorate: Headers) -> None:
    done = await record(client, inspectorate, published())
    changed = await client.put(url(done), json={"grade": "inadequate"}, headers=inspectorate)
    deleted = await client.delete(url(done), headers=inspectorate)
    assert (changed.status_code, deleted.status_code) == (409, 409)
    assert rules_of(changed) == rules_of(deleted) == ["final-once-published"]


async def test_delete_of_an_absent_judgement_is_404(
    client: AsyncClient, inspectorate: Headers, inspection: dict[str, Any]
) -> None:
    assert (await client.delete(url(inspection), headers=inspectorate)).status_code == 404


async def test_judgements_are_listed_in_the_frameworks_order(
    client: AsyncClient, inspectorate: Headers, reader: Headers
) -> None:
    done = await record(client, inspectorate, published())
    response = await client.get(f"/v1/inspections/{done['id']}/judgements", headers=reader)
    assert [j["area"] for j in response.json()["items"]] == list(ILACS_2023_AREAS)
    assert response.json()["next_cursor"] is None


async def test_judgement_audit_events_name_inspection_and_area(
    client: AsyncClient, inspectorate: Headers, admin: Headers, inspection: dict[str, Any]
) -> None:
    await client.put(url(inspection), json={"grade": "good"}, headers=inspectorate)
    await client.put(url(inspection), json={"grade": "outstanding"}, headers=inspectorate)
    await client.delete(url(inspection), headers=inspectorate)
    events = await client.get(
        "/v1/audit-events",
        headers=admin,
        params={"resource_type": "judgement", "resource_id": f"{inspection['id']}/impact_of_leaders"},
    )
    assert [(e["action"], e["changes"]) for e in reversed(events.json()["items"])] == [
        ("create", {"grade": [None, "good"]}),
        ("update", {"grade": ["good", "outstanding"]}),
        ("delete", {"grade": ["outstanding", None]}),
    ]


# --- /v1/judgements --------------------------------------------------------------------------------------------


@pytest.fixture
async def published_ids(client: AsyncClient, inspectorate: Headers) -> dict[str, str]:
    bodies = {
        "leics_2019": published(
            fieldwork_start="2019-09-23",
            published_on="2019-11-04",
            judgements=grades(ILACS_2018_AREAS, "good", overall_effectiveness="requires_improvement"),
        ),
        "gateshead_2024": published(
            "short_inspection", authority_code=GATESHEAD, fieldwork_start="2024-12-02", published_on="2025-01-29"
        ),
        "leics_moderation": {**MODERATION, "judgements": grades(ILACS_2023_AREAS)},
    }
    return {name: (await record(client, inspectorate, body))["id"] for name, body in bodies.items()}


async def rows(client: AsyncClient, headers: Headers, **params: str) -> list[tuple[str, str, str]]:
    response = await client.get("/v1/judgements", params={"limit": 200, **params}, headers=headers)
    assert response.status_code == 200, response.text
    return [(r["inspection_id"], r["area"], r["grade"]) for r in response.json()["items"]]


async def test_judgements_list_has_one_row_per_published_judgement(
    client: AsyncClient, reader: Headers, published_ids: dict[str, str]
) -> None:
    response = await client.get("/v1/judgements", params={"authority_code": LEICESTERSHIRE}, headers=reader)
    items = response.json()["items"]
    assert len(items) == 4
    assert items[0] == {
        "inspection_id": published_ids["leics_2019"],
        "authority_code": LEICESTERSHIRE,
        "type": "standard_inspection",
        "framework": "ilacs_2018",
        "published_on": "2019-11-04",
        "area": "children_in_care_and_care_leavers",
        "area_label": "The experiences and progress of children in care and care leavers",
        "grade": "good",
        "grade_label": "Good",
        "grade_score": 2,
    }


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        (
            {"area": "overall_effectiveness"},
            [
                ("leics_2019", "overall_effectiveness", "requires_improvement"),
                ("gateshead_2024", "overall_effectiveness", "good"),
            ],
        ),
        ({"grade": "requires_improvement"}, [("leics_2019", "overall_effectiveness", "requires_improvement")]),
        (
            {"region": "north_east_yorkshire_and_the_humber", "area": "care_leavers"},
            [("gateshead_2024", "care_leavers", "good")],
        ),
        ({"framework": "ilacs_2018", "area": "impact_of_leaders"}, [("leics_2019", "impact_of_leaders", "good")]),
        (
            {"published_from": "2025-01-01", "area": "impact_of_leaders"},
            [("gateshead_2024", "impact_of_leaders", "good")],
        ),
        ({"published_to": "2025-01-28", "area": "impact_of_leaders"}, [("leics_2019", "impact_of_leaders", "good")]),
    ],
)
async def test_judgements_list_filters(
    client: AsyncClient,
    reader: Headers,
    published_ids: dict[str, str],
    params: dict[str, str],
    expected: list[tuple[str, str, str]],
) -> None:
    assert await rows(client, reader, **params) == [(published_ids[n], a, g) for n, a, g in expected]


async def test_judgements_csv(client: AsyncClient, reader: Headers, published_ids: dict[str, str]) -> None:
    response = await client.get(
        "/v1/judgements", params={"area": "overall_effectiveness"}, headers={**reader, "Accept": "text/csv"}
    )
    assert response.text.splitlines() == [
        "inspection_id,authority_code,type,framework,published_on,area,area_label,grade,grade_label,grade_score",
        f"{published_ids['leics_2019']},{LEICESTERSHIRE},standard_inspection,ilacs_2018,2019-11-04,"
        "overall_effectiveness,Overall effectiveness,requires_improvement,Requires improvement to be good,3",
        f"{published_ids['gateshead_2024']},{GATESHEAD},short_inspection,ilacs_2023,2025-01-29,"
        "overall_effectiveness,Overall effectiveness,good,Good,2",
    ]


async def test_judgements_list_pages(client: AsyncClient, reader: Headers, published_ids: dict[str, str]) -> None:
    seen: list[tuple[str, str, str]] = []
    params: dict[str, Any] = {"limit": 3}
    for _ in range(5):
        response = await client.get("/v1/judgements", params=params, headers=reader)
        seen += [(r["inspection_id"], r["area"], r["grade"]) for r in response.json()["items"]]
        if not response.json()["next_cursor"]:
            break
        params["cursor"] = response.json()["next_cursor"]
    assert seen == await rows(client, reader)
    assert len(seen) == 9


async def test_judgements_list_runs_a_fixed_number_of_statements(
    client: AsyncClient, reader: Headers, published_ids: dict[str, str], statements: StatementCounter
) -> None:
    statements.reset()
    await client.get("/v1/judgements", params={"limit": 1}, headers=reader)
    one = statements.count
    statements.reset()
    await client.get("/v1/judgements", params={"limit": 200}, headers=reader)
    assert statements.count == one


@pytest.mark.parametrize(
    ("grade", "label", "score"),
    [
        ("outstanding", "Outstanding", 1),
        ("good", "Good", 2),
        ("requires_improvement", "Requires improvement to be good", 3),
        ("inadequate", "Inadequate", 4),
    ],
)
async def test_grades_carry_ofsteds_label_and_score(
    client: AsyncClient, inspectorate: Headers, inspection: dict[str, Any], grade: str, label: str, score: int
) -> None:
    response = await client.put(url(inspection), json={"grade": grade}, headers=inspectorate)
    assert (response.json()["grade_label"], response.json()["grade_score"]) == (label, score)
