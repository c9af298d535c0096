"""The report as a Word document (python-docx) that a council pastes into its committee template: real Heading
1-3 styles, tables with captions and header rows that repeat on every page, charts as images with alternative
text, A4, English (United Kingdom)."""

import io

from docx import Document as new_document
from docx.document import Document as WordDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Length, Mm, Pt, RGBColor
from docx.table import _Cell

from app.committee_report import charts, layout
from app.committee_report.document import Cell, Chart, Facts, Paragraph, Table
from app.committee_report.schemas import CommitteeReport

# Fill and text colour of each tone: the words are always there, colour only repeats them.
TONES = {
    "grade-outstanding": ("1D70B8", "FFFFFF"),
    "grade-good": ("00703C", "FFFFFF"),
    "grade-requires_improvement": ("FFDD00", "0B0C0C"),
    "grade-inadequate": ("B10E1E", "FFFFFF"),
    "rag-red": ("B10E1E", "FFFFFF"),
    "rag-amber": ("F5A623", "0B0C0C"),
    "rag-green": ("00703C", "FFFFFF"),
    "status-completed": ("505A5F", "FFFFFF"),
    "status-cancelled": ("B1B4B6", "0B0C0C"),
}
HEADER_FILL = "F3F2F1"
TEXT_WIDTH_CM = 17.0  # A4 less two 2 cm margins
TABLE_FONT = Pt(10)
CM_PER_CHARACTER, CELL_PADDING_CM = 0.2, 0.45  # Arial 10 pt, a little generous


def _shade(cell: _Cell, fill: str) -> None:
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().append(shading)


def _write_cell(cell: _Cell, value: Cell, *, bold: bool = False) -> None:
    run = cell.paragraphs[0].add_run(value.text)
    run.bold = bold
    run.font.size = TABLE_FONT
    if value.tone in TONES:
        fill, ink = TONES[value.tone]
        _shade(cell, fill)
        run.font.color.rgb = RGBColor.from_string(ink)


def _repeat_header(row: object) -> None:
    tr_pr = row._tr.get_or_add_trPr()  # type: ignore[attr-defined]
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    tr_pr.append(header)


def _table(doc: WordDocument, table: Table) -> None:
    if not table.rows:
        doc.add_paragraph().add_run(f"{table.caption}: {table.empty}").italic = True
        return
    doc.add_paragraph(table.caption, style="Caption").paragraph_format.keep_with_next = True
    word = doc.add_table(rows=1, cols=len(table.header))
    word.style = "Table Grid"
    word.autofit = False
    for cell, text in zip(word.rows[0].cells, table.header, strict=True):
        _write_cell(cell, Cell(text), bold=True)
        _shade(cell, HEADER_FILL)
    _repeat_header(word.rows[0])
    for row in table.rows:
        for cell, value in zip(word.add_row().cells, row, strict=True):
            _write_cell(cell, value)
    for column, width in zip(word.columns, _widths(table), strict=True):
        column.width = width  # the table grid (LibreOffice reads this) and each cell (Word reads these)
        for cell in column.cells:
            cell.width = width
    doc.add_paragraph()


def _widths(table: Table) -> list[Length]:
    """Every column wide enough for its longest word; the rest of the line shared in proportion to the longest
    text of each column (capped), so that prose gets the room and dates do not."""
    columns = [[h, *(row[n].text for row in table.rows)] for n, h in enumerate(table.header)]
    least = [max(len(w) for t in c for w in t.split() or [""]) * CM_PER_CHARACTER + CELL_PADDING_CM for c in columns]
    if sum(least) >= TEXT_WIDTH_CM:
        return [Cm(TEXT_WIDTH_CM * w / sum(least)) for w in least]
    weights = [min(max(len(t) for t in c), 60) for c in columns]
    spare = TEXT_WIDTH_CM - sum(least)
    return [Cm(low + spare * w / sum(weights)) for low, w in zip(least, weights, strict=True)]


def _facts(doc: WordDocument, facts: Facts) -> None:
    _table(doc, Table(facts.caption, ["Item", "Position"], [[Cell(k), v] for k, v in facts.pairs]))


def _chart(doc: WordDocument, chart: Chart) -> None:
    doc.add_paragraph(chart.title, style="Caption").paragraph_format.keep_with_next = True
    picture = doc.add_picture(io.BytesIO(charts.png(chart)), width=Cm(16.5))
    properties = picture._inline.docPr
    properties.set("title", chart.title)
    properties.set("descr", chart.description)
    doc.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
    doc.add_paragraph(chart.description)
    _table(doc, chart.table)


def _set_up(doc: WordDocument) -> None:
    for section in doc.sections:
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.left_margin = section.right_margin = Mm(20)
        section.top_margin = section.bottom_margin = Mm(20)
    normal = doc.styles["Normal"]
    normal.font.name = "Arial"
    normal.font.size = Pt(11)
    r_pr = normal.element.get_or_add_rPr()
    language = OxmlElement("w:lang")
    language.set(qn("w:val"), "en-GB")
    r_pr.append(language)


def render(report: CommitteeReport) -> bytes:
    built = layout.build(report)
    doc = new_document()
    _set_up(doc)
    doc.core_properties.title = built.title
    doc.core_properties.language = "en-GB"
    doc.add_heading(built.title, level=1)
    doc.add_paragraph(built.subtitle)
    for section in built.sections:
        doc.add_heading(section.heading, level=section.level)
        for block in section.blocks:
            if isinstance(block, Paragraph):
                doc.add_paragraph(block.text)
            elif isinstance(block, Facts):
                _facts(doc, block)
            elif isinstance(block, Chart):
                _chart(doc, block)
            else:
                _table(doc, block)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
