"""Table tests for assistant.recognise.time (expected dates worked out by hand).

Calendar facts used: 2025-01-01 is a Wednesday, so 2025-12-31 is a Wednesday
(week Mon 12-29) and 2025-06-15 is a Sunday (week Mon 06-09); 2024 is a leap year.
"""

from __future__ import annotations

import random
import string
from datetime import date

import pytest
from growth import FACTOR, LINEAR_BOUND, growth
from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.recognise.time import find_as_of, find_time_grain, find_time_ranges

D = date(2025, 12, 31)  # end of the demo data window
M = date(2025, 6, 15)  # a mid-month, mid-year Sunday

# (question, as-of, [(matched text, start, end, kind), ...])
CASES: list[tuple[str, date, list[tuple[str, str, str, str]]]] = [
    # ---- the product managers' questions
    ("上个月各区域的存贷转化率是多少?", D, [("上个月", "2025-11-01", "2025-11-30", "month")]),
    ("近30天登录天数至少10天的客户有多少", D, [("近30天", "2025-12-02", "2025-12-31", "days")]),
    ("top 5 cities by AUM in Q3 2025", D, [("Q3 2025", "2025-07-01", "2025-09-30", "quarter")]),
    ("2025年下半年放款金额按月趋势", D, [("2025年下半年", "2025-07-01", "2025-12-31", "half")]),
    # ---- this / last month, rolling days
    ("本月", D, [("本月", "2025-12-01", "2025-12-31", "month")]),
    ("本月", M, [("本月", "2025-06-01", "2025-06-15", "month")]),
    ("this month", M, [("this month", "2025-06-01", "2025-06-15", "month")]),
    ("This Month's AUM", D, [("This Month", "2025-12-01", "2025-12-31", "month")]),
    ("这个月新增客户", M, [("这个月", "2025-06-01", "2025-06-15", "month")]),
    ("上月", D, [("上月", "2025-11-01", "2025-11-30", "month")]),
    ("上个月", M, [("上个月", "2025-05-01", "2025-05-31", "month")]),
    ("last month", D, [("last month", "2025-11-01", "2025-11-30", "month")]),
    ("the previous month", M, [("the previous month", "2025-05-01", "2025-05-31", "month")]),
    ("近30天", M, [("近30天", "2025-05-17", "2025-06-15", "days")]),
    ("最近30天", D, [("最近30天", "2025-12-02", "2025-12-31", "days")]),
    ("过去30天", D, [("过去30天", "2025-12-02", "2025-12-31", "days")]),
    ("近三十天", D, [("近三十天", "2025-12-02", "2025-12-31", "days")]),
    ("近90天", D, [("近90天", "2025-10-03", "2025-12-31", "days")]),
    ("近7日", D, [("近7日", "2025-12-25", "2025-12-31", "days")]),
    ("近7天", M, [("近7天", "2025-06-09", "2025-06-15", "days")]),
    ("last 30 days", D, [("last 30 days", "2025-12-02", "2025-12-31", "days")]),
    ("in the past 30 days", M, [("past 30 days", "2025-05-17", "2025-06-15", "days")]),
    ("over the last thirty days", D, [("last thirty days", "2025-12-02", "2025-12-31", "days")]),
    ("last 7 days", D, [("last 7 days", "2025-12-25", "2025-12-31", "days")]),
    ("past week", D, [("past week", "2025-12-25", "2025-12-31", "days")]),
    ("近一周", D, [("近一周", "2025-12-25", "2025-12-31", "days")]),
    ("近两周", M, [("近两周", "2025-06-02", "2025-06-15", "days")]),
    ("the last 2 weeks", D, [("last 2 weeks", "2025-12-18", "2025-12-31", "days")]),
    # ---- rolling months, quarters, years
    ("近3个月", D, [("近3个月", "2025-10-01", "2025-12-31", "months")]),
    ("近三个月", M, [("近三个月", "2025-04-01", "2025-06-15", "months")]),
    ("最近6个月", D, [("最近6个月", "2025-07-01", "2025-12-31", "months")]),
    ("过去两个月", D, [("过去两个月", "2025-11-01", "2025-12-31", "months")]),
    ("近3月", D, [("近3月", "2025-10-01", "2025-12-31", "months")]),
    ("last 3 months", D, [("last 3 months", "2025-10-01", "2025-12-31", "months")]),
    ("past 3 months", M, [("past 3 months", "2025-04-01", "2025-06-15", "months")]),
    ("the past six months", D, [("past six months", "2025-07-01", "2025-12-31", "months")]),
    ("近半年", D, [("近半年", "2025-07-01", "2025-12-31", "months")]),
    ("近半年", M, [("近半年", "2025-01-01", "2025-06-15", "months")]),
    ("近一年", D, [("近一年", "2025-01-01", "2025-12-31", "months")]),
    ("过去一年", M, [("过去一年", "2024-07-01", "2025-06-15", "months")]),
    ("近12个月", M, [("近12个月", "2024-07-01", "2025-06-15", "months")]),
    ("last 12 months", D, [("last 12 months", "2025-01-01", "2025-12-31", "months")]),
    ("past year", M, [("past year", "2024-07-01", "2025-06-15", "months")]),
    ("近两年", D, [("近两年", "2024-01-01", "2025-12-31", "months")]),
    ("近两个季度", D, [("近两个季度", "2025-07-01", "2025-12-31", "months")]),
    ("last 2 quarters", M, [("last 2 quarters", "2025-01-01", "2025-06-15", "months")]),
    # ---- years
    ("今年", D, [("今年", "2025-01-01", "2025-12-31", "year")]),
    ("今年", M, [("今年", "2025-01-01", "2025-06-15", "year")]),
    ("this year", M, [("this year", "2025-01-01", "2025-06-15", "year")]),
    ("YTD", M, [("YTD", "2025-01-01", "2025-06-15", "ytd")]),
    ("年初至今", D, [("年初至今", "2025-01-01", "2025-12-31", "ytd")]),
    ("本年迄今", M, [("本年迄今", "2025-01-01", "2025-06-15", "ytd")]),
    ("今年以来", M, [("今年以来", "2025-01-01", "2025-06-15", "ytd")]),
    ("year to date", D, [("year to date", "2025-01-01", "2025-12-31", "ytd")]),
    ("去年", D, [("去年", "2024-01-01", "2024-12-31", "year")]),
    ("last year", M, [("last year", "2024-01-01", "2024-12-31", "year")]),
    ("前年", D, [("前年", "2023-01-01", "2023-12-31", "year")]),
    ("2025年", D, [("2025年", "2025-01-01", "2025-12-31", "year")]),
    ("2025年", M, [("2025年", "2025-01-01", "2025-06-15", "year")]),
    ("2024年", M, [("2024年", "2024-01-01", "2024-12-31", "year")]),
    ("in 2025", D, [("2025", "2025-01-01", "2025-12-31", "year")]),
    ("2025全年", D, [("2025全年", "2025-01-01", "2025-12-31", "year")]),
    ("2024年全年", D, [("2024年全年", "2024-01-01", "2024-12-31", "year")]),
    ("2024年度", D, [("2024年度", "2024-01-01", "2024-12-31", "year")]),
    ("FY2024", D, [("FY2024", "2024-01-01", "2024-12-31", "year")]),
    ("二零二五年", D, [("二零二五年", "2025-01-01", "2025-12-31", "year")]),
    # ---- quarters
    ("本季度", D, [("本季度", "2025-10-01", "2025-12-31", "quarter")]),
    ("本季度", M, [("本季度", "2025-04-01", "2025-06-15", "quarter")]),
    ("this quarter", M, [("this quarter", "2025-04-01", "2025-06-15", "quarter")]),
    ("上季度", D, [("上季度", "2025-07-01", "2025-09-30", "quarter")]),
    ("上个季度", M, [("上个季度", "2025-01-01", "2025-03-31", "quarter")]),
    ("last quarter", M, [("last quarter", "2025-01-01", "2025-03-31", "quarter")]),
    ("上季度", date(2025, 2, 10), [("上季度", "2024-10-01", "2024-12-31", "quarter")]),
    ("QTD", M, [("QTD", "2025-04-01", "2025-06-15", "qtd")]),
    ("本季度至今", D, [("本季度至今", "2025-10-01", "2025-12-31", "qtd")]),
    ("今年一季度", D, [("今年一季度", "2025-01-01", "2025-03-31", "quarter")]),
    ("今年Q1", D, [("今年Q1", "2025-01-01", "2025-03-31", "quarter")]),
    ("Q1", D, [("Q1", "2025-01-01", "2025-03-31", "quarter")]),
    ("q4", D, [("q4", "2025-10-01", "2025-12-31", "quarter")]),
    ("Q2", M, [("Q2", "2025-04-01", "2025-06-15", "quarter")]),
    ("Q3", M, [("Q3", "2025-07-01", "2025-09-30", "quarter")]),
    ("第一季度", D, [("第一季度", "2025-01-01", "2025-03-31", "quarter")]),
    ("一季度", D, [("一季度", "2025-01-01", "2025-03-31", "quarter")]),
    ("3季度", D, [("3季度", "2025-07-01", "2025-09-30", "quarter")]),
    ("第四季", D, [("第四季", "2025-10-01", "2025-12-31", "quarter")]),
    ("Q1 2025", D, [("Q1 2025", "2025-01-01", "2025-03-31", "quarter")]),
    ("2025Q1", D, [("2025Q1", "2025-01-01", "2025-03-31", "quarter")]),
    ("2024 Q4", D, [("2024 Q4", "2024-10-01", "2024-12-31", "quarter")]),
    ("2025年第1季度", D, [("2025年第1季度", "2025-01-01", "2025-03-31", "quarter")]),
    ("2024年四季度", D, [("2024年四季度", "2024-10-01", "2024-12-31", "quarter")]),
    ("去年三季度", D, [("去年三季度", "2024-07-01", "2024-09-30", "quarter")]),
    (
        "first quarter of 2025",
        D,
        [("first quarter of 2025", "2025-01-01", "2025-03-31", "quarter")],
    ),
    ("the third quarter", D, [("third quarter", "2025-07-01", "2025-09-30", "quarter")]),
    ("Q3 of last year", D, [("Q3 of last year", "2024-07-01", "2024-09-30", "quarter")]),
    ("前三季度", D, [("前三季度", "2025-01-01", "2025-09-30", "range")]),
    # ---- halves
    ("上半年", D, [("上半年", "2025-01-01", "2025-06-30", "half")]),
    ("上半年", M, [("上半年", "2025-01-01", "2025-06-15", "half")]),
    ("下半年", M, [("下半年", "2025-07-01", "2025-12-31", "half")]),
    ("H1", D, [("H1", "2025-01-01", "2025-06-30", "half")]),
    ("H2", D, [("H2", "2025-07-01", "2025-12-31", "half")]),
    ("H2 2024", D, [("H2 2024", "2024-07-01", "2024-12-31", "half")]),
    ("2024H1", D, [("2024H1", "2024-01-01", "2024-06-30", "half")]),
    ("first half of 2025", D, [("first half of 2025", "2025-01-01", "2025-06-30", "half")]),
    (
        "the second half of last year",
        D,
        [("second half of last year", "2024-07-01", "2024-12-31", "half")],
    ),
    ("去年下半年", D, [("去年下半年", "2024-07-01", "2024-12-31", "half")]),
    # ---- a two-digit year alone is a year of this century, never a length of time
    ("25年放款 总笔数", D, [("25年", "2025-01-01", "2025-12-31", "year")]),
    ("贷款期限25年的房贷", D, []),
    ("25年以上的老客户", D, []),
    # ---- months with and without a year
    ("2025年3月", D, [("2025年3月", "2025-03-01", "2025-03-31", "month")]),
    ("2025年3月份", D, [("2025年3月份", "2025-03-01", "2025-03-31", "month")]),
    ("2025-03", D, [("2025-03", "2025-03-01", "2025-03-31", "month")]),
    ("2025/03", D, [("2025/03", "2025-03-01", "2025-03-31", "month")]),
    ("2024年2月", D, [("2024年2月", "2024-02-01", "2024-02-29", "month")]),
    ("March 2025", D, [("March 2025", "2025-03-01", "2025-03-31", "month")]),
    ("Mar 2025", D, [("Mar 2025", "2025-03-01", "2025-03-31", "month")]),
    ("Sept. 2024", D, [("Sept. 2024", "2024-09-01", "2024-09-30", "month")]),
    ("March of last year", D, [("March of last year", "2024-03-01", "2024-03-31", "month")]),
    ("3月份", D, [("3月份", "2025-03-01", "2025-03-31", "month")]),
    ("3月", M, [("3月", "2025-03-01", "2025-03-31", "month")]),
    ("9月", M, [("9月", "2024-09-01", "2024-09-30", "month")]),
    ("6月", M, [("6月", "2025-06-01", "2025-06-15", "month")]),
    ("十二月", D, [("十二月", "2025-12-01", "2025-12-31", "month")]),
    ("12月", M, [("12月", "2024-12-01", "2024-12-31", "month")]),
    ("二〇二五年三月", D, [("二〇二五年三月", "2025-03-01", "2025-03-31", "month")]),
    ("今年3月", M, [("今年3月", "2025-03-01", "2025-03-31", "month")]),
    ("去年12月", D, [("去年12月", "2024-12-01", "2024-12-31", "month")]),
    ("March", D, [("March", "2025-03-01", "2025-03-31", "month")]),
    ("in May", D, [("May", "2025-05-01", "2025-05-31", "month")]),
    ("2025年1-5月", D, [("2025年1-5月", "2025-01-01", "2025-05-31", "range")]),
    ("今年前5个月", D, [("今年前5个月", "2025-01-01", "2025-05-31", "range")]),
    # ---- explicit days
    ("2025-03-15", D, [("2025-03-15", "2025-03-15", "2025-03-15", "day")]),
    ("2025/3/15", D, [("2025/3/15", "2025-03-15", "2025-03-15", "day")]),
    ("2025年3月15日", D, [("2025年3月15日", "2025-03-15", "2025-03-15", "day")]),
    ("2025年3月15号", D, [("2025年3月15号", "2025-03-15", "2025-03-15", "day")]),
    ("March 15, 2025", D, [("March 15, 2025", "2025-03-15", "2025-03-15", "day")]),
    ("15 March 2025", D, [("15 March 2025", "2025-03-15", "2025-03-15", "day")]),
    ("the 1st of April 2024", D, [("1st of April 2024", "2024-04-01", "2024-04-01", "day")]),
    ("3月15日", M, [("3月15日", "2025-03-15", "2025-03-15", "day")]),
    ("6月20日", M, [("6月20日", "2024-06-20", "2024-06-20", "day")]),
    ("Dec 25", D, [("Dec 25", "2025-12-25", "2025-12-25", "day")]),
    ("今天", D, [("今天", "2025-12-31", "2025-12-31", "day")]),
    ("today", M, [("today", "2025-06-15", "2025-06-15", "day")]),
    ("昨天", M, [("昨天", "2025-06-14", "2025-06-14", "day")]),
    ("yesterday", D, [("yesterday", "2025-12-30", "2025-12-30", "day")]),
    ("前天", D, [("前天", "2025-12-29", "2025-12-29", "day")]),
    (
        "the day before yesterday",
        M,
        [("the day before yesterday", "2025-06-13", "2025-06-13", "day")],
    ),
    # ---- weeks
    ("本周", D, [("本周", "2025-12-29", "2025-12-31", "week")]),
    ("本周", M, [("本周", "2025-06-09", "2025-06-15", "week")]),
    ("this week", D, [("this week", "2025-12-29", "2025-12-31", "week")]),
    ("上周", D, [("上周", "2025-12-22", "2025-12-28", "week")]),
    ("上周", M, [("上周", "2025-06-02", "2025-06-08", "week")]),
    ("last week", D, [("last week", "2025-12-22", "2025-12-28", "week")]),
    ("本月至今", M, [("本月至今", "2025-06-01", "2025-06-15", "mtd")]),
    ("MTD", D, [("MTD", "2025-12-01", "2025-12-31", "mtd")]),
    # ---- ranges
    ("2025年3月到6月", D, [("2025年3月到6月", "2025-03-01", "2025-06-30", "range")]),
    (
        "从2025年1月至2025年6月",
        D,
        [("从2025年1月至2025年6月", "2025-01-01", "2025-06-30", "range")],
    ),
    (
        "2025-01-01至2025-03-31",
        D,
        [("2025-01-01至2025-03-31", "2025-01-01", "2025-03-31", "range")],
    ),
    (
        "2025-01-01 ~ 2025-01-15",
        D,
        [("2025-01-01 ~ 2025-01-15", "2025-01-01", "2025-01-15", "range")],
    ),
    (
        "between March and June 2025",
        D,
        [("between March and June 2025", "2025-03-01", "2025-06-30", "range")],
    ),
    (
        "from Jan 2025 to Mar 2025",
        D,
        [("from Jan 2025 to Mar 2025", "2025-01-01", "2025-03-31", "range")],
    ),
    (
        "from November to February 2025",
        D,
        [("from November to February 2025", "2024-11-01", "2025-02-28", "range")],
    ),
    ("2024年11月到2月", D, [("2024年11月到2月", "2024-11-01", "2025-02-28", "range")]),
    ("3月1日到15日", D, [("3月1日到15日", "2025-03-01", "2025-03-15", "range")]),
    ("3月到5月", M, [("3月到5月", "2025-03-01", "2025-05-31", "range")]),
    ("2024-2025", D, [("2024-2025", "2024-01-01", "2025-12-31", "range")]),
    (
        "介于2025年1月和2025年3月之间",
        D,
        [("介于2025年1月和2025年3月之间", "2025-01-01", "2025-03-31", "range")],
    ),
    ("2025年3月到6月", M, [("2025年3月到6月", "2025-03-01", "2025-06-15", "range")]),
    ("since March 2025", D, [("since March 2025", "2025-03-01", "2025-12-31", "range")]),
    ("2025年3月以来", M, [("2025年3月以来", "2025-03-01", "2025-06-15", "range")]),
    ("自2025年3月以来", D, [("自2025年3月以来", "2025-03-01", "2025-12-31", "range")]),
    ("2025年3月至今", D, [("2025年3月至今", "2025-03-01", "2025-12-31", "range")]),
    ("from Q2 2025 onwards", D, [("from Q2 2025 onwards", "2025-04-01", "2025-12-31", "range")]),
    ("Q1到Q3", D, [("Q1到Q3", "2025-01-01", "2025-09-30", "range")]),
    ("一季度到三季度", D, [("一季度到三季度", "2025-01-01", "2025-09-30", "range")]),
    (
        "between Q1 and Q3 2025",
        D,
        [("between Q1 and Q3 2025", "2025-01-01", "2025-09-30", "range")],
    ),
    ("from 2024 to 2025", D, [("from 2024 to 2025", "2024-01-01", "2025-12-31", "range")]),
    ("2025年1月1日至3月31日", D, [("2025年1月1日至3月31日", "2025-01-01", "2025-03-31", "range")]),
    ("2023年至今", M, [("2023年至今", "2023-01-01", "2025-06-15", "range")]),
    ("自去年以来", D, [("自去年以来", "2024-01-01", "2025-12-31", "range")]),
    ("since last month", M, [("since last month", "2025-05-01", "2025-06-15", "range")]),
    ("上个月到现在", D, [("上个月到现在", "2025-11-01", "2025-12-31", "range")]),
    # ---- several expressions in one question
    (
        "今年和去年的放款金额对比",
        D,
        [
            ("今年", "2025-01-01", "2025-12-31", "year"),
            ("去年", "2024-01-01", "2024-12-31", "year"),
        ],
    ),
    (
        "上个月和本月",
        M,
        [
            ("上个月", "2025-05-01", "2025-05-31", "month"),
            ("本月", "2025-06-01", "2025-06-15", "month"),
        ],
    ),
    (
        "2025年3月和6月",
        D,
        [
            ("2025年3月", "2025-03-01", "2025-03-31", "month"),
            ("6月", "2025-06-01", "2025-06-30", "month"),
        ],
    ),
    # ---- things that are not times
    ("前五", D, []),
    ("排名前5的城市", D, []),
    ("30岁以上客户", D, []),
    ("3个渠道", D, []),
    ("top 10 products", D, []),
    ("余额超过5万", D, []),
    ("2025新春消费贷推广的转化率", D, []),  # (新春: the spring festival, a name — no season of months)
    ("2025春季消费贷推广的转化率", D, [("2025春季", "2025-03-01", "2025-05-31", "range")]),  # a season: its three months
    ("FAQ1", D, []),
    ("AUM超过2000元", D, []),
    ("AUM 2000", D, []),
    ("3个月以上的定期存款", D, []),
    ("月均余额", D, []),
    ("近日", D, []),
    ("may I ask how many customers", D, []),
    ("2025-02-30", D, []),
    ("13月", D, []),
    ("统一月度报表", D, []),
    ("2025年2月29日", D, []),
    ("1月32日", D, []),
    ("2025.03", D, []),
    ("Q5", D, []),
    ("第5季度", D, []),
    ("1899年", D, []),
    ("最近一次登录", D, []),
    ("2024年2月29日", D, [("2024年2月29日", "2024-02-29", "2024-02-29", "day")]),
    # a later half, quarter or month of the same kind listed beside one with a year shares it
    ("去年上半年和下半年", D, [("去年上半年", "2024-01-01", "2024-06-30", "half"), ("下半年", "2024-07-01", "2024-12-31", "half")]),
    ("Q1 and Q2 of last year", D, [("Q1", "2024-01-01", "2024-03-31", "quarter"), ("Q2 of last year", "2024-04-01", "2024-06-30", "quarter")]),
    ("2024年3月、4月", D, [("2024年3月", "2024-03-01", "2024-03-31", "month"), ("4月", "2024-04-01", "2024-04-30", "month")]),
    # an earlier month after a later one is no continuation of its year
    ("去年12月和1月", D, [("去年12月", "2024-12-01", "2024-12-31", "month"), ("1月", "2025-01-01", "2025-01-31", "month")]),
]


