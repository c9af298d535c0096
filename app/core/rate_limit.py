"""Per-key rate limiting. Placeholder: counts kept in PostgreSQL arrive with the trust work (issue 6)."""

from app.core.security import Principal


class RateLimiter:
    def __init__(self, per_minute: int) -> None:
        self.per_minute = per_minute

    async def check(self, principal: Principal) -> None:
        return None
