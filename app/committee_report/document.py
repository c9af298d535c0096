"""The report as a document: headings, paragraphs, tables and charts, in reading order. One layout (``layout``)
fills it; the HTML template and the Word writer each render the very same document."""

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Cell:
    text: str
    tone: str | None = None  # a colour class added to the words (grade-good, rag-red, ...), never instead of them


@dataclass(frozen=True, slots=True)
class Table:
    caption: str
    header: list[str]
    rows: list[list[Cell]]
    empty: str = "None."  # said instead of the table when it has no rows


@dataclass(frozen=True, slots=True)
class Paragraph:
    text: str


@dataclass(frozen=True, slots=True)
class Facts:
    """Key facts as label and value pairs (a description list in HTML, a two-column table in Word)."""

    caption: str
    pairs: list[tuple[str, Cell]]


@dataclass(frozen=True, slots=True)
class GradeHistory:
    dates: list[str]  # x labels, one per graded inspection
    series: dict[str, list[int | None]]  # area label -> grade score (1 outstanding .. 4 inadequate) per date


@dataclass(frozen=True, slots=True)
class Bars:
    labels: list[str]
    values: list[int]
    tones: list[str]


@dataclass(frozen=True, slots=True)
class GroupedBars:
    labels: list[str]  # one group per area
    groups: dict[str, list[float | None]]  # scope -> percentage per area (None: nothing to divide)


@dataclass(frozen=True, slots=True)
class Chart:
    key: str
    title: str
    description: str
    data: GradeHistory | Bars | GroupedBars
    table: Table


Block = Paragraph | Table | Facts | Chart


@dataclass(slots=True)
class Section:
    heading: str
    level: int  # 2 or 3: the document's title is the only level 1
    blocks: list[Block] = field(default_factory=list)


@dataclass(slots=True)
class Document:
    title: str
    subtitle: str
    sections: list[Section]
