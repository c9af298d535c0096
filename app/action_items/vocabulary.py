"""The words of action plans: an item's status and its RAG rating."""

from enum import StrEnum


class ActionStatus(StrEnum):
    not_started = "not_started"
    in_progress = "in_progress"
    completed = "completed"
    cancelled = "cancelled"


# Statuses in which an item is still being worked on: only these can be overdue and carry a RAG rating.
ACTIVE_STATUSES = (ActionStatus.not_started, ActionStatus.in_progress)


class Rag(StrEnum):
    red = "red"
    amber = "amber"
    green = "green"


class ActionSource(StrEnum):
    """What an action answers (DOMAIN.md "Findings and action plans"); ``app.models.action_item`` checks the same
    values in the database."""

    finding = "finding"
    peer_review = "peer_review"
    improvement_notice = "improvement_notice"
    councillor_visit = "councillor_visit"
    self_evaluation = "self_evaluation"
    local = "local"
