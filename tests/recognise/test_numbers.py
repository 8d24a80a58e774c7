"""Table tests for assistant.recognise.numbers (numbers, comparisons, rank requests)."""

from __future__ import annotations

import random
import string

import pytest
from growth import FACTOR, LINEAR_BOUND, growth
from hypothesis import example, given, settings
from hypothesis import strategies as st

from assistant.recognise.numbers import find_comparisons, find_numbers, find_rank, parse_number

PARSE = [
    ("30", 30.0),
    ("三十", 30.0),
    ("1.5万", 15000.0),
    ("2亿", 200000000.0),
    ("500k", 500000.0),
    ("500K", 500000.0),
    ("1.2m", 1200000.0),
    ("1.5 million", 1500000.0),
    ("3bn", 3000000000.0),
    ("10%", 0.1),
    ("12.5%", 0.125),
    ("10 percent", 0.1),
    ("百分之十", 0.1),
    ("百分之12.5", 0.125),
    ("千分之五", 0.005),
    ("五十万", 500000.0),
    ("1,000,000", 1000000.0),
    ("两千", 2000.0),
    ("两千五", 2500.0),
    ("一万五", 15000.0),
    ("1万5", 15000.0),
    ("3千万", 30000000.0),
    ("一百零五", 105.0),
    ("二亿三千五百万", 235000000.0),
    ("一点五", 1.5),
    ("十", 10.0),
    ("ten", 10.0),
    ("twenty-one", 21.0),
    ("５０００元", 5000.0),
    ("¥300", 300.0),
    (" 42 ", 42.0),
    ("abc", None),
    ("", None),
    ("万", None),
    ("1万亿亿亿", None),
    ("10%%", None),
    ("百分之十%", None),
    ("1" * 100, None),
]


@pytest.mark.parametrize(("text", "expected"), PARSE, ids=[repr(p[0])[:30] for p in PARSE])
def test_parse_number(text: str, expected: float | None) -> None:
    got = parse_number(text)
    if expected is None:
        assert got is None
    else:
        assert got == pytest.approx(expected)


