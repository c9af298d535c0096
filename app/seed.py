"""First run: an empty database is filled with the national record and a small demo."""

import asyncio

import sqlalchemy as sa

from app.core.config import get_settings
from app.core.database import Database, make_command_engine
from app.demo.service import seed_demo
from app.imports.command import seed_national_record
from app.models import Inspection


def seed_if_empty(url: str) -> bool:
    if not get_settings().seed_on_empty:
        return False

    async def is_empty() -> bool:
        db = Database(make_command_engine(url, get_settings()))
        try:
            async with db.session() as session:
                return (await session.scalar(sa.select(sa.func.count()).select_from(Inspection))) == 0
        finally:
            await db.dispose()

    if not asyncio.run(is_empty()):
        return False
    seed_national_record(url)
    seed_demo(url)
    return True
