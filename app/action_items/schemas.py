import uuid
from collections.abc import Sequence
from datetime import date, datetime
from typing import Annotated, Any

from pydantic import Field, StringConstraints

from app.action_items.vocabulary import ActionStatus, Rag
from app.core.schemas import AuthorityCode, IsoDate, LongText, RequestModel, ResponseModel, ShortText, Title

Note = Annotated[str, StringConstraints(min_length=1, max_length=20_000)]


class ActionItemRead(ResponseModel):
    id: uuid.UUID
    authority_code: AuthorityCode = Field(description="The authority the item belongs to; immutable.")
    plan_id: uuid.UUID | None = Field(description="Its improvement plan, or null.")
    inspection_id: uuid.UUID | None = Field(
        description="The inspection it answers, or null (also null for callers who may not see that inspection)."
    )
    finding_id: uuid.UUID | None = Field(description="The finding of that inspection it answers, or null.")
    title: str
    description: str | None
    owner: str | None = Field(description="Who is accountable, e.g. a role such as 'Head of Safeguarding'.")
    due_on: date
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
    title: Title
    description: LongText | None = None
    owner: ShortText | None = None
    due_on: IsoDate
    status: ActionStatus = ActionStatus.not_started
    completed_on: IsoDate | None = Field(
        default=None, description="Only with status `completed`: defaults to today, never in the future."
    )


class ActionItemUpdate(RequestModel):
    """Fields to change; `authority_code` is immutable. Leaving `completed` clears `completed_on`."""

    plan_id: uuid.UUID | None = None
    inspection_id: uuid.UUID | None = None
    finding_id: uuid.UUID | None = None
    title: Title = Field(default=None)  # type: ignore[assignment]
    description: LongText | None = None
    owner: ShortText | None = None
    due_on: IsoDate = Field(default=None)  # type: ignore[assignment]
    status: ActionStatus = Field(default=None)  # type: ignore[assignment]
    completed_on: IsoDate | None = Field(
        default=None, description="Only with status `completed`: defaults to today, never in the future."
    )


class ProgressUpdateRead(ResponseModel):
    id: uuid.UUID
    note: str
    status: ActionStatus | None = Field(description="The status this update set on the item, or null.")
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


class ActionPlanSummary(ResponseModel):
    authority_code: AuthorityCode
    as_of: date = Field(description="Today (UTC): the day `overdue` and `rag` are computed for.")
    by_status: StatusCounts = Field(description="Number of the authority's action items in each status.")
    by_rag: RagCounts = Field(description="Number of its open (not completed or cancelled) items by RAG rating.")
    overdue: list[ActionItemRead] = Field(
        description="Its overdue items, most overdue first, at most `overdue_limit` of them (`by_rag.red` "
        "counts them all; `GET /v1/action-items?authority_code=..&overdue=true` lists them all)."
    )
