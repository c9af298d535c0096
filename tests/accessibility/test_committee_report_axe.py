"""The committee report's HTML meets WCAG 2.2 AA as axe-core checks it in headless Chromium (zero violations),
for an authority with a full record and for one with nothing on record, and asks for nothing beyond itself."""

from httpx import AsyncClient

from app.core.security import Role
from tests.accessibility.axe import axe, require_browser
from tests.conftest import GATESHEAD, Headers, MakeKey

# The demo's committee story: exceptions, a rescheduled item, an engagement meeting, five activities.
NOTTINGHAM = "E06000018"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


async def test_rich_report_has_no_wcag_violations(
    national_client: AsyncClient, national_make_key: MakeKey, demo: None
) -> None:
    require_browser()
    own = await national_make_key(Role.authority, authority_code=NOTTINGHAM)
    response = await national_client.get(
        f"/v1/authorities/{NOTTINGHAM}/committee-report", params={"format": "html"}, headers=own
    )
    assert response.status_code == 200
    result = await axe(response.content)
    assert (result["tags"], result["violations"], result["requests"]) == (TAGS, [], [])


async def test_empty_report_has_no_wcag_violations(client: AsyncClient, reader: Headers) -> None:
    require_browser()
    response = await client.get(
        f"/v1/authorities/{GATESHEAD}/committee-report", headers={**reader, "Accept": "text/html"}
    )
    assert response.status_code == 200
    assert "No graded inspection is on record." in response.text
    result = await axe(response.content)
    assert (result["tags"], result["violations"], result["requests"]) == (TAGS, [], [])


async def test_axe_does_find_a_violation(client: AsyncClient, reader: Headers) -> None:
    """The check can fail: the same page with an image lacking alternative text is one violation."""
    require_browser()
    response = await client.get(
        f"/v1/authorities/{GATESHEAD}/committee-report", params={"format": "html"}, headers=reader
    )
    broken = response.content.replace(b"<main>", b'<main><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">')
    result = await axe(broken)
    assert [v["id"] for v in result["violations"]] == ["image-alt"]
