from fastapi import APIRouter
from starlette.responses import Response

from app.core import openapi_docs as docs
from app.core.auth import PrincipalDep
from app.core.responses import json_response
from app.core.routing import UnitOfWorkRoute
from app.me.schemas import CallerRead

router = APIRouter(prefix="/v1/me", tags=["the caller"], route_class=UnitOfWorkRoute)


@router.get(
    "",
    response_model=CallerRead,
    responses=docs.problems(403),
    summary="Who the credential is (any role)",
    description="403 only for an access token that carries no role of this API, or two authorities.",
)
async def who_am_i(principal: PrincipalDep) -> Response:
    return json_response(CallerRead.of(principal))
