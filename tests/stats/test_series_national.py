"""Over the whole national record, every point of a series is what /v1/stats/grades counts on that day: the
series reads the same rule in one pass (``app.stats.series``), and this holds it to the rule."""

import pytest
from httpx import AsyncClient

from app.core.security import Role
from tests.conftest import MakeKey

AREAS = ("overall_effectiveness", "impact_of_leaders", "help_and_protection", "children_in_care", "care_leavers")


@pytest.mark.parametrize(
    "scope",
    [{}, {"region": "north_west"}, {"neighbours_of": "E06000063"}],
    ids=["england", "north_west", "cumberland_neighbours"],
)
async def test_every_year_end_since_2013_matches_the_grades_of_that_day(
    national_client: AsyncClient, national_make_key: MakeKey, scope: dict[str, str]
) -> None:
    reader = await national_make_key(Role.reader)
    for area in AREAS:
        params = {"from": "2013-01-01", "to": "2026-06-30", "every": "year", "area": area, **scope}
        response = await national_client.get("/v1/stats/grades/series", params=params, headers=reader)
        points = response.json()["points"]
        assert len(points) == 13
        for point in points:
            single = await national_client.get(
                "/v1/stats/grades", params={"as_of": point["as_of"], "area": area, **scope}, headers=reader
            )
            body = single.json()
            assert (point["counts"], point["graded"], point["authorities"]) == (
                body["counts"],
                body["graded"],
                body["authorities"],
            ), (area, point["as_of"])