@pytest.mark.parametrize(("text", "as_of", "expected"), CASES, ids=[c[0] for c in CASES])
def test_find_time_ranges(
    text: str, as_of: date, expected: list[tuple[str, str, str, str]]
) -> None:
    got = [
        (m.text, m.start.isoformat(), m.end.isoformat(), m.kind)
        for m in find_time_ranges(text, as_of)
    ]
    assert got == expected


LABELS = [
    ("上个月", D, "2025年11月", "Nov 2025"),
    ("近30天", D, "2025-12-02 至 2025-12-31", "2025-12-02 to 2025-12-31"),
    ("Q3 2025", D, "2025年第3季度", "Q3 2025"),
    ("2025年下半年", D, "2025年下半年", "H2 2025"),
    ("去年", D, "2024年", "2024"),
    ("2025年3月15日", D, "2025年3月15日", "Mar 15, 2025"),
    ("本月", D, "2025年12月", "Dec 2025"),
    ("本月", M, "2025-06-01 至 2025-06-15", "2025-06-01 to 2025-06-15"),
    ("今天", M, "2025年6月15日", "Jun 15, 2025"),
]


@pytest.mark.parametrize(
    ("text", "as_of", "zh", "en"), LABELS, ids=[f"{c[0]}@{c[1]}" for c in LABELS]
)
def test_labels(text: str, as_of: date, zh: str, en: str) -> None:
    (match,) = find_time_ranges(text, as_of)
    assert (match.label_zh, match.label_en) == (zh, en)


