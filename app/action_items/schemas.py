import uuid
from collections.abc import Sequence
from datetime import date, datetime
from typing import Annotated, Any

from pydantic import ConfigDict, Field, StringConstraints

from app.action_items.rules import DUE_CHANGE_REASON_MAX
from app.action_items.vocabulary import ActionSource, ActionStatus, Rag
from app.core.schemas import AuthorityCode, IsoDate, LongText, RequestModel, ResponseModel, ShortText, Title
from app.inspections.vocabulary import Area, FindingKind, InspectionType

Note = Annotated[str, StringConstraints(min_length=1, max_length=20_000)]
SourceReference = Annotated[str, StringConstraints(min_length=1, max_length=500)]
DueChangeReason = Annotated[str, StringConstraints(min_length=1, max_length=DUE_CHANGE_REASON_MAX)]
SOURCE = (
    "What the action answers: `finding` (an inspection finding, of any activity; needs `finding_id`), "
    "`peer_review`, `improvement_notice`, `councillor_visit`, `self_evaluation` or `local`. Defaults to "
    "`finding` when `finding_id` is given, else `local`; only a `finding` item names a finding."
)
SOURCE_REFERENCE = "Which one, in words, e.g. 'Sector-led improvement partner review, August 2025'; or null."
DUE_CHANGE_REASON = (
    "Write-only: why `due_on` moves; needed (422 without it) when this PATCH changes `due_on`. The change and "
    "this reason are appended to the item's updates log in the same transaction."
)


class ActionItemRead(ResponseModel):
    id: uuid.UUID
    authority_code: AuthorityCode = Field(description="The authority the item belongs to; immutable.")
    plan_id: uuid.UUID | None = Field(description="Its improvement plan, or null.")
    inspection_id: uuid.UUID | None = Field(
        description="The inspection it answers, or null (also null for callers who may not see that inspection)."
    )
    finding_id: uuid.UUID | None = Field(description="The finding of that inspection it answers, or null.")
    source: ActionSource = Field(description=SOURCE)
    source_reference: str | None = Field(description=SOURCE_REFERENCE)
    title: str
    description: str | None
    owner: str | None = Field(description="Who is accountable, e.g. a role such as 'Head of Safeguarding'.")
    due_on: date
    original_due_on: date = Field(description="Read-only: the due date the item was created with; never changes.")
    rescheduled: bool = Field(
        description="Derived: `due_on` differs from `original_due_on`. Read beside `overdue`, never instead of it."
    )
    status: ActionStatus
    completed_on: date | None = Field(description="Set when (and only when) the status is `completed`.")
    overdue: bool = Field(description="Derived: not completed or cancelled and `due_on` is before today (UTC).")
    rag: Rag | None = Field(
        description="Derived as of today (UTC): `red` when overdue, `amber` when due within the next 14 days, "
        "`green` otherwise; null when completed or cancelled."
    )
    created_at: datetime
    updated_at: datetime
    version: int


# The read statements select exactly these, in this order (``repository._read``).
ACTION_ITEM_FIELDS = tuple(ActionItemRead.model_fields)


def action_item_json(row: Sequence[Any]) -> dict[str, Any]:
    """An ``ActionItemRead`` as plain data, from a row of ``repository``'s reads, fields in the schema's order."""
    return dict(zip(ACTION_ITEM_FIELDS, row, strict=True))


class ActionItemCreate(RequestModel):
    authority_code: AuthorityCode = Field(description="The authority the item belongs to (an authority key: its own).")
    plan_id: uuid.UUID | None = Field(default=None, description="An improvement plan of the same authority.")
    inspection_id: uuid.UUID | None = Field(
        default=None, description="An inspection of the same authority; defaults to the finding's inspection."
    )
    finding_id: uuid.UUID | None = Field(default=None, description="A finding of `inspection_id`.")
    source: ActionSource | None = Field(default=None, description=SOURCE)
    source_reference: SourceReference | None = Field(default=None, description=SOURCE_REFERENCE)
    title: Title
    description: LongText | None = None
    owner: ShortText | None = None
    due_on: IsoDate = Field(description="Also becomes `original_due_on`.")
    status: ActionStatus = ActionStatus.not_started
    completed_on: IsoDate | None = Field(
        default=None, description="Only with status `completed`: defaults to today, never in the future."
    )


