"""What a service needs to know about the request it serves: the session, the caller, the request id."""

from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy.ext.asyncio import AsyncSession

from app.core.security import Principal


@dataclass(slots=True)
class Context:
    session: AsyncSession
    principal: Principal
    request_id: str | None = None

    @staticmethod
    def today() -> date:
        return datetime.now(UTC).date()
