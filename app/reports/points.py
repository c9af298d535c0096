"""The points of a list under a heading, as a person reads them off the page.

A heading is a bold line; a point starts with a bullet or a number ("◼", "•", "13."); its lines run on
until the next point, the next heading, or a paragraph break. Inside a list a single line that is no point
and is followed by one (SIF's "Help and protection") is a sub-heading; any other paragraph ends the list.
Which headings open which kind of finding is the reading rule's (``app.reports.rules.findings_rule``).
"""

import re
from collections.abc import Iterator, Mapping, Sequence
from typing import TypeVar

from app.reports.text import Line

K = TypeVar("K")
_POINT = re.compile(
    r"^\s*(?:[\u2022\u2023\u2043\u2219\u25a0-\u25ff\u2b1b\ue000-\uf8ff*](?=\s*\w)|[-\u2013](?=\s)|\d{1,3}[.)](?=\s))\s*"
)
# Lines further apart than this many times their type size are separate paragraphs (line spacing ~1.2).
PARAGRAPH_GAP = 1.6


def is_point(line: Line) -> bool:
    return bool(_POINT.match(line.text))


def _gap(before: Line, after: Line) -> bool:
    """A paragraph break between two lines; a page break is none (points run over pages)."""
    if before.page != after.page:
        return False
    return before.y - after.y > PARAGRAPH_GAP * max(before.size, after.size, 1.0)


def _text(lines: Sequence[Line]) -> str:
    """The point as printed (its typography kept), its lines joined."""
    text = _POINT.sub("", lines[0].text)
    for line in lines[1:]:
        # "multi-" + "agency" is one word; "16-" + "and 17-year-olds" stays two.
        if re.search(r"[a-z]-$", text.rstrip()) and re.match(r"\s*[a-z]", line.text):
            text = text.rstrip() + line.text.lstrip()
        else:
            text = text.rstrip() + " " + line.text.lstrip()
    return re.sub(r"\s+", " ", text).strip()


def _heading_key(text: str) -> str:
    """ "What needs to improve?1" -> "what needs to improve"."""
    return re.sub(r"[\s?:.\d]+$", "", text.strip().lower().replace("\u2019", "'"))


def _contents_pages(lines: Sequence[Line]) -> set[int]:
    return {line.page for line in lines if _heading_key(line.text) == "contents"}


def read_points(
    lines: Sequence[Line],
    sections: Mapping[str, K],
    other_body: re.Pattern[str],
) -> Iterator[tuple[K, str]]:
    """(kind, text) of every point under a heading named in ``sections``, in the order printed. A heading
    matching ``other_body`` (outside a contents page) ends the reading."""
    skip = _contents_pages(lines)
    body = [line for line in lines if line.page not in skip]
    kind: K | None = None
    point: list[Line] = []
    for i, line in enumerate(body):
        prev = body[i - 1] if i else None
        after = body[i + 1] if i + 1 < len(body) else None
        if line.bold:
            if point and kind is not None:
                yield kind, _text(point)
            point = []
            if other_body.search(line.text):
                return
            joined = f"{prev.text} {line.text}" if prev is not None and prev.bold else None
            key = _heading_key(line.text)
            if key in sections:
                kind = sections[key]
            elif joined is not None and _heading_key(joined) in sections:
                kind = sections[_heading_key(joined)]
            elif prev is None or not prev.bold or _gap(prev, line):
                kind = None
            continue
        if kind is None:
            continue
        if is_point(line):
            if point:
                yield kind, _text(point)
            point = [line]
            continue
        sub_heading = (
            after is not None
            and not after.bold
            and is_point(after)
            and _gap(line, after)
            and not re.search(r"[.;:,)]$", line.text.strip())
            and (prev is None or prev.page != line.page or _gap(prev, line))
        )
        if point and not sub_heading and prev is not None and not _gap(prev, line):
            point.append(line)
            continue
        if point:
            yield kind, _text(point)
        point = []
        if not sub_heading:
            kind = None
    if point and kind is not None:
        yield kind, _text(point)
