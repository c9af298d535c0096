"""The forecast on the national record imported from the bundled official file."""

from httpx import AsyncClient

from app.core.security import Role
from tests.conftest import LEICESTERSHIRE, MakeKey

DEVON = "E10000008"


async def test_leicestershire_outstanding_in_2024_is_on_the_short_track(
    national_client: AsyncClient, national_make_key: MakeKey
) -> None:
    reader = await national_make_key(Role.reader)
    response = await national_client.get(
        f"/v1/authorities/{LEICESTERSHIRE}/forecast", params={"as_of": "2025-06-30"}, headers=reader
    )
    body = response.json()
    assert {k: body["basis"][k] for k in ("type", "framework", "published_on", "grade", "track")} == {
        "type": "standard_inspection",
        "framework": "ilacs_2023",
        "published_on": "2024-07-12",
        "grade": "outstanding",
        "track": "short",
    }
    assert [(e["type"], e["earliest"], e["latest"], e["overdue"]) for e in body["expected"]] == [
        ("focused_visit", "2025-04-22", "2026-10-22", False),
        ("short_inspection", "2026-10-22", "2027-10-22", False),
    ]


async def test_devon_inadequate_published_in_may_2025_is_on_the_inadequate_track(
    national_client: AsyncClient, national_make_key: MakeKey
) -> None:
    reader = await national_make_key(Role.reader)
    response = await national_client.get(
        f"/v1/authorities/{DEVON}/forecast", params={"as_of": "2025-06-30"}, headers=reader
    )
    body = response.json()
    assert (body["basis"]["published_on"], body["basis"]["track"]) == ("2025-05-13", "inadequate")
    assert [(e["type"], e["earliest"], e["latest"], e["overdue"]) for e in body["expected"]] == [
        ("monitoring_visit", "2024-11-30", "2025-01-30", True),
        ("standard_inspection", "2026-09-30", "2028-09-30", False),
    ]
