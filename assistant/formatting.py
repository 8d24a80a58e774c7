"""Display formatting: percentages, 万/亿 (zh) and K/M/B (en), dates. Raw values stay raw
in the answer's ``rows``; these strings go into ``display`` only."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from semantic_layer.model import Currency


def _number(value: object) -> float | None:
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | float | Decimal):
        return float(value)
    return None


def fmt_percent(v: float, lang: str) -> str:
    return f"{v * 100:.2f}%"


def fmt_integer(v: float, lang: str) -> str:
    return f"{v:,.0f}"


def fmt_amount(v: float, lang: str, currency: Currency | None = None) -> str:
    """1.20亿元 / ¥1.20M — in the model's currency (1.20亿欧元 / €1.20M)."""
    unit, symbol = (currency.zh, currency.symbol) if currency is not None else ("元", "¥")
    a = abs(v)
    if lang == "zh":
        if a >= 1e8:
            return f"{v / 1e8:,.2f}亿{unit}"
        if a >= 1e4:
            return f"{v / 1e4:,.2f}万{unit}"
        return f"{v:,.2f}{unit}"
    for size, suffix in ((1e9, "B"), (1e6, "M"), (1e3, "K")):
        if a >= size:
            return f"{symbol}{v / size:,.2f}{suffix}"
    return f"{symbol}{v:,.2f}"


def fmt_number(v: float, lang: str) -> str:
    return f"{v:,.0f}" if float(v).is_integer() else f"{v:,.2f}"


def fmt_ratio(v: float, lang: str) -> str:
    return f"{v:,.2f}"


def fmt_points(v: float, lang: str) -> str:
    """A change of a rate, in percentage points: +0.42 个百分点 / +0.42 pp."""
    return f"{v * 100:+.2f} 个百分点" if lang == "zh" else f"{v * 100:+.2f} pp"


def fmt_percent_change(v: float, lang: str) -> str:
    return f"{v * 100:+.2f}%"


FORMATTERS: dict[str, Callable[[float, str], str]] = {
    "pp": fmt_points,
    "percent_change": fmt_percent_change,
    "percent": fmt_percent,
    "integer": fmt_integer,
    "currency": fmt_amount,
    "number": fmt_number,
    "ratio": fmt_ratio,
}


def format_value(value: object, fmt: str, lang: str, labels: dict[str, str] | None = None,
                 currency: Currency | None = None) -> str:
    """One cell for display; ``labels`` maps stored codes to their label in ``lang``;
    amounts read in ``currency`` (the model's; yuan when none is given)."""
    if value is None:
        return "—"
    if isinstance(value, datetime | date):
        return value.isoformat()[:10]
    if isinstance(value, bool):
        key = "true" if value else "false"
        if labels and key in labels:
            return labels[key]
        return ("是" if value else "否") if lang == "zh" else ("yes" if value else "no")
    n = _number(value)
    if n is not None and fmt == "currency":
        return fmt_amount(n, lang, currency)
    if n is not None and fmt in FORMATTERS:
        return FORMATTERS[fmt](n, lang)
    text = str(value)
    return labels.get(text, text) if labels else text


def format_bucket(value: object, grain: str, lang: str) -> str:
    """A time bucket by its grain: 2025-11 for a month, 2025年Q4 / 2025 Q4 for a quarter,
    2025 for a year; weeks and days by their first day."""
    if not isinstance(value, date):
        return format_value(value, "date", lang)
    if grain == "month":
        return f"{value.year}-{value.month:02d}"
    if grain == "quarter":
        q = (value.month - 1) // 3 + 1
        return f"{value.year}年Q{q}" if lang == "zh" else f"{value.year} Q{q}"
    if grain == "year":
        return f"{value.year}年" if lang == "zh" else str(value.year)
    return value.isoformat()[:10]


def jsonable(value: object) -> object:
    """Raw values for JSON: dates as ISO strings, decimals as floats."""
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    return value
