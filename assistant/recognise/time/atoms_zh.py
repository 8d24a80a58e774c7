"""Chinese (and language-neutral numeric) time patterns → atom builders.

Each row is ``(regex, builder)``; every match of every row is a candidate and the
longest candidates win (see ``assistant.recognise.time._scan``), so rows need no ordering. Every
regex starts with a character class or literal (see ``assistant.recognise.text.guard``).
"""

from __future__ import annotations

from assistant.recognise.time.atoms import (
    FixedWords,
    Led,
    PatternTable,
    bare_year,
    calendar,
    counted_units,
    month_run,
    season,
)
from assistant.recognise.time.phrases import ZH_COUNT_UNITS, ZH_FIXED
from assistant.recognise.time.vocabulary import (
    COUNT,
    DAY,
    DAY_LEAD,
    MONTH,
    MONTH2,
    MONTH_LEAD,
    MONTH_RUN,
    NUMBER_BEFORE_DATE_WORD,
    WS,
    YEAR,
    YEAR4,
    YEAR4_AFTER_DASH,
    YEAR_REL_ZH,
)

_YR = rf"{YEAR_REL_ZH}{WS}(?:的{WS})?"  # 今年, 去年的 …
_YN = rf"{YEAR}{WS}年{WS}"  # 2025年, 二〇二五年
_Y2 = rf"(?<![0-9.])(?P<y2>[0-9]{{2}})年{WS}"  # 25年
_TO = rf"{WS}(?:-|~|–|—|到|至){WS}"
_Q = r"(?P<q>[一二三四1-4])"
_NOT_ALNUM = r"(?![a-z0-9])"
_SEASON = r"(?P<s>春|夏|秋)(?:季|天)"

_FIXED = FixedWords(ZH_FIXED)

