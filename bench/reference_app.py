"""(b) The floor of the stack: one row by primary key and a page of 50 rows (the service's page size), async
SQLAlchemy, nothing else.

No auth, no audit, no conventions: FastAPI, an async engine on the same tables as the service (its database
from ``BENCH_DATABASE_URL``), orjson for the body. The service is measured against this.
"""

import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import orjson
import sqlalchemy as sa
from fastapi import FastAPI, HTTPException
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine
from starlette.responses import Response

AUTHORITIES = sa.table(
    "authorities",
    *(
        sa.column(c)
        for c in (
            "code",
            "la_number",
            "name",
            "region",
            "status",
            "ofsted_urn",
            "regional_adoption_agency",
            "created_at",
            "updated_at",
            "version",
        )
    ),
)
ACTION_ITEMS = sa.table(
    "action_items",
    *(
        sa.column(c)
        for c in (
            "id",
            "authority_code",
            "plan_id",
            "inspection_id",
            "finding_id",
            "title",
            "description",
            "owner",
            "due_on",
            "status",
            "completed_on",
            "created_at",
            "updated_at",
            "version",
        )
    ),
)
engines: dict[str, AsyncEngine] = {}


@asynccontextmanager
async def lifespan(_: FastAPI) -> AsyncIterator[None]:
    url = make_url(os.environ["BENCH_DATABASE_URL"]).set(drivername="postgresql+asyncpg")
    engines["db"] = create_async_engine(url, pool_size=10, max_overflow=5)
    yield
    await engines.pop("db").dispose()


app = FastAPI(lifespan=lifespan, openapi_url=None, docs_url=None, redoc_url=None)


def _json(data: Any) -> Response:
    return Response(orjson.dumps(data, default=str), media_type="application/json")


@app.get("/authorities/{code}")
async def one_authority(code: str) -> Response:
    async with engines["db"].connect() as conn:
        row = (await conn.execute(sa.select(AUTHORITIES).where(AUTHORITIES.c.code == code))).mappings().first()
    if row is None:
        raise HTTPException(404)
    return _json(dict(row))


@app.get("/action-items")
async def action_item_page(authority_code: str, limit: int = 50) -> Response:
    stmt = (
        sa.select(ACTION_ITEMS)
        .where(ACTION_ITEMS.c.authority_code == authority_code)
        .order_by(ACTION_ITEMS.c.due_on, ACTION_ITEMS.c.id)
        .limit(limit)
    )
    async with engines["db"].connect() as conn:
        rows = (await conn.execute(stmt)).mappings().all()
    return _json({"items": [dict(r) for r in rows]})
