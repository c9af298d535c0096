"""The words of the demo: which authorities, what their inspectors asked them to improve, what they plan.

Texts paraphrase the kind of "what needs to improve" Ofsted reports set out; they are illustrative, not
quotations of any authority's report.
"""

from dataclasses import dataclass

from app.action_items.vocabulary import ActionStatus
from app.inspections.vocabulary import Area

# A county, a metropolitan borough, a unitary and a city with an inadequate judgement on record.
DEMO_AUTHORITIES = ("E10000018", "E08000037", "E06000023", "E06000018")

IMPROVEMENTS: dict[Area, tuple[str, tuple[str, str]]] = {
    Area.help_and_protection: (
        "The timeliness and quality of assessments and plans for children in need of help and protection.",
        (
            "Introduce weekly tracking of assessments that are approaching 45 working days",
            "Audit a sample of child protection plans each month and report themes to the practice board",
        ),
    ),
    Area.children_in_care: (
        "The sufficiency of local homes that meet the needs of children in care.",
        (
            "Commission twelve additional local foster placements through the regional framework",
            "Publish an updated placement sufficiency strategy with the integrated care board",
        ),
    ),
    Area.children_in_care_and_care_leavers: (
        "The quality of permanence planning for children in care, and of pathway plans for care leavers.",
        (
            "Hold permanence planning meetings by the second statutory review for every child",
            "Refresh the pathway plan template with care-experienced young people",
        ),
    ),
    Area.care_leavers: (
        "The quality and timeliness of pathway plans, and access to suitable accommodation, for care leavers.",
        (
            "Agree a joint housing protocol for care leavers with the district councils",
            "Review every pathway plan older than six months with the young person",
        ),
    ),
    Area.impact_of_leaders: (
        "The consistency and impact of management oversight and supervision across teams.",
        (
            "Launch the revised supervision policy and train all first-line managers",
            "Report supervision compliance by team to the monthly performance board",
        ),
    ),
    Area.overall_effectiveness: (
        "The consistency of social work practice across the service.",
        (
            "Run a practice week in each locality with senior leaders observing practice",
            "Embed the quality assurance framework's learning loop in team meetings",
        ),
    ),
}
OWNERS = (
    "Head of Service, Safeguarding",
    "Service Manager, Children in Care",
    "Principal Social Worker",
    "Head of Commissioning",
    "Service Manager, Leaving Care",
    "Assistant Director, Quality and Practice",
)


@dataclass(frozen=True, slots=True)
class ItemShape:
    """One demo item: where it stands, when it is due (days from today), and its progress story."""

    due_in_days: int
    status: ActionStatus
    notes: tuple[str, ...]
    days_ago_completed: int | None = None


# Every status and every RAG rating, in the order items are dealt to findings.
SHAPES = (
    ItemShape(-21, ActionStatus.in_progress, ("Work started; staffing gaps have slowed progress.",)),
    ItemShape(-4, ActionStatus.not_started, ()),
    ItemShape(6, ActionStatus.in_progress, ("Draft agreed with partners; sign-off at the next board.",)),
    ItemShape(12, ActionStatus.not_started, ()),
    ItemShape(45, ActionStatus.in_progress, ("Project group formed and terms of reference agreed.",)),
    ItemShape(120, ActionStatus.not_started, ()),
    ItemShape(
        -30,
        ActionStatus.completed,
        ("Work started.", "Completed and reported to scrutiny committee."),
        days_ago_completed=35,
    ),
    ItemShape(30, ActionStatus.cancelled, ("Superseded by the regional commissioning programme.",)),
)

SELF_EVALUATION = {
    "quality_and_impact": (
        "Most children receive a timely response at the front door and thresholds are understood by partners. "
        "Practice with children in care is improving but the quality of plans remains inconsistent between "
        "teams, and too many care leavers live in unsuitable accommodation."
    ),
    "evidence": (
        "Monthly case audits (about 60 a month, 20% moderated), feedback from children and families, "
        "performance data reviewed at the weekly performance clinic, and the views of the children in care "
        "council."
    ),
    "plans": (
        "Stabilise the workforce by reducing agency social workers below 15%, embed the revised supervision "
        "policy, and open two local children's homes with the integrated care board."
    ),
}


# --- the committee story (``app.demo.story``), told for one authority ---------------------------------------

# A city with an inadequate judgement on record and monitoring visits after it (in the national record).
STORY_AUTHORITY = "E06000018"
STORY_PLAN = "Children's services improvement plan"


@dataclass(frozen=True, slots=True)
class StoryItem:
    """An item answering one of the inspection's findings: due (days from today), then perhaps moved (with its
    reason) or completed (days ago)."""

    title: str
    due_in_days: int
    notes: tuple[str, ...] = ()
    moved_to_days: int | None = None
    reason: str | None = None
    completed_days_ago: int | None = None


# Dealt to the inspection's findings in order; the last finding is left without an action.
STORY_FINDING_ITEMS = (
    StoryItem(
        "Recruit a permanent team for permanence planning",
        due_in_days=-10,
        notes=("Two of five posts filled; interim cover in place.",),
        moved_to_days=40,
        reason="Recruitment took longer than planned: the second round closed without an appointable candidate.",
    ),
    StoryItem(
        "Audit every child protection plan older than twelve months",
        due_in_days=-12,
        notes=("Half of the plans audited; findings reported to the practice board.",),
    ),
    StoryItem(
        "Launch the revised supervision policy and train first-line managers",
        due_in_days=-5,
        notes=("Training delivered to all first-line managers.",),
        completed_days_ago=20,
    ),
    StoryItem("Refresh the pathway plan template with care-experienced young people", due_in_days=60),
)
MONITORING_FINDING = "The timeliness of initial health assessments for children coming into care."
MONITORING_ITEM = "Track initial health assessments weekly with the designated nurse"
# (source, source_reference with {when} the review's date, title, due in days)
STORY_OTHER_SOURCES = (
    (
        "peer_review",
        "Sector-led improvement partner review, {when:%B %Y}",
        "Act on the peer review's advice on the front door's screening of contacts",
        75,
    ),
    (
        "councillor_visit",
        "Lead Member for Children's Services visit to the assessment teams, {when:%B %Y}",
        "Reduce caseloads in the assessment teams to the agreed maximum of 18",
        100,
    ),
)
MEETING_ATTENDEES = (
    "Director of Children's Services",
    "Lead Member for Children's Services",
    "Principal Social Worker",
    "Ofsted Regional Director",
    "Ofsted Senior His Majesty's Inspector",
)
MEETING_DISCUSSION = (
    "The authority's self-evaluation and the progress of its improvement plan since the last monitoring visit: "
    "workforce stability, the quality of permanence planning, and the timeliness of health assessments."
)
MEETING_NEXT_STEPS = (
    "Share the next quarter's audit findings with the regional team",
    "Update the self-evaluation after the peer review",
)
