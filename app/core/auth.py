"""Authentication: the bearer key of each /v1 request, and the role checks handlers declare."""

from typing import Annotated

from asgi_correlation_id import correlation_id
from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.context import Context
from app.core.errors import Unauthorized
from app.core.security import Principal

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
        await limiter.check(principal, request.app.state.db.engine)
    return principal


PrincipalDep = Annotated[Principal, Depends(authenticate)]


async def get_context(request: Request, session: SessionDep, principal: PrincipalDep) -> Context:
    return Context(session=session, principal=principal, request_id=correlation_id.get())


CtxDep = Annotated[Context, Depends(get_context)]
