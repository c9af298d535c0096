"""Base classes of every API schema: requests refuse unknown and read-only fields, responses read ORM rows."""

from typing import Annotated

from pydantic import BaseModel, ConfigDict, StringConstraints

# Caps on every string a client can send (OWASP API4: unrestricted resource consumption).
ShortText = Annotated[str, StringConstraints(min_length=1, max_length=200)]
Title = Annotated[str, StringConstraints(min_length=1, max_length=300)]
LongText = Annotated[str, StringConstraints(max_length=20_000)]
AuthorityCode = Annotated[str, StringConstraints(pattern=r"^E(06|08|09|10)\d{6}$")]


class RequestModel(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ResponseModel(BaseModel):
    model_config = ConfigDict(from_attributes=True)
