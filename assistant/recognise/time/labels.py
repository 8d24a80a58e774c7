"""Human labels for a resolved period, in Chinese and English.

Calendar periods get their calendar name (``2025年11月`` / ``Nov 2025``); every
other period, and a calendar period cut short at the as-of date, is written as
an ISO range (``2025-12-02 至 2025-12-31`` / ``2025-12-02 to 2025-12-31``).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from assistant.recognise.time.vocabulary import EN_MONTH_ABBR

Labeller = Callable[[date, date], tuple[str, str]]


def _day(start: date, _: date) -> tuple[str, str]:
    return (
        f"{start.year}年{start.month}月{start.day}日",
        f"{EN_MONTH_ABBR[start.month - 1]} {start.day}, {start.year}",
    )


def _month(start: date, _: date) -> tuple[str, str]:
    return f"{start.year}年{start.month}月", f"{EN_MONTH_ABBR[start.month - 1]} {start.year}"


def _quarter(start: date, _: date) -> tuple[str, str]:
    q = (start.month - 1) // 3 + 1
    return f"{start.year}年第{q}季度", f"Q{q} {start.year}"


def _half(start: date, _: date) -> tuple[str, str]:
    first = start.month == 1
    return f"{start.year}年{'上' if first else '下'}半年", f"{'H1' if first else 'H2'} {start.year}"


def _year(start: date, _: date) -> tuple[str, str]:
    return f"{start.year}年", f"{start.year}"


def _range(start: date, end: date) -> tuple[str, str]:
    if start == end:
        return _day(start, end)
    return f"{start.isoformat()} 至 {end.isoformat()}", f"{start.isoformat()} to {end.isoformat()}"


#: kinds that name a whole calendar period
CALENDAR_LABELS: dict[str, Labeller] = {
    "day": _day,
    "month": _month,
    "quarter": _quarter,
    "half": _half,
    "year": _year,
}


def label(kind: str, start: date, end: date, clamped: bool) -> tuple[str, str]:
    """``(label_zh, label_en)`` for a period of ``kind``."""
    labeller = CALENDAR_LABELS.get(kind) if not clamped else None
    return (labeller or _range)(start, end)
