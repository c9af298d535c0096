import uuid
from datetime import date, datetime
from typing import Annotated

from pydantic import Field

from app.authorities.regions import AuthorityKind, AuthorityStatus, Region
from app.core.schemas import AuthorityCode, RequestModel, ResponseModel, ShortText
from app.inspections.vocabulary import Area, Framework, Grade, InspectionType

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
    code: str = Field(description="ONS GSS code, the key in every path; immutable.")
    la_number: int | None
    name: str
    kind: AuthorityKind = Field(description="Derived from the code's prefix.")
    region: Region = Field(description="Ofsted region.")
    status: AuthorityStatus
    ofsted_urn: int | None
    regional_adoption_agency: str | None
    latest_graded: LatestGraded | None = Field(
        description="The most recent published graded inspection the caller may see, or null."
    )
    created_at: datetime
    updated_at: datetime
    version: int


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
