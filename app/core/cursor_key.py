"""The key of the MAC that signs list cursors (``app.core.pagination.CursorSeal``).

From ``ILACS_CURSOR_SECRET`` when set; otherwise made on the first start and kept in ``service_keys``, so that
every worker and replica signs and checks with the same key (a cursor made by one is good on all of them).
"""

import hashlib
import secrets

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert

from app.core.config import Settings
from app.core.database import Database
from app.models import ServiceKey

CURSOR_KEY_NAME = "cursor_mac"


def configured_cursor_key(settings: Settings) -> bytes | None:
    if settings.cursor_secret is None:
        return None
    return hashlib.sha256(settings.cursor_secret.get_secret_value().encode()).digest()


async def stored_cursor_key(db: Database) -> bytes:
    """The stored key, made by whichever process gets there first (the others read the winner's)."""
    async with db.session() as session:
        await session.execute(
            insert(ServiceKey)
            .values(name=CURSOR_KEY_NAME, secret=secrets.token_bytes(32))
            .on_conflict_do_nothing(index_elements=[ServiceKey.name])
        )
        key = await session.scalar(sa.select(ServiceKey.secret).where(ServiceKey.name == CURSOR_KEY_NAME))
        await session.commit()
    assert key is not None  # inserted above, or by the process that got there first
    return key
