"""The data window: calendar months as integer day numbers (days since 1970-01-01).

Every date in the generator is an ``int64`` day number and every timestamp an
``int64`` count of microseconds, so that the whole pipeline stays vectorised and
converts to Arrow ``date32`` / ``timestamp[us]`` without copies.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np

EPOCH = date(1970, 1, 1)
US_PER_DAY = 86_400_000_000
US_PER_HOUR = 3_600_000_000
US_PER_MINUTE = 60_000_000


def day_number(d: date) -> int:
    """Days since 1970-01-01."""
    return (d - EPOCH).days


def month_start(year: int, month: int) -> int:
    """Day number of the first day of a calendar month (month may overflow 1..12)."""
    year += (month - 1) // 12
    month = (month - 1) % 12 + 1
    return day_number(date(year, month, 1))


@dataclass(frozen=True)
class Window:
    """The ``months`` calendar months ending with ``end``'s month; no day after ``end``."""

    end: date
    months: int

    @property
    def starts(self) -> np.ndarray:
        """First day of every window month, plus the first day after the last month."""
        first = self.end.month - self.months + 1
        return np.array(
            [month_start(self.end.year, first + i) for i in range(self.months + 1)],
            dtype=np.int64,
        )

    @property
    def first_day(self) -> int:
        return int(self.starts[0])

    @property
    def last_day(self) -> int:
        return day_number(self.end)

    @property
    def last_days(self) -> np.ndarray:
        """Last day of every window month (the last month ends at ``end``)."""
        ends = self.starts[1:] - 1
        ends[-1] = self.last_day
        return ends

    @property
    def days_in_month(self) -> np.ndarray:
        """Calendar length of every window month (the last month is cut at ``end``)."""
        return self.last_days - self.starts[:-1] + 1

    def month_of(self, days: np.ndarray) -> np.ndarray:
        """Window month index of each day number (-1 before the window)."""
        return np.searchsorted(self.starts, days, side="right") - 1


def add_months(days: np.ndarray, months: np.ndarray) -> np.ndarray:
    """Shift day numbers by whole calendar months, clipping the day of month to 28."""
    dt = days.astype("datetime64[D]")
    month = dt.astype("datetime64[M]")
    dom = np.minimum((dt - month).astype(np.int64), 27)
    shifted = month + months.astype("timedelta64[M]")
    return shifted.astype("datetime64[D]").astype(np.int64) + dom


def month_floor(days: np.ndarray) -> np.ndarray:
    """Day number of the first day of each day's month."""
    return (
        days.astype("datetime64[D]")
        .astype("datetime64[M]")
        .astype("datetime64[D]")
        .astype(np.int64)
    )


def weekday(days: np.ndarray) -> np.ndarray:
    """0 = Monday ... 6 = Sunday (1970-01-01 was a Thursday)."""
    return (days + 3) % 7


def year_of(days: np.ndarray) -> np.ndarray:
    """Calendar year of each day number."""
    return days.astype("datetime64[D]").astype("datetime64[Y]").astype(np.int64) + 1970
