from datetime import date

from pydantic import ConfigDict, Field

from app.authorities.regions import Region
from app.core.schemas import ResponseModel
from app.inspections.vocabulary import Area, InspectionType

MAX_POINTS = 400


class GradeCounts(ResponseModel):
    outstanding: int = Field(ge=0)
    good: int = Field(ge=0)
    requires_improvement: int = Field(ge=0)
    inadequate: int = Field(ge=0)
    not_graded: int = Field(ge=0, description="The latest graded inspection's framework has no such area.")
    not_inspected: int = Field(
        ge=0, description="No graded inspection counted (begun by `as_of`, published by `published_by`)."
    )


class Scoped(ResponseModel):
    region: Region | None = Field(description="The region counted, or null for England.")
    neighbours_of: str | None = Field(
        description="The authority whose statistical neighbours are counted (as asked), or null."
    )


class GradeStats(Scoped):
    as_of: date
    published_by: date
    area: Area
    counts: GradeCounts
    graded: int = Field(ge=0, description="The four grades' sum: what percentages divide by.")
    authorities: int = Field(ge=0, description="Authorities counted (in existence on `as_of`): the sum of `counts`.")


class GradePoint(ResponseModel):
    as_of: date = Field(description="The last day of the period; also the `published_by` of the count.")
    counts: GradeCounts
    graded: int = Field(ge=0)
    authorities: int = Field(ge=0)


class GradeSeries(Scoped):
    area: Area
    points: list[GradePoint] = Field(max_length=MAX_POINTS)


class MovementAuthorities(ResponseModel):
    improved: list[str] = Field(max_length=1000)
    declined: list[str] = Field(max_length=1000)
    unchanged_good_or_outstanding: list[str] = Field(max_length=1000)
    unchanged_below_good: list[str] = Field(max_length=1000)


class Movement(Scoped):
    as_of: date
    published_by: date
    area: Area
    compared: int = Field(ge=0, description="Authorities with two or more counted ILACS grades in the area.")
    improved: int = Field(ge=0, description="Latest grade better than the first.")
    declined: int = Field(ge=0, description="Latest grade worse than the first.")
    unchanged_good_or_outstanding: int = Field(ge=0)
    unchanged_below_good: int = Field(ge=0)
    authorities: MovementAuthorities = Field(description="The codes in each group, sorted.")


class Activity(Scoped):
    model_config = ConfigDict(from_attributes=True, validate_by_name=True, serialize_by_alias=True)

    from_: date = Field(alias="from", description="First fieldwork day counted.")
    to: date = Field(description="Last fieldwork day counted.")
    published_by: date
    by_type: dict[InspectionType, int] = Field(description="Every inspection type, with its count.")
    total: int = Field(ge=0)
