"""``track_of``: the one function deciding a track (eligibility and the forecast both use it)."""

import pytest

from app.inspections.tracks import track_of

ILACS_2026 = ("impact_of_leaders", "help_and_protection", "children_in_care", "care_leavers")


@pytest.mark.parametrize(
    ("overall", "track"),
    [("outstanding", "short"), ("good", "short"), ("requires_improvement", "standard"), ("inadequate", "inadequate")],
)
@pytest.mark.parametrize("framework", ["sif_2013", "ilacs_2018", "ilacs_2023"])
def test_overall_effectiveness_decides_the_track(framework: str, overall: str, track: str) -> None:
    assert track_of(framework, {"overall_effectiveness": overall, "impact_of_leaders": "inadequate"}) == track


@pytest.mark.parametrize(
    ("grades", "track"),
    [
        (("good", "good", "good", "good"), "short"),
        (("outstanding", "good", "requires_improvement", "good"), "short"),
        (("good", "good", "requires_improvement", "requires_improvement"), "standard"),
        (("requires_improvement", "outstanding", "outstanding", "outstanding"), "standard"),
        (("outstanding", "outstanding", "outstanding", "inadequate"), "inadequate"),
        (("inadequate", "good", "good", "good"), "inadequate"),
    ],
)
def test_ilacs_2026_track_from_leaders_and_the_other_three_areas(grades: tuple[str, ...], track: str) -> None:
    assert track_of("ilacs_2026", dict(zip(ILACS_2026, grades, strict=True))) == track
