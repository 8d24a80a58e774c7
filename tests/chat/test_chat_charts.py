"""render_chart: one hand-made answer per chart kind → the figure a person would expect."""

from __future__ import annotations

from typing import Any, Literal

import plotly.graph_objects as go
import pytest

from assistant.answer import Answer
from assistant.chat.charts import render_chart


def answer(
    columns: list[tuple[str, str, str]],
    rows: list[list[Any]],
    display: list[list[str]],
    chart: dict[str, Any],
    lang: Literal["zh", "en"] = "zh",
    status: Literal["answered", "clarify", "refused", "error"] = "answered",
) -> Answer:
    """``columns`` are (name, label, format)."""
    return Answer(
        status=status,
        lang=lang,
        question="q",
        columns=[c[0] for c in columns],
        column_labels=[c[1] for c in columns],
        column_formats=[c[2] for c in columns],
        rows=rows,
        display=display,
        chart=chart,
    )


BY_REGION = answer(
    [("region", "区域", "text"), ("customer_count", "客户数", "integer")],
    [["east", 556], ["north", 282]],
    [["华东", "556"], ["华北", "282"]],
    {"kind": "bar", "x": "region", "y": ["customer_count"], "series": None},
)
TREND = answer(
    [("month", "month", "date"), ("deposit_balance", "deposit balance", "currency")],
    [["2025-01-01", 151_880_000.0], ["2025-02-01", 150_680_000.0]],
    [["2025-01-01", "¥151.88M"], ["2025-02-01", "¥150.68M"]],
    {"kind": "line", "x": "month", "y": ["deposit_balance"], "series": None},
    lang="en",
)
TREND_BY_REGION = answer(
    [
        ("month", "月份", "date"),
        ("region", "区域", "text"),
        ("deposit_balance", "存款余额", "currency"),
    ],
    [["2025-01-01", "east", 5e7], ["2025-01-01", "north", 2e7], ["2025-02-01", "east", 5.1e7]],
    [
        ["2025-01-01", "华东", "5,000.00万元"],
        ["2025-01-01", "华北", "2,000.00万元"],
        ["2025-02-01", "华东", "5,100.00万元"],
    ],
    {"kind": "line", "x": "month", "y": ["deposit_balance"], "series": "region"},
)
GROUPED = answer(
    [
        ("region", "区域", "text"),
        ("value_tier", "价值等级", "text"),
        ("customer_count", "客户数", "integer"),
    ],
    [["east", "low", 364], ["east", "high", 20], ["north", "low", 177]],
    [["华东", "低价值", "364"], ["华东", "高价值", "20"], ["华北", "低价值", "177"]],
    {"kind": "grouped_bar", "x": "region", "y": ["customer_count"], "series": "value_tier"},
)
RATE = answer(
    [
        ("channel", "application channel", "text"),
        ("loan_approval_rate", "loan approval rate", "percent"),
    ],
    [["app", 0.942], ["wechat", 0.867]],
    [["mobile app", "94.20%"], ["WeChat", "86.67%"]],
    {"kind": "bar", "x": "channel", "y": ["loan_approval_rate"], "series": None},
    lang="en",
)
KPI = answer(
    [("customer_count", "客户数", "integer")],
    [[136]],
    [["136"]],
    {"kind": "kpi", "y": ["customer_count"]},
)
KPI_RATE = answer(
    [("loan_approval_rate", "loan approval rate", "percent")],
    [[0.91]],
    [["91.00%"]],
    {"kind": "kpi", "y": ["loan_approval_rate"]},
    lang="en",
)


def figure(case: Answer) -> go.Figure:
    fig = render_chart(case)
    assert fig is not None
    return fig


@pytest.mark.parametrize(
    ("case", "traces", "names", "y_title", "x_type", "barmode"),
    [
        (BY_REGION, ["bar"], ["客户数"], "客户数", "category", "group"),
        (TREND, ["scatter"], ["deposit balance"], "deposit balance (¥M)", "date", "group"),
        (
            TREND_BY_REGION,
            ["scatter", "scatter"],
            ["华东", "华北"],
            "存款余额 (万元)",
            "date",
            "group",
        ),
        (GROUPED, ["bar", "bar"], ["低价值", "高价值"], "客户数", "category", "group"),
        (RATE, ["bar"], ["loan approval rate"], "loan approval rate", "category", "group"),
    ],
)
def test_series_charts(case, traces, names, y_title, x_type, barmode):
    fig = figure(case)
    assert [t.type for t in fig.data] == traces
    assert [t.name for t in fig.data] == names
    assert fig.layout.yaxis.title.text == y_title
    assert fig.layout.xaxis.type == x_type
    assert fig.layout.barmode == barmode


def test_categories_are_labels_and_values_are_raw():
    bar = figure(BY_REGION).data[0]
    assert list(bar.x) == ["华东", "华北"]
    assert list(bar.y) == [556, 282]
    assert list(bar.text) == ["556", "282"]  # hover shows the formatted value


def test_amounts_are_scaled_to_the_axis_unit():
    assert list(figure(TREND).data[0].y) == pytest.approx([151.88, 150.68])
    assert list(figure(TREND_BY_REGION).data[0].y) == pytest.approx([5000, 5100])


def test_rates_get_a_percent_axis():
    assert figure(RATE).layout.yaxis.tickformat == ".1%"


def test_grouped_bar_splits_by_the_series_column():
    fig = figure(GROUPED)
    assert fig.layout.legend.title.text == "价值等级"
    assert list(fig.data[0].x) == ["华东", "华北"] and list(fig.data[0].y) == [364, 177]


@pytest.mark.parametrize(
    ("case", "value", "valueformat"), [(KPI, 136, ",d"), (KPI_RATE, 0.91, ".2%")]
)
def test_kpi_is_an_indicator(case, value, valueformat):
    (indicator,) = figure(case).data
    assert indicator.type == "indicator"
    assert indicator.value == value
    assert indicator.number.valueformat == valueformat
    assert indicator.title.text == case.column_labels[0]


@pytest.mark.parametrize(
    "case",
    [
        answer([("a", "A", "text")], [["x"]], [["x"]], {"kind": "table", "y": []}),
        answer([], [], [], {"kind": "none"}),
        BY_REGION.model_copy(update={"rows": [], "display": []}),
        BY_REGION.model_copy(update={"status": "clarify"}),
        KPI.model_copy(update={"rows": [[1], [2]], "display": [["1"], ["2"]]}),
    ],
)
def test_no_chart(case):
    assert render_chart(case) is None


@pytest.mark.parametrize("figure", [BY_REGION, TREND], ids=["bar", "line"])
def test_charts_are_transparent_for_either_theme(figure):
    layout = render_chart(figure).layout
    assert layout.paper_bgcolor == layout.plot_bgcolor == "rgba(0,0,0,0)"
    assert layout.font.color not in ("#ffffff", "white", "#000000", "black")


def test_a_long_axis_title_is_written_on_two_lines():
    from assistant.chat.charts import _wrapped

    assert _wrapped("deposit-to-loan conversion rate") == "deposit-to-loan<br>conversion rate"
    assert _wrapped("loan approval rate") == "loan approval rate"  # short enough: one line
    assert _wrapped("存贷转化率") == "存贷转化率"
