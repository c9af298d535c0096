import uuid
from datetime import date

from pydantic import Field

from app.core.schemas import AuthorityCode, RequestModel
from app.inspections.schemas import JudgementRead
from app.inspections.vocabulary import Framework, Grade, InspectionType


class JudgementPut(RequestModel):
    grade: Grade


class JudgementRow(JudgementRead):
    """A judgement with its (published) inspection, one row per judgement."""

    inspection_id: uuid.UUID
    authority_code: AuthorityCode
    type: InspectionType
    framework: Framework
    published_on: date | None = Field(description="Publication date of the inspection.")
