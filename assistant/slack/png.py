"""``render_png``: an answer's chart as a PNG, drawn offline with matplotlib.

Slack shows images only from a URL it can fetch or from an uploaded file, and the
chat page's interactive plotly figures would need a browser to turn into pictures;
matplotlib draws on this machine with no network. The chart kind comes from the
answer (``answer.chart``): line for time, bar for categories, grouped bar for two
categories. A single number (KPI) gets no picture: the summary already says it.
Chinese labels need a CJK font: the first installed one of ``CJK_FONTS`` is used
(Debian: ``fonts-noto-cjk``), with DejaVu Sans behind it for Latin text.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import matplotlib
from matplotlib import font_manager
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

from assistant.answer import Answer
from assistant.chat.charts import ValueAxis

CJK_FONTS = ("Noto Sans CJK SC", "Source Han Sans SC", "Noto Sans CJK JP", "WenQuanYi Zen Hei",
             "WenQuanYi Micro Hei", "PingFang SC", "Microsoft YaHei", "SimHei")
SIZE_INCHES, DPI = (8.0, 4.2), 110
MAX_CATEGORIES = 30  # more bars than this are unreadable; the table and CSV have them all

TICKS: dict[str, Callable[[float], str]] = {
    "percent": lambda v: f"{v:.0%}",
    "integer": lambda v: f"{v:,.0f}",
    "currency": lambda v: f"{v:,.2f}".rstrip("0").rstrip("."),
}


def _fonts() -> list[str]:
    installed = {f.name for f in font_manager.fontManager.ttflist}
    return [name for name in CJK_FONTS if name in installed] + ["DejaVu Sans"]


matplotlib.rcParams["font.family"] = "sans-serif"
matplotlib.rcParams["font.sans-serif"] = _fonts()
matplotlib.rcParams["axes.unicode_minus"] = False  # the CJK fonts lack U+2212


@dataclass(frozen=True)
class Shape:
    """What to draw: category labels, one list of values per series, the axes."""

    xs: list[str]
    series: dict[str, list[float]]
    x_label: str
    axis: ValueAxis
    tick: Callable[[float], str]


def _col(answer: Answer, name: object) -> int | None:
    return answer.columns.index(name) if isinstance(name, str) and name in answer.columns else None


def _number(value: Any, divisor: float) -> float:
    ok = isinstance(value, int | float) and not isinstance(value, bool)
    return float(value) / divisor if ok else float("nan")  # a hidden (<5) figure is a gap, not a zero


def shape(answer: Answer) -> Shape | None:
    """The chart spec read against the rows; ``None`` when it names no usable columns."""
    xi = _col(answer, answer.chart.get("x"))
    values = [i for i in (_col(answer, n) for n in answer.chart.get("y") or []) if i is not None]
    if xi is None or not values:
        return None
    first, fmt = values[0], answer.column_formats[values[0]]
    axis = ValueAxis.for_column(answer, first)
    xs = list(dict.fromkeys(d[xi] for d in answer.display))
    si = _col(answer, answer.chart.get("series"))
    series: dict[str, list[float]] = {}
    if si is None:  # one series per metric of the first one's format (another would need a second axis)
        for vi in (i for i in values if answer.column_formats[i] == fmt):
            series[answer.column_labels[vi]] = [_number(r[vi], axis.divisor) for r in answer.rows]
    else:  # one metric, one series per value of the series column
        at = {x: n for n, x in enumerate(xs)}
        for row, shown in zip(answer.rows, answer.display, strict=False):
            line = series.setdefault(shown[si], [float("nan")] * len(xs))
            line[at[shown[xi]]] = _number(row[first], axis.divisor)
    return Shape(xs, series, answer.column_labels[xi], axis, TICKS.get(fmt, lambda v: f"{v:,.4g}"))


def _bars(ax: Axes, xs: list[str], series: dict[str, list[float]]) -> None:
    width = 0.8 / len(series)
    for n, (name, ys) in enumerate(series.items()):
        ax.bar([i + (n - (len(series) - 1) / 2) * width for i in range(len(xs))], ys, width, label=name)


def _lines(ax: Axes, xs: list[str], series: dict[str, list[float]]) -> None:
    for name, ys in series.items():
        ax.plot(range(len(xs)), ys, marker="o", markersize=3, label=name)


DRAW: dict[str, Callable[[Axes, list[str], dict[str, list[float]]], None]] = {
    "bar": _bars,
    "grouped_bar": _bars,
    "line": _lines,
}


def render_png(answer: Answer) -> bytes | None:
    """The chart as PNG bytes, or ``None`` (a table, a single number, nothing to draw)."""
    draw = DRAW.get(str(answer.chart.get("kind")))
    drawn = shape(answer) if draw is not None and answer.status == "answered" and answer.rows else None
    if draw is None or drawn is None or (draw is _bars and len(drawn.xs) > MAX_CATEGORIES):
        return None
    fig = Figure(figsize=SIZE_INCHES, dpi=DPI, layout="constrained")
    ax = fig.add_subplot()
    draw(ax, drawn.xs, drawn.series)
    slanted = len(drawn.xs) > 8
    ax.set_xticks(range(len(drawn.xs)), drawn.xs, rotation=45 if slanted else 0, ha="right" if slanted else "center")
    ax.set_xlabel(drawn.x_label)
    ax.set_ylabel(drawn.axis.title)
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: drawn.tick(v)))
    ax.grid(axis="y", alpha=0.3)
    ax.spines[["top", "right"]].set_visible(False)
    if len(drawn.series) > 1:
        ax.legend(frameon=False, fontsize="small")
    out = io.BytesIO()
    fig.savefig(out, format="png")
    return out.getvalue()