def test_spans_point_into_the_original_text() -> None:
    text = "请问ＡＵＭ在　２０２５年３月　的情况"  # full-width digits and spaces
    (match,) = find_time_ranges(text, D)
    assert (match.span, match.text) == ((7, 14), "２０２５年３月")
    assert text[match.span[0] : match.span[1]] == match.text


def test_as_of_phrase_is_not_a_range() -> None:
    text = "截至2025年6月30日，近30天的存款余额"
    got = [(m.text, m.start.isoformat()) for m in find_time_ranges(text, date(2025, 6, 30))]
    assert got == [("近30天", "2025-06-01")]


GRAINS = [
    ("2025年下半年放款金额按月趋势", ("month", "按月")),
    ("每月新增客户", ("month", "每月")),
    ("逐月", ("month", "逐月")),
    ("月度放款", ("month", "月度")),
    ("各月份的存款", ("month", "各月份")),
    ("每个月的申请量", ("month", "每个月")),
    ("monthly loan volume", ("month", "monthly")),
    ("AUM by month", ("month", "by month")),
    ("month-by-month", ("month", "month-by-month")),
    ("存款余额走势", ("month", "走势")),
    ("放款趋势", ("month", "趋势")),
    ("deposit trend", ("month", "trend")),
    ("按周的趋势", ("week", "按周")),
    ("weekly trend of logins", ("week", "weekly")),
    ("每日登录人数", ("day", "每日")),
    ("按天", ("day", "按天")),
    ("daily", ("day", "daily")),
    ("按季度", ("quarter", "按季度")),
    ("quarterly deposits", ("quarter", "quarterly")),
    ("by quarter", ("quarter", "by quarter")),
    ("按年", ("year", "按年")),
    ("yearly trend", ("year", "yearly")),
    ("每年的放款", ("year", "每年")),
    ("月均余额", None),
    ("日均AUM", None),
    ("按年龄段分布", None),
    ("本季度存款", None),
    ("2025年度放款", None),
    ("monthly active users", None),
    ("上个月的存款余额", None),
]


