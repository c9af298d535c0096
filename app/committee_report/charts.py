"""The report's three charts, drawn with matplotlib: as inline SVG for HTML (text drawn as paths, so no font is
fetched; ids prefixed per chart; ``role="img"`` with its ``<title>`` and ``<desc>``) and as PNG for Word. Colour
always comes with a pattern and the figures written on the chart, and every chart has its table beside it.

matplotlib is not thread-safe and the report renders in worker threads, so drawing holds one lock; figures are
made with the object API (no pyplot state)."""

import html
import io
import re
import threading

import matplotlib
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.backends.backend_svg import FigureCanvasSVG
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from app.committee_report.document import Bars, Chart, GradeHistory, GroupedBars

matplotlib.rcParams.update(
    {
        "svg.fonttype": "path",
        "svg.hashsalt": "ilacs-committee-report",
        "font.size": 9,
        "axes.spines.top": False,
        "axes.spines.right": False,
    }
)
_LOCK = threading.Lock()
INK = "#0b0c0c"
TONE_COLOURS = {
    "rag-red": "#b10e1e",
    "rag-amber": "#f5a623",
    "rag-green": "#00703c",
    "status-completed": "#505a5f",
    "status-cancelled": "#b1b4b6",
}
TONE_HATCHES = {"rag-red": "//", "rag-amber": "..", "rag-green": "", "status-completed": "xx", "status-cancelled": "--"}
SCOPE_STYLES = [("#1d70b8", "//"), ("#f47738", ".."), ("#505a5f", "")]
MARKERS = ["o", "s", "^", "D", "v"]
LINESTYLES = ["-", "--", ":", "-.", (0, (5, 1))]
GRADE_TICKS = ["Outstanding", "Good", "Requires\nimprovement", "Inadequate"]
# Height (inches) and the left and bottom margins (fractions) of each chart: room for its labels and legend.
FRAMES = {"grade-history": (3.6, 0.17, 0.24), "action-plan": (2.6, 0.3, 0.2), "benchmarks": (4.4, 0.24, 0.22)}


def _grade_history(ax: Axes, data: GradeHistory) -> None:
    positions = list(range(len(data.dates)))
    count = len(data.series)
    for n, (label, scores) in enumerate(data.series.items()):
        # Series sharing a grade are drawn a hair apart, so that none hides another.
        nudge = (n - (count - 1) / 2) * 0.05
        points = [(x, s + nudge) for x, s in zip(positions, scores, strict=True) if s is not None]
        ax.plot(
            [x for x, _ in points],
            [s for _, s in points],
            marker=MARKERS[n % len(MARKERS)],
            linestyle=LINESTYLES[n % len(LINESTYLES)],
            label=label,
            linewidth=1.5,
            markersize=6,
        )
    ax.set_yticks([1, 2, 3, 4], GRADE_TICKS)
    ax.set_ylim(4.4, 0.6)  # outstanding at the top
    ax.set_xticks(positions, data.dates)
    ax.set_xlim(-0.5, max(len(positions) - 0.5, 0.5))
    ax.grid(axis="y", color="#dddddd")
    if data.series:
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.12), ncol=3, frameon=False)
    else:
        ax.text(0.5, 0.5, "No graded inspection on record", ha="center", va="center", transform=ax.transAxes)


def _bars(ax: Axes, data: Bars) -> None:
    positions = list(range(len(data.labels)))[::-1]
    bars = ax.barh(
        positions,
        data.values,
        color=[TONE_COLOURS[t] for t in data.tones],
        hatch=[TONE_HATCHES[t] for t in data.tones],
        edgecolor=INK,
        linewidth=0.6,
    )
    ax.bar_label(bars, labels=[str(v) for v in data.values], padding=3)
    ax.set_yticks(positions, data.labels)
    ax.set_xlabel("Actions")
    ax.set_xlim(0, max([*data.values, 1]) * 1.2)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))


def _grouped(ax: Axes, data: GroupedBars) -> None:
    count = len(data.groups)
    height = 0.8 / max(count, 1)
    for n, (scope, shares) in enumerate(data.groups.items()):
        colour, hatch = SCOPE_STYLES[n % len(SCOPE_STYLES)]
        positions = [len(data.labels) - 1 - i + (count - 1 - n - (count - 1) / 2) * height for i in range(len(shares))]
        bars = ax.barh(
            positions,
            [s or 0 for s in shares],
            height=height,
            color=colour,
            hatch=hatch,
            edgecolor=INK,
            linewidth=0.6,
            label=scope,
        )
        ax.bar_label(bars, labels=["n/a" if s is None else f"{round(s)}%" for s in shares], padding=3, fontsize=8)
    ax.set_yticks(list(range(len(data.labels)))[::-1], data.labels)
    ax.set_xlim(0, 115)
    ax.set_xlabel("Graded authorities judged good or outstanding (%)")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.16), ncol=count, frameon=False)


def _figure(chart: Chart) -> Figure:
    height, left, bottom = FRAMES.get(chart.key, (3.5, 0.2, 0.2))
    figure = Figure(figsize=(6.8, height))
    # Fixed margins: a layout engine would draw every chart twice (measured: a third of the time).
    figure.subplots_adjust(left=left, right=0.97, top=0.97, bottom=bottom)
    ax = figure.add_subplot()
    if isinstance(chart.data, GradeHistory):
        _grade_history(ax, chart.data)
    elif isinstance(chart.data, Bars):
        _bars(ax, chart.data)
    else:
        _grouped(ax, chart.data)
    return figure


def png(chart: Chart, dpi: int = 150) -> bytes:
    buffer = io.BytesIO()
    with _LOCK:
        figure = _figure(chart)
        FigureCanvasAgg(figure)
        figure.savefig(buffer, format="png", dpi=dpi)
    return buffer.getvalue()


_ID = re.compile(r'\bid="([^"]+)"')
_HREF = re.compile(r'(xlink:href|href)="#([^"]+)"')
_URL = re.compile(r"url\(#([^)]+)\)")


def svg(chart: Chart) -> str:
    """The chart as an inline ``<svg role="img">`` labelled by its own ``<title>`` and ``<desc>``."""
    buffer = io.StringIO()
    with _LOCK:
        figure = _figure(chart)
        FigureCanvasSVG(figure)
        figure.savefig(buffer, format="svg")
    text = buffer.getvalue()
    text = text[text.index("<svg") :]
    text = re.sub(r"<metadata>.*?</metadata>", "", text, flags=re.S)
    prefix = chart.key
    text = _ID.sub(lambda m: f'id="{prefix}-{m.group(1)}"', text)
    text = _HREF.sub(lambda m: f'{m.group(1)}="#{prefix}-{m.group(2)}"', text)
    text = _URL.sub(lambda m: f"url(#{prefix}-{m.group(1)})", text)
    head_end = text.index(">") + 1
    head = re.sub(r'\s(width|height)="[^"]*"', "", text[:head_end])
    head = head.replace("<svg", f'<svg role="img" aria-labelledby="{prefix}-title {prefix}-desc"', 1)
    labels = (
        f'<title id="{prefix}-title">{html.escape(chart.title)}</title>'
        f'<desc id="{prefix}-desc">{html.escape(chart.description)}</desc>'
    )
    return head + labels + text[head_end:]
