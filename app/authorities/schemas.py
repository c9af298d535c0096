import uuid
from collections.abc import Sequence
from datetime import date, datetime
from typing import Annotated, Any

from pydantic import Field

from app.authorities.regions import AuthorityKind, AuthorityStatus, Region, kind_of
from app.core.schemas import GSS_CODE_PATTERN, AuthorityCode, RequestModel, ResponseModel, ShortText
from app.inspections.vocabulary import Area, Framework, Grade, InspectionType

GssCode = Annotated[str, Field(pattern=GSS_CODE_PATTERN, max_length=9, description="ONS GSS code.")]
LaNumber = Annotated[int, Field(ge=201, le=999, description="DfE three-digit LA number (201..999), unique.")]
Urn = Annotated[int, Field(ge=1, le=99_999_999, description="Ofsted URN of the authority.")]


class JudgementBrief(ResponseModel):
    area: Area
    grade: Grade


class LatestGraded(ResponseModel):
    inspection_id: uuid.UUID
    type: InspectionType
    framework: Framework
    fieldwork_start: date | None
    published_on: date | None
    judgements: list[JudgementBrief]


class AuthorityRead(ResponseModel):
    code: AuthorityCode = Field(description="ONS GSS code, the key in every path; immutable.")
    la_number: int | None
    name: str
    kind: AuthorityKind = Field(description="Derived from the code's prefix.")
    region: Region = Field(description="Ofsted region.")
    status: AuthorityStatus
    ofsted_urn: int | None
    regional_adoption_agency: str | None
    former_codes: list[GssCode] = Field(
        max_length=20, description="GSS codes this same authority used before (recoding); GET by one answers 308."
    )
    established_on: date | None = Field(description="When it came into existence (reorganisation), or null.")
    ceased_on: date | None = Field(description="The first day it no longer existed, or null.")
    successors: list[GssCode] = Field(
        max_length=20, description="Codes of the authorities that took over its children's services when it ceased."
    )
    predecessors: list[GssCode] = Field(
        max_length=20, description="Derived: codes of the authorities that name this one as a successor."
    )
    statistical_neighbours: list[GssCode] = Field(
        max_length=10,
        description="The Department for Education's ten statistical neighbours, in its order; empty when unknown.",
    )
    latest_graded: LatestGraded | None = Field(
        description="The most recent published graded inspection the caller may see, or null."
    )
    created_at: datetime
    updated_at: datetime
    version: int


# The read statements select exactly these, in this order, then the latest graded inspection's columns.
AUTHORITY_FIELDS = tuple(AuthorityRead.model_fields)


def authority_json(row: Sequence[Any]) -> dict[str, Any]:
    """An ``AuthorityRead`` as plain data, from a row of ``repository.READ``, fields in the schema's order."""
    data = dict(zip(AUTHORITY_FIELDS, row, strict=False))
    data["kind"] = kind_of(data["code"])
    inspection_id, type_, framework, fieldwork_start, published_on, areas, grades = row[len(AUTHORITY_FIELDS) :]
    if inspection_id is not None:
        data["latest_graded"] = {
            "inspection_id": inspection_id,
            "type": type_,
            "framework": framework,
            "fieldwork_start": fieldwork_start,
            "published_on": published_on,
            "judgements": [{"area": a, "grade": g} for a, g in zip(areas or (), grades or (), strict=True)],
        }
    return data


class AuthorityCreate(RequestModel):
    code: AuthorityCode = Field(description="ONS GSS code: E06 unitary, E08 metropolitan, E09 London, E10 county.")
    la_number: LaNumber | None = None
    name: ShortText
    region: Region
    status: AuthorityStatus = AuthorityStatus.current
    ofsted_urn: Urn | None = None
    regional_adoption_agency: ShortText | None = None


class AuthorityUpdate(RequestModel):
    """Fields to change; the code is immutable."""

    la_number: LaNumber | None = None
    name: ShortText = Field(default=None)  # type: ignore[assignment]
    region: Region = Field(default=None)  # type: ignore[assignment]
    status: AuthorityStatus = Field(default=None)  # type: ignore[assignment]
    ofsted_urn: Urn | None = None
    regional_adoption_agency: ShortText | None = None
