"""The committee report as JSON (API.md "Committee report"): what a council's scrutiny committee reads."""

import enum
from datetime import date

from pydantic import Field

from app.action_items.schemas import ActionPlanSummary, StatusCounts
from app.core.schemas import ResponseModel
from app.engagement_meetings.schemas import EngagementMeetingRead
from app.findings.schemas import FindingRead
from app.forecast.schemas import Forecast
from app.inspections.schemas import InspectionRead
from app.inspections.vocabulary import Area, Grade, InspectionType
from app.stats.schemas import GradeCounts


class Change(enum.StrEnum):
    improved = "improved"
    declined = "declined"
    unchanged = "unchanged"
    new = "new"
    not_graded = "not_graded"


class AreaComparison(ResponseModel):
    area: Area
    area_label: str
    previous_grade: Grade | None = Field(description="The previous graded inspection's grade in the area, or null.")
    latest_grade: Grade | None = Field(description="The latest graded inspection's grade in the area, or null.")
    change: Change = Field(
        description="`improved`/`declined`/`unchanged` against the previous grade; `new` when the previous "
        "inspection had no grade in the area (or there was none); `not_graded` when the latest has none."
    )


class ReportFinding(FindingRead):
    inspection_type: InspectionType = Field(description="The type of the activity that made the finding.")
    published_on: date | None = Field(description="When that activity's report was published.")
    actions: StatusCounts = Field(description="Action items answering the finding, by status.")


class SelfEvaluationNote(ResponseModel):
    year: int
    shared_on: date | None


class Benchmark(ResponseModel):
    area: Area
    area_label: str
    authority_grade: Grade | None = Field(description="The authority's grade in the area by the same count.")
    region: GradeCounts = Field(description="Current authorities of the authority's region (itself included).")
    neighbours: GradeCounts = Field(description="Its statistical neighbours (all zero when none are on record).")
    england: GradeCounts


class CommitteeReport(ResponseModel):
    authority_code: str
    authority_name: str
    as_of: date
    since: date = Field(description="The previous report's date: the exception report and meetings start here.")
    latest_graded: InspectionRead | None
    previous_graded: InspectionRead | None
    comparison: list[AreaComparison] = Field(description="In the order of the latest inspection's areas.")
    history: list[InspectionRead] = Field(description="The timeline's items begun or published by `as_of`.")
    findings: list[ReportFinding]
    action_plan: ActionPlanSummary = Field(
        description="The action-plan summary as of `as_of` with its exception "
        "report since `since`, as its endpoint gives it."
    )
    forecast: Forecast
    self_evaluation: SelfEvaluationNote | None = Field(
        description="The latest self-evaluation (year up to `as_of`'s), when the caller may see it."
    )
    engagement_meetings: list[EngagementMeetingRead] = Field(
        description="Held between `since` and `as_of`, when the caller may see them (as self-evaluations)."
    )
    benchmarks: list[Benchmark]
