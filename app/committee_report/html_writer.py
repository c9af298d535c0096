"""The report as one self-contained HTML page (Jinja2 templates in ``templates/``): inline CSS and SVG, no script,
font or request beyond itself, print-ready on A4, ``lang="en-GB"``."""

import functools
import re
from datetime import UTC, datetime

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from app.committee_report import charts, layout
from app.committee_report.document import Chart
from app.committee_report.schemas import CommitteeReport
from app.committee_report.words import day


def _kind(block: object) -> str:
    return type(block).__name__.lower()


@functools.cache
def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("app.committee_report", "templates"),
        autoescape=select_autoescape(["html", "j2"], default=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["kind"] = _kind
    return env


def render(report: CommitteeReport) -> bytes:
    doc = layout.build(report)
    chart_svgs = {
        block.key: Markup(charts.svg(block))  # noqa: S704 - SVG drawn by matplotlib, labels escaped in charts.svg
        for section in doc.sections
        for block in section.blocks
        if isinstance(block, Chart)
    }
    page = (
        _environment()
        .get_template("report.html.j2")
        .render(doc=doc, charts=chart_svgs, as_of=day(report.as_of), produced_on=day(datetime.now(UTC).date()))
    )
    return re.sub(r"\n\s*\n", "\n", page).encode("utf-8")
