import uuid
from datetime import datetime
from typing import Annotated

from pydantic import Field, StringConstraints

from app.core.schemas import LongText, RequestModel, ResponseModel
from app.inspections.schemas import FindingIn
from app.inspections.vocabulary import Area, FindingKind


class FindingRead(ResponseModel):
    id: uuid.UUID
    inspection_id: uuid.UUID = Field(description="The inspection the finding belongs to.")
    kind: FindingKind = Field(
        description="`strength`, `area_for_improvement` (what needs to improve) or "
        "`priority_action` (the most serious: the authority must answer it with a plan)."
    )
    text: str
    area: Area | None = Field(description="A judgement area of the inspection's framework, or null.")
    created_at: datetime
    updated_at: datetime
    version: int


class FindingCreate(FindingIn):
    pass


class FindingUpdate(RequestModel):
    kind: FindingKind = Field(default=None)  # type: ignore[assignment]
    text: Annotated[LongText, StringConstraints(min_length=1)] = Field(default=None)  # type: ignore[assignment]
    area: Area | None = Field(default=None, description="A judgement area of the inspection's framework, or null.")
