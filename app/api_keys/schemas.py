import uuid
from datetime import datetime

from pydantic import Field

from app.core.schemas import AuthorityCode, IsoDateTime, RequestModel, ResponseModel, ShortText
from app.core.security import Role


class ApiKeyRead(ResponseModel):
    id: uuid.UUID
    name: str
    role: Role
    authority_code: AuthorityCode | None = Field(description="For `authority` keys, the authority it is bound to.")
    created_at: datetime
    expires_at: datetime | None
    revoked_at: datetime | None
    prefix: str = Field(description="The first characters of the secret, to recognise it.")


class ApiKeyCreated(ApiKeyRead):
    secret: str | None = Field(
        description="The key's secret, shown this once and never again (only its hash is stored). Null in the "
        "replay of an `Idempotency-Key` repeat: the secret is not kept for it."
    )


class ApiKeyCreate(RequestModel):
    name: ShortText
    role: Role
    authority_code: AuthorityCode | None = Field(default=None, description="Required for, and only for, `authority`.")
    expires_at: IsoDateTime | None = None
