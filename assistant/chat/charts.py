"""``render_chart``: an answer's chart spec → an interactive plotly figure.

The answer already says which chart fits (``answer.chart["kind"]``); this module only
draws it: line for time, bar for categories, grouped bar for two categories, an
indicator for a single number. Axis titles come from ``column_labels``, category names
from ``display`` (labels, not codes), values from the raw ``rows``; percentages get a
% axis and amounts are scaled to 万/亿 (zh) or K/M/B (en) so the ticks stay readable.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import plotly.graph_objects as go

if TYPE_CHECKING:
    from assistant.answer import Answer

def amount_scales(lang: str, symbol: str = "¥", unit_zh: str = "元") -> tuple[tuple[float, float, str], ...]:
    """Amount scales, largest first: (threshold, divisor, unit), in the model's currency."""
    if lang == "zh":
        return ((1e8, 1e8, f"亿{unit_zh}"), (1e4, 1e4, f"万{unit_zh}"), (0, 1, unit_zh))
    return ((1e9, 1e9, f"{symbol}B"), (1e6, 1e6, f"{symbol}M"), (1e3, 1e3, f"{symbol}K"), (0, 1, symbol))


# column format -> plotly tick format for the value axis
TICK_FORMATS = {
    "percent": ".1%",
    "integer": ",d",
    "number": ",.4~g",
    "ratio": ",.2f",
    "currency": ",.2~f",
}

# column format -> how the KPI indicator prints its number
KPI_NUMBERS: dict[str, dict[str, str]] = {
    "percent": {"valueformat": ".2%"},
    "integer": {"valueformat": ",d"},
    "currency": {"valueformat": ",.2f"},
    "ratio": {"valueformat": ",.2f"},
}

# Transparent, with a mid-grey ink and faint grid: readable on the light and the dark
# theme alike (plotly draws on its own canvas and cannot follow the page's colours).
INK, GRID = "#8b929c", "rgba(139, 146, 156, 0.25)"
AXIS = {"gridcolor": GRID, "linecolor": GRID, "zerolinecolor": GRID}
LAYOUT = {
    "template": "plotly_white",
    "paper_bgcolor": "rgba(0,0,0,0)",
    "plot_bgcolor": "rgba(0,0,0,0)",
    "xaxis": AXIS,
    "yaxis": AXIS,
    "height": 380,
    "margin": {"l": 60, "r": 20, "t": 30, "b": 50},
    "font": {
        "family": "Inter, 'Noto Sans CJK SC', 'PingFang SC', 'Microsoft YaHei', sans-serif",
        "color": INK,
    },
    "legend": {"orientation": "h", "yanchor": "bottom", "y": 1.02, "x": 0},
    "hovermode": "closest",
}


@dataclass(frozen=True)
class ValueAxis:
    """How one value column is scaled and labelled."""

    label: str
    tickformat: str
    divisor: float = 1
    unit: str = ""

    @property
    def title(self) -> str:
        return f"{self.label} ({self.unit})" if self.unit else self.label

    @classmethod
    def for_column(cls, answer: Answer, index: int) -> ValueAxis:
        label, fmt = answer.column_labels[index], answer.column_formats[index]
        if fmt != "currency":
            return cls(label, TICK_FORMATS.get(fmt, ""))
        biggest = max((abs(v) for v in _numbers(answer, index)), default=0)
        scales = amount_scales(answer.lang, answer.currency.get("symbol", "¥"), answer.currency.get("zh", "元"))
        _, divisor, unit = next(s for s in scales if biggest >= s[0])
        return cls(label, TICK_FORMATS["currency"], divisor, unit)

    def values(self, raw: list[Any]) -> list[float | None]:
        return [v / self.divisor if _is_number(v) else None for v in raw]


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _numbers(answer: Answer, index: int) -> list[float]:
    return [r[index] for r in answer.rows if _is_number(r[index])]


def _col(answer: Answer, name: str | None) -> int | None:
    return answer.columns.index(name) if name in answer.columns else None


def _value_columns(answer: Answer) -> list[int]:
    names = answer.chart.get("y") or []
    return [i for i in (_col(answer, n) for n in names) if i is not None]


def _groups(answer: Answer, index: int) -> dict[str, list[int]]:
    """Row indexes per category label, in the order the categories first appear."""
    out: dict[str, list[int]] = {}
    for n, row in enumerate(answer.display):
        out.setdefault(row[index], []).append(n)
    return out


