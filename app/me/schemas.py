from pydantic import Field

from app.core.schemas import ResponseModel
from app.core.security import CallerKind, Principal, Role


class CallerRead(ResponseModel):
    """Who the credential is (API.md "The caller")."""

    kind: CallerKind = Field(
        description="`api_key`; `user`, a person signed in through the identity provider; or `service`, a system "
        "with a client-credentials token."
    )
    id: str = Field(description="The API key's id; for a token its `oid` claim, else its `sub`.")
    name: str = Field(description="The key's name; for a token `name`, `preferred_username`, `upn`, `azp` or `appid`.")
    role: Role
    authority_code: str | None = Field(description="For the `authority` role, the authority it is bound to.")

    @classmethod
    def of(cls, principal: Principal) -> "CallerRead":
        return cls(
            kind=principal.kind,
            id=principal.id,
            name=principal.name,
            role=principal.role,
            authority_code=principal.authority_code,
        )
