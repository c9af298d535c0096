"""Frameworks: defaulting from fieldwork_start, following it unless chosen, fitting the type, their areas."""

import pytest
from httpx import AsyncClient

from tests.conftest import LEICESTERSHIRE, Headers
from tests.inspections.helpers import ILACS_2023_AREAS, ILACS_2026_AREAS, SIF_AREAS, grades, published, record, rules_of


@pytest.mark.parametrize(
    ("fieldwork_start", "framework"),
    [
        ("2018-01-01", "ilacs_2018"),
        ("2022-12-31", "ilacs_2018"),
        ("2023-01-01", "ilacs_2023"),
        ("2026-03-31", "ilacs_2023"),
        ("2026-04-01", "ilacs_2026"),
    ],
)
async def test_framework_defaults_from_fieldwork_start(
    client: AsyncClient, inspectorate: Headers, fieldwork_start: str, framework: str
) -> None:
    created = await record(
        client,
        inspectorate,
        {
            "authority_code": LEICESTERSHIRE,
            "type": "standard_inspection",
            "status": "fieldwork",
            "fieldwork_start": fieldwork_start,
        },
    )
    assert created["framework"] == framework


async def test_framework_is_the_one_in_force_today_until_fieldwork_start_is_known(
    client: AsyncClient, inspectorate: Headers
) -> None:
    created = await record(client, inspectorate, {"authority_code": LEICESTERSHIRE, "type": "standard_inspection"})
    assert (created["status"], created["fieldwork_start"], created["framework"]) == ("planned", None, "ilacs_2026")


async def test_framework_follows_fieldwork_start_when_it_is_set(client: AsyncClient, inspectorate: Headers) -> None:
    created = await record(client, inspectorate, {"authority_code": LEICESTERSHIRE, "type": "standard_inspection"})
    response = await client.patch(
        f"/v1/inspections/{created['id']}", json={"fieldwork_start": "2019-09-23"}, headers=inspectorate
    )
    assert response.status_code == 200
    assert response.json()["framework"] == "ilacs_2018"


async def test_chosen_framework_does_not_follow_fieldwork_start(client: AsyncClient, inspectorate: Headers) -> None:
    created = await record(
        client,
        inspectorate,
        {"authority_code": LEICESTERSHIRE, "type": "standard_inspection", "framework": "ilacs_2023"},
    )
    response = await client.patch(
        f"/v1/inspections/{created['id']}", json={"fieldwork_start": "2026-05-04"}, headers=inspectorate
    )
    assert response.json()["framework"] == "ilacs_2023"


async def test_framework_null_returns_to_following_fieldwork_start(client: AsyncClient, inspectorate: Headers) -> None:
    created = await record(
        client,
        inspectorate,
        {
            "authority_code": LEICESTERSHIRE,
            "type": "standard_inspection",
            "framework": "ilacs_2023",
            "fieldwork_start": "2026-05-04",
            "status": "fieldwork",
        },
    )
    response = await client.patch(f"/v1/inspections/{created['id']}", json={"framework": None}, headers=inspectorate)
    assert response.json()["framework"] == "ilacs_2026"


async def test_sif_inspection_is_always_sif_2013(client: AsyncClient, inspectorate: Headers) -> None:
    created = await record(
        client,
        inspectorate,
        {
            "authority_code": LEICESTERSHIRE,
            "type": "sif_inspection",
            "status": "fieldwork",
            "fieldwork_start": "2015-03-02",
        },
    )
    assert created["framework"] == "sif_2013"


async def test_sif_inspection_refuses_an_ilacs_framework(client: AsyncClient, inspectorate: Headers) -> None:
    response = await client.post(
        "/v1/inspections",
        headers=inspectorate,
        json={"authority_code": LEICESTERSHIRE, "type": "sif_inspection", "framework": "ilacs_2018"},
    )
    assert response.status_code == 422
    assert rules_of(response) == ["framework-fits-type"]
    assert response.json()["errors"][0]["field"] == "framework"


async def test_ilacs_types_refuse_sif_2013(client: AsyncClient, inspectorate: Headers) -> None:
    response = await client.post(
        "/v1/inspections",
        headers=inspectorate,
        json={
            "authority_code": LEICESTERSHIRE,
            "type": "focused_visit",
            "framework": "sif_2013",
            "themes": ["front-door"],
        },
    )
    assert response.status_code == 422
    assert rules_of(response) == ["framework-fits-type"]


async def test_activity_before_2018_takes_ilacs_2018(client: AsyncClient, inspectorate: Headers) -> None:
    created = await record(
        client,
        inspectorate,
        {
            "authority_code": LEICESTERSHIRE,
            "type": "jtai",
            "status": "fieldwork",
            "fieldwork_start": "2016-09-12",
            "themes": ["child-sexual-exploitation-and-missing"],
            "partner_inspectorates": ["ofsted", "cqc", "hmicfrs"],
        },
    )
    assert created["framework"] == "ilacs_2018"


async def test_published_sif_inspection_has_its_six_areas(client: AsyncClient, inspectorate: Headers) -> None:
    created = await record(
        client,
        inspectorate,
        {
            "authority_code": LEICESTERSHIRE,
            "type": "sif_inspection",
            "status": "published",
            "fieldwork_start": "2015-03-02",
            "published_on": "2015-05-01",
            "judgements": grades(SIF_AREAS),
        },
    )
    assert [j["area"] for j in created["judgements"]] == list(SIF_AREAS)


async def test_ilacs_2026_has_no_overall_effectiveness(client: AsyncClient, inspectorate: Headers) -> None:
    body = published(
        fieldwork_start="2026-05-04",
        published_on="2026-07-01",
        judgements=grades(("overall_effectiveness", *ILACS_2026_AREAS)),
    )
    response = await client.post("/v1/inspections", json=body, headers=inspectorate)
    assert response.status_code == 422
    assert rules_of(response) == ["judgement-areas-of-framework"]
    assert response.json()["errors"][0]["message"].startswith("overall_effectiveness is not an area of ilacs_2026")


async def test_published_ilacs_2026_inspection_is_judged_on_four_areas(
    client: AsyncClient, inspectorate: Headers
) -> None:
    body = published(fieldwork_start="2026-05-04", published_on="2026-07-01", judgements=grades(ILACS_2026_AREAS))
    created = await record(client, inspectorate, body)
    assert (created["framework"], [j["area"] for j in created["judgements"]]) == ("ilacs_2026", list(ILACS_2026_AREAS))


async def test_children_in_care_and_care_leavers_is_an_area_of_ilacs_2018_only(
    client: AsyncClient, inspectorate: Headers
) -> None:
    body = published(
        judgements=grades(
            ("overall_effectiveness", "impact_of_leaders", "help_and_protection", "children_in_care_and_care_leavers")
        )
    )
    response = await client.post("/v1/inspections", json=body, headers=inspectorate)
    assert response.status_code == 422
    assert rules_of(response) == ["judgement-areas-of-framework"]


async def test_an_area_is_judged_once(client: AsyncClient, inspectorate: Headers) -> None:
    body = published(judgements=[*grades(ILACS_2023_AREAS), {"area": "care_leavers", "grade": "inadequate"}])
    response = await client.post("/v1/inspections", json=body, headers=inspectorate)
    assert response.status_code == 422
    assert rules_of(response) == ["one-judgement-per-area"]
