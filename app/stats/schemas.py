from datetime import date

from pydantic import Field

from app.authorities.regions import Region
from app.core.schemas import ResponseModel
from app.inspections.vocabulary import Area


class GradeCounts(ResponseModel):
    outstanding: int
    good: int
    requires_improvement: int
    inadequate: int
    not_graded: int = Field(description="Latest graded inspection's framework has no judgement in the area.")
    not_inspected: int = Field(description="No graded inspection published on or before `as_of`.")


class GradeStats(ResponseModel):
    as_of: date
    area: Area
    region: Region | None = Field(description="The region counted, or null for England.")
    counts: GradeCounts
    authorities: int = Field(description="Current authorities counted: the sum of `counts`.")
