"""Base classes of every API schema: requests refuse unknown and read-only fields, responses read ORM rows."""

import re
from datetime import UTC, date, datetime
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, StringConstraints, field_validator

# Caps on every string a client can send (OWASP API4: unrestricted resource consumption).
ShortText = Annotated[str, StringConstraints(min_length=1, max_length=200)]
Title = Annotated[str, StringConstraints(min_length=1, max_length=300)]
LongText = Annotated[str, StringConstraints(max_length=20_000)]
GSS_CODE_PATTERN = r"^E(06|08|09|10)\d{6}$"
AuthorityCode = Annotated[str, StringConstraints(pattern=GSS_CODE_PATTERN)]

NUL_MESSAGE = "must not contain NUL (\\u0000) characters"
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_RFC3339 = re.compile(r"\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d{1,6})?([Zz]|[+-]\d{2}:\d{2})")


def _iso_date(value: object) -> object:
    # pydantic alone would take a number (or a numeric string) as a Unix time: `0` would be 1970-01-01.
    if isinstance(value, date) or (isinstance(value, str) and _ISO_DATE.fullmatch(value)):
        return value
    raise ValueError("must be a date written YYYY-MM-DD")


def _rfc3339(value: object) -> object:
    if isinstance(value, datetime) or (isinstance(value, str) and _RFC3339.fullmatch(value)):
        return value
    raise ValueError("must be an RFC 3339 timestamp with its offset, e.g. 2026-01-31T09:00:00Z")


def _in_utc(value: datetime) -> datetime:
    # 9999-12-31T23:00:00-05:00 is a valid timestamp whose UTC instant is past the last year Python can hold.
    try:
        return value.astimezone(UTC)
    except OverflowError:
        raise ValueError("is out of range once converted to UTC") from None


# Every date and timestamp a client sends, in the body or the query: only as API.md writes them.
IsoDate = Annotated[date, BeforeValidator(_iso_date)]
IsoDateTime = Annotated[datetime, BeforeValidator(_rfc3339), AfterValidator(_in_utc)]


def contains_nul(value: Any) -> bool:
    """Whether a string, or any string in a list or dict, holds NUL, which PostgreSQL text cannot store."""
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, list | tuple | set | frozenset):
        return any(contains_nul(v) for v in value)
    if isinstance(value, dict):
        return any(contains_nul(k) or contains_nul(v) for k, v in value.items())
    return False


class RequestModel(BaseModel):
    model_config = ConfigDict(extra="forbid")

    @field_validator("*", mode="after")
    @classmethod
    def _refuse_nul(cls, value: Any) -> Any:
        if contains_nul(value):
            raise ValueError(NUL_MESSAGE)
        return value


class ResponseModel(BaseModel):
    model_config = ConfigDict(from_attributes=True)
