"""A small graded history shared by the statistics tests."""

from datetime import date

import pytest

from app.core.database import Database
from tests.conftest import GATESHEAD, LEICESTERSHIRE
from tests.forecast.records import add_inspection, graded

ILACS_2018_RI = {
    "overall_effectiveness": "requires_improvement",
    "impact_of_leaders": "requires_improvement",
    "help_and_protection": "good",
    "children_in_care_and_care_leavers": "inadequate",
}


@pytest.fixture
async def history(database: Database) -> None:
    """Leicestershire: RI in 2019 (ilacs_2018), good in 2023. Gateshead: outstanding in 2024."""
    await add_inspection(
        database,
        LEICESTERSHIRE,
        "standard_inspection",
        framework="ilacs_2018",
        fieldwork_start=date(2019, 5, 6),
        published_on=date(2019, 6, 28),
        judgements=ILACS_2018_RI,
    )
    await add_inspection(
        database,
        LEICESTERSHIRE,
        "short_inspection",
        fieldwork_start=date(2023, 5, 8),
        published_on=date(2023, 6, 30),
        judgements=graded("good", others="outstanding"),
    )
    await add_inspection(
        database,
        GATESHEAD,
        "standard_inspection",
        fieldwork_start=date(2024, 1, 8),
        published_on=date(2024, 2, 23),
        judgements=graded("outstanding"),
    )
