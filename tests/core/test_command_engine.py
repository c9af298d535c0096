"""Command-line work (imports, demo data, the first-run seed, keys) is not bound by a request's statement timeout."""

import pytest
import sqlalchemy as sa
import sqlalchemy.exc as sa_exc

from app.core.config import Settings
from app.core.database import make_command_engine, make_engine

SLOW = sa.text("SELECT pg_sleep(0.6)")
# Longer than the client's own wait on a request engine (statement timeout + 1 s): no TimeoutError either.
SLOWER = sa.text("SELECT pg_sleep(1.5)")


async def test_a_statement_longer_than_the_request_timeout_runs_from_the_command_line(database_url: str) -> None:
    settings = Settings(database_url=database_url, db_statement_timeout_ms=200)  # type: ignore[arg-type]
    request_engine = make_engine(database_url, settings, pool_size=1)
    command_engine = make_command_engine(database_url, settings)
    try:
        async with request_engine.connect() as conn:
            with pytest.raises(sa_exc.DBAPIError) as cancelled:
                await conn.execute(SLOW)
            assert getattr(cancelled.value.orig, "sqlstate", None) == "57014"  # query_canceled
        async with command_engine.connect() as conn:
            await conn.execute(SLOWER)
            assert await conn.scalar(sa.text("SHOW statement_timeout")) == "0"
    finally:
        await request_engine.dispose()
        await command_engine.dispose()
