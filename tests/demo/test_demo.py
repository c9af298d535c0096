"""The demo on top of the national record, and the benchmark generator: they load into a migrated database
(in the test's transaction) and add nothing on a second run."""

import re

import sqlalchemy as sa
from httpx import AsyncClient

from app.core.database import Database
from app.demo.scale import generate_scale
from app.demo.service import load_demo
from app.models import ActionItem, Authority, Inspection, Judgement
from tests.action_items.helpers import add_inspection, all_pages
from tests.conftest import GATESHEAD, LEICESTERSHIRE, Headers


async def test_demo_loads_a_plan_per_authority_and_is_idempotent(database: Database) -> None:
    await add_inspection(database, LEICESTERSHIRE)
    async with database.session() as session:
        first = await load_demo(session)
        await session.commit()
    async with database.session() as session:
        second = await load_demo(session)
        await session.commit()
    # Three plans of eight items each, and the story's plan (app.demo.story) of five with no inspection to answer.
    assert (first.plans, first.items, first.updates, first.findings, first.self_evaluations) == (4, 29, 22, 3, 4)
    assert first.engagement_meetings == 1
    assert (second.plans, second.items, second.updates, second.findings, second.self_evaluations) == (0, 0, 0, 0, 0)
    assert second.engagement_meetings == 0


async def test_demo_plan_answers_the_latest_inspections_areas_for_improvement(
    database: Database, client: AsyncClient, reader: Headers
) -> None:
    inspection_id, _ = await add_inspection(database, LEICESTERSHIRE)
    async with database.session() as session:
        await load_demo(session)
        await session.commit()
    (plan,) = await all_pages(client, "/v1/improvement-plans", reader, authority_code=LEICESTERSHIRE)
    assert plan["inspection_id"] == str(inspection_id)
    assert plan["title"] == "Improvement plan following the March 2025 inspection"
    items = await all_pages(client, "/v1/action-items", reader, plan_id=plan["id"])
    assert {i["inspection_id"] for i in items} == {str(inspection_id)}
    assert len({i["finding_id"] for i in items}) == 3


async def test_demo_items_cover_every_status_and_rag(database: Database, client: AsyncClient, reader: Headers) -> None:
    async with database.session() as session:
        await load_demo(session)
        await session.commit()
    summary = (await client.get(f"/v1/authorities/{GATESHEAD}/action-plan-summary", headers=reader)).json()
    assert summary["by_status"] == {"not_started": 3, "in_progress": 3, "completed": 1, "cancelled": 1}
    assert summary["by_rag"] == {"red": 2, "amber": 2, "green": 2}
    completed = await all_pages(client, "/v1/action-items", reader, authority_code=GATESHEAD, status="completed")
    updates = await all_pages(client, f"/v1/action-items/{completed[0]['id']}/updates", reader)
    assert [(u["status"], u["author"]) for u in updates] == [
        ("in_progress", "ilacs demo-data"),
        ("completed", "ilacs demo-data"),
    ]


async def test_scale_copies_the_national_record_onto_synthetic_authorities(database: Database) -> None:
    await add_inspection(database, LEICESTERSHIRE)
    async with database.session() as session:
        real = await session.scalar(sa.select(sa.func.count()).select_from(Authority)) or 0
        first = await generate_scale(session, 2, items_per_authority=3, big_items_per_scale=40)
        second = await generate_scale(session, 2, items_per_authority=3, big_items_per_scale=40)
        synthetic = (
            await session.execute(
                sa.select(Authority.code, Authority.status).where(Authority.name.contains("(synthetic"))
            )
        ).all()
        copies = (
            await session.scalars(
                sa.select(Inspection.id).where(Inspection.authority_code.in_([code for code, _ in synthetic]))
            )
        ).all()
        judgements = await session.scalar(
            sa.select(sa.func.count()).select_from(Judgement).where(Judgement.inspection_id.in_(copies))
        )
        big = await session.scalar(sa.select(sa.func.count()).where(ActionItem.authority_code == LEICESTERSHIRE))
    assert (first.authorities, first.inspections, first.plans, first.items) == (
        2 * real,
        2,
        2 * real + 1,
        2 * real * 3 + 80,
    )
    assert (second.authorities, second.inspections, second.plans, second.items) == (0, 0, 0, 0)
    assert all(re.fullmatch(r"E(06|08|09|10)\d{6}", code) for code, _ in synthetic)
    # Copies keep their source's lifespan: those of the four gone authorities are gone too.
    assert [status for _, status in synthetic].count("no_longer_exists") == 2 * 4
    assert len(synthetic) == 2 * real
    assert (len(copies), judgements, big) == (2, 10, 80)
