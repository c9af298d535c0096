"""Ofsted's official statistics, any edition since "Children's social care data in England 2023" (DOMAIN.md
"Importing"): every table of inspections found by its header row, in one of two shapes.

- Long: one row an activity, with a fieldwork date ("Inspection date", "Inspection/Visit date") and a type;
  the in-year tables and the 2025 history. Without a publication date column the record gets the edition's
  cut-off as ``published_by``.
- Wide: one row an authority, with groups of columns per inspection ("First ILACS ...", "Second SIF ...",
  "SIF Re-inspection ..."), publication dates and no fieldwork dates: the 2023 and 2024 histories. SIF
  groups become ``sif_inspection`` records; the older regimes (SLAC, CPI, CPRI, TLAC) and the LSCB judgement
  are skipped and counted.

The "as at 31 March" tables of latest grades restate inspections listed elsewhere and are not read.
"""

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from app.imports import judgements
from app.imports.labels import AREAS, STATUSES, THEMES, TYPES, lookup, norm, region
from app.imports.records import AuthorityRef, ParsedFile, Skipped, Source, SourceKind, SourceRecord, UnrecognisedFile
from app.imports.tables import Cell, Table, as_date, cover, find_tables, open_workbook, text
from app.inspections import rules
from app.inspections.vocabulary import Area, Framework, InspectionType

NAME = "Local authority name"
CODE = "Local authority area code"
FIELDWORK = ("Inspection date", "Inspection/Visit date")
TYPE = ("Inspection type", "Inspection/Visit type")
REGION = ("Ofsted region", "Region", "LA region")
_CODE = re.compile(r"E(06|08|09|10)\d{6}")
# Column groups of the wide histories: "<group> <field>", the group naming the inspection.
_SIF_GROUP = re.compile(
    r"^(?:single inspection of la children's services \(sif\) )?(first sif|sif re-inspection) (.+)$"
)
_ILACS_GROUP = re.compile(r"^(first |second )?ilacs (?:framework )?(.+)$")
_OLDER_REGIMES = {
    "safeguarding & looked after children (slac)": "SLAC",
    "slac": "SLAC",
    "child protection inspections (cpi)": "CPI",
    "child protection re-inspection (cpri)": "CPRI",
    "targeted looked after children (tlac)": "TLAC",
}
LSCB = "lscb overall effectiveness"


RowError = judgements.GradeError  # a row that does not make a valid record: skipped with this reason


def _col(table: Table, names: Sequence[str]) -> int | None:
    return next((i for n in names if (i := table.column(n)) is not None), None)


def _cell(row: Sequence[Cell], index: int | None) -> Cell:
    return row[index] if index is not None and index < len(row) else ""


def _date(value: Cell, what: str) -> date | None:
    try:
        return as_date(value)
    except ValueError:
        raise RowError(f"{what} {text(value)!r} is not a date") from None


def _authority(table: Table, row: Sequence[Cell]) -> AuthorityRef:
    code = text(_cell(row, table.column(CODE))).upper() or None
    if code is not None and not _CODE.fullmatch(code):
        raise RowError(f"{code!r} is not an ONS local authority code")
    status = lookup(STATUSES, _cell(row, table.column("Local authority status")))
    return AuthorityRef(
        code=code,
        name=text(_cell(row, table.column(NAME))),
        region=region(_cell(row, _col(table, REGION))),
        status=status,
    )


def _is_long(header: tuple[str, ...]) -> bool:
    return any(norm(f) in header for f in FIELDWORK) and any(norm(t) in header for t in TYPE)


def _long_records(table: Table, source: Source, cut_off: date | None, out: ParsedFile) -> None:
    fieldwork, kind = _col(table, FIELDWORK), _col(table, TYPE)
    published, theme = table.column("Publication date"), table.column("Visit Theme")
    areas = {i: AREAS[h] for i, h in enumerate(table.header) if h in AREAS}
    if published is None and cut_off is None:
        raise UnrecognisedFile(f"sheet {table.sheet!r}: no publication dates and no 'published by' cut-off")
    for number, row in table.rows:
        where = f"sheet {table.sheet!r} row {number}"
        try:
            type_ = lookup(TYPES, _cell(row, kind))
            if type_ is None:
                raise RowError(f"unknown inspection type {text(_cell(row, kind))!r}")
            start = _date(_cell(row, fieldwork), "inspection date")
            if start is None:
                raise RowError("no inspection date")
            framework = rules.default_framework(type_, start, start)
            theme_label = text(_cell(row, theme))
            slug = lookup(THEMES, theme_label)
            if theme_label and slug is None:
                raise RowError(f"unknown visit theme {theme_label!r}")
            on = _date(_cell(row, published), "publication date")
            grades, not_judged = judgements.place(framework, {a: _cell(row, i) for i, a in areas.items()})
            out.records.append(
                SourceRecord(
                    location=where,
                    authority=_authority(table, row),
                    type=type_,
                    framework=framework,
                    fieldwork_start=start,
                    published_on=on,
                    published_by=None if on else cut_off,
                    judgements=grades,
                    not_judged=not_judged,
                    themes=(slug,) if slug else (),
                )
            )
        except RowError as error:
            out.skipped.append(Skipped(where, str(error)))


