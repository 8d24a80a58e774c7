"""Loose matching of multi-word names: the words of a name, in order, with a few
words between them ("新开了多少个存款账户" ~ 新开存款账户数, "loans were disbursed" ~
loans disbursed, "deposit accounts were opened" ~ deposit accounts opened).

Exact matches come first; a loose match only fills what they left, or replaces an
ambiguous word or a bare field name inside it. A gap never crosses punctuation, a
conjunction or a negation, so "loan and deposit balance" is not read as "loan balance".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant import patterns
from assistant.parse.vocabulary import chinese_words

# nor a negation: "贷款里没被拒绝" is not 贷款拒绝; nor a function of the rows: "单笔平均金额" is an average, not 单笔金额;
# nor where a base ends: "男性客户里高价值客户" is no 客户价值; nor a plus or slash ("贷款查询+贷款试算的次数": two values)
CJK_GAP = r"(?:(?!平均|均值|笔均|件均|户均|人均|最大|最小|最高|最低|中位|合计|总和|当中|之中|其中)[^,，。.？?！!；;、和与及或且并跟+＋/&没不未非无()（）里0-9零]){0,4}?"
# a gap never holds a conjunction, nor "via"/"through" (what follows is the way, a value: "loans applied via app" is no
# "loan app"), nor a noun that says what is counted ("how many *times* did people")
# or measured ("loan *money* we paid out" is an amount, not the count "loans we paid out"), nor a grain word
# ("how many login events did we *log each month* in H2" is no login)
EN_GAP = (r"(?:[\s-]+(?!(?:and|or|vs|versus|but|not|no|never|without|via|through|thru|times|transactions?|accounts?|loans?|applications?|events?|surveys?|"
          r"responses?|campaigns?|touches|visits?|logins?|each|every|per|days?|weeks?|months?|quarters?|years?|daily|weekly|monthly|quarterly|yearly|money|amounts?|sums?|values?|volumes?|balances?|"
          r"average|avg|mean|median|max|maximum|min|minimum|largest|biggest|smallest|highest|lowest|total)\b)[a-z0-9']+){0,2}?[\s-]+")
#: the last word of a two-word name that is no word of its own: "money in", "cash out"
_PARTICLES = frozenset({"in", "out", "on", "up", "off", "back", "away", "over", "down"})
COUNT_UNITS = "个笔户位名人次件"
EN_SUFFIXES = r"(?:s|es|e|ed|d|ing|ings|al|als|ement|ements|ment|ments|ion|ions|ly|er|ers)?"


def _is_cjk(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


def stem(word: str) -> str:
    """A light English stemmer: disbursed/disburse → disburs, openings → opening → open."""
    w = word.lower()
    for suffix in ("ings", "ing", "ed", "es", "s", "e"):
        if len(w) > len(suffix) + 3 and w.endswith(suffix):
            return w[: -len(suffix)]
    return w


def _cjk_tokens(surface: str) -> list[str]:
    raw = [t for t in chinese_words.base().lcut(surface) if t.strip()]
    merged: list[str] = []
    for t in raw:  # join runs of single characters (时/点 → 时点), but keep a final 数/率/量 apart
        if merged and len(t) == 1 and len(merged[-1]) == 1 and t not in "数率量":
            merged[-1] += t
        else:
            merged.append(t)
    return merged


def _cjk_token_pattern(token: str, last: bool) -> str:
    if last and token in ("数", "量"):
        return "(?:数|量)?"
    if token.endswith("数") and len(token) >= 2:
        unit = re.escape(token[:-1])
        return f"(?:{re.escape(token)}|(?:多少|几)[{COUNT_UNITS}]?{unit})"
    return re.escape(token)


def compile_surface(surface: str) -> tuple[str, re.Pattern[str]] | None:
    """(first token, pattern) for a multi-token surface, or None for a single token."""
    s = surface.lower().strip()
    if _is_cjk(s):
        tokens = _cjk_tokens(s)
        required = tokens[:-1] if tokens and tokens[-1] in ("数", "量") else tokens
        if len(required) < 2 or any(len(t) < 2 for t in required):
            return None  # "男客户" must not stretch over "男女客户"
        parts = [f"({_cjk_token_pattern(t, i == len(tokens) - 1)})" for i, t in enumerate(tokens)]
        body = parts[0]
        for p in parts[1:]:
            body += (CJK_GAP + p) if not p.endswith(")?)") else p
        return tokens[0], patterns.compile(body)
    words = [w for w in re.split(r"[\s_-]+", s) if w]
    if len(words) < 2 or any(not re.fullmatch(r"[a-z0-9']+", w) for w in words):
        return None
    if len(words) == 2 and words[1] in _PARTICLES:
        return None  # "money in" never stretches over "how much money is that in total"
    parts = [rf"({re.escape(stem(w))}{EN_SUFFIXES})" for w in words]
    return stem(words[0]), patterns.compile(r"(?<![a-z0-9])" + EN_GAP.join(parts) + r"(?![a-z0-9])")


@dataclass(frozen=True)
class Loose:
    start: int
    end: int
    surface: str
    parts: tuple[tuple[int, int], ...] = ()  # the name's own words; the gaps between are the question's


class GappedIndex:
    """Loose patterns keyed by the start of their first word, compiled only when a question
    contains that start (most of the model's names never do; compiling them all took
    seconds of start-up)."""

    def __init__(self) -> None:
        self._by_start: dict[str, list[str]] = {}
        self._compiled: dict[str, tuple[str, re.Pattern[str]] | None] = {}

    def add(self, surface: str) -> None:
        s = surface.lower().strip()
        if _is_cjk(s):
            if len(s) < 4:
                return  # two words of two characters at least
            start = s[:2]  # the first word has two characters or more: its start is in the question
        else:
            words = [w for w in re.split(r"[\s_-]+", s) if w]
            if len(words) < 2:
                return
            start = stem(words[0])
        bucket = self._by_start.setdefault(start, [])
        if surface not in bucket:
            bucket.append(surface)

    def _pattern(self, surface: str) -> re.Pattern[str] | None:
        if surface not in self._compiled:
            self._compiled[surface] = compile_surface(surface)
        compiled = self._compiled[surface]
        return compiled[1] if compiled else None

    def find(self, norm: str) -> list[Loose]:
        out: list[Loose] = []
        for start, surfaces in self._by_start.items():
            if start not in norm:
                continue
            for surface in surfaces:
                pattern = self._pattern(surface)
                if pattern is None:
                    continue
                # every start, overlapping ones too: "贷款申请的申请总金额" holds 申请…金额 twice, and the
                # first is inside an exact match
                pos = 0
                while (m := pattern.search(norm, pos)) is not None:
                    if m.end() > m.start():
                        parts = tuple(m.span(i) for i in range(1, (m.re.groups or 0) + 1) if m.span(i)[1] > m.span(i)[0])
                        out.append(Loose(m.start(), m.end(), surface, parts))
                    pos = m.start() + 1
        return out


_NOT_DISTINCTIVE = {"存款", "余额", "口径", "客户", "金额", "deposit", "deposits", "balance", "balances", "time", "month",
                    "with", "from", "total", "amount", "customer", "customers"}


def distinctive_words(model: object, metric: str, options: tuple[str, ...]) -> list[str]:
    """Words of ``metric``'s names that no other option's names contain (时点, 日均, daily …)."""
    def names(name: str) -> list[str]:
        m = model.metric(name)  # type: ignore[attr-defined]
        return [n.lower() for n in (m.label.zh, m.label.en, *m.synonyms.all())]

    others = " | ".join(n for o in options if o != metric for n in names(o))
    words: set[str] = set()
    for n in names(metric):
        for compound in (t for t in n.split() if "-" in t and t not in others):  # "month-end", said "at month end" too
            words |= {compound, compound.replace("-", " ")}
        pieces = _cjk_tokens(n) if _is_cjk(n) else re.split(r"[\s_-]+", n)
        for p in pieces:
            p = p.strip()
            if p in others or p in _NOT_DISTINCTIVE or (len(p) < 2 if _is_cjk(p) else len(p) < 4):
                continue
            words.add(p if _is_cjk(p) else stem(p))
    return sorted(words)
