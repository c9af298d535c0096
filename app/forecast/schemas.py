import uuid
from datetime import date

from pydantic import Field

from app.core.schemas import AuthorityCode, ResponseModel
from app.inspections.tracks import Track
from app.inspections.vocabulary import Framework, Grade, InspectionType


class ForecastBasis(ResponseModel):
    """The latest published graded inspection the forecast starts from."""

    inspection_id: uuid.UUID
    type: InspectionType
    framework: Framework
    published_on: date | None
    grade: Grade | None = Field(description="Its overall effectiveness; null under ilacs_2026 (no overall).")
    track: Track = Field(description="The track of the cycle its result puts the authority on.")


class ExpectedActivity(ResponseModel):
    type: InspectionType
    earliest: date | None = Field(description="First day of the expected window; null when there is none.")
    latest: date | None = Field(description="Last day of the expected window; null when there is none.")
    reason: str = Field(description="Why this activity is expected, in plain English.")
    overdue: bool = Field(description="True when `as_of` is past `latest`.")


class Forecast(ResponseModel):
    authority_code: AuthorityCode
    as_of: date
    basis: ForecastBasis | None = Field(description="Null when no graded inspection is on record.")
    expected: list[ExpectedActivity] = Field(description="Expected next activities, earliest window first.")
