"""How authorities came and went (DOMAIN.md "Authorities"): recodings keep one authority under a new code;
reorganisations end some authorities and begin others. Facts, each with the source it was checked against."""

from dataclasses import dataclass
from datetime import date

from app.authorities.regions import Region


@dataclass(frozen=True, slots=True)
class Recoding:
    """The same children's services authority under a new GSS code: one record, the old code a former code."""

    current_code: str
    former_code: str
    name: str


RECODINGS: tuple[Recoding, ...] = (
    # The Buckinghamshire (Structural Changes) Order 2019 (SI 2019/957), art. 3-4: the county council's area
    # became one unitary district on 1 April 2020 (legislation.gov.uk).
    Recoding("E06000060", "E10000002", "Buckinghamshire"),
    # The Bournemouth, Dorset and Poole (Structural Changes) Order 2018: Dorset Council took over the county's
    # services on 1 April 2019 (BBC News, 2 May 2019, "first elections to the two new unitary councils").
    Recoding("E06000059", "E10000009", "Dorset"),
    # The North Yorkshire (Structural Changes) Order 2022 and The Somerset (Structural Changes) Order 2022:
    # single unitary councils for the whole counties from 1 April 2023 (gov.uk consultation outcome,
    # 22 July 2021; LocalGov, 29 March 2023, "New unitary councils set to launch").
    Recoding("E06000065", "E10000023", "North Yorkshire"),
    Recoding("E06000066", "E10000027", "Somerset"),
    # The Barnsley and Sheffield (Boundary Change) Order 2024 (SI 2024/1328, made 12 December 2024, in force
    # 1 April 2025) moved the boundary, and ONS issued new codes; Ofsted's 2025 edition and the DfE register
    # still use the old ones.
    Recoding("E08000038", "E08000016", "Barnsley"),
    Recoding("E08000039", "E08000019", "Sheffield"),
)


@dataclass(frozen=True, slots=True)
class Reorganisation:
    """Authorities that ceased on ``on`` and those that began that day and took over their children's
    services. A successor does not inherit its predecessors' grades."""

    on: date
    ceased: tuple[str, ...]
    established: tuple[str, ...]


REORGANISATIONS: tuple[Reorganisation, ...] = (
    # The Bournemouth, Dorset and Poole (Structural Changes) Order 2018: BCP Council came into being on
    # 1 April 2019, Bournemouth and Poole borough councils wound up (Wikipedia, "Bournemouth, Christchurch and
    # Poole Council"; BBC News, 2 May 2019).
    Reorganisation(date(2019, 4, 1), ceased=("E06000028", "E06000029"), established=("E06000058",)),
    # The Northamptonshire (Structural Changes) Order 2020: North and West Northamptonshire councils from
    # 1 April 2021, the county council abolished (northamptonshire.gov.uk, "Unitary councils").
    Reorganisation(date(2021, 4, 1), ceased=("E10000021",), established=("E06000061", "E06000062")),
    # The Cumbria (Structural Changes) Order 2022 (SI 2022/331), explanatory note: Cumberland and Westmorland
    # and Furness councils established, the county abolished, with effect from 1 April 2023.
    Reorganisation(date(2023, 4, 1), ceased=("E10000006",), established=("E06000063", "E06000064")),
)


@dataclass(frozen=True, slots=True)
class GoneAuthority:
    """An authority that no longer exists, kept with its history."""

    code: str
    name: str
    region: Region
    la_number: int


# Names and DfE numbers as the DfE's and Ofsted's tables gave them; Bournemouth (837) is absent from the
# scrape tool's lookup, the other three are in it.
GONE_AUTHORITIES: tuple[GoneAuthority, ...] = (
    GoneAuthority("E06000028", "Bournemouth", Region.south_west, 837),
    GoneAuthority("E06000029", "Poole", Region.south_west, 836),
    GoneAuthority("E10000021", "Northamptonshire", Region.east_midlands, 928),
    GoneAuthority("E10000006", "Cumbria", Region.north_west, 909),
)


def former_codes() -> dict[str, str]:
    """Each former code and the current code of the same authority."""
    return {r.former_code: r.current_code for r in RECODINGS}


def ceased_on() -> dict[str, date]:
    return {code: r.on for r in REORGANISATIONS for code in r.ceased}


def established_on() -> dict[str, date]:
    return {code: r.on for r in REORGANISATIONS for code in r.established}


def successors() -> dict[str, tuple[str, ...]]:
    return {code: r.established for r in REORGANISATIONS for code in r.ceased}
