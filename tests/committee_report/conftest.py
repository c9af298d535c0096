"""The demo (plans, items, findings, self-evaluations) loaded on the national record, in the test's transaction."""

import pytest

from app.core.database import Database
from app.demo.service import load_demo


@pytest.fixture
async def demo(national_database: Database) -> None:
    async with national_database.session() as session:
        await load_demo(session)
        await session.commit()
