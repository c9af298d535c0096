"""The text of a report PDF as lines a person sees: words, whether the line is bold, its size and height.

pypdf extracts the text; its visitor hands over each run with its font, size and position, which is what
tells a heading (bold) from a point, and a running header (small, on every page) from the body. Only this
module knows about PDFs; the reading rules (``app.reports.rules``) work on ``Line``s.
"""

import re
from collections import Counter
from dataclasses import dataclass
from io import BytesIO
from typing import Any

from pypdf import PdfReader
from pypdf.errors import PdfReadError

# Ofsted's reports run to ~50 pages; a file with many more is not one report.
MAX_PAGES = 150
# A page of a report draws with ~20-80 KB of content and holds a few thousand characters; far beyond that
# it is not a page of prose (a generated or hostile content stream), and reading it would only take time.
MAX_PAGE_CONTENT_BYTES = 2 * 1024 * 1024
MAX_PAGE_CHARS = 20_000
_BOLD_FONT = re.compile(r"bold|black|heavy|semibold|demi|,b$", re.IGNORECASE)
_BARE_NUMBER = re.compile(r"^\s*\d{1,3}\s*$")


class NotAReport(ValueError):
    """The file cannot be read as a report at all: not a PDF, encrypted, no text (a scan), too big."""


@dataclass(frozen=True, slots=True)
class Line:
    page: int
    text: str
    bold: bool
    size: float
    y: float  # from the page's foot upwards, as PDF measures it

    @property
    def blank(self) -> bool:
        return not self.text.strip()


@dataclass(frozen=True, slots=True)
class _Run:
    text: str
    bold: bool
    size: float
    y: float


def _runs(page: Any) -> list[_Run]:
    runs: list[_Run] = []

    def visit(text: str, cm: list[float], tm: list[float], font: Any, size: float) -> None:
        name = str((font or {}).get("/BaseFont", ""))
        scale = abs(tm[3] * cm[3]) or 1.0
        y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
        runs.append(_Run(text, bool(_BOLD_FONT.search(name)), round(size * scale, 1), y))

    page.extract_text(visitor_text=visit)
    return runs


def _lines(page_number: int, runs: list[_Run]) -> list[Line]:
    out: list[Line] = []
    current: list[_Run] = []

    def close() -> None:
        visible = [r for r in current if r.text.strip()]
        text = "".join(r.text for r in current)
        bold_chars = sum(len(r.text.strip()) for r in visible if r.bold)
        chars = sum(len(r.text.strip()) for r in visible)
        out.append(
            Line(
                page=page_number,
                text=text.rstrip(),
                bold=chars > 0 and bold_chars * 2 > chars,
                size=max((r.size for r in visible), default=0.0),
                y=visible[0].y if visible else 0.0,
            )
        )
        current.clear()

    for run in runs:
        pieces = run.text.split("\n")
        for i, piece in enumerate(pieces):
            if i:
                close()
            if piece:
                current.append(_Run(piece, run.bold, run.size, run.y))
    close()
    return out


def _furniture(pages: list[list[Line]]) -> set[tuple[int, int]]:
    """Running headers and footers, page numbers and footnotes: lines that are no part of the body.

    A line is furniture when it is a bare page number, smaller than the body's type (headers, footnotes),
    or repeats (digits aside) on at least three pages and a third of them."""
    sizes: Counter[float] = Counter()
    seen: Counter[str] = Counter()
    for lines in pages:
        for line in lines:
            if not line.blank:
                sizes[line.size] += len(line.text)
        seen.update({re.sub(r"\d+", "#", line.text.strip()) for line in lines if not line.blank})
    body = sizes.most_common(1)[0][0] if sizes else 0.0
    repeated = {t for t, n in seen.items() if n >= 3 and n * 3 >= len(pages)}
    out = set()
    for p, lines in enumerate(pages):
        for i, line in enumerate(lines):
            if line.blank:
                continue
            if (
                _BARE_NUMBER.match(line.text)
                or (body and line.size < body * 0.8)
                or re.sub(r"\d+", "#", line.text.strip()) in repeated
            ):
                out.add((p, i))
    return out


@dataclass(frozen=True, slots=True)
class Document:
    pages: list[list[Line]]  # every line, furniture included (the first page's header is read from them)
    body: list[Line]  # the report's running text: no blank lines, no page furniture

    @property
    def first_page(self) -> list[Line]:
        return self.pages[0] if self.pages else []


def read_document(data: bytes) -> Document:
    """The lines of a PDF. Raises ``NotAReport`` for what cannot be read as text."""
    if not data.lstrip()[:5].startswith(b"%PDF"):
        raise NotAReport("the file is not a PDF (it does not start with %PDF)")
    try:
        reader = PdfReader(BytesIO(data), strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            raise NotAReport("the PDF is encrypted with a password; upload the report as Ofsted publishes it")
        count = len(reader.pages)
        if count > MAX_PAGES:
            raise NotAReport(f"the PDF has {count} pages; a report has at most {MAX_PAGES}")
        pages = []
        for number, page in enumerate(reader.pages, start=1):
            contents = page.get_contents()
            if contents is not None and len(contents.get_data()) > MAX_PAGE_CONTENT_BYTES:
                raise NotAReport(f"page {number} draws with more content than a page of a report does")
            lines = _lines(number, _runs(page))
            if sum(len(line.text) for line in lines) > MAX_PAGE_CHARS:
                raise NotAReport(f"page {number} holds more text than a page of a report can")
            pages.append(lines)
    except NotAReport:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, IndexError, RecursionError, OSError) as exc:
        raise NotAReport(f"the PDF cannot be read ({type(exc).__name__})") from exc
    if not any(not line.blank for lines in pages for line in lines):
        raise NotAReport("the PDF has no text: an image-only scan cannot be read (no OCR here)")
    furniture = _furniture(pages)
    body = [
        line
        for p, lines in enumerate(pages)
        for i, line in enumerate(lines)
        if not line.blank and (p, i) not in furniture
    ]
    return Document(pages=pages, body=body)