@pytest.mark.parametrize(("text", "expected"), GRAINS, ids=[g[0] for g in GRAINS])
def test_find_time_grain(text: str, expected: tuple[str, str] | None) -> None:
    found = find_time_grain(text)
    got = (found[0], text[found[1][0] : found[1][1]]) if found else None
    assert got == expected


AS_OF = [
    ("截至2025年6月30日的存款余额", None, ("2025-06-30", "截至2025年6月30日")),
    ("as of 2025-06-30", None, ("2025-06-30", "as of 2025-06-30")),
    ("balances as at end of June 2025", None, ("2025-06-30", "as at end of June 2025")),
    ("截止2025年6月底", None, ("2025-06-30", "截止2025年6月底")),
    ("截至2025年底", None, ("2025-12-31", "截至2025年底")),
    ("截至2025年Q3末", None, ("2025-09-30", "截至2025年Q3末")),
    ("as of March 15, 2025", None, ("2025-03-15", "as of March 15, 2025")),
    ("截至6月底", None, None),
    ("截至6月底", D, ("2025-06-30", "截至6月底")),
    ("截至上月末", D, ("2025-11-30", "截至上月末")),
    ("近30天的存款", None, None),
    ("截至目前", None, None),
]


@pytest.mark.parametrize(
    ("text", "as_of", "expected"), AS_OF, ids=[f"{a[0]}@{a[1]}" for a in AS_OF]
)
def test_find_as_of(text: str, as_of: date | None, expected: tuple[str, str] | None) -> None:
    found = find_as_of(text, as_of)
    got = (found[0].isoformat(), text[found[1][0] : found[1][1]]) if found else None
    assert got == expected