@dataclass(slots=True)
class _Group:
    type_column: int | None = None
    published_column: int | None = None
    areas: dict[int, Area] | None = None


def _is_wide(header: tuple[str, ...]) -> bool:
    return not _is_long(header) and any(
        h.endswith("publication date") and (_SIF_GROUP.match(h) or _ILACS_GROUP.match(h)) for h in header
    )


def _wide_groups(table: Table) -> tuple[dict[str, _Group], dict[int, str]]:
    """The inspection groups ("first sif", "second ilacs", ...) and the older regimes' publication columns."""
    groups: dict[str, _Group] = {}
    older: dict[int, str] = {}
    for i, h in enumerate(table.header):
        regime = next((name for prefix, name in _OLDER_REGIMES.items() if h.startswith(prefix)), None)
        if regime or h.startswith(("cpi ", "cpri ", "tlac ")):
            if h.endswith("publication date"):
                older[i] = regime or h.split()[0].upper()
            continue
        match = _SIF_GROUP.match(h) or _ILACS_GROUP.match(h)
        if match is None:
            continue
        name, field = (match.group(1) or "").strip() or "ilacs", match.group(2)
        if "sif" not in name and not name.endswith("ilacs"):
            name = f"{name} ilacs"
        group = groups.setdefault(name, _Group(areas={}))
        if field == "publication date":
            group.published_column = i
        elif field == "inspection type":
            group.type_column = i
        elif field in AREAS:
            assert group.areas is not None
            group.areas[i] = AREAS[field]
        else:
            raise UnrecognisedFile(f"sheet {table.sheet!r}: column {h!r} says no known field of an inspection")
    return groups, older


def _wide_records(table: Table, source: Source, out: ParsedFile) -> None:
    groups, older = _wide_groups(table)
    lscb = table.column(LSCB)
    for number, row in table.rows:
        where = f"sheet {table.sheet!r} row {number}"
        try:
            authority = _authority(table, row)
        except RowError as error:
            out.skipped.append(Skipped(where, str(error)))
            continue
        for i, regime in older.items():
            if text(_cell(row, i)):
                out.skipped.append(Skipped(where, f"{regime} inspection: an older regime, not recorded"))
        if lscb is not None and text(_cell(row, lscb)):
            out.skipped.append(Skipped(where, "LSCB judgement: not an inspection of children's services"))
        for name, group in groups.items():
            if not text(_cell(row, group.published_column)):
                continue
            try:
                out.records.append(_wide_record(where, name, group, row, authority))
            except RowError as error:
                out.skipped.append(Skipped(f"{where} ({name})", str(error)))


def _wide_record(where: str, name: str, group: _Group, row: Sequence[Cell], authority: AuthorityRef) -> SourceRecord:
    given = {area: _cell(row, i) for i, area in (group.areas or {}).items()}
    if "sif" in name:
        type_, framework = InspectionType.sif_inspection, Framework.sif_2013
    else:
        found = lookup(TYPES, _cell(row, group.type_column))
        if found is None:
            raise RowError(f"unknown inspection type {text(_cell(row, group.type_column))!r}")
        type_, framework = found, judgements.ilacs_framework_of(given)
    grades, not_judged = judgements.place(framework, given)
    return SourceRecord(
        location=where,
        authority=authority,
        type=type_,
        framework=framework,
        published_on=_date(_cell(row, group.published_column), "publication date"),
        judgements=grades,
        not_judged=not_judged,
    )


def read_edition(data: bytes, file_name: str) -> ParsedFile:
    """Read an edition; ``UnrecognisedFile`` when it is not a spreadsheet or holds no table of inspections."""
    sheets = open_workbook(data)
    title, published_on, cut_off = cover(sheets)
    if published_on is None:
        raise UnrecognisedFile("no cover sheet with 'Published on:' (the edition's publication date)")
    out = ParsedFile(Source(SourceKind.official_statistics, (title or file_name)[:300], published_on))
    found = 0
    for table in find_tables(sheets, _is_long, NAME):
        found += 1
        _long_records(table, out.source, cut_off, out)
    for table in find_tables(sheets, _is_wide, NAME):
        found += 1
        _wide_records(table, out.source, out)
    if not found:
        raise UnrecognisedFile(
            "no table of inspections: looked for a header row with 'Local authority name' and either "
            "'Inspection date' and 'Inspection type', or '... ILACS publication date' columns"
        )
    return out
