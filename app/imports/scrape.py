"""The community report-scrape history (ofsted-ilacs-scrape-tool, DOMAIN.md "Importing"): one row a short or
standard inspection report, read from Ofsted's PDFs. A row that does not make a whole, valid record is
skipped with its reason, never half-imported."""

import csv
import io
from datetime import date, datetime

from app.imports.judgements import COMBINED
from app.imports.labels import GRADES, TYPES, lookup
from app.imports.records import AuthorityRef, ParsedFile, Skipped, Source, SourceKind, SourceRecord, UnrecognisedFile
from app.inspections import rules
from app.inspections.vocabulary import Area, Framework, Grade

GRADE_COLUMNS: dict[str, Area] = {
    "overall_effectiveness_grade": Area.overall_effectiveness,
    "impact_of_leaders_grade": Area.impact_of_leaders,
    "help_and_protection_grade": Area.help_and_protection,
    "in_care_grade": Area.children_in_care,
    "care_leavers_grade": Area.care_leavers,
}
COLUMNS = (
    "urn",
    "local_authority",
    "inspection_link",
    "publication_date",
    "inspection_framework",
    "inspector_name",
    "inspection_start_date",
    "inspection_end_date",
    *GRADE_COLUMNS,
)
# The scrape's words for a judgement the framework does not make.
NOT_MADE = {"inspection_pre_dates_judgement": Area.care_leavers, "not_reported_post_reform": Area.overall_effectiveness}


class RowError(ValueError):
    pass


def looks_like_scrape(data: bytes) -> bool:
    first = data[:2000].decode("utf-8-sig", errors="replace").splitlines()[:1]
    return bool(first) and all(c in first[0].split(",") for c in ("urn", "local_authority", "inspection_link"))


def _date(value: str, fmt: str, what: str) -> date | None:
    if not value.strip():
        return None
    try:
        return datetime.strptime(value.strip(), fmt).date()
    except ValueError:
        raise RowError(f"{what} {value!r} is not a date") from None


def _grades(row: dict[str, str], framework: Framework) -> dict[Area, Grade]:
    areas = rules.areas_of(framework)
    grades: dict[Area, Grade] = {}
    for column, area in GRADE_COLUMNS.items():
        value = (row.get(column) or "").strip()
        area = COMBINED.get(framework, {}).get(area, area)
        if area not in areas:
            if value and NOT_MADE.get(value) != area:
                raise RowError(f"{column} {value!r}: {framework} makes no {area} judgement")
            continue
        grade = lookup(GRADES, value)
        if grade is None:
            raise RowError(f"{column} {value!r} is not a grade ({framework} judges {area})")
        grades[area] = grade
    return grades


MAX_LENGTHS = {"inspector_name": 200, "inspection_link": 2000, "local_authority": 200}


def _record(where: str, row: dict[str, str]) -> SourceRecord:
    for column, most in MAX_LENGTHS.items():
        if len(row[column]) > most:
            raise RowError(f"{column} is longer than {most} characters")
    if any("\x00" in value for value in row.values()):
        raise RowError("a value holds a NUL character")
    start = _date(row["inspection_start_date"], "%d/%m/%Y", "inspection_start_date")
    if start is None:
        raise RowError("no inspection_start_date: the report cannot be placed")
    type_ = lookup(TYPES, row["inspection_framework"])
    if type_ is None:
        raise RowError(f"inspection_framework {row['inspection_framework']!r} is neither short nor standard")
    published = _date(row["publication_date"], "%d/%m/%y", "publication_date")
    if published is None:
        raise RowError("no publication_date")
    framework = rules.default_framework(type_, start, start)
    link = row["inspection_link"].strip()
    urn = row["urn"].strip()
    return SourceRecord(
        location=where,
        authority=AuthorityRef(name=row["local_authority"].strip(), urn=int(urn) if urn.isdigit() else None),
        type=type_,
        framework=framework,
        fieldwork_start=start,
        fieldwork_end=_date(row["inspection_end_date"], "%d/%m/%Y", "inspection_end_date"),
        published_on=published,
        judgements=_grades(row, framework),
        lead_inspector=row["inspector_name"].strip() or None,
        report_url=link if link.startswith("https://") else None,
    )


def read_scrape(data: bytes, file_name: str) -> ParsedFile:
    """Read the scrape CSV; ``UnrecognisedFile`` when its header lacks a column this reader needs."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UnrecognisedFile("not UTF-8 text: not the report-scrape CSV") from None
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in COLUMNS if c not in (reader.fieldnames or ())]
    if missing:
        raise UnrecognisedFile(f"not the report-scrape CSV: no column {', '.join(missing)} in its header row")
    records, skipped = [], []
    try:
        for number, row in enumerate(reader, start=2):
            where = f"row {number}"
            try:
                records.append(_record(where, {k: v or "" for k, v in row.items() if isinstance(k, str)}))
            except RowError as error:
                skipped.append(Skipped(where, str(error)))
    except csv.Error as error:
        raise UnrecognisedFile(f"not a readable CSV ({error})") from None
    # Named by its content, not the file's name: the same history uploaded or imported from disk is one
    # source, and a later history (reports published to a later date) outranks an earlier one.
    latest = max((r.published_on for r in records if r.published_on), default=None)
    reference = f"ofsted-ilacs-scrape-tool history to {latest}" if latest else file_name
    return ParsedFile(Source(SourceKind.report_scrape, reference, latest), records, skipped)