ZH_PATTERNS: PatternTable = (
    Led(
        YEAR.replace("(?P<y>", "(?:"),
        (
            # dates, months, month spans: 2025年3月15日, 2025年3月(份), 二〇二五年三月, 2025年1-5月
            (rf"{_YN}{MONTH}{WS}月{WS}{DAY}{WS}[日号]", calendar("day")),
            (rf"{_YN}{MONTH}{WS}月份?", calendar("month")),
            (rf"{_YN}{MONTH}{_TO}{MONTH2}{WS}月份?", calendar("month", "range")),
            (rf"{_YN}{MONTH}{MONTH_RUN}{WS}(?:[两三四五六七八九十]{WS}个{WS})?月份?", month_run()),  # 2025年7、8、9月
            (rf"{_YN}前{WS}{MONTH2}{WS}个?{WS}月", calendar("month", "range", first=1)),
            # ISO: 2025-03-15, 2025/3/15, 2025.3.15, 2025-03, 2025/03
            (
                rf"{YEAR4}(?P<sep>[-/.])(?P<m>[0-9]{{1,2}})(?P=sep)(?P<d>[0-9]{{1,2}})(?![0-9/-])",
                calendar("day"),
            ),
            (rf"{YEAR4}[-/](?P<m>[0-9]{{1,2}})(?![0-9]|[-/.][0-9])", calendar("month")),
            # quarters and halves: 2025年第1季度, 2025年前三季度, 2025Q1, 2025年下半年, 2025H1
            (rf"{YEAR}{WS}年?{WS}(?:第{WS})?{_Q}{WS}季度", calendar("quarter")),
            (
                rf"{_YN}前{WS}(?P<q2>[两二三2-3]){WS}个?{WS}季度",
                calendar("quarter", "range", first=1),
            ),
            (rf"{YEAR4}{WS}(?:年{WS})?[-/]?{WS}q{_Q}{_NOT_ALNUM}", calendar("quarter")),
            (rf"{YEAR}{WS}年?{WS}(?:的{WS})?(?P<h>上|下){WS}半年度?", calendar("half")),
            (rf"{YEAR4}{WS}(?:年{WS})?[-/]?{WS}h(?P<h>[12]){_NOT_ALNUM}", calendar("half")),
            (rf"{YEAR}{WS}年?{WS}(?:的{WS})?{_SEASON}", season()),  # 2025年春季, 2025春天
            # years: 2025年(度|全年), 2025全年, bare 2025 (but not 2025春季消费贷)
            (rf"{YEAR}{WS}年(?:{WS}(?:全年|整年|度))?", calendar("year")),
            (rf"{YEAR4}{WS}全年", calendar("year")),
            (
                # ("2024到2025年": a bare year before a connector and the next year)
                rf"{YEAR4_AFTER_DASH}(?!(?!(?:到|至|和|与|及){WS}[12][0-9]{{3}})[\u3400-\u9fff%]"
                rf"|{WS}(?:[kmw%](?![a-z])|[-/.][0-9](?![0-9]{{3}})))",
                bare_year,
            ),
        ),
    ),
    Led(  # a two-digit year only with a month, quarter or half after it: 25年3月, 25年三季度, 24年下半年
        r"[0-9][0-9]年",
        (
            (rf"{_Y2}{MONTH}{WS}月{WS}{DAY}{WS}[日号]", calendar("day")),
            (rf"{_Y2}{MONTH}{WS}月份?", calendar("month")),
            (rf"{_Y2}(?:第{WS})?{_Q}{WS}季度", calendar("quarter")),
            (rf"{_Y2}q{_Q}{_NOT_ALNUM}", calendar("quarter")),  # 25年Q3
            (rf"{_Y2}(?:的{WS})?(?P<h>上|下){WS}半年度?", calendar("half")),
            (rf"{_Y2}h(?P<h>[12]){_NOT_ALNUM}", calendar("half")),  # 25年H1
            (rf"{_Y2}(?:的{WS})?{_SEASON}", season()),  # 25年春季
            # "25年放款 总笔数": a year of this century alone, never a length of time (贷款期限25年, 25年以上, 近25年)
            (r"(?<![0-9.近过满超为限长])(?P<y2>2[0-9])年(?!\s*(?:[0-9一二三四五六七八九十]|期|以上|以下|以内|之内|内|左右|多|后|前|来|的?期限|的?利率|房贷|贷款期))",
             calendar("year")),
        ),
    ),
    Led(
        YEAR_REL_ZH.replace("(?P<yrel>", "(?:"),
        (
            # 今年3月15日, 今年3月, 今年1-5月, 今年前5个月, 今年一季度, 今年Q1, 去年下半年, 今年H1
            (rf"{_YR}{MONTH}{WS}月{WS}{DAY}{WS}[日号]", calendar("day")),
            (rf"{_YR}{MONTH}{WS}月份?", calendar("month")),
            (rf"{_YR}{MONTH}{_TO}{MONTH2}{WS}月份?", calendar("month", "range")),
            (rf"{_YR}{MONTH}{MONTH_RUN}{WS}(?:[两三四五六七八九十]{WS}个{WS})?月份?", month_run()),  # 今年10、11、12月
            (rf"{_YR}前{WS}{MONTH2}{WS}个?{WS}月", calendar("month", "range", first=1)),
            (rf"{_YR}(?:第{WS})?{_Q}{WS}季度", calendar("quarter")),
            (rf"{_YR}q{_Q}{_NOT_ALNUM}", calendar("quarter")),
            (
                rf"{_YR}前{WS}(?P<q2>[两二三2-3]){WS}个?{WS}季度",
                calendar("quarter", "range", first=1),
            ),
            (rf"{_YR}(?P<h>上|下){WS}半年度?", calendar("half")),
            (rf"{_YR}h(?P<h>[12]){_NOT_ALNUM}", calendar("half")),
            (rf"{_YR}{_SEASON}", season()),  # 今年春季, 去年夏天
        ),
    ),
    Led(
        NUMBER_BEFORE_DATE_WORD,
        (
            # 3月15日, 3月(份), 十二月, 1至3月; a bare day (15日) only serves as a range end
            (rf"{MONTH_LEAD}{WS}月{WS}{DAY}{WS}[日号]", calendar("day")),
            (rf"{MONTH_LEAD}{WS}月份?(?![度活薪])", calendar("month")),
            (rf"{MONTH_LEAD}{_TO}{MONTH2}{WS}月份?", calendar("month", "range")),
            (rf"{DAY_LEAD}{WS}[日号]", calendar("dom")),
        ),
    ),
    (rf"{MONTH_LEAD}{MONTH_RUN}{WS}(?:[两三四五六七八九十]{WS}个{WS})?月份?", month_run()),  # 10、11、12三个月
    # ---- quarters: 第四季(度), 三季度, Q3, Q3 2025, 前三季度
    (rf"第{WS}{_Q}{WS}季度?", calendar("quarter")),
    (rf"(?P<q>[一二三四1-4](?<![前0-9][一二三四1-4])){WS}季度", calendar("quarter")),
    (rf"q(?<![a-z]q){_Q}{_NOT_ALNUM}", calendar("quarter")),
    (rf"q(?<![a-z]q){_Q}{WS}(?:of\s{{1,3}}|,{WS})?(?:fy{WS})?{YEAR4}", calendar("quarter")),
    (rf"前(?<![上下近去]前){WS}(?P<q2>[两二三2-3]){WS}季度", calendar("quarter", "range", first=1)),
    # ---- halves and fiscal years: 上半年, H1, H2 2025, FY2025
    (rf"(?P<h>上|下){WS}半年度?", calendar("half")),
    (rf"h(?<![a-z]h)(?P<h>[12]){_NOT_ALNUM}", calendar("half")),
    (rf"h(?<![a-z]h)(?P<h>[12]){WS}{YEAR4}", calendar("half")),
    (rf"f(?<![a-z]f)y{WS}{YEAR4}", calendar("year")),
    # ---- relative words (今天, 上个月, 年初至今 …) and rolling windows (近30天, 近三个月)
    (_FIXED.pattern, _FIXED),
    (
        rf"(?:最近|近期|过去|过往|近){WS}(?:的{WS})?(?:(?P<n>{COUNT}){WS})?"
        rf"(?P<u>{'|'.join(sorted(ZH_COUNT_UNITS, key=len, reverse=True))})",
        counted_units(ZH_COUNT_UNITS),
    ),
)
