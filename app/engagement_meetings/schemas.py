import uuid
from datetime import date, datetime
from typing import Annotated

from pydantic import Field, StringConstraints

from app.core.schemas import IsoDate, RequestModel, ResponseModel

Attendee = Annotated[str, StringConstraints(min_length=1, max_length=200)]
NextStep = Annotated[str, StringConstraints(min_length=1, max_length=2000)]
Discussion = Annotated[str, StringConstraints(min_length=1, max_length=20_000)]
MAX_ATTENDEES = 50
MAX_NEXT_STEPS = 50

HELD_ON = "The day the meeting was held."
ATTENDEES = "Who attended, e.g. 'Director of Children's Services', 'Ofsted Regional Director'; at most 50."
SELF_EVALUATION = "The self-evaluation discussed: one of the same authority, or null."
DISCUSSION = "What was discussed."
NEXT_STEPS = "What was agreed, one step each; at most 50."
LETTER = (
    "The day the inspectorate's letter to the Director of Children's Services summarising the meeting was "
    "received, or null; not before `held_on` and not in the future."
)


class EngagementMeetingRead(ResponseModel):
    id: uuid.UUID
    authority_code: str
    held_on: date = Field(description=HELD_ON)
    attendees: list[str] = Field(max_length=MAX_ATTENDEES, description=ATTENDEES)
    self_evaluation_id: uuid.UUID | None = Field(description=SELF_EVALUATION)
    discussion: str = Field(description=DISCUSSION)
    agreed_next_steps: list[str] = Field(max_length=MAX_NEXT_STEPS, description=NEXT_STEPS)
    letter_received_on: date | None = Field(description=LETTER)
    created_at: datetime
    updated_at: datetime
    version: int


class EngagementMeetingCreate(RequestModel):
    held_on: IsoDate = Field(description=HELD_ON)
    attendees: list[Attendee] = Field(default_factory=list, max_length=MAX_ATTENDEES, description=ATTENDEES)
    self_evaluation_id: uuid.UUID | None = Field(default=None, description=SELF_EVALUATION)
    discussion: Discussion = Field(description=DISCUSSION)
    agreed_next_steps: list[NextStep] = Field(default_factory=list, max_length=MAX_NEXT_STEPS, description=NEXT_STEPS)
    letter_received_on: IsoDate | None = Field(default=None, description=LETTER)


class EngagementMeetingUpdate(RequestModel):
    """Fields to change; the authority is the one in the path."""

    held_on: IsoDate = Field(default=None, description=HELD_ON)  # type: ignore[assignment]
    attendees: list[Attendee] = Field(default=None, max_length=MAX_ATTENDEES, description=ATTENDEES)  # type: ignore[arg-type]
    self_evaluation_id: uuid.UUID | None = Field(default=None, description=SELF_EVALUATION)
    discussion: Discussion = Field(default=None, description=DISCUSSION)  # type: ignore[assignment]
    agreed_next_steps: list[NextStep] = Field(
        default=None,  # type: ignore[arg-type]
        max_length=MAX_NEXT_STEPS,
        description=NEXT_STEPS,
    )
    letter_received_on: IsoDate | None = Field(default=None, description=LETTER)
