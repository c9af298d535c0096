"""API-key lookup. One query per request for now; revocation takes effect at once."""

from sqlalchemy.ext.asyncio import AsyncSession

from app.core.database import Database
from app.core.security import Principal


class KeyCache:
    async def start(self, db: Database) -> None:
        return None

    async def stop(self) -> None:
        return None

    async def get(self, session: AsyncSession, secret: str) -> Principal | None:
        from app.core.auth import lookup_principal

        return await lookup_principal(session, secret)
