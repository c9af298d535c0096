"""Inspection types: graded or not, themes, partner inspectorates."""

from typing import Any

import pytest
from httpx import AsyncClient

from tests.conftest import LEICESTERSHIRE, Headers
from tests.inspections.helpers import ILACS_2023_AREAS, grades, record, rules_of


def visit(type: str = "focused_visit", **fields: Any) -> dict[str, Any]:
    return {
        "authority_code": LEICESTERSHIRE,
        "type": type,
        "status": "fieldwork",
        "fieldwork_start": "2024-10-07",
        "themes": ["front-door"],
        **fields,
    }


async def refused(client: AsyncClient, headers: Headers, body: dict[str, Any]) -> list[str]:
    response = await client.post("/v1/inspections", json=body, headers=headers)
    assert response.status_code == 422, response.text
    return rules_of(response)


async def test_focused_visit_rejects_grades(client: AsyncClient, inspectorate: Headers) -> None:
    body = visit(judgements=grades(ILACS_2023_AREAS))
    assert await refused(client, inspectorate, body) == ["judgements-on-graded-types-only"]


@pytest.mark.parametrize("type_", ["monitoring_visit", "jtai", "assurance_visit"])
async def test_ungraded_types_reject_grades(client: AsyncClient, inspectorate: Headers, type_: str) -> None:
    body = visit(
        type_,
        themes=[] if type_ == "assurance_visit" else ["jtai-front-door" if type_ == "jtai" else "front-door"],
        judgements=[{"area": "impact_of_leaders", "grade": "good"}],
        partner_inspectorates=["ofsted", "cqc"] if type_ == "jtai" else [],
    )
    assert await refused(client, inspectorate, body) == ["judgements-on-graded-types-only"]


@pytest.mark.parametrize("themes", [[], ["front-door", "care-leavers"]])
async def test_focused_visit_needs_exactly_one_theme(
    client: AsyncClient, inspectorate: Headers, themes: list[str]
) -> None:
    assert await refused(client, inspectorate, visit(themes=themes)) == ["themes-by-type"]


async def test_monitoring_visit_needs_exactly_one_theme(client: AsyncClient, inspectorate: Headers) -> None:
    assert await refused(client, inspectorate, visit("monitoring_visit", themes=[])) == ["themes-by-type"]


async def test_jtai_needs_one_or_more_themes(client: AsyncClient, inspectorate: Headers) -> None:
    body = visit("jtai", themes=[], partner_inspectorates=["ofsted", "cqc"])
    assert await refused(client, inspectorate, body) == ["themes-by-type"]


async def test_jtai_may_look_at_several_themes(client: AsyncClient, inspectorate: Headers) -> None:
    created = await record(
        client,
        inspectorate,
        visit("jtai", themes=["neglect", "domestic-abuse"], partner_inspectorates=["ofsted", "cqc", "hmi_probation"]),
    )
    assert created["themes"] == ["domestic-abuse", "neglect"]


@pytest.mark.parametrize("type_", ["standard_inspection", "short_inspection", "assurance_visit"])
async def test_types_without_themes_reject_themes(client: AsyncClient, inspectorate: Headers, type_: str) -> None:
    assert await refused(client, inspectorate, visit(type_)) == ["themes-by-type"]


async def test_theme_must_be_in_the_catalogue(client: AsyncClient, inspectorate: Headers) -> None:
    assert await refused(client, inspectorate, visit(themes=["kinship-care"])) == ["themes-exist"]


async def test_theme_must_apply_to_the_type(client: AsyncClient, inspectorate: Headers) -> None:
    assert await refused(client, inspectorate, visit(themes=["neglect"])) == ["theme-applies-to-type"]


async def test_partner_inspectorates_only_on_a_jtai(client: AsyncClient, inspectorate: Headers) -> None:
    body = visit(partner_inspectorates=["ofsted", "cqc"])
    assert await refused(client, inspectorate, body) == ["partner-inspectorates-of-jtai"]


@pytest.mark.parametrize("partners", [[], ["ofsted"], ["cqc", "hmicfrs"], ["ofsted", "ofsted"]])
async def test_jtai_needs_two_partner_inspectorates_including_ofsted(
    client: AsyncClient, inspectorate: Headers, partners: list[str]
) -> None:
    body = visit("jtai", themes=["neglect"], partner_inspectorates=partners)
    assert await refused(client, inspectorate, body) == ["partner-inspectorates-of-jtai"]


async def test_jtai_with_ofsted_and_a_partner_is_recorded(client: AsyncClient, inspectorate: Headers) -> None:
    created = await record(
        client, inspectorate, visit("jtai", themes=["neglect"], partner_inspectorates=["ofsted", "cqc"])
    )
    assert created["partner_inspectorates"] == ["ofsted", "cqc"]


async def test_changing_type_is_checked_on_the_whole(client: AsyncClient, inspectorate: Headers) -> None:
    created = await record(client, inspectorate, visit())
    response = await client.patch(
        f"/v1/inspections/{created['id']}", json={"type": "standard_inspection"}, headers=inspectorate
    )
    assert response.status_code == 422
    assert rules_of(response) == ["themes-by-type"]


async def test_refusal_lists_every_rule_broken(client: AsyncClient, inspectorate: Headers) -> None:
    body = visit(themes=[], judgements=grades(ILACS_2023_AREAS), partner_inspectorates=["ofsted", "cqc"])
    response = await client.post("/v1/inspections", json=body, headers=inspectorate)
    assert rules_of(response) == ["judgements-on-graded-types-only", "themes-by-type", "partner-inspectorates-of-jtai"]
    assert [e["field"] for e in response.json()["errors"]] == ["judgements", "themes", "partner_inspectorates"]
