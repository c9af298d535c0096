"""The committee story on the real national record, as `ilacs serve` seeds it: the story authority's latest
graded inspection is its 2022 inadequate one (ilacs_2018: three areas), and its 2024 monitoring visits follow."""

from collections import Counter

from httpx import AsyncClient

from app.core.database import Database
from app.core.security import Role
from app.demo.content import STORY_AUTHORITY
from app.demo.service import load_demo
from tests.conftest import MakeKey


async def test_story_on_the_national_record(
    national_database: Database, national_client: AsyncClient, national_make_key: MakeKey
) -> None:
    async with national_database.session() as session:
        await load_demo(session)
        await session.commit()
    reader = await national_make_key(Role.reader)
    base = f"/v1/authorities/{STORY_AUTHORITY}"
    summary = (await national_client.get(f"{base}/action-plan-summary", headers=reader)).json()
    (unanswered,) = summary["findings_without_actions"]
    assert (unanswered["inspection_type"], unanswered["inspection_published_on"]) == (
        "standard_inspection",
        "2022-09-05",
    )
    items = (
        await national_client.get("/v1/action-items", params={"authority_code": STORY_AUTHORITY}, headers=reader)
    ).json()["items"]
    # Two of its three findings answered, one monitoring visit's; the completed item is then a local one.
    assert Counter(i["source"] for i in items) == {"finding": 3, "local": 1, "peer_review": 1, "councillor_visit": 1}
    assert [len(summary[k]) for k in ("rescheduled_since", "overdue", "completed_since")] == [1, 1, 1]
    timeline = (await national_client.get(f"{base}/timeline", headers=reader)).json()["items"]
    visits = {i["id"] for i in timeline if i["type"] == "monitoring_visit"}
    assert len({i["inspection_id"] for i in items if i["inspection_id"] in visits}) == 1
