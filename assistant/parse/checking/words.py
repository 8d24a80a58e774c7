"""The language words of the offline parser (``words.yaml``), read once per process."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any

from assistant.recognise.numbers.numerals import EN_TENS, EN_UNITS, en_words_to_number
from semantic_layer.load import read_yaml

WORDS_FILE = Path(__file__).with_name("words.yaml")


@cache
def words_data() -> dict[str, Any]:
    """The parsed ``words.yaml``: word classes per language, and the English shorthand."""
    return read_yaml(WORDS_FILE.read_text(encoding="utf-8"))


_UNITS = {"d": "days", "wk": "weeks", "wks": "weeks", "mo": "months", "mos": "months", "yr": "years", "yrs": "years"}


@cache
def _shorthand() -> tuple[re.Pattern[str], dict[str, str]]:
    words = {str(k).lower(): str(v) for k, v in (words_data().get("shorthand") or {}).items()}
    listed = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    units = "|".join(sorted(_UNITS, key=len, reverse=True))
    pattern = re.compile(rf"(?<![\w/#&])(?:{listed})(?![\w/])|(?<![A-Za-z0-9._])(\d+)\s?({units})(?![A-Za-z0-9])", re.I)
    return pattern, words


def expand_shorthand(text: str) -> str:
    """``text`` with the English shorthand of ``words.yaml`` written out ("last 90d" → "last 90
    days", "per cust" → "per customer", "mid- or high-value" → "mid-value or high-value"); a question
    without Latin letters is returned as is."""
    text = _PER_PIECE.sub("笔均金额", text)  # "今年放款件均多少": the average amount of one
    text = _COUNT_AND_AMOUNT.sub(lambda m: f"{m.group(1)}{m.group(2)}总金额", text)  # "进件的笔数和申请金额": both of those rows
    if not re.search(r"[A-Za-z#&$]", text):
        return text
    pattern, words = _shorthand()

    def written(m: re.Match[str]) -> str:
        if m.group(1):
            return f"{m.group(1)} {_UNITS[m.group(2).lower()]}"
        return words[m.group(0).lower()]

    text = spoken_numbers(_SPELLED_LETTERS.sub(lambda m: m.group(0).replace(" ", ""), text))  # dictated: "A U M", "twenty twenty five"
    text = _ARROW.sub(" to ", text)  # "deposit→loan conversion": deposit to loan
    text = _HOW_MANY_SINGULAR.sub(lambda m: f"{m.group(1)}{m.group(2)}{'es' if m.group(2).lower().endswith('ch') else 's'}", text)  # "how many customer have …"
    text = _APPLY_LOAN.sub("applied for a loan", text)  # "how many customer apply loan last month": a learner's words
    text = _LOAN_OUTSTANDING.sub("loans outstanding", text)  # "customer who have loan outstanding"
    # "which city has the oldest customers on average?": the groups ranked by their customers' average age
    text = _AGE_EXTREME_NEXT.sub(lambda m: f"{m.group(1)} the {'highest' if m.group(2).lower() == 'oldest' else 'lowest'} one", text)  # "and the youngest one?"
    text = _AGE_EXTREME_AVERAGE.sub(lambda m: f"{'highest' if m.group(1).lower() == 'oldest' else 'lowest'} average age of {m.group(2)}", text)
    text = _ONE_WHO.sub(lambda m: f"{m.group(1)}s {m.group(2)}", text)  # "customer who have …": those customers
    text = _PER_BUYER.sub("per customer", text)  # "avg purchase amount per buyer": per customer (of those rows)
    text = _THING_BUYERS.sub(lambda m: f"customers who {'redeemed' if m.group(2).lower().startswith('redeem') else 'bought'} wealth products", text)
    text = _AGE_GROUP.sub(lambda m: f"aged under {m.group(2)}" if m.group(1).lower() == "under" else f"aged {m.group(2)} or older", text)
    text = _PLUS_ASKED.sub(" and ", text)  # "how many + total AUM": a second figure asked
    text = _LEVEL_SHORT.sub(lambda m: _LEVELS[m.group(1).lower()], text)  # "hi-value clients" ("hi" alone is a greeting)
    text = _LEVEL_LIST.sub(lambda m: re.sub(r"(?<![a-z])(hi|med|lo)(?![a-z])", lambda w: _LEVELS[w.group(1).lower()], m.group(0), flags=re.I), text)
    return _AT_THE_MOMENT.sub("right now", _SUSPENDED.sub(r"\1-\4 \2 \3-\4", pattern.sub(written, text)))


#: "件均", "笔均" said alone: the average amount of one loan, application or transaction (件均金额); with its amount
#: named after it ("件均(申请金额)", "笔均交易金额") the words say it already
_PER_PIECE = re.compile(r"件均(?!\s*[（(]?\s*[\u4e00-\u9fff]{0,4}金额)(?:金额)?|笔均(?!\s*[（(]?\s*[\u4e00-\u9fff]{0,4}(?:金额|额|余额|多少钱|钱))")
#: a count of rows, then an amount named bare after 和: "进件的笔数和申请金额" — the rows' total amount (申请总金额)
_COUNT_AND_AMOUNT = re.compile(r"((?:笔数|件数|单数)\s*(?:和|及|以及|与|、|加上?)\s*)((?:申请|放款|贷款|借款|交易|购买|申购|赎回)?)金额(?![\u4e00-\u9fff]{0,2}(?:最|平均|中位|均))")
#: a count asked of a singular noun, as a learner writes it: "how many customer have loan now?"
_HOW_MANY_SINGULAR = re.compile(r"\b(how\s+many\s+(?:of\s+(?:our|the)\s+)?)(customer|client|branch|loan|account|transaction|campaign)\b"
                                r"(?=\s+(?:have|has|had|are|is|were|was|do|does|did|in|at|with|who|that|got|get|use|used|opened|made|applied|from|apply|applies|open|opens|buy|buys|bought|hold|holds|held|log|logs|logged|make|makes|take|takes|took|still)\b|\s*[?？,.]|\s*$)", re.I)
#: applying for a loan said as a learner writes it: "apply loan", "applied loan", "apply a loan" (never "apply for a loan" said right)
_APPLY_LOAN = re.compile(r"\b(?:apply|applies|applied)\s+(?:a\s+)?loans?\b(?!\s+(?:application|app)s?\b)", re.I)
#: a loan said outstanding in the singular after having, as a learner writes it: "who have loan outstanding"
_LOAN_OUTSTANDING = re.compile(r"(?<=\bhave\s)loan\s+outstanding\b(?!\s+(?:balance|amount))", re.I)
#: the oldest or youngest people "on average": the highest or lowest average age
_AGE_EXTREME_AVERAGE = re.compile(r"\b(oldest|youngest)\s+((?:[a-z-]+\s+)?(?:customers|clients|people|borrowers|depositors|users))\s+on\s+average\b", re.I)
#: the other end of an age ranking asked next: "and the youngest one?"
_AGE_EXTREME_NEXT = re.compile(r"^\W*((?:and|what\s+about|how\s+about))\s+the\s+(youngest|oldest)(?:\s+one)?(?=\s*[?？.]*\s*$)", re.I)
#: one customer with a verb of many, as a learner writes it: "customer who have a loan" (never "a customer who has")
_ONE_WHO = re.compile(r"(?<!\ba\s)(?<!\bthe\s)(?<!\bone\s)(?<!\beach\s)(?<!\bevery\s)(?<!\bper\s)\b(customer|client)\s+((?:who|that)\s+(?:have|are|were|hold|do)\b)", re.I)
#: the people of a purchase said as buyers: "2025 wealth buyers", "fund purchasers", "wealth redeemers"
_THING_BUYERS = re.compile(r"\b(wealth(?:\s+management)?(?:\s+products?)?|funds?)\s+(buyers|purchasers|redeemers)\b", re.I)
_PER_BUYER = re.compile(r"\bper\s+(?:buyer|purchaser|redeemer)\b", re.I)
#: a level said short before what it grades: "hi-value", "lo risk", "med activity"
_LEVEL_SHORT = re.compile(r"(?<![\w-])(hi|lo|med)(?=[-\s](?:value|val|risk|activity|active|intent|potential|income)\b)", re.I)
_LEVELS = {"hi": "high", "lo": "low", "med": "medium"}
#: levels listed short with slashes: "(hi/med/low)", "hi / mid / lo"
_LEVEL_LIST = re.compile(r"(?<![\w-])(?:hi|high|med|mid|medium|lo|low)(?:\s*/\s*(?:hi|high|med|mid|medium|lo|low)){1,3}(?![\w-])", re.I)
#: people named by an age bound: "under-35s", "the over 60s" (60 and older)
_AGE_GROUP = re.compile(r"(?<![\w-])(under|over)[\s-]?(\d{2})['’]?s\b", re.I)
#: a plus before a second figure asked: "how many + total AUM", "count + avg balance"
_PLUS_ASKED = re.compile(r"\s+\+\s+(?=(?:the\s+|their\s+)?(?:total|sum|avg|average|mean|median|max|min|their|how)\b)", re.I)
#: an arrow between two English words: "deposit→loan", "loan -> deposit"
_ARROW = re.compile(r"(?<=[A-Za-z])\s*(?:→|->|=>|⇒)\s*(?=[A-Za-z])")


#: capitals said one by one, as dictation writes them: "A U M", "R O I"
_SPELLED_LETTERS = re.compile(r"(?<![\w'’])[A-Z](?: [A-Z](?![\w'’]))+")

_DIGIT_WORDS = {w: n for w, n in EN_UNITS.items() if n < 10}
_NUMBER_WORD = "|".join(sorted([*EN_UNITS, *EN_TENS, "hundred", "thousand"], key=len, reverse=True))
#: a run of number words: "twenty twenty five", "thirty", "twenty-five", "one two three four five", "five hundred thousand"
_SPOKEN_RUN = re.compile(rf"\b(?:{_NUMBER_WORD})(?:(?:[\s-]+|\s+and\s+)(?:{_NUMBER_WORD}))*\b", re.I)


def _spoken_value(words: list[str]) -> str | None:
    """The digits a run of number words says, or None where it is no number (a single small one stays a word: "top
    three", "one of them")."""
    if len(words) >= 3 and all(w in _DIGIT_WORDS for w in words):
        return "".join(str(_DIGIT_WORDS[w]) for w in words)  # digits read one by one: "one two three four five"
    if words[0] in ("twenty", "nineteen") and len(words) in (2, 3):  # a year: "twenty twenty five", "nineteen ninety"
        rest = en_words_to_number(" ".join(words[1:]))
        if rest is not None and rest >= 10:
            return f"{20 if words[0] == 'twenty' else 19}{rest:02d}"
    if len(words) == 1 and words[0] in _DIGIT_WORDS or words[0] in ("hundred", "thousand"):
        return None  # ("500 thousand": the digits said before it, left as they are)
    total, current = 0, 0
    for i, w in enumerate(words):
        if w in EN_UNITS:
            if current % 10 or (current % 100 and EN_UNITS[w] >= 10) or (i and words[i - 1] in EN_UNITS):
                return None  # ("twenty ten", "five six": no one number)
            current += EN_UNITS[w]
        elif w in EN_TENS:
            if current % 100:
                return None
            current += EN_TENS[w]
        elif w == "hundred":
            current = max(current, 1) * 100
        else:  # thousand
            total, current = total + max(current, 1) * 1000, 0
    return str(total + current)


def spoken_numbers(text: str) -> str:
    """``text`` with numbers said in English words written as digits, as dictation leaves them: "Q3 twenty twenty
    five" → "Q3 2025", "the next thirty days" → "the next 30 days", "twenty five to thirty four" → "25 to 34"."""
    def written(m: re.Match[str]) -> str:
        words = [w for w in re.split(r"[\s-]+", m.group(0).lower()) if w != "and"]
        value = _spoken_value(words)
        return m.group(0) if value is None else value

    return _SPOKEN_RUN.sub(written, text)


#: "… atm?", "do we have atm? thinking about …" in lower case at a clause's end: at the moment (the machines are
#: "ATM", or named with a word before them: the, at, via …)
_AT_THE_MOMENT = re.compile(r"(?<=\s)(?<!\bthe\s)(?<!\bat\s)(?<!\bvia\s)(?<!\bby\s)(?<!\bon\s)(?<!\bin\s)(?<!\ban\s)"
                            r"atm(?=\s*(?:[?？.!！,，;；]|$))")
#: "mid- or high-value", "short- and long-term": the first word's tail is the second's
_SUSPENDED = re.compile(r"\b([A-Za-z]+)-\s+(or|and|to)\s+([A-Za-z]+)-([A-Za-z]+)\b", re.I)


#: what follows a count word: a classifier, a unit or the end of the clause
_COUNTED_AFTER = r"(?=[个位名人户笔次张份家钱元块天年月种只条项款单]|\s*[？?，,。!！]|\s*$)"


@cache
def _slips() -> tuple[re.Pattern[str] | None, dict[str, str]]:
    slips = {str(k): str(v) for k, v in (words_data().get("slips_zh") or {}).items()}
    if not slips:
        return None, slips
    listed = "|".join(re.escape(w) for w in sorted(slips, key=len, reverse=True))
    return re.compile(rf"(?:{listed}){_COUNTED_AFTER}"), slips


#: a year said by its last two digits before a season, a half or a month: "25年春季", "24年下半年", "25年3月"
_SHORT_YEAR = re.compile(r"(?<![\d.])([12]\d)年(?=[春夏秋冬上下全]|第?[一二三四1-4]季|(?:1[0-2]|0?[1-9])月|底|末|初|年初|年底)")


#: …or after a month, quarter, half or season in the short English way: "Dec-25", "Apr '24", "Q3'25", "H2-25", "FY24", "autumn '25"
_SHORT_YEAR_EN = re.compile(r"\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|January|February|March|April|June|July|August|"
                            r"September|October|November|December|Q[1-4]|H[12]|spring|summer|autumn|fall|winter)\s*(?:-|'|’|\s'|\s’)\s*([12]\d)(?![\d%.,:/-])|\bFY\s*'?([12]\d)\b", re.I)


def with_full_years(text: str) -> str:
    """``text`` with a year said by two digits written in full ("25年春季那场" → "2025年春季那场", "Dec-25" →
    "Dec 2025"), only before a season, half, quarter or month ("30年期" and "10年以上" are lengths of time)."""
    text = _SHORT_YEAR_EN.sub(lambda m: f"{m.group(1)} 20{m.group(2)}" if m.group(1) else f"FY20{m.group(3)}", text)
    return _SHORT_YEAR.sub(r"20\1年", text)


def without_slips(text: str) -> str:
    """``text`` with the Chinese input slips and variant characters of ``words.yaml`` read as meant
    ("杭州的高价值客户有多小个" → "有多少个", "帐户" → "账户"); the same length as the slip."""
    pattern, slips = _slips()
    return text if pattern is None else pattern.sub(lambda m: slips[m.group(0)], text)


#: a degree said before a level: "理财意向比较高", "活跃度很低", "波动特别大" — the level is the value (较高 reads as 高)
_DEGREE = re.compile(r"(?:比较|非常|特别|相当|十分|挺|很|蛮|超级)(?=[高低强弱大小](?!价值|净值|收入|风险|端|于|过|出))")


#: "快要到期", "马上要到期", "30天内要到期": about to mature
_SOON_DUE = re.compile(r"(?:快要|马上就要|马上要|就要|马上)(?=到期)|(?<=[天日月]内)要(?=到期)")


#: a product, one of its rows, then its deed denied: "一笔理财都没买", "一只基金也没申购过" (not bought — never "holds none";
#: "一分钱理财都没买" says they hold none, and stays so)
_DEED_DENIED_AFTER = re.compile(r"(?:一笔|一次|一只)\s*(?P<thing>理财产品|理财|基金|贷款|存款|定期存款|定期|大额存单)\s*(?:都|也)\s*"
                                r"(?P<no>没有|没)\s*(?P<verb>买|申购|赎回|借|申请|存)(?:过)?")


#: one account, then its holding denied: "一个存款账户都没有" — none held
_NONE_HELD_AFTER = re.compile(r"一(?:个|张|只|份)(?P<thing>[\u4e00-\u9fff]{0,4}?账户)(?:都|也)没有(?![\u4e00-\u9fff]{0,2}过)")


#: converting judged good or bad, with no figure named ("转化最好", "转化效果更差"): the rate is what is judged
_CONVERTS_JUDGED = re.compile(r"转化(?!率|数|金额|人数|了|过)(?=(?:效果)?(?:的|得)?(?:最|更|比较|较)?(?:好|差))")


#: people counted by their customer number: "按客户号去重", "以客户编号计"
_BY_CUSTOMER_NUMBER = re.compile(r"[按以用](?:客户号|客户编号|客户ID|客户id)(?=\s*(?:去重|唯一|来?算|来?计|统计))")


#: "among them", said after the count of them all: "…有多少人？里面代发的又有多少？", "这里头…有几个"
_AMONG_THEM = re.compile(r"([？?。，,；;]\s*)(?:那)?(?:这些人|这些|这批人|这批|他们)?(?:里面|里头|里边|当中|中间)(?=[^？?。]{1,20}?(?:又|还)?(?:有)?(?:多少|几))")
#: a part counted before what it is: "其中多少笔逾期" → "其中逾期的有多少笔" (what the part is, then how many)
_PART_COUNTED_FIRST = re.compile(r"其中(?:有)?多少(?P<unit>笔|个|位|户|人|家|次)(?:是)?(?P<what>[\u4e00-\u9fff]{1,8}?)(?:的)?(?=\s*(?:[？?，,。；;！!]|$))")


def without_degrees(text: str) -> str:
    """``text`` with a degree word before a level read as 较 ("理财意向比较高" → "理财意向较高"), "about to"
    before 到期 as 即将 ("定期快要到期的客户" → "定期即将到期的客户", "30天内要到期" → "30天内到期"), and a product's
    deed denied after it said first ("一笔理财都没买" → "没买过理财"), and a part counted before what it is
    ("其中多少笔逾期" → "其中逾期的有多少笔")."""
    text = _DEED_DENIED_AFTER.sub(lambda m: f"{m['no']}{m['verb']}过{m['thing']}", text)
    text = _NONE_HELD_AFTER.sub(lambda m: f"没有{m['thing']}", text)  # "一个存款账户都没有": holds none
    text = _CONVERTS_JUDGED.sub("转化率", text)  # "哪个年龄段转化最好": judged by the conversion rate
    text = _BY_CUSTOMER_NUMBER.sub("按人头", text)  # "按客户号去重算人数": each person once — no customer's number asked
    text = _AMONG_THEM.sub(r"\1其中", text)  # "…有多少人？里面代发的又有多少？": a part of those just counted
    text = _PART_COUNTED_FIRST.sub(lambda m: f"其中{m['what']}的有多少{m['unit']}", text)  # "其中多少笔逾期": a part of the count
    return _SOON_DUE.sub(lambda m: "" if m.group() == "要" else "即将", _DEGREE.sub("较", text))


#: the bank itself, said where something was (not) done: "从来没在我们这申请过贷款", "never applied with us"
_AT_OUR_BANK = re.compile(r"在(?:我们|咱们|我|咱)(?:这里|这儿|这边|这|行)|在(?:本|我|咱)行(?=[\u4e00-\u9fff])|\s*\b(?:with|at)\s+(?:us|our\s+bank|this\s+bank)\b", re.I)


def without_the_bank_itself(text: str) -> str:
    """``text`` without the words that say "at our bank": every row of the data is the bank's, so they add
    nothing, and between a denial and its verb they hide the denial ("没在我们这申请过" is "没申请过")."""
    return _AT_OUR_BANK.sub("", text)


#: a bracket restating a quarter's or a half's own days: "2025年三季度（7/1–9/30，按审批日期）", "Q2 (Apr 1 – Jun 30)"
_DAYS_RESTATED = re.compile(r"(?P<before>(?:Q|第)?(?P<q>[1-4一二三四])\s*季度?|Q(?P<q2>[1-4])|(?P<h>上半年|下半年|H1|H2))\s*[(（]\s*"
                            r"(?P<days>(?P<m1>\d{1,2})\s*[/.月]\s*\d{1,2}\s*日?\s*[–—~至到-]+\s*(?P<m2>\d{1,2})\s*[/.月]\s*\d{1,2}\s*日?|"
                            r"(?P<e1>[A-Z][a-z]{2,8})\s+\d{1,2}\s*[–—~-]+\s*(?P<e2>[A-Z][a-z]{2,8})\s+\d{1,2})\s*(?=[,，;；)）])", re.I)
_QUARTER_NUMBER = {"一": 1, "二": 2, "三": 3, "四": 4}
_MONTH_WORDS = {m: i + 1 for i, m in enumerate(["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"])}


def without_restated_days(text: str) -> str:
    """``text`` with the first and last day of a quarter or a half, restated in brackets right after it, left out: the
    period is read once, from its name. Days that do not fit the period named are kept (and asked about)."""
    def blanked(m: re.Match[str]) -> str:
        if m.group("h"):
            want = (1, 6) if m.group("h") in ("上半年", "H1", "h1") else (7, 12)
        else:
            q = m.group("q2") or m.group("q")
            n = _QUARTER_NUMBER.get(q) or int(q)
            want = (3 * n - 2, 3 * n)
        if m.group("m1"):
            said = (int(m.group("m1")), int(m.group("m2")))
        else:
            said = (_MONTH_WORDS.get(m.group("e1")[:3].lower(), 0), _MONTH_WORDS.get(m.group("e2")[:3].lower(), 0))
        if said != want:
            return m.group(0)
        start, end = m.span("days")
        kept = m.group(0)[:start - m.start()] + m.group(0)[end - m.start():]
        return re.sub(r"\s*[(（]\s*[)）]", "", re.sub(r"[(（]\s*[,，;；]\s*", "（", kept))  # ("（7/1–9/30，按审批日期）" → "（按审批日期）")

    def months_blanked(m: re.Match[str]) -> str:
        q = m.group("q2") or m.group("q")
        n = _QUARTER_NUMBER.get(q) or int(q)
        said = [int(x) if x.isdigit() else _MONTH_WORDS.get(x[:3].lower(), 0) for x in re.findall(r"\d{1,2}|[A-Za-z]{3,9}", m.group("months"))]
        return m.group(0)[:m.start("open") - m.start()] if said == [3 * n - 2, 3 * n - 1, 3 * n] else m.group(0)

    # ("2025-10-01（含）至2025-12-31（含）": a day's bound said to be included, as every day named is)
    text = _DAY_INCLUDED.sub("", text)
    text = _MONTHS_RESTATED.sub(months_blanked, text)  # "Q4 2025 (Oct, Nov, Dec)", "三季度（7、8、9月）": the quarter's months
    return _DAYS_RESTATED.sub(blanked, text)


_MONTH_SAID = r"(?:[A-Za-z]{3,9}\.?|\d{1,2}\s*月?)"
_MONTHS_RESTATED = re.compile(r"(?:Q(?P<q2>[1-4])|(?:第)?(?P<q>[1-4一二三四])\s*季度)(?:\s*(?:of\s+)?20\d\d\s*年?)?(?P<open>\s*[(（]\s*)"
                              rf"(?P<months>{_MONTH_SAID}(?:\s*(?:[,，、/]|\band\b|&|和)\s*{_MONTH_SAID}){{2}})\s*[)）]", re.I)
#: a number that opens an item of a numbered list: "(1) product type is mortgage; (2) …", "1）归属华东；2）女性"
_LIST_NUMBER = re.compile(r"(?:(?<=^)|(?<=[\s:：;；,，。、]))(?:[(（][1-9][)）]|[1-9][)）]|[①②③④⑤⑥⑦⑧⑨])\s*")


def without_list_numbers(text: str) -> str:
    """``text`` without the numbers of a numbered list's items: each item is a condition of its own, numbered."""
    return _LIST_NUMBER.sub(" ", text)


_DAY_INCLUDED = re.compile(r"(?<=\d)\s*[(（]\s*(?:含|包含|包括|含当天|含当日|inclusive|incl\.?|included)\s*[)）]", re.I)


#: "payroll customers and everyone else", "代发客户和其他客户": the rest are the customers who are not so
_REST_EN = re.compile(r"\b(?P<x>(?:non-)?[a-z][\w-]*)\s+(?P<who>customers|clients)\s+(?P<join>vs\.?|versus|and|compared\s+(?:with|to)|against)\s+"
                      r"(?:the\s+rest(?:\s+of\s+(?:them|the\s+customers|our\s+customers))?|everyone\s+else|everybody\s+else|all\s+(?:the\s+)?others|"
                      r"all\s+other\s+(?:customers|clients)|other\s+(?:customers|clients)|the\s+others)\b", re.I)
_REST_ZH = re.compile(r"(?P<x>[\u4e00-\u9fff]{2,6}?)(?P<who>客户|的客户)(?P<join>和|与|跟|对比|vs|VS|比)(?:其他|其余|其它|剩下的|别的|剩余)(?:的)?(?:客户|人)")


def with_the_rest_named(text: str) -> str:
    """``text`` with "the rest" said as the customers who are not the group named: "payroll customers vs everyone else" →
    "payroll customers vs non-payroll customers", "代发客户和其他客户" → "代发客户和非代发客户"."""
    def en(m: re.Match[str]) -> str:
        x = m["x"]
        other = x[4:] if x.lower().startswith("non-") else f"non-{x}"
        return f"{x} {m['who']} {m['join']} {other} {m['who']}"

    text = _REST_EN.sub(en, text)
    return _REST_ZH.sub(lambda m: f"{m['x']}{m['who']}{m['join']}{'' if m['x'].startswith('非') else '非'}{m['x'].removeprefix('非')}{m['who']}", text)


_MONTH_NAMES = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
#: days written with slashes: "10/1-12/31", "2025/10/1–2025/12/31" (month first, as they are written here)
_SLASH_RANGE = re.compile(r"(?<![\d/.])(?:(?P<y1>20\d\d)/)?(?P<m1>1[0-2]|0?[1-9])/(?P<d1>3[01]|[12]\d|0?[1-9])\s*(?:[-–—~至到]|\bto\b)\s*"
                          r"(?:(?P<y2>20\d\d)/)?(?P<m2>1[0-2]|0?[1-9])/(?P<d2>3[01]|[12]\d|0?[1-9])(?![\d/.])")


def with_slash_dates(text: str) -> str:
    """``text`` with a range of days written with slashes said in words: "10/1-12/31" → "10月1日至12月31日" (or
    "Oct 1 to Dec 31"), read then like any other range of days."""
    chinese = re.search(r"[\u4e00-\u9fff]", text) is not None

    def said(m: re.Match[str]) -> str:
        ends = [(m["y1"], int(m["m1"]), int(m["d1"])), (m["y2"] or m["y1"], int(m["m2"]), int(m["d2"]))]
        if chinese:
            return "至".join(f"{y + '年' if y else ''}{mo}月{d}日" for y, mo, d in ends)
        return " to ".join(f"{_MONTH_NAMES[mo - 1]} {d}{', ' + y if y else ''}" for y, mo, d in ends)

    return _SLASH_RANGE.sub(said, text)



#: a function written as code: "max(amount)", "avg(annual_income)", "count(distinct customer_id)"
_CALL = re.compile(r"\b(max|min|avg|mean|sum|median|count|stddev|std|var|p\d{1,2})\s*\(\s*(distinct\s+)?([A-Za-z_][\w.]*|\*)\s*\)", re.I)


def with_calls_spelled(text: str) -> str:
    """``text`` with functions written as code said in words: "max(amount) and avg(amount)" → "max amount and avg amount",
    "count(distinct customer_id)" → "count distinct customer_id" — each function then read like any other."""
    return _CALL.sub(lambda m: " ".join(p.strip() for p in (m[1], m[2] or "", "" if m[3] == "*" else m[3]) if p.strip()), text)
