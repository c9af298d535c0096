"""Issue 19's last-page anomaly, reproduced: one authority holds most items, another's were added with later due
dates, and the statistics are fresh. Asked for one authority's items after a cursor in due order, PostgreSQL then
walks the (due_on, id) index from the cursor and filters out every other authority's later items, expecting the
asked authority's to come soon. The list's page statement is written so that only the authority's own index
gives its order (``app.action_items.repository._one_authority_in_order``)."""

import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql
from sqlalchemy.ext.asyncio import AsyncConnection

from app.action_items import derived, repository
from app.inspections.visibility import Sight
from app.models import ActionItem
from tests.conftest import GATESHEAD, LEICESTERSHIRE

BIG, LATER = 20_000, 8_000


async def _fill(connection: AsyncConnection) -> tuple[datetime.date, Any]:
    insert = """
        INSERT INTO action_items (id, authority_code, title, owner, due_on, status)
        SELECT gen_random_uuid(), :code, 'Item ' || n, 'Test', CAST(:first AS date) + (n % :days), 'in_progress'
        FROM generate_series(1, :n) AS n
    """
    first = {"first": datetime.date(2024, 1, 1)}
    await connection.execute(sa.text(insert), {**first, "code": LEICESTERSHIRE, "days": 1500, "n": BIG})
    later = {"first": datetime.date(2031, 3, 31)}  # all due after the big list's last item
    await connection.execute(sa.text(insert), {**later, "code": GATESHEAD, "days": 1, "n": LATER})
    await connection.execute(sa.text("ANALYZE action_items"))
    last = (
        await connection.execute(
            sa.select(ActionItem.due_on, ActionItem.id)
            .where(ActionItem.authority_code == LEICESTERSHIRE)
            .order_by(ActionItem.due_on, ActionItem.id)
            .offset(BIG - 51)
            .limit(1)
        )
    ).one()
    return last.due_on, last.id


async def _plan(connection: AsyncConnection, stmt: sa.Select[Any], values: dict[str, Any]) -> str:
    sql = stmt.params(values).compile(dialect=postgresql.dialect(), compile_kwargs={"literal_binds": True})
    rows = (await connection.execute(sa.text(f"EXPLAIN {sql}"))).scalars().all()
    return "\n".join(rows)


def _values(due_on: datetime.date, item_id: Any) -> dict[str, Any]:
    today = datetime.date(2026, 12, 2)
    return {
        "authority_code": LEICESTERSHIRE,
        "after_0": due_on,
        "after_1": item_id,
        "page_limit": 51,
        **derived.as_of(today),
    }


async def test_the_last_page_of_a_long_list_is_read_through_the_authoritys_index(connection: AsyncConnection) -> None:
    due_on, item_id = await _fill(connection)
    page = repository._page(Sight.everything, frozenset({"authority_code"}), True)
    plan = await _plan(connection, page, _values(due_on, item_id))
    assert "ix_action_items_authority_due_id" in plan and "ix_action_items_due_id " not in plan, plan


async def test_written_plainly_the_same_page_walks_the_due_date_index(connection: AsyncConnection) -> None:
    """The reproduction holds: without the statement's form, this data gives the anomaly's plan."""
    due_on, item_id = await _fill(connection)
    plain = repository.paginate_bound(
        repository._filtered(Sight.everything, frozenset({"authority_code"})), repository.SOONEST_DUE, after_cursor=True
    )
    plan = await _plan(connection, plain, _values(due_on, item_id))
    assert "ix_action_items_due_id " in plan, plan
