"""How the report words things for members: grades, RAG, statuses, activity types, dates. Colour is only ever
added to these words (a ``tone`` names the colour class), never used instead of them."""

from datetime import date

from app.action_items.vocabulary import ActionStatus, Rag
from app.committee_report.schemas import Change
from app.inspections.vocabulary import GRADE_LABELS, FindingKind, Grade, InspectionStatus, InspectionType

TYPE_WORDS = {
    InspectionType.standard_inspection: "Standard inspection",
    InspectionType.short_inspection: "Short inspection",
    InspectionType.sif_inspection: "Single inspection framework inspection",
    InspectionType.focused_visit: "Focused visit",
    InspectionType.monitoring_visit: "Monitoring visit",
    InspectionType.jtai: "Joint targeted area inspection",
    InspectionType.assurance_visit: "Assurance visit",
}
STATUS_WORDS = {
    ActionStatus.not_started: "Not started",
    ActionStatus.in_progress: "In progress",
    ActionStatus.completed: "Completed",
    ActionStatus.cancelled: "Cancelled",
}
RAG_WORDS = {Rag.red: "Red: overdue", Rag.amber: "Amber: due within 14 days", Rag.green: "Green: on track"}
CHANGE_WORDS = {
    Change.improved: "Improved",
    Change.declined: "Declined",
    Change.unchanged: "No change",
    Change.new: "Newly graded",
    Change.not_graded: "Not graded",
}
INSPECTION_STATUS_WORDS = {
    InspectionStatus.planned: "Planned",
    InspectionStatus.notified: "Notified",
    InspectionStatus.fieldwork: "Fieldwork",
    InspectionStatus.moderation: "Moderation",
    InspectionStatus.published: "Published",
    InspectionStatus.cancelled: "Cancelled",
}
KIND_WORDS = {
    FindingKind.priority_action: "Area for priority action",
    FindingKind.area_for_improvement: "What needs to improve",
    FindingKind.strength: "Strength",
}
SHORT_AREA = {
    "overall_effectiveness": "Overall effectiveness",
    "impact_of_leaders": "Impact of leaders",
    "help_and_protection": "Help and protection",
    "children_in_care": "Children in care",
    "care_leavers": "Care leavers",
}


def day(value: date | None) -> str:
    """A date as a committee paper writes it: 7 March 2025."""
    return "not known" if value is None else f"{value.day} {value:%B %Y}"


def grade(value: Grade | None) -> str:
    return "Not graded" if value is None else GRADE_LABELS[value]


def grade_tone(value: Grade | None) -> str | None:
    return None if value is None else f"grade-{value.value}"


def count(n: int, singular: str, plural: str | None = None) -> str:
    return f"{n} {singular if n == 1 else (plural or singular + 's')}"


def percent(part: int, whole: int) -> str:
    return "no graded authorities" if whole == 0 else f"{round(100 * part / whole)}% ({part} of {whole})"
