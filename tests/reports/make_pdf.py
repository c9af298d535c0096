"""Reports written in the tests: the structure of Ofsted's layouts with words, points and grades of our own.

Each builder takes what the report says and lays it out as Ofsted does: a large title, bold "Inspection
dates" and "Lead inspector" lines, the judgement table, bold section headings, bulleted or numbered points
that run over a page break, a small running header and page numbers on every page.
"""

from dataclasses import dataclass, field

from fpdf import FPDF

BODY = 12


class _Report(FPDF):
    def __init__(self, running_header: str) -> None:
        super().__init__(format="A4")
        self.core_fonts_encoding = "windows-1252"
        self.running_header = running_header
        self.set_auto_page_break(auto=True, margin=25)
        self.set_margins(25, 20, 25)

    def header(self) -> None:
        if self.page_no() > 1:
            self.set_font("Helvetica", "B", 8)
            self.cell(0, 5, self.running_header, new_x="LMARGIN", new_y="NEXT")
            self.ln(6)

    def footer(self) -> None:
        self.set_y(-15)
        self.set_font("Helvetica", "", BODY)
        self.cell(0, 5, str(self.page_no()), align="R")

    def title_lines(self, *lines: str) -> None:
        self.set_font("Helvetica", "", 24)
        for line in lines:
            self.multi_cell(0, 11, line, new_x="LMARGIN", new_y="NEXT")
        self.ln(4)

    def bold(self, text: str, size: int = BODY) -> None:
        self.set_font("Helvetica", "B", size)
        self.multi_cell(0, size * 0.5, text, new_x="LMARGIN", new_y="NEXT")
        self.ln(3)

    def para(self, text: str) -> None:
        self.set_font("Helvetica", "", BODY)
        self.multi_cell(0, 6, text, new_x="LMARGIN", new_y="NEXT")
        self.ln(5)

    def row(self, label: str, grade: str) -> None:
        self.set_font("Helvetica", "", 11)
        self.multi_cell(0, 5.5, f"{label} {grade}", new_x="LMARGIN", new_y="NEXT")

    def points(self, marker: str, points: list[str], first: int = 1) -> None:
        for n, text in enumerate(points, start=first):
            self.para(f"{marker if marker != '#' else f'{n}.'} {text}")


FILLER = (
    "Inspectors looked at the experiences of children and families across the whole service and spoke to "
    "practitioners, managers and partners about the difference their work makes to children's lives. "
)


@dataclass
class IlacsReport:
    authority: str = "Newtown"
    dates: str = "3 to 14 March 2025"
    lead: str = "Alex Example"
    table: list[tuple[str, str]] = field(default_factory=list)
    improve: list[str] = field(default_factory=list)
    priority: list[str] = field(default_factory=list)
    layout_2018: bool = False  # "<authority> / Inspection of children's social care services"
    filler_paragraphs: int = 4

    def pdf(self) -> bytes:
        pdf = _Report(f"Inspection of {self.authority} local authority children\u2019s services")
        pdf.add_page()
        if self.layout_2018:
            pdf.title_lines(self.authority)
            pdf.bold("Inspection of children\u2019s social care services", 16)
        else:
            pdf.title_lines(f"Inspection of {self.authority} local authority children\u2019s services")
        pdf.bold(f"Inspection dates: {self.dates}")
        pdf.bold(f"Lead inspector: {self.lead}, His Majesty\u2019s Inspector")
        pdf.bold("Judgement Grade")
        for label, grade in self.table:
            pdf.row(label, grade)
        pdf.ln(4)
        for _ in range(self.filler_paragraphs):
            pdf.para(FILLER * 3)
        if self.priority:
            pdf.bold("Areas for priority action", 14)
            pdf.points("\u2022", self.priority)
        pdf.bold("What needs to improve?", 14)
        pdf.points("\u2022", self.improve)
        pdf.bold("The experiences and progress of children who need help and protection: good", 14)
        pdf.points("#", [FILLER * 2, FILLER])
        return bytes(pdf.output())


@dataclass
class SifReport:
    authority: str = "Oldport County Council"
    dates: str = "2 June 2015 - 24 June 2015"
    published: str = "7 August 2015"
    lead: str = "Sam Sample"
    overall: str = "are inadequate"
    table: list[tuple[str, str]] = field(default_factory=list)
    priority: dict[str, list[str]] = field(default_factory=dict)  # sub-heading -> points
    improve: dict[str, list[str]] = field(default_factory=dict)
    lscb_improve: list[str] = field(default_factory=list)

    def pdf(self) -> bytes:
        pdf = _Report(f"{self.authority} inspection report")
        pdf.add_page()
        pdf.title_lines(self.authority)
        pdf.para(
            "Inspection of services for children in need of help and protection, children looked after and care leavers"
        )
        pdf.bold(f"Inspection date: {self.dates}")
        pdf.bold(f"Report published: {self.published}")
        pdf.bold(f"The overall judgement is that children\u2019s services {self.overall}", 14)
        pdf.para("The judgements on areas of the service that contribute to overall effectiveness are:")
        for label, grade in self.table:
            pdf.row(label, grade)
        pdf.add_page()
        pdf.bold("Contents", 14)
        pdf.para("What does the local authority need to improve? 3")
        pdf.para("The Local Safeguarding Children Board (LSCB) 5")
        pdf.add_page()
        pdf.bold("Summary of findings", 14)
        for _ in range(3):
            pdf.para(FILLER * 2)
        pdf.bold("What does the local authority need to improve?", 14)
        number = 1
        for heading, groups in (
            ("Priority and immediate action", self.priority),
            ("Areas for improvement", self.improve),
        ):
            if not groups:
                continue
            pdf.bold(heading)
            for sub_heading, points in groups.items():
                pdf.para(sub_heading)
                pdf.points("#", points, first=number)
                number += len(points)
        pdf.bold("Information about this inspection", 14)
        pdf.para(FILLER)
        pdf.bold(f"Lead inspector: {self.lead} HMI")
        pdf.add_page()
        pdf.bold("The Local Safeguarding Children Board (LSCB)", 14)
        pdf.bold("Areas for improvement")
        pdf.points("#", self.lscb_improve, first=number)
        return bytes(pdf.output())