def _trace(
    kind: str, x: list[Any], axis: ValueAxis, raw: list[Any], shown: list[str], name: str
) -> go.BaseTraceType:
    common: dict[str, Any] = {
        "x": x,
        "y": axis.values(raw),
        "name": name,
        "text": shown,
        "hovertemplate": "%{x}<br>" + name + ": %{text}<extra></extra>",
    }
    if kind == "line":
        return go.Scatter(mode="lines+markers", **common)
    return go.Bar(textposition="none", **common)


def _series_chart(answer: Answer, kind: str) -> go.Figure | None:
    """line / bar / grouped_bar: x from the chart spec, one trace per metric or series value."""
    xi, values = _col(answer, answer.chart.get("x")), _value_columns(answer)
    if xi is None or not values:
        return None
    x_is_time = answer.column_formats[xi] == "date"
    xs = [r[xi] if x_is_time else d[xi] for r, d in zip(answer.rows, answer.display, strict=False)]
    si = _col(answer, answer.chart.get("series"))
    fig = go.Figure()
    first = ValueAxis.for_column(answer, values[0])
    if si is not None:  # one metric, split by the series column
        vi = values[0]
        for label, idx in _groups(answer, si).items():
            fig.add_trace(
                _trace(
                    kind,
                    [xs[i] for i in idx],
                    first,
                    [answer.rows[i][vi] for i in idx],
                    [answer.display[i][vi] for i in idx],
                    label,
                )
            )
        fig.update_layout(legend_title_text=answer.column_labels[si])
    else:  # one trace per metric; a metric of another format goes on a second axis
        for vi in values:
            axis = ValueAxis.for_column(answer, vi)
            trace = _trace(
                kind,
                xs,
                axis,
                [r[vi] for r in answer.rows],
                [d[vi] for d in answer.display],
                answer.column_labels[vi],
            )
            if answer.column_formats[vi] != answer.column_formats[values[0]]:
                trace.update(yaxis="y2")
                fig.update_layout(
                    yaxis2={
                        "title": _wrapped(axis.title),
                        "automargin": True,
                        "tickformat": axis.tickformat,
                        "overlaying": "y",
                        "side": "right",
                        "showgrid": False,
                    }
                )
            fig.add_trace(trace)
    fig.update_layout(**LAYOUT, barmode="group", showlegend=si is not None or len(values) > 1)
    fig.update_layout(
        xaxis={
            "title": answer.column_labels[xi],
            "type": "date" if x_is_time else "category",
            **({"tickformat": "%Y-%m"} if x_is_time else {}),
        },
        yaxis={"title": _wrapped(first.title), "tickformat": first.tickformat, "rangemode": "tozero", "automargin": True},
    )
    return fig


def _wrapped(title: str, width: int = 24) -> str:
    """A long axis title on two lines ("deposit-to-loan<br>conversion rate"): written along the
    axis, one line of it would run past the plot and be cut."""
    if len(title) <= width or " " not in title:
        return title
    spaces = [i for i, ch in enumerate(title) if ch == " "]
    cut = min(spaces, key=lambda i: abs(i - len(title) / 2))
    return f"{title[:cut]}<br>{title[cut + 1:]}"


def _kpi(answer: Answer) -> go.Figure | None:
    """One big number per metric, side by side."""
    values = _value_columns(answer) or list(range(len(answer.columns)))
    if len(answer.rows) != 1 or not values:
        return None
    fig = go.Figure()
    width = 1 / len(values)
    for n, vi in enumerate(values):
        raw = answer.rows[0][vi]
        if not _is_number(raw):
            continue
        axis = ValueAxis.for_column(answer, vi)
        number = KPI_NUMBERS.get(answer.column_formats[vi], {"valueformat": ","})
        if axis.unit:
            number = {**number, "suffix": f" {axis.unit}"}
        fig.add_trace(
            go.Indicator(
                mode="number",
                value=raw / axis.divisor,
                number=number,
                title={"text": answer.column_labels[vi]},
                domain={"x": [n * width, (n + 1) * width], "y": [0, 1]},
            )
        )
    if not fig.data:
        return None
    fig.update_layout(**{**LAYOUT, "height": 220})
    return fig


CHARTS: dict[str, Callable[[Answer], go.Figure | None]] = {
    "line": lambda a: _series_chart(a, "line"),
    "bar": lambda a: _series_chart(a, "bar"),
    "grouped_bar": lambda a: _series_chart(a, "bar"),
    "kpi": _kpi,
}


def render_chart(answer: Answer) -> go.Figure | None:
    """The answer's chart as a plotly figure, or ``None`` for tables, clarifications and empty results."""
    if answer.status != "answered" or not answer.rows:
        return None
    draw = CHARTS.get(str(answer.chart.get("kind", "none")))
    return draw(answer) if draw else None