class ActionItemChange(RequestModel):
    """Fields to change; `authority_code` and `original_due_on` are immutable. Leaving `completed` clears
    `completed_on`. A change of `due_on` needs `due_change_reason`."""

    plan_id: uuid.UUID | None = None
    inspection_id: uuid.UUID | None = None
    finding_id: uuid.UUID | None = None
    source: ActionSource = Field(default=None, description=SOURCE)  # type: ignore[assignment]
    source_reference: SourceReference | None = Field(default=None, description=SOURCE_REFERENCE)
    title: Title = Field(default=None)  # type: ignore[assignment]
    description: LongText | None = None
    owner: ShortText | None = None
    due_on: IsoDate = Field(default=None)  # type: ignore[assignment]
    due_change_reason: DueChangeReason = Field(  # type: ignore[assignment]
        default=None, description=DUE_CHANGE_REASON, json_schema_extra={"writeOnly": True}
    )
    status: ActionStatus = Field(default=None)  # type: ignore[assignment]
    completed_on: IsoDate | None = Field(
        default=None, description="Only with status `completed`: defaults to today, never in the future."
    )


class DueOnChange(ResponseModel):
    from_: date = Field(alias="from", description="The due date before this change.")
    to: date = Field(description="The due date after it.")

    model_config = ConfigDict(populate_by_name=True, serialize_by_alias=True)


class ProgressUpdateRead(ResponseModel):
    id: uuid.UUID
    note: str = Field(description="What happened; for a due-date change, the reason given.")
    status: ActionStatus | None = Field(description="The status this update set on the item, or null.")
    due_on_change: DueOnChange | None = Field(
        description="Read-only: `{from, to}` when this entry records a new due date (from a PATCH of `due_on`), "
        "else null."
    )
    author: str = Field(description="The name of the API key that wrote it.")
    created_at: datetime


class ProgressUpdateCreate(RequestModel):
    note: Note = Field(description="What happened, for the scrutiny committee.")
    status: ActionStatus | None = Field(
        default=None, description="If given, the item moves to this status in the same transaction."
    )


class StatusCounts(ResponseModel):
    not_started: int
    in_progress: int
    completed: int
    cancelled: int


class RagCounts(ResponseModel):
    red: int
    amber: int
    green: int


class DueOnChangeRecord(ResponseModel):
    from_: date = Field(alias="from", description="The due date before the change.")
    to: date = Field(description="The due date after it.")
    reason: str = Field(description="Why it moved (the `due_change_reason` given).")
    author: str = Field(description="Who moved it.")
    changed_at: datetime

    model_config = ConfigDict(populate_by_name=True, serialize_by_alias=True)


class RescheduledItem(ActionItemRead):
    due_on_changes: list[DueOnChangeRecord] = Field(
        max_length=500, description="The changes of its due date since `since`, oldest first, with their reasons."
    )


class UnansweredFinding(ResponseModel):
    id: uuid.UUID
    inspection_id: uuid.UUID
    inspection_type: InspectionType
    inspection_published_on: date | None
    kind: FindingKind = Field(description="`priority_action` or `area_for_improvement`.")
    text: str
    area: Area | None


EXCEPTION_LIST = "At most 500, "


class ActionPlanSummary(ResponseModel):
    authority_code: AuthorityCode
    as_of: date = Field(description="Today (UTC): the day `overdue` and `rag` are computed for.")
    by_status: StatusCounts = Field(description="Number of the authority's action items in each status.")
    by_rag: RagCounts = Field(description="Number of its open (not completed or cancelled) items by RAG rating.")
    overdue: list[ActionItemRead] = Field(
        max_length=200,
        description="Its overdue items, most overdue first, at most `overdue_limit` of them (`by_rag.red` "
        "counts them all; `GET /v1/action-items?authority_code=..&overdue=true` lists them all).",
    )
    since: date = Field(
        description="The first day of the exception report's window (query `since`, default 90 days before "
        "`as_of`); the window runs from `since` to `as_of`, both included."
    )
    rescheduled_since: list[RescheduledItem] = Field(
        max_length=500,
        description=EXCEPTION_LIST + "soonest due first: items whose due date was changed in the window (even back "
        "to the original: `rescheduled` is then false), each with those changes and their reasons.",
    )
    completed_since: list[ActionItemRead] = Field(
        max_length=500, description=EXCEPTION_LIST + "latest first: items completed (`completed_on`) in the window."
    )
    became_overdue_since: list[ActionItemRead] = Field(
        max_length=500,
        description=EXCEPTION_LIST + "most overdue first: items still open whose due date fell on or after `since` "
        "and before `as_of` (overdue now, not overdue on `since`).",
    )
    findings_without_actions: list[UnansweredFinding] = Field(
        max_length=500,
        description=EXCEPTION_LIST + "in order of the activities: the `priority_action` and `area_for_improvement` "
        "findings of the authority's latest graded inspection and of every later published activity that no "
        "action item (other than a cancelled one) answers. Only published activities count.",
    )
