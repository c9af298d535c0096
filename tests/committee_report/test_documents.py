"""The committee report as HTML (one self-contained page: headings in order, tables with captions and header
cells, three charts as labelled inline SVG each with its table) and as Word (Heading 1-3 styles, tables whose
header rows repeat, charts as images with alternative text); `format` overrides `Accept`."""

import io
import re
from html.parser import HTMLParser

import docx
from docx.oxml.ns import qn
from httpx import AsyncClient

from app.core.security import Role
from tests.conftest import LEICESTERSHIRE, MakeKey

REPORT = f"/v1/authorities/{LEICESTERSHIRE}/committee-report"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
CHART_TITLES = ["Grade history", "Action plan by RAG rating", "Latest grades beside region, neighbours and England"]


class Outline(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.headings: list[int] = []
        self.tables = self.captions = self.header_cells = 0
        self.svgs: list[dict[str, str | None]] = []
        self.svg_titles: list[str] = []
        self.references: list[str] = []
        self._in_svg_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))
        self.tables += tag == "table"
        self.captions += tag == "caption"
        self.header_cells += tag == "th"
        if tag == "svg":
            self.svgs.append(found)
        self._in_svg_title = tag == "title" and bool(self.svgs)
        for name in ("src", "href", "xlink:href"):
            if found.get(name) and not str(found[name]).startswith("#"):
                self.references.append(str(found[name]))

    def handle_data(self, data: str) -> None:
        if self._in_svg_title:
            self.svg_titles.append(data)
            self._in_svg_title = False


async def test_html_is_one_self_contained_accessible_page(
    national_client: AsyncClient, national_make_key: MakeKey, demo: None
) -> None:
    own = await national_make_key(Role.authority, authority_code=LEICESTERSHIRE)
    response = await national_client.get(REPORT, params={"format": "html"}, headers={**own, "Accept": DOCX})
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    page = response.text
    assert page.startswith('<!DOCTYPE html>\n<html lang="en-GB">')
    outline = Outline()
    outline.feed(page)
    assert outline.headings[0] == 1 and outline.headings.count(1) == 1
    assert all(b - a <= 1 for a, b in zip(outline.headings, outline.headings[1:], strict=False))
    assert outline.tables == outline.captions
    assert outline.header_cells > outline.tables
    assert [s.get("role") for s in outline.svgs] == ["img", "img", "img"]
    assert [s.get("aria-labelledby") for s in outline.svgs] == [
        "grade-history-title grade-history-desc",
        "action-plan-title action-plan-desc",
        "benchmarks-title benchmarks-desc",
    ]
    assert outline.svg_titles == CHART_TITLES
    assert (outline.references, "<script" in page, "@import" in page, "url(http" in page) == ([], False, False, False)
    assert "@page { size: A4;" in page
    ids = re.findall(r'\bid="([^"]+)"', page)
    assert len(ids) == len(set(ids))
    # Grades and RAG in words as well as colour.
    assert '<span class="tone grade-outstanding">Outstanding</span>' in page
    assert '<span class="tone rag-red">Red: overdue</span>' in page


async def test_word_document_has_heading_styles_repeating_headers_and_charts_with_alt_text(
    national_client: AsyncClient, national_make_key: MakeKey, demo: None
) -> None:
    own = await national_make_key(Role.authority, authority_code=LEICESTERSHIRE)
    response = await national_client.get(REPORT, params={"as_of": "2026-06-30"}, headers={**own, "Accept": DOCX})
    assert response.headers["content-type"] == DOCX
    assert response.headers["content-disposition"] == (
        f'attachment; filename="committee-report-{LEICESTERSHIRE}-2026-06-30.docx"'
    )
    document = docx.Document(io.BytesIO(response.content))
    headings = [(p.style.name, p.text) for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings[:3] == [
        ("Heading 1", "Leicestershire: children's services inspection and improvement"),
        ("Heading 2", "Summary"),
        ("Heading 2", "Latest inspection compared with the previous"),
    ]
    assert {style for style, _ in headings} == {"Heading 1", "Heading 2", "Heading 3"}
    assert all(t.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None for t in document.tables)
    comparison = document.tables[1]
    assert [c.text for c in comparison.rows[1].cells] == [
        "Overall effectiveness",
        "Requires improvement to be good",
        "Outstanding",
        "Improved",
    ]
    pictures = [s._inline.docPr for s in document.inline_shapes]
    assert [(p.get("title"), bool(p.get("descr"))) for p in pictures] == [(t, True) for t in CHART_TITLES]
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)


async def test_json_is_the_default_and_format_overrides_accept(
    national_client: AsyncClient, national_make_key: MakeKey
) -> None:
    reader = await national_make_key(Role.reader)
    default = await national_client.get(REPORT, headers=reader)
    assert default.headers["content-type"] == "application/json"
    forced = await national_client.get(REPORT, params={"format": "json"}, headers={**reader, "Accept": "text/html"})
    assert forced.json()["authority_name"] == "Leicestershire"
    html = await national_client.get(REPORT, headers={**reader, "Accept": "text/html"})
    assert html.headers["content-type"] == "text/html; charset=utf-8"
