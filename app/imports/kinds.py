"""The kinds of file the importer reads: one registry, told apart by Content-Type (the API) or by the content
itself (the command line). A new kind (the report PDF reader) adds one ``ImportKind`` to ``KINDS``."""

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from app.imports.editions import read_edition
from app.imports.records import ParsedFile, UnrecognisedFile
from app.imports.scrape import looks_like_scrape, read_scrape
from app.reports.importer import PDF, is_pdf, read_pdf

# (the file, its name, the request's query parameters: a kind may need some, e.g. a report's authority_code)
Reader = Callable[[bytes, str, Mapping[str, str]], ParsedFile]

ODS = "application/vnd.oasis.opendocument.spreadsheet"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV = "text/csv"


@dataclass(frozen=True, slots=True)
class ImportKind:
    name: str  # the summary's ``kind``
    media_types: tuple[str, ...]
    sniff: Callable[[bytes], bool]
    read: Reader
    describe: str  # what was looked for, for the 422 of a file that is none of the kinds


def _is_zip_spreadsheet(data: bytes) -> bool:
    """ODS and xlsx are zip archives; an ODS names its media type in its first entry."""
    return data[:4] == b"PK\x03\x04"


KINDS: list[ImportKind] = [
    ImportKind(
        "official_statistics",
        (ODS, XLSX),
        _is_zip_spreadsheet,
        lambda data, name, _: read_edition(data, name),
        "an edition of Ofsted's official statistics (an ODS spreadsheet with a table of inspections)",
    ),
    ImportKind(
        "report_scrape",
        (CSV,),
        looks_like_scrape,
        lambda data, name, _: read_scrape(data, name),
        "the report-scrape history (a CSV with urn, local_authority, inspection_link, ... columns)",
    ),
    ImportKind(
        "report_pdf",
        (PDF,),
        is_pdf,
        read_pdf,
        "one of Ofsted's reports on a local authority's children's services (a PDF)",
    ),
]


def media_types() -> list[str]:
    return [t for kind in KINDS for t in kind.media_types]


def by_media_type(content_type: str) -> ImportKind | None:
    wanted = content_type.split(";")[0].strip().lower()
    return next((k for k in KINDS if wanted in k.media_types), None)


def by_content(data: bytes) -> ImportKind:
    kind = next((k for k in KINDS if k.sniff(data)), None)
    if kind is None:
        raise UnrecognisedFile(
            "none of the kinds the importer reads: looked for " + "; ".join(k.describe for k in KINDS)
        )
    return kind
