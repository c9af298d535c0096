import uuid
from datetime import date, datetime
from typing import Annotated

from pydantic import Field, StringConstraints

from app.core.schemas import AuthorityCode, IsoDate, RequestModel, ResponseModel

Answer = Annotated[str, StringConstraints(min_length=1, max_length=20_000)]
Year = Annotated[int, Field(ge=2013, le=2100, description="The year it covers; one per authority per year.")]
QUALITY = "What the authority knows about the quality and impact of its social work practice."
EVIDENCE = "How it knows it."
PLANS = "Its plans to maintain or improve practice."
SHARED_ON = "The day it was shared with the inspectorate, or null; not in the future."


class SelfEvaluationRead(ResponseModel):
    id: uuid.UUID
    authority_code: AuthorityCode
    year: int = Field(description="The year it covers; one per authority per year.")
    quality_and_impact: str = Field(description=QUALITY)
    evidence: str = Field(description=EVIDENCE)
    plans: str = Field(description=PLANS)
    shared_on: date | None = Field(description=SHARED_ON)
    created_at: datetime
    updated_at: datetime
    version: int


class SelfEvaluationCreate(RequestModel):
    year: Year
    quality_and_impact: Answer = Field(description=QUALITY)
    evidence: Answer = Field(description=EVIDENCE)
    plans: Answer = Field(description=PLANS)
    shared_on: IsoDate | None = Field(default=None, description=SHARED_ON)


class SelfEvaluationUpdate(RequestModel):
    """Fields to change; the authority is the one in the path."""

    year: Year = Field(default=None)  # type: ignore[assignment]
    quality_and_impact: Answer = Field(default=None, description=QUALITY)  # type: ignore[assignment]
    evidence: Answer = Field(default=None, description=EVIDENCE)  # type: ignore[assignment]
    plans: Answer = Field(default=None, description=PLANS)  # type: ignore[assignment]
    shared_on: IsoDate | None = Field(default=None, description=SHARED_ON)
