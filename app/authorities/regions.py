"""Ofsted's eight regions, and how ONS regions and authority codes map onto the service's vocabulary."""

from enum import StrEnum


class Region(StrEnum):
    london = "london"
    north_east_yorkshire_and_the_humber = "north_east_yorkshire_and_the_humber"
    north_west = "north_west"
    east_midlands = "east_midlands"
    west_midlands = "west_midlands"
    east_of_england = "east_of_england"
    south_east = "south_east"
    south_west = "south_west"


REGION_LABELS: dict[Region, str] = {
    Region.london: "London",
    Region.north_east_yorkshire_and_the_humber: "North East, Yorkshire and the Humber",
    Region.north_west: "North West",
    Region.east_midlands: "East Midlands",
    Region.west_midlands: "West Midlands",
    Region.east_of_england: "East of England",
    Region.south_east: "South East",
    Region.south_west: "South West",
}

# ONS's nine regions (as in the DfE table) onto Ofsted's eight.
ONS_TO_OFSTED: dict[str, Region] = {
    "north east": Region.north_east_yorkshire_and_the_humber,
    "yorkshire and the humber": Region.north_east_yorkshire_and_the_humber,
    "yorkshire and humber": Region.north_east_yorkshire_and_the_humber,
    "inner london": Region.london,
    "outer london": Region.london,
    "london": Region.london,
    "north west": Region.north_west,
    "east midlands": Region.east_midlands,
    "west midlands": Region.west_midlands,
    "east of england": Region.east_of_england,
    "south east": Region.south_east,
    "south west": Region.south_west,
}


class AuthorityKind(StrEnum):
    county = "county"
    unitary = "unitary"
    metropolitan_borough = "metropolitan_borough"
    london_borough = "london_borough"


KIND_BY_PREFIX: dict[str, AuthorityKind] = {
    "E06": AuthorityKind.unitary,
    "E08": AuthorityKind.metropolitan_borough,
    "E09": AuthorityKind.london_borough,
    "E10": AuthorityKind.county,
}


def kind_of(code: str) -> AuthorityKind:
    return KIND_BY_PREFIX[code[:3]]


class AuthorityStatus(StrEnum):
    current = "current"
    no_longer_exists = "no_longer_exists"