# (text, [(op, value, value2, matched text, is_percent)])
COMPARISONS = [
    ("近30天登录天数至少10天的客户有多少", [(">=", 10, None, "至少10天", False)]),
    ("AUM超过50万的客户", [(">", 500000, None, "超过50万", False)]),
    ("不少于10次", [(">=", 10, None, "不少于10次", False)]),
    ("不低于5万", [(">=", 50000, None, "不低于5万", False)]),
    ("大于等于3", [(">=", 3, None, "大于等于3", False)]),
    ("≥10", [(">=", 10, None, "≥10", False)]),
    (">= 20", [(">=", 20, None, ">= 20", False)]),
    ("10以上", [(">=", 10, None, "10以上", False)]),
    ("10次及以上", [(">=", 10, None, "10次及以上", False)]),
    ("30岁以上", [(">=", 30, None, "30岁以上", False)]),
    ("余额10万（含）以上", [(">=", 100000, None, "10万（含）以上", False)]),
    ("多于5笔", [(">", 5, None, "多于5笔", False)]),
    ("高于1%", [(">", 0.01, None, "高于1%", True)]),
    ("> 100", [(">", 100, None, "> 100", False)]),
    ("少于3次", [("<", 3, None, "少于3次", False)]),
    ("低于平均", []),
    ("不到1万", [("<", 10000, None, "不到1万", False)]),
    ("不足5%", [("<", 0.05, None, "不足5%", True)]),
    ("<10", [("<", 10, None, "<10", False)]),
    ("10以下", [("<", 10, None, "10以下", False)]),  # a bare 以下 reads as "under"
    ("10及以下", [("<=", 10, None, "10及以下", False)]),
    ("5万元及以下", [("<=", 50000, None, "5万元及以下", False)]),
    ("不超过3个", [("<=", 3, None, "不超过3个", False)]),
    ("最多10次", [("<=", 10, None, "最多10次", False)]),
    ("至多两次", [("<=", 2, None, "至多两次", False)]),
    ("≤ 5", [("<=", 5, None, "≤ 5", False)]),
    ("等于3", [("=", 3, None, "等于3", False)]),
    ("介于10和20之间", [("between", 10, 20, "介于10和20之间", False)]),
    ("10到20之间", [("between", 10, 20, "10到20之间", False)]),
    ("10-20", [("between", 10, 20, "10-20", False)]),
    ("10~20", [("between", 10, 20, "10~20", False)]),
    ("年龄在30到40岁之间", [("between", 30, 40, "在30到40岁之间", False)]),
    ("30-40岁", [("between", 30, 40, "30-40岁", False)]),
    ("1到5万", [("between", 10000, 50000, "1到5万", False)]),
    ("500到5万", [("between", 500, 50000, "500到5万", False)]),
    ("AUM在50万到100万之间", [("between", 500000, 1000000, "在50万到100万之间", False)]),
    ("10~20%", [("between", 0.1, 0.2, "10~20%", True)]),
    ("大于10小于20", [(">", 10, None, "大于10", False), ("<", 20, None, "小于20", False)]),
    ("at least 5 times", [(">=", 5, None, "at least 5 times", False)]),
    ("no less than 10", [(">=", 10, None, "no less than 10", False)]),
    ("10 or more logins", [(">=", 10, None, "10 or more", False)]),
    ("10+ logins", [(">=", 10, None, "10+", False)]),
    ("more than ten", [(">", 10, None, "more than ten", False)]),
    ("aged over 50", [(">", 50, None, "over 50", False)]),
    ("income above 300k", [(">", 300000, None, "above 300k", False)]),
    ("balance greater than 1.5 million", [(">", 1500000, None, "greater than 1.5 million", False)]),
    ("exceeding 20%", [(">", 0.2, None, "exceeding 20%", True)]),
    ("fewer than 3 transactions", [("<", 3, None, "fewer than 3 transactions", False)]),
    ("under 30", [("<", 30, None, "under 30", False)]),
    ("below 5%", [("<", 0.05, None, "below 5%", True)]),
    ("at most 5", [("<=", 5, None, "at most 5", False)]),
    ("no more than 2", [("<=", 2, None, "no more than 2", False)]),
    ("up to 5 times", [("<=", 5, None, "up to 5 times", False)]),
    ("30 or younger", [("<=", 30, None, "30 or younger", False)]),
    ("between 10 and 20", [("between", 10, 20, "between 10 and 20", False)]),
    ("from 10 to 20", [("between", 10, 20, "from 10 to 20", False)]),
    ("10 to 20", [("between", 10, 20, "10 to 20", False)]),
    ("贷款期限超过12个月", [(">", 12, None, "超过12个月", False)]),
    ("ＡＵＭ超过５０万", [(">", 500000, None, "超过５０万", False)]),
    # ---- not comparisons
    ("前五", []),
    ("top 10", []),
    ("5万", []),
    ("30岁", []),
    ("3个渠道", []),
    ("10和20", []),
    ("2025-03-15", []),
    ("2025-03", []),
    ("2024年到2025年", []),
    ("3月到6月", []),
    ("2025年1-5月", []),
    ("2025年以来", []),
    ("over the last 30 days", []),
    ("1+1", []),
    ("最多的5个", []),
]


@pytest.mark.parametrize(("text", "expected"), COMPARISONS, ids=[c[0] for c in COMPARISONS])
def test_find_comparisons(
    text: str, expected: list[tuple[str, float, float | None, str, bool]]
) -> None:
    got = find_comparisons(text)
    assert [(c.op, c.text, c.is_percent) for c in got] == [(e[0], e[3], e[4]) for e in expected]
    for comparison, (_, value, value2, _, _) in zip(got, expected, strict=True):
        assert comparison.value == pytest.approx(value)
        assert comparison.value2 == (None if value2 is None else pytest.approx(value2))
        assert text[comparison.span[0] : comparison.span[1]] == comparison.text


