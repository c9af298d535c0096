"""Base classes of every API schema: requests refuse unknown and read-only fields, responses read ORM rows."""

import re
from datetime import UTC, date, datetime
from typing import Annotated, Any

from fastapi import Path
from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, StringConstraints, field_validator

from app.core.openapi_limits import INT32_MAX, INT32_MIN, MAX_ITEMS, MAX_TEXT

# Caps on every string a client can send (OWASP API4: unrestricted resource consumption).
ShortText = Annotated[str, StringConstraints(min_length=1, max_length=200)]
Title = Annotated[str, StringConstraints(min_length=1, max_length=300)]
LongText = Annotated[str, StringConstraints(max_length=MAX_TEXT)]
GSS_CODE_PATTERN = r"^E(06|08|09|10)\d{6}$"
AUTHORITY_CODE_PATTERN = GSS_CODE_PATTERN
AuthorityCode = Annotated[str, StringConstraints(max_length=9, pattern=GSS_CODE_PATTERN)]
SLUG_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"  # kebab-case: lower-case words joined by single hyphens

# Path parameters, limited as the contract states: a value outside the limits names no resource (404, as an
# unknown one does; app.core.problems turns a path parameter's validation failure into 404).
AuthorityCodePath = Annotated[
    str, Path(max_length=9, pattern=GSS_CODE_PATTERN, description="The authority's GSS code, e.g. E10000018.")
]
SlugPath = Annotated[str, Path(max_length=80, pattern=SLUG_PATTERN, description="A kebab-case key.")]

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
    """Every body: unknown fields refused, and the limits the OpenAPI states for every value of a kind
    (``app.core.openapi_limits``) enforced here, where a field declares none narrower."""

    model_config = ConfigDict(extra="forbid", str_max_length=MAX_TEXT)

    @field_validator("*", mode="after")
    @classmethod
    def _refuse_nul_and_oversize(cls, value: Any) -> Any:
        if contains_nul(value):
            raise ValueError(NUL_MESSAGE)
        if isinstance(value, int) and not isinstance(value, bool) and not INT32_MIN <= value <= INT32_MAX:
            raise ValueError(f"must be between {INT32_MIN} and {INT32_MAX}")
        if isinstance(value, list | tuple | set | frozenset) and len(value) > MAX_ITEMS:
            raise ValueError(f"must have at most {MAX_ITEMS} items")
        return value


class ResponseModel(BaseModel):
    model_config = ConfigDict(from_attributes=True)
