import uuid
from datetime import date, datetime

from pydantic import Field

from app.core.schemas import AuthorityCode, IsoDate, RequestModel, ResponseModel, Title


class ImprovementPlanRead(ResponseModel):
    id: uuid.UUID
    authority_code: AuthorityCode = Field(description="The authority whose plan this is; immutable.")
    title: str
    starts_on: date | None = Field(description="First day of the plan, or null.")
    ends_on: date | None = Field(description="Last day of the plan, or null; not before `starts_on`.")
    inspection_id: uuid.UUID | None = Field(
        description="The inspection the plan answers, or null (also null for callers who may not see it)."
    )
    created_at: datetime
    updated_at: datetime
    version: int


class ImprovementPlanCreate(RequestModel):
    authority_code: AuthorityCode = Field(description="The authority whose plan this is (an authority key: its own).")
    title: Title = Field(description="What the plan is, e.g. 'Improvement plan after the March 2025 inspection'.")
    starts_on: IsoDate | None = None
    ends_on: IsoDate | None = Field(default=None, description="Not before `starts_on`.")
    inspection_id: uuid.UUID | None = Field(
        default=None, description="An inspection of the same authority that the caller may see."
    )


class ImprovementPlanUpdate(RequestModel):
    """Fields to change; `authority_code` is immutable."""

    title: Title = Field(default=None)  # type: ignore[assignment]
    starts_on: IsoDate | None = None
    ends_on: IsoDate | None = Field(default=None, description="Not before `starts_on`.")
    inspection_id: uuid.UUID | None = Field(
        default=None, description="An inspection of the same authority that the caller may see, or null."
    )
