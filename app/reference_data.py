"""Reference data bundled with the project: authorities (Open Government Licence v3.0), their Ofsted URNs,
DfE numbers and statistical neighbours (the scrape tool's lookup, MIT, from OGL data) and the theme catalogue."""

import csv
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from app.authorities import lineage
from app.authorities.regions import ONS_TO_OFSTED, Region

DATA_DIR = Path(__file__).resolve().parent / "data"
AUTHORITIES_CSV = DATA_DIR / "authorities_2025.csv"
OUTCOMES_ODS = DATA_DIR / "LA_Inspection_Outcomes_as_at_31_March_2025.ods"
# The whole national record, imported on first start (each file's provenance in README.md).
NATIONAL_RECORD = (
    DATA_DIR / "Childrens_social_care_in_England_2023_underlying_data.ods",
    DATA_DIR / "LA_Inspection_Outcomes_as_at_31_March_2024.ods",
    OUTCOMES_ODS,
    DATA_DIR / "ofsted_csc_ilacs_history_2026-08-22.csv",
)
LA_LOOKUP_CSV = DATA_DIR / "la_lookup_2026-08-22.csv"

# The DfE table quotes four names it never closes ("Kingston upon Hull, City of" and so on); the file is
# read line by line and these names are restored in full.
NAME_FIXES = {
    "E06000010": "Kingston upon Hull, City of",
    "E06000019": "Herefordshire, County of",
    "E06000023": "Bristol, City of",
    "E06000058": "Bournemouth, Christchurch and Poole",
}


@dataclass(frozen=True, slots=True)
class ReferenceAuthority:
    code: str
    la_number: int
    name: str
    region: Region


def current_authorities(path: Path = AUTHORITIES_CSV) -> list[ReferenceAuthority]:
    rows = []
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    for line in lines[1:]:
        if not line.strip():
            continue
        code, la_number, rest = line.split(",", 2)
        name, ons_region = rest.rsplit(",", 1)
        rows.append(
            ReferenceAuthority(
                code=code.strip(),
                la_number=int(la_number),
                name=NAME_FIXES.get(code, name.strip().strip('"')),
                region=ONS_TO_OFSTED[ons_region.strip().lower()],
            )
        )
    return rows


@dataclass(frozen=True, slots=True)
class AuthorityFacts:
    """What the reference data says of one authority (current or gone), under its current code."""

    code: str
    la_number: int | None
    ofsted_urn: int | None
    statistical_neighbours: tuple[str, ...]
    former_codes: tuple[str, ...]
    established_on: date | None
    ceased_on: date | None
    successors: tuple[str, ...]


def _codes(cell: str, current: dict[str, str]) -> tuple[str, ...]:
    """A comma-separated list of GSS codes, each former code replaced by the authority's current one."""
    return tuple(current.get(code, code) for code in (c.strip() for c in cell.split(",")) if code)


def authority_facts(path: Path = LA_LOOKUP_CSV) -> list[AuthorityFacts]:
    """URN, DfE number and the DfE's ten statistical neighbours (in the department's order) from the lookup,
    with the recodings and reorganisations of ``lineage``; one entry per authority, sorted by code."""
    current = lineage.former_codes()
    formers: dict[str, list[str]] = {}
    for former, code in current.items():
        formers.setdefault(code, []).append(former)
    established, ceased, successors = lineage.established_on(), lineage.ceased_on(), lineage.successors()
    lookup: dict[str, tuple[int | None, int | None, tuple[str, ...]]] = {}
    with path.open(encoding="utf-8-sig", newline="") as lines:
        for row in csv.DictReader(lines):
            code = current.get(row["la_code_new"].strip(), row["la_code_new"].strip())
            urn, la_number = row["urn"].strip(), row["la_code"].strip()
            lookup[code] = (
                int(la_number) if la_number else None,
                int(urn) if urn else None,
                _codes(row["stat_neighbours_la_code"], current),
            )
    for gone in lineage.GONE_AUTHORITIES:
        la_number, urn, neighbours = lookup.get(gone.code, (gone.la_number, None, ()))
        lookup[gone.code] = (la_number or gone.la_number, urn, neighbours)
    return [
        AuthorityFacts(
            code=code,
            la_number=la_number,
            ofsted_urn=urn,
            statistical_neighbours=neighbours,
            former_codes=tuple(sorted(formers.get(code, ()))),
            established_on=established.get(code),
            ceased_on=ceased.get(code),
            successors=successors.get(code, ()),
        )
        for code, (la_number, urn, neighbours) in sorted(lookup.items())
    ]


@dataclass(frozen=True, slots=True)
class ReferenceTheme:
    slug: str
    name: str
    description: str
    applies_to: tuple[str, ...]


_VISITS = ("focused_visit", "monitoring_visit")
_JTAI = ("jtai",)
THEME_CATALOGUE: tuple[ReferenceTheme, ...] = (
    ReferenceTheme("front-door", "Front door", "Contact, referral and assessment at the front door.", _VISITS),
    ReferenceTheme(
        "children-in-need-and-child-protection",
        "Children in need or subject to a plan",
        "Children in need or subject to a child protection plan.",
        _VISITS,
    ),
    ReferenceTheme("children-in-care", "Children in care", "The experiences of children in care.", _VISITS),
    ReferenceTheme("care-leavers", "Care leavers", "The experiences of care leavers.", _VISITS),
    ReferenceTheme(
        "achieving-permanence",
        "Planning and achieving permanence",
        "Planning for and achieving permanence for children.",
        _VISITS,
    ),
    ReferenceTheme(
        "vulnerable-adolescents",
        "Vulnerable adolescents / extra-familial risk",
        "Adolescents at risk of harm outside the family.",
        _VISITS,
    ),
    ReferenceTheme(
        "placement-decisions-older-children",
        "Placement decision-making for older children",
        "How placements for older children are decided.",
        _VISITS,
    ),
    ReferenceTheme(
        "jtai-front-door",
        "Multi-agency response to identification of initial need and risk",
        "JTAI deep dive: the multi-agency front door.",
        _JTAI,
    ),
    ReferenceTheme(
        "child-sexual-exploitation-and-missing",
        "Child sexual exploitation and missing children",
        "JTAI deep dive.",
        _JTAI,
    ),
    ReferenceTheme("domestic-abuse", "Domestic abuse", "JTAI deep dive.", _JTAI),
    ReferenceTheme("neglect", "Neglect", "JTAI deep dive.", _JTAI),
    ReferenceTheme(
        "child-sexual-abuse-in-the-family", "Child sexual abuse in the family environment", "JTAI deep dive.", _JTAI
    ),
    ReferenceTheme("childrens-mental-health", "Children's mental health", "JTAI deep dive.", _JTAI),
    ReferenceTheme("criminal-exploitation", "Criminal exploitation of children", "JTAI deep dive.", _JTAI),
    ReferenceTheme(
        "children-and-families-who-need-help", "Children and families who need help", "JTAI deep dive.", _JTAI
    ),
    ReferenceTheme("serious-youth-violence", "Serious youth violence", "JTAI deep dive.", _JTAI),
    ReferenceTheme(
        "domestic-abuse-children-under-eight", "Domestic abuse: children aged under eight", "JTAI deep dive.", _JTAI
    ),
)