# ---------------------------------------------------------------- properties and robustness
_ALPHABET = (
    string.printable + "年月日号天周季度上下本今去近前后最第一二三四五六七八九十〇零两半至到以来Qq"
)


@settings(max_examples=300, deadline=None)
@given(
    st.text(alphabet=st.sampled_from(_ALPHABET), max_size=60),
    st.dates(date(1990, 1, 1), date(2090, 12, 31)),
)
def test_random_text_gives_well_formed_matches(text: str, as_of: date) -> None:
    matches = find_time_ranges(text, as_of)
    previous_end = 0
    for m in matches:
        assert m.start <= m.end
        assert previous_end <= m.span[0] < m.span[1] <= len(text)
        assert text[m.span[0] : m.span[1]] == m.text
        previous_end = m.span[1]
    find_time_grain(text)
    find_as_of(text)
    find_as_of(text, as_of)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=80), st.dates())
def test_any_unicode_never_raises(text: str, as_of: date) -> None:
    for m in find_time_ranges(text, as_of):
        assert m.start <= m.end


def test_random_text_costs_grow_linearly() -> None:
    rng = random.Random(20251231)
    pool = string.printable + "".join(chr(c) for c in range(0x4E00, 0x4E00 + 3000))
    text = "".join(rng.choices(pool, k=1_000_000))
    for name, call in (("find_time_ranges", lambda t: find_time_ranges(t, D)), ("find_time_grain", find_time_grain),
                       ("find_as_of", find_as_of)):
        ratio = growth(call, lambda n: text[:n], 250_000)
        assert ratio < LINEAR_BOUND, f"{name}: {FACTOR}× the text took {ratio:.1f}× the time"


@pytest.mark.slow
@pytest.mark.parametrize(("unit", "count", "tail"), [("2025-", 10_000, ""), ("1", 125_000, ""), ("近", 125_000, ""),
                                                      (" ", 125_000, "2025年")])
def test_pathological_repetitions_stay_linear(unit: str, count: int, tail: str) -> None:
    # Dense, valid mentions cost Python time per mention; the point is that
    # nothing grows quadratically (which would take minutes at these sizes).
    ratio = growth(lambda t: find_time_ranges(t, D), lambda n: unit * n + tail, count)
    assert ratio < LINEAR_BOUND, f"{FACTOR}× the repetitions took {ratio:.1f}× the time"
