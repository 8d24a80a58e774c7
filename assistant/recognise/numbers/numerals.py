"""Chinese, mixed and English number words → numbers.

``cn_to_number("一万五")`` → 15000, ``cn_to_number("1.5万")`` → 15000,
``cn_to_number("二〇二五")`` → 2025, ``en_words_to_number("twenty one")`` → 21.

Numerals with units (十, 百, 万, 点 …) are read by ``cn2an`` ("smart" mode: 一万五, 3万5,
1.5亿), imported on the first such numeral (its patterns cost 0.3 s to build; a
question without one never pays it). Digits alone (二〇二五, 三) are read one by one here.
"""

from __future__ import annotations

import re
from functools import lru_cache

from assistant import patterns
from assistant.recognise.text import words

CN_DIGITS: dict[str, int] = {
    "零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4,
    "五": 5, "六": 6, "七": 7, "八": 8, "九": 9,
    "壹": 1, "贰": 2, "叁": 3, "肆": 4, "伍": 5, "陆": 6, "柒": 7, "捌": 8, "玖": 9,
}  # fmt: skip
CN_SMALL_UNITS: dict[str, int] = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
CN_BIG_UNITS: dict[str, int] = {"万": 10**4, "萬": 10**4, "亿": 10**8, "億": 10**8}

#: character classes for building regexes elsewhere
CN_DIGIT_CLASS = "".join(CN_DIGITS)
CN_UNIT_CLASS = "".join(CN_SMALL_UNITS) + "".join(CN_BIG_UNITS)

_MAX_LEN = 40  # no real numeral is longer; keeps pathological input cheap
_TOKEN = patterns.compile(
    rf"(?P<arabic>[0-9]+(?:\.[0-9]+)?)|(?P<digit>[{CN_DIGIT_CLASS}])"
    rf"|(?P<small>[{''.join(CN_SMALL_UNITS)}])|(?P<big>[{''.join(CN_BIG_UNITS)}])|(?P<other>.)",
    re.S,
)


def _positional(tokens: list[tuple[str, str]]) -> float | None:
    """Digits without units read one by one: 二〇二五 → 2025."""
    digits = "".join(str(CN_DIGITS[v]) if k == "digit" else v for k, v in tokens)
    return float(digits) if "." not in digits else None


def _cn2an(text: str) -> float | None:
    import cn2an

    try:
        value = cn2an.cn2an(text, "smart")
    except Exception:  # cn2an raises plain ValueError/KeyError on odd input
        # ("二百六十七亿一千", as cn2an.an2cn itself writes 26,700,001,000: the 零 after 亿 left out)
        padded = _ZERO_LEFT_OUT.sub(r"\1零", text)
        if padded == text:
            return None
        try:
            value = cn2an.cn2an(padded, "smart")
        except Exception:
            return None
    return float(value) if isinstance(value, int | float) else None


#: a big unit followed by a number of thousands or hundreds with the 零 between them left out
_ZERO_LEFT_OUT = re.compile(r"([万萬亿億])(?=[一二两三四五六七八九壹贰叁肆伍陆柒捌玖][千仟百佰](?:[^万萬]*)$)")


@lru_cache(maxsize=4096)
def cn_to_number(text: str) -> float | None:
    """Convert a Chinese / mixed numeral (``三十``, ``1.5万``, ``一点五``) or ``None``."""
    text = text.strip()
    if not text or len(text) > _MAX_LEN:
        return None
    tokens = [(m.lastgroup or "other", m.group()) for m in _TOKEN.finditer(text)]
    if any(kind == "other" for kind, _ in tokens) and "点" not in text:
        return None
    if all(kind in ("digit", "arabic") for kind, _ in tokens):
        return _positional(tokens)
    big = [CN_BIG_UNITS.get(v, 0) for _, v in tokens]
    if big[0] or any(a and b and b <= a for a, b in zip(big, big[1:], strict=False)):
        return None  # 万 alone, 万万, 亿亿: no number (cn2an reads some of them as one); 一万亿 is one
    return _cn2an(text)


EN_UNITS: dict[str, int] = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
    "eighteen": 18, "nineteen": 19,
}  # fmt: skip
EN_TENS: dict[str, int] = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
    "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
}  # fmt: skip
_EN_ONES = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
#: every English number word 0–99 (plus "a hundred") as lower-case phrases
EN_NUMBER_PHRASES: tuple[str, ...] = (
    *EN_UNITS,
    *EN_TENS,
    *(f"{tens} {ones}" for tens in EN_TENS for ones in _EN_ONES),
    "a hundred",
    "one hundred",
    "hundred",
)
#: regex for those phrases (letter-bounded, literal first, no groups); "twenty-one" too
EN_NUMBER_WORDS = words(*EN_NUMBER_PHRASES, sep=r"[\s-]{1,3}")


def en_words_to_number(text: str) -> int | None:
    """``"twenty-one"`` → 21, ``"a hundred"`` → 100; ``None`` if not a number word."""
    words = re.split(r"[\s-]+", text.strip().lower())
    if words in (["hundred"], ["a", "hundred"], ["one", "hundred"]):
        return 100
    if len(words) == 1:
        return EN_UNITS.get(words[0], EN_TENS.get(words[0]))
    if len(words) == 2 and words[0] in EN_TENS and 1 <= EN_UNITS.get(words[1], 0) <= 9:
        return EN_TENS[words[0]] + EN_UNITS[words[1]]
    return None


def to_int(text: str) -> int | None:
    """Small integer from Arabic, Chinese or English words (for counts like 近三个月)."""
    text = text.strip()
    if text.isascii() and text.isdigit():
        return int(text) if len(text) < 10 else None
    value = cn_to_number(text)
    if value is None:
        value = en_words_to_number(text)
    if value is None or value != int(value) or value > 10**9:
        return None
    return int(value)
