import functools
import uuid
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Annotated, Any

from pydantic import AfterValidator, Field, HttpUrl, StringConstraints

from app.core.schemas import AuthorityCode, IsoDate, LongText, RequestModel, ResponseModel, ShortText
from app.inspections.vocabulary import (
    AREA_LABELS,
    FRAMEWORKS,
    GRADE_LABELS,
    GRADE_SCORES,
    Area,
    FindingKind,
    Framework,
    Grade,
    InspectionStatus,
    InspectionType,
    PartnerInspectorate,
    SourceKind,
)

ThemeSlug = Annotated[str, StringConstraints(min_length=1, max_length=80, pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")]


def _https_url(value: str) -> str:
    """An absolute https URL, kept as the client wrote it."""
    try:
        url = HttpUrl(value)
    except ValueError as exc:
        raise ValueError("must be an absolute https URL") from exc
    if url.scheme != "https":
        raise ValueError("must be an https URL")
    return value


ReportUrl = Annotated[
    str,
    StringConstraints(min_length=1, max_length=2000),
    AfterValidator(_https_url),
    Field(description="The published report (an https URL)."),
]
InspectorCount = Annotated[int, Field(ge=1, le=100, description="Inspectors on the team.")]
Themes = Annotated[
    list[ThemeSlug],
    Field(
        max_length=20,
        description="Theme slugs: exactly one for focused and monitoring visits, one or more for a "
        "jtai, none otherwise; each theme's `applies_to` must include the type.",
    ),
]
Partners = Annotated[
    list[PartnerInspectorate], Field(max_length=4, description="JTAI only: at least two, always including `ofsted`.")
]


class JudgementRead(ResponseModel):
    area: Area
    area_label: str = Field(description="Ofsted's wording of the area.")
    grade: Grade
    grade_label: str = Field(description="Ofsted's wording of the grade.")
    grade_score: int = Field(description="1 outstanding .. 4 inadequate.")

    @classmethod
    def of(cls, area: str, grade: str) -> "JudgementRead":
        a, g = Area(area), Grade(grade)
        return cls(area=a, area_label=AREA_LABELS[a], grade=g, grade_label=GRADE_LABELS[g], grade_score=GRADE_SCORES[g])


class JudgementIn(RequestModel):
    area: Area = Field(description="A judgement area of the inspection's framework.")
    grade: Grade


class FindingIn(RequestModel):
    kind: FindingKind = Field(description="`priority_action` is the most serious: the authority must answer it.")
    text: Annotated[LongText, StringConstraints(min_length=1)]
    area: Area | None = Field(default=None, description="A judgement area of the inspection's framework, or null.")


class SourceRead(ResponseModel):
    kind: SourceKind = Field(
        description="`official_statistics`, `entered` (through the API), `report_pdf` or `report_scrape`."
    )
    reference: str | None = Field(max_length=300, description="The file, edition or URL, or null.")
    recorded_at: datetime = Field(description="When this source first said something of the record.")


class InspectionRead(ResponseModel):
    id: uuid.UUID
    authority_code: AuthorityCode
    type: InspectionType
    framework: Framework = Field(
        description="Defaults from `fieldwork_start` (today's while unknown) and follows it, unless chosen explicitly."
    )
    status: InspectionStatus
    notified_on: date | None
    fieldwork_start: date | None = Field(description="First day of fieldwork.")
    fieldwork_end: date | None
    published_on: date | None
    published_by: date | None = Field(
        description="Read-only: set only when the record's sources give no exact publication date, as the date "
        "by which it was published (an edition's cut-off)."
    )
    report_url: str | None
    lead_inspector: str | None
    inspector_count: int | None
    themes: list[str] = Field(description="Theme slugs.")
    partner_inspectorates: list[PartnerInspectorate]
    judgements: list[JudgementRead] = Field(description="In the framework's order of areas.")
    sources: list[SourceRead] = Field(
        max_length=50,
        description="Read-only: where the record came from, oldest first. Field by field the more authoritative "
        "source wins: an official edition (a later over an earlier), then an entry through the API, a report "
        "PDF, the report scrape; a lower source fills only what is unknown.",
    )
    created_at: datetime
    updated_at: datetime
    version: int


class InspectionCreate(RequestModel):
    """A new inspection activity; a whole published one (judgements and findings) may come in one request."""

    authority_code: AuthorityCode = Field(description="The inspected authority; immutable.")
    type: InspectionType
    framework: Framework | None = Field(
        default=None,
        description="Omit to follow `fieldwork_start`; set only "
        "to one that fits the type (`sif_2013` for a sif_inspection, ILACS "
        "otherwise).",
    )
    status: InspectionStatus = Field(
        default=InspectionStatus.planned, description="Any state may be recorded, provided it has what the state needs."
    )
    notified_on: IsoDate | None = None
    fieldwork_start: IsoDate | None = None
    fieldwork_end: IsoDate | None = None
    published_on: IsoDate | None = Field(default=None, description="Not in the future.")
    report_url: ReportUrl | None = None
    lead_inspector: ShortText | None = None
    inspector_count: InspectorCount | None = None
    themes: Themes = Field(default_factory=list)
    partner_inspectorates: Partners = Field(default_factory=list)
    judgements: list[JudgementIn] = Field(
        default_factory=list, max_length=10, description="Graded types only: one per area of the framework."
    )
    findings: list[FindingIn] = Field(default_factory=list, max_length=200)


class InspectionUpdate(RequestModel):
    """Fields to change. `status` is a transition; judgements and findings have their own endpoints;
    `authority_code` is immutable. `framework: null` returns to following `fieldwork_start`."""

    type: InspectionType = Field(default=None)  # type: ignore[assignment]
    framework: Framework | None = None
    status: InspectionStatus = Field(default=None)  # type: ignore[assignment]
    notified_on: IsoDate | None = None
    fieldwork_start: IsoDate | None = None
    fieldwork_end: IsoDate | None = None
    published_on: IsoDate | None = None
    report_url: ReportUrl | None = None
    lead_inspector: ShortText | None = None
    inspector_count: InspectorCount | None = None
    themes: Themes = Field(default=None)  # type: ignore[arg-type]
    partner_inspectorates: Partners = Field(default=None)  # type: ignore[arg-type]


class TimelineRead(ResponseModel):
    authority_code: AuthorityCode
    items: list[InspectionRead] = Field(description="Every inspection the caller may see, oldest first.")


AREA_ORDER = {framework.value: {a.value: i for i, a in enumerate(spec.areas)} for framework, spec in FRAMEWORKS.items()}


@functools.cache
def judgement_json(area: str, grade: str) -> dict[str, Any]:
    """A ``JudgementRead`` as plain data (a few dozen possible: shared, never to be changed)."""
    return JudgementRead.of(area, grade).model_dump(mode="json")


def judgements_json(framework: str, judgements: Iterable[Sequence[str]]) -> list[dict[str, Any]]:
    """``(area, grade)`` pairs as ``JudgementRead`` data, in the order of the framework's areas (any stray last)."""
    order = AREA_ORDER.get(framework, {})
    return [judgement_json(a, g) for a, g in sorted(judgements, key=lambda j: (order.get(j[0], 99), j[0]))]


# The read statements select exactly these, in this order (``reads.COLUMNS``).
INSPECTION_FIELDS = tuple(InspectionRead.model_fields)


def inspection_json(row: Sequence[Any]) -> dict[str, Any]:
    """An ``InspectionRead`` as plain data, from a row of ``reads.COLUMNS``, fields in the schema's order."""
    data = dict(zip(INSPECTION_FIELDS, row, strict=False))
    data["themes"] = sorted(data["themes"] or ())
    data["judgements"] = judgements_json(data["framework"], data["judgements"] or ())
    data["sources"] = data["sources"] or []
    return data
