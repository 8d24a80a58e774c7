"""Word tables for relative time expressions (Chinese and English).

``*_FIXED``: word → (kind, period of the as-of date D). ``*_COUNT_UNITS``: the unit
of a rolling window (近N天, last N months) → (kind, window function, multiplier).
Adding a synonym is a one-line table edit.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from assistant.recognise.time.atoms import Counted, Fixed
from assistant.recognise.time.calendar import (
    Period,
    add_months,
    month_period,
    quarter_of,
    quarter_period,
    rolling_days,
    rolling_months,
    rolling_quarters,
    week_start,
    year_period,
)


def day_offset(days: int) -> Callable[[date], Period]:
    return lambda d: (d - timedelta(days=days), d - timedelta(days=days))


def this_week(d: date) -> Period:
    return week_start(d), d


def last_week(d: date) -> Period:
    monday = week_start(d) - timedelta(days=7)
    return monday, monday + timedelta(days=6)


def this_month(d: date) -> Period:
    """The whole calendar month; the caller cuts it at D (and labels it as a range)."""
    return month_period(d.year, d.month)


def last_month(d: date) -> Period:
    year, month = add_months(d.year, d.month, -1)
    return month_period(year, month)


def month_offset(offset: int) -> Callable[[date], Period]:
    def period(d: date) -> Period:
        year, month = add_months(d.year, d.month, offset)
        return month_period(year, month)

    return period


def quarter_offset(offset: int) -> Callable[[date], Period]:
    def period(d: date) -> Period:
        year, month = add_months(d.year, 3 * quarter_of(d.month) - 2, 3 * offset)
        return quarter_period(year, quarter_of(month))

    return period


def week_offset(offset: int) -> Callable[[date], Period]:
    def period(d: date) -> Period:
        monday = week_start(d) + timedelta(days=7 * offset)
        return monday, monday + timedelta(days=6)

    return period


def this_quarter(d: date) -> Period:
    return quarter_period(d.year, quarter_of(d.month))


def last_quarter(d: date) -> Period:
    year, month = add_months(d.year, 3 * quarter_of(d.month) - 2, -3)
    return quarter_period(year, quarter_of(month))


def this_year(d: date) -> Period:
    return year_period(d.year)


def year_offset(offset: int) -> Callable[[date], Period]:
    return lambda d: year_period(d.year + offset)


def _days(n: int) -> Callable[[date], Period]:
    return lambda d: rolling_days(d, n)


def _months(n: int) -> Callable[[date], Period]:
    return lambda d: rolling_months(d, n)


def _entries(kind: str, period: Callable[[date], Period], *words: str) -> dict[str, Fixed]:
    return {word: (kind, period) for word in words}


ZH_FIXED: dict[str, Fixed] = {
    **_entries("day", day_offset(0), "今天", "今日"),
    **_entries("day", day_offset(1), "昨天", "昨日"),
    **_entries("day", day_offset(2), "前天"),
    **_entries("week", this_week, "本周", "这周", "这一周", "本星期", "这个星期", "这星期",
               "本礼拜", "这个礼拜", "本周至今", "本周以来"),
    **_entries("week", week_offset(-2), "上上周", "上上个星期", "上上星期"),
    **_entries("week", last_week, "上周", "上一周", "上个星期", "上星期", "上一个星期",
               "上礼拜", "上个礼拜"),
    **_entries("month", this_month, "本月", "这个月", "这月", "当月", "本月份"),
    **_entries("month", last_month, "上个月", "上一个月", "上月", "上一月", "上月份"),
    **_entries("month", month_offset(-2), "上上个月", "上上月", "上上一个月"),
    **_entries("quarter", this_quarter, "本季度", "这个季度", "这季度", "当季度", "本季", "当季"),
    **_entries("quarter", last_quarter, "上季度", "上个季度", "上一季度", "上一个季度", "上季"),
    **_entries("quarter", quarter_offset(-2), "上上季度", "上上个季度", "上上季"),
    **_entries("year", this_year, "今年", "本年", "本年度", "今年全年", "今年度"),
    **_entries("year", year_offset(-1), "去年", "上年", "上一年", "去年全年", "上年度", "去年度"),
    **_entries("year", year_offset(-2), "前年"),
    **_entries("mtd", this_month, "本月至今", "本月以来", "本月迄今", "月初至今", "月初以来",
               "当月累计", "本月累计"),
    **_entries("qtd", this_quarter, "本季度至今", "本季至今", "本季度以来", "本季以来",
               "本季度迄今", "季初至今", "季初以来", "本季度累计"),
    **_entries("ytd", this_year, "年初至今", "年初以来", "本年至今", "本年迄今", "本年以来",
               "本年累计", "今年至今", "今年迄今", "今年以来", "今年累计",
               *(f"{head}{tail}" for head in ("年初", "今年年初", "从年初", "今年", "今年初")
                 for tail in ("到现在", "到今天", "到目前", "到目前为止", "至今"))),
    **_entries("mtd", this_month, *(f"{head}{tail}" for head in ("月初", "本月初", "从月初") for tail in ("到现在", "到今天", "到目前", "至今"))),
    **_entries("qtd", this_quarter, *(f"{head}{tail}" for head in ("季初", "本季初", "本季度初", "从季初") for tail in ("到现在", "到今天", "到目前", "至今"))),
}  # fmt: skip

EN_FIXED: dict[str, Fixed] = {
    **_entries("day", day_offset(0), "today"),
    **_entries("day", day_offset(1), "yesterday"),
    **_entries("day", day_offset(2), "the day before yesterday", "day before yesterday"),
    **_entries("week", this_week, "this week", "current week", "the current week", "this wk",
               "week to date", "week-to-date", "wtd"),
    **_entries("week", week_offset(-2), "the week before last", "week before last", "two weeks ago"),
    **_entries("week", last_week, "last week", "the last week", "previous week", "last wk", "prev wk", "prev week",
               "the previous week", "prior week"),
    **_entries("days", _days(7), "past week", "the past week", "past seven days"),
    **_entries("month", this_month, "this month", "current month", "the current month", "this mth", "this mon"),
    **_entries("month", last_month, "last month", "the last month", "previous month", "last mth", "prev mth", "prev month",
               "the previous month", "prior month"),
    **_entries("months", _months(1), "past month", "the past month"),
    **_entries("month", month_offset(-2), "the month before last", "month before last", "two months ago"),
    **_entries("quarter", this_quarter, "this quarter", "current quarter", "the current quarter", "this qtr", "current qtr"),
    **_entries("quarter", quarter_offset(-2), "the quarter before last", "quarter before last", "two quarters ago"),
    **_entries("quarter", last_quarter, "last quarter", "previous quarter", "last qtr", "prev qtr", "previous qtr",
               "prior qtr", "prev quarter",
               "the previous quarter", "prior quarter"),
    **_entries("year", this_year, "this year", "current year", "the current year", "this yr", "current yr"),
    **_entries("year", year_offset(-1), "last year", "previous year", "the previous year", "last yr", "prev yr",
               "prior year", "the prior year"),
    **_entries("year", year_offset(-2), "the year before last", "year before last"),
    **_entries("months", _months(12), "past year", "the past year", "ttm", "ltm",
               "trailing twelve months"),
    **_entries("mtd", this_month, "mtd", "month to date", "month-to-date"),
    **_entries("qtd", this_quarter, "qtd", "quarter to date", "quarter-to-date"),
    **_entries("ytd", this_year, "ytd", "year to date", "year-to-date", *(f"{lead} {edge} of {the} year" for lead in ("since the", "from the") for edge in ("start", "beginning")
                 for the in ("the", "this")), "so far this year", "this year so far"),
    **_entries("mtd", this_month, *(f"{lead} {edge} of {the} month" for lead in ("since the", "from the") for edge in ("start", "beginning")
                 for the in ("the", "this")), "so far this month", "this month so far"),
    **_entries("qtd", this_quarter, *(f"{lead} {edge} of {the} quarter" for lead in ("since the", "from the") for edge in ("start", "beginning")
                 for the in ("the", "this")), "so far this quarter", "this quarter so far"),
}  # fmt: skip

ZH_COUNT_UNITS: dict[str, Counted] = {
    "天": ("days", rolling_days, 1),
    "日": ("days", rolling_days, 1),
    "周": ("days", rolling_days, 7),
    "个周": ("days", rolling_days, 7),
    "星期": ("days", rolling_days, 7),
    "个星期": ("days", rolling_days, 7),
    "礼拜": ("days", rolling_days, 7),
    "个礼拜": ("days", rolling_days, 7),
    "月": ("months", rolling_months, 1),
    "个月": ("months", rolling_months, 1),
    "季度": ("months", rolling_quarters, 1),
    "个季度": ("months", rolling_quarters, 1),
    "年": ("months", rolling_months, 12),
    "个年": ("months", rolling_months, 12),
    "半年": ("months", rolling_months, 6),
}

EN_COUNT_UNITS: dict[str, Counted] = {
    **{u: ("days", rolling_days, 1) for u in ("day", "days", "d")},  # "last 90d"
    **{u: ("days", rolling_days, 7) for u in ("week", "weeks", "wk", "wks", "w")},
    **{u: ("months", rolling_months, 1) for u in ("month", "months", "mth", "mths", "mo", "mos")},
    **{u: ("months", rolling_quarters, 1) for u in ("quarter", "quarters", "qtr", "qtrs")},
    **{u: ("months", rolling_months, 12) for u in ("year", "years", "yr", "yrs")},
}