# (text, (n, direction, matched text) or None)
RANKS = [
    ("前五", (5, "desc", "前五")),
    ("前5", (5, "desc", "前5")),
    ("AUM前十名的城市", (10, "desc", "前十名")),
    ("排名前三的支行", (3, "desc", "排名前三")),
    ("最高的三个", (3, "desc", "最高的三个")),
    ("放款最多的5个城市", (5, "desc", "最多的5个")),
    ("转化率最低的3个渠道", (3, "asc", "最低的3个")),
    ("最少的两个", (2, "asc", "最少的两个")),
    ("倒数前三", (3, "asc", "倒数前三")),
    ("后三名", (3, "asc", "后三名")),
    ("排名后5", (5, "asc", "排名后5")),
    ("AUM最低的前5个城市", (5, "asc", "前5个")),
    ("哪3个城市的AUM最高", (3, "desc", "哪3个")),
    ("哪个渠道转化率最高", (1, "desc", "最高")),
    ("哪个城市存款最少", (1, "asc", "最少")),
    ("余额最高的", (1, "desc", "最高")),
    ("排名第一的支行", (1, "desc", "排名第一")),
    ("top 10", (10, "desc", "top 10")),
    ("Top 5 cities by AUM", (5, "desc", "Top 5")),
    ("top five", (5, "desc", "top five")),
    ("top-5", (5, "desc", "top-5")),
    ("bottom 3", (3, "asc", "bottom 3")),
    ("lowest 5", (5, "asc", "lowest 5")),
    ("highest 3", (3, "desc", "highest 3")),
    ("5 largest", (5, "desc", "5 largest")),
    ("3 smallest", (3, "asc", "3 smallest")),
    ("the five largest branches", (5, "desc", "five largest")),
    ("best 3", (3, "desc", "best 3")),
    ("worst 5", (5, "asc", "worst 5")),
    ("which 3 cities have the highest AUM", (3, "desc", "which 3")),
    ("which 2 channels have the lowest conversion", (2, "asc", "which 2")),
    ("which city has the most customers", (1, "desc", "most")),
    ("the lowest conversion rate", (1, "asc", "lowest")),
    # ---- not rank requests
    ("top cities by AUM", None),
    ("前三季度", None),
    ("前两个月", None),
    ("目前3个产品", None),
    ("最多10次", None),
    ("最高5万", None),
    ("at least 5", None),
    ("at most 5", None),
    ("the most recent month", None),
    ("前10%的客户", None),
    ("top 10% customers", None),
    ("第一季度", None),
    ("近30天的存款", None),
]


@pytest.mark.parametrize(("text", "expected"), RANKS, ids=[r[0] for r in RANKS])
def test_find_rank(text: str, expected: tuple[int, str, str] | None) -> None:
    got = find_rank(text)
    assert (None if got is None else (got.n, got.direction, got.text)) == expected
    if got is not None:
        assert text[got.span[0] : got.span[1]] == got.text


NUMBERS = [
    ("近30天至少10次", [(30, "30"), (10, "10")]),
    ("五十万和1.5万", [(500000, "五十万"), (15000, "1.5万")]),
    ("10%或百分之十", [(0.1, "10%"), (0.1, "百分之十")]),
    ("一些客户统一十分满意", []),
    ("which one is twenty-one", [(21, "twenty-one")]),
    ("1,000,000 yuan", [(1000000, "1,000,000")]),
    ("AUM 500k and 1.2m", [(500000, "500k"), (1200000, "1.2m")]),
    ("前五", [(5, "五")]),
    ("第一", [(1, "一")]),
    ("没有数字", []),
]


@pytest.mark.parametrize(("text", "expected"), NUMBERS, ids=[n[0] for n in NUMBERS])
def test_find_numbers(text: str, expected: list[tuple[float, str]]) -> None:
    got = find_numbers(text)
    assert [t for _, _, t in got] == [e[1] for e in expected]
    assert [v for v, _, _ in got] == [pytest.approx(e[0]) for e in expected]
    assert all(text[a:b] == t for _, (a, b), t in got)


