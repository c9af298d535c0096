"""Authentication: the bearer key of each /v1 request, and the role checks handlers declare."""

from collections.abc import Awaitable, Callable
from typing import Annotated

from asgi_correlation_id import correlation_id
from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.context import Context
from app.core.errors import Forbidden, Unauthorized
from app.core.security import Principal, Role

bearer = HTTPBearer(auto_error=False, description="An API key: `Authorization: Bearer <secret>`.")


async def get_session(request: Request) -> AsyncSession:  # async: a plain def would cost a thread hop
    session: AsyncSession = request.state.session
    return session


SessionDep = Annotated[AsyncSession, Depends(get_session)]


async def authenticate(
    request: Request,
    session: SessionDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> Principal:
    if credentials is None or credentials.scheme.lower() != "bearer" or not credentials.credentials:
        raise Unauthorized("Send an API key: Authorization: Bearer <key>.")
    if len(credentials.credentials) > 200:
        raise Unauthorized("Unknown, expired or revoked API key.")
    principal: Principal | None = await request.app.state.key_cache.get(session, credentials.credentials)
    if principal is None:
        raise Unauthorized("Unknown, expired or revoked API key.")
    request.state.principal = principal
    limiter = getattr(request.app.state, "rate_limiter", None)
    if limiter is not None:
        request.state.rate_limit = await limiter.check(principal, request.app.state.db.engine)
    return principal


PrincipalDep = Annotated[Principal, Depends(authenticate)]


async def get_context(request: Request, session: SessionDep, principal: PrincipalDep) -> Context:
    return Context(session=session, principal=principal, request_id=correlation_id.get())


CtxDep = Annotated[Context, Depends(get_context)]


def key_phrase(role: Role) -> str:
    """'A reader key', 'An authority key': how error details name the caller's key."""
    return f"{'An' if role.value[0] in 'aeiou' else 'A'} {role.value} key"


def require_roles(*roles: Role) -> Callable[[Principal], Awaitable[None]]:
    """A dependency refusing (403) any key whose role is not one of ``roles``."""
    allowed = frozenset(roles)

    async def check(principal: PrincipalDep) -> None:
        if principal.role not in allowed:
            raise Forbidden(
                f"{key_phrase(principal.role)} may not do this; it needs one of: "
                + ", ".join(sorted(r.value for r in allowed))
                + "."
            )

    check.__name__ = "require_" + "_or_".join(sorted(r.value for r in allowed))
    return check


AdminOnly = Depends(require_roles(Role.admin))
RecordsInspections = Depends(require_roles(Role.admin, Role.inspectorate))
