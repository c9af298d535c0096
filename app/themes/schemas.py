from datetime import date, datetime
from enum import StrEnum
from typing import Annotated

from pydantic import ConfigDict, Field, StringConstraints, field_validator

from app.core.schemas import LongText, RequestModel, ResponseModel, ShortText

# Kebab-case: lower-case letters and digits in words joined by single hyphens.
SLUG_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
ThemeSlug = Annotated[str, StringConstraints(min_length=1, max_length=80, pattern=SLUG_PATTERN)]


class ThemedType(StrEnum):
    """The inspection types that look at themes (DOMAIN.md "Inspection types")."""

    focused_visit = "focused_visit"
    monitoring_visit = "monitoring_visit"
    jtai = "jtai"


AppliesTo = Annotated[
    list[ThemedType],
    Field(
        min_length=1,
        max_length=3,
        description="The inspection types that may look at this theme; a non-empty subset of "
        "focused_visit, monitoring_visit, jtai.",
    ),
]


def _distinct(value: list[ThemedType]) -> list[ThemedType]:
    if len(set(value)) != len(value):
        raise ValueError("must not list a type twice")
    return [t for t in ThemedType if t in value]  # stored in one canonical order


class ThemeRead(ResponseModel):
    slug: ThemeSlug = Field(description="Kebab-case key of the theme, used in paths; immutable.")
    name: str
    description: str
    applies_to: list[ThemedType] = Field(description="The inspection types that may look at this theme.")
    created_at: datetime
    updated_at: datetime
    version: int


class ThemeCreate(RequestModel):
    slug: ThemeSlug = Field(
        description="Kebab-case key, e.g. `front-door`; immutable once created. `trends` is reserved."
    )
    name: ShortText
    description: LongText = ""
    applies_to: AppliesTo

    @field_validator("slug")
    @classmethod
    def _not_reserved(cls, value: str) -> str:
        if value == "trends":
            raise ValueError("`trends` is reserved (GET /v1/themes/trends)")
        return value

    _applies_to = field_validator("applies_to")(_distinct)


class ThemeUpdate(RequestModel):
    """Fields to change; the slug is immutable."""

    name: ShortText = Field(default=None)  # type: ignore[assignment]
    description: LongText = Field(default=None)  # type: ignore[assignment]
    applies_to: AppliesTo = Field(default=None)  # type: ignore[arg-type]

    _applies_to = field_validator("applies_to")(_distinct)


class ThemeTrend(ResponseModel):
    slug: ThemeSlug
    name: str
    visits: int = Field(description="Visible published visits that looked at the theme in the window.")
    authorities: int = Field(description="Distinct authorities among those visits.")


class ThemeTrends(ResponseModel):
    model_config = ConfigDict(from_attributes=True, validate_by_name=True, serialize_by_alias=True)

    from_: date | None = Field(alias="from", description="First fieldwork day counted (null: unbounded).")
    to: date | None = Field(description="Last fieldwork day counted (null: unbounded).")
    items: list[ThemeTrend] = Field(description="Themes with at least one visit, most visits first, then slug.")