# ---------------------------------------------------------------- properties and robustness
_ALPHABET = (
    string.printable
    + "万亿千百十一二三四五六七八九零两以上下到至之间超过不少于低最高多的个前后倒数名"
)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(_ALPHABET), max_size=60))
def test_random_text_gives_well_formed_results(text: str) -> None:
    for comparison in find_comparisons(text):
        assert comparison.op in {">=", ">", "<=", "<", "=", "between"}
        assert text[comparison.span[0] : comparison.span[1]] == comparison.text
        if comparison.op == "between":
            assert comparison.value2 is not None and comparison.value <= comparison.value2
    rank = find_rank(text)
    if rank is not None:
        assert rank.n >= 1 and rank.direction in {"asc", "desc"}
    for _, (start, end), mention in find_numbers(text):
        assert text[start:end] == mention
    parse_number(text)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=80))
def test_any_unicode_never_raises(text: str) -> None:
    find_comparisons(text)
    find_rank(text)
    find_numbers(text)
    parse_number(text)


@pytest.mark.parametrize(
    "value", [0, 7, 10, 15, 20, 105, 1010, 2500, 10000, 15000, 100001, 987654321]
)
def test_chinese_numerals_agree_with_cn2an(value: int) -> None:
    import cn2an  # an independent oracle: an2cn writes the numeral we must read back

    assert parse_number(cn2an.an2cn(value)) == value


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=0, max_value=10**12))
@example(26_700_001_000)  # cn2an writes it 二百六十七亿一千, the 零 after 亿 left out
def test_chinese_numerals_round_trip(value: int) -> None:
    import cn2an

    assert parse_number(cn2an.an2cn(value)) == value


def test_random_text_costs_grow_linearly() -> None:
    rng = random.Random(20251231)
    pool = string.printable + "".join(chr(c) for c in range(0x4E00, 0x4E00 + 3000))
    text = "".join(rng.choices(pool, k=1_000_000))
    for call in (find_numbers, find_comparisons, find_rank, parse_number):
        ratio = growth(call, lambda n: text[:n], 250_000)
        assert ratio < LINEAR_BOUND, f"{call.__name__}: {FACTOR}× the text took {ratio:.1f}× the time"


def _scan_all(text: str) -> None:
    find_comparisons(text)
    find_numbers(text)
    find_rank(text)


@pytest.mark.slow
@pytest.mark.parametrize(("unit", "count"), [("1", 250_000), ("超过", 75_000), ("1-", 25_000), ("9 ", 25_000)])
def test_pathological_repetitions_stay_linear(unit: str, count: int) -> None:
    # Dense mentions cost Python time each; the point is that nothing is quadratic.
    ratio = growth(_scan_all, lambda n: unit * n, count)
    assert ratio < LINEAR_BOUND, f"{FACTOR}× the repetitions took {ratio:.1f}× the time"


def test_no_pattern_disables_the_fast_scan() -> None:
    """Every pattern run over whole texts must start with a literal or a character class."""
    from re import _compiler, _parser  # type: ignore[attr-defined]

    from assistant.recognise import time as timeexpr
    from assistant.recognise.numbers import mentions as num_lexicon
    from assistant.recognise.numbers import rank as num_rank
    from assistant.recognise.time import grain as time_grain

    patterns = [p for lead, rows in timeexpr._PATTERNS for p in ([lead] if lead else [rows[0][0]])]
    patterns += [p for p, _ in num_rank._CUES] + list(num_lexicon.TOKEN_PATTERNS)
    patterns += [p for p, _ in time_grain._GRAINS]
    slow = []
    for pattern in patterns:
        parsed = _parser.parse(pattern.pattern, pattern.flags)
        prefix, _, _ = _compiler._get_literal_prefix(parsed, pattern.flags)
        if not prefix and not _compiler._get_charset_prefix(parsed, pattern.flags):
            slow.append(pattern.pattern[:60])
    assert slow == []
