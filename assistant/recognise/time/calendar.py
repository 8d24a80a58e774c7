"""Calendar arithmetic on plain ``datetime.date`` values (no third-party deps)."""

from __future__ import annotations

import calendar
from datetime import date, timedelta

Period = tuple[date, date]


def safe_date(year: int, month: int, day: int) -> date | None:
    """``date(year, month, day)`` or ``None`` when the day does not exist."""
    try:
        return date(year, month, day)
    except (ValueError, OverflowError):
        return None


def month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def add_months(year: int, month: int, delta: int) -> tuple[int, int]:
    """Shift (year, month) by ``delta`` months."""
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def quarter_of(month: int) -> int:
    return (month - 1) // 3 + 1


def month_period(year: int, month: int, upto: int | None = None) -> Period:
    return date(year, month, 1), month_end(year, upto or month)


def quarter_period(year: int, quarter: int, upto: int | None = None) -> Period:
    return date(year, 3 * quarter - 2, 1), month_end(year, 3 * (upto or quarter))


def half_period(year: int, half: int) -> Period:
    return (
        (date(year, 1, 1), date(year, 6, 30))
        if half == 1
        else (date(year, 7, 1), date(year, 12, 31))
    )


def year_period(year: int) -> Period:
    return date(year, 1, 1), date(year, 12, 31)


def week_start(day: date) -> date:
    """Monday of ``day``'s ISO week."""
    return day - timedelta(days=day.weekday())


def rolling_days(as_of: date, days: int) -> Period:
    """``[as_of − (days − 1), as_of]``."""
    return as_of - timedelta(days=days - 1), as_of


def rolling_months(as_of: date, months: int) -> Period:
    """``[first day of (as_of's month − (months − 1)), as_of]``."""
    year, month = add_months(as_of.year, as_of.month, -(months - 1))
    return date(year, month, 1), as_of


def rolling_quarters(as_of: date, quarters: int) -> Period:
    """``[first day of (as_of's quarter − (quarters − 1)), as_of]``."""
    first_month = 3 * quarter_of(as_of.month) - 2
    year, month = add_months(as_of.year, first_month, -3 * (quarters - 1))
    return date(year, month, 1), as_of
