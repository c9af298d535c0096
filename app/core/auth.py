"""Authentication: the caller of each /v1 request, from its bearer credential (an API key, or an access token
of the council's identity provider when sign-in is configured). What the caller may do is ``app.core.policy``."""

from typing import Annotated

from asgi_correlation_id import correlation_id
from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.context import Context
from app.core.errors import Unauthorized
from app.core.oidc.tokens import TokenVerifier, looks_like_token
from app.core.security import Principal

bearer = HTTPBearer(
    auto_error=False, bearerFormat="API key", description="An API key: `Authorization: Bearer <secret>` (`ilk_...`)."
)


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
    principal = await principal_of(request, session, credentials.credentials)
    request.state.principal = principal
    limiter = getattr(request.app.state, "rate_limiter", None)
    if limiter is not None:
        request.state.rate_limit = await limiter.check(principal, request.app.state.db.engine)
    return principal


async def principal_of(request: Request, session: AsyncSession, credential: str) -> Principal:
    """The caller a bearer credential stands for (401 when it stands for none). The one place where either kind
    of credential becomes the ``Principal`` every rule reads."""
    verifier: TokenVerifier | None = request.app.state.token_verifier
    if verifier is not None and looks_like_token(credential):
        return await verifier.principal(credential)
    if len(credential) > 200:
        raise Unauthorized("Unknown, expired or revoked API key.")
    principal: Principal | None = await request.app.state.key_cache.get(session, credential)
    if principal is None:
        raise Unauthorized("Unknown, expired or revoked API key.")
    return principal


PrincipalDep = Annotated[Principal, Depends(authenticate)]


async def get_context(request: Request, session: SessionDep, principal: PrincipalDep) -> Context:
    return Context(session=session, principal=principal, request_id=correlation_id.get())


CtxDep = Annotated[Context, Depends(get_context)]
