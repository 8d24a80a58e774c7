"""One wrong, missing, extra or swapped character in a model word ("换醒率", "aproval",
"converison", "depsoit-only"): find the name it was meant to be.

Only words the parser could not place are corrected, each together with the text
around it (the typo may sit inside a longer name, most of which was matched loosely),
against the lexicon's surfaces of metrics, fields and values, by optimal string
alignment distance: 1 for short names, 2 for long Latin ones. The corrected question
is parsed again and the answer says what was read differently.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from rapidfuzz import process
from rapidfuzz.distance import OSA

from assistant import patterns
from assistant.parse.vocabulary.lexicon import Lexicon, normalize

CJK = patterns.compile(r"[\u3400-\u9fff]")


@dataclass(frozen=True)
class Correction:
    start: int
    end: int
    typed: str
    meant: str


def _limit(surface: str) -> int:
    if CJK.search(surface):
        return 1 if len(surface) >= 3 else 0
    return 2 if len(surface) >= 9 else 1 if len(surface) >= 5 else 0


def _dropped_letter(piece: str, surface: str) -> int:
    """1 when a short Latin word lost one letter ("totl" → total): too short for any other
    change, long enough that one missing letter is a typo, not another word."""
    if CJK.search(piece) or len(piece) != 4 or len(surface) != 5 or not piece.isalpha():
        return 0
    return 1 if any(surface[:i] + surface[i + 1:] == piece for i in range(1, len(surface))) else 0


def _swapped_letters(piece: str, surface: str) -> int:
    """1 when a short Latin word has two neighbouring letters swapped after its first ("mnay" →
    many, "waht" → what): the commonest slip of fast typing, and no other word's spelling."""
    if CJK.search(piece) or len(piece) != len(surface) or not 4 <= len(piece) <= 5 or not piece.isalpha():
        return 0
    return 1 if any(surface[:i] + surface[i + 1] + surface[i] + surface[i + 2:] == piece for i in range(1, len(surface) - 1)) else 0


def _candidates(text: str, word: str) -> list[tuple[int, int]]:
    """Spans containing ``word`` and up to a few neighbouring characters or words."""
    out: list[tuple[int, int]] = []
    for m in re.finditer(re.escape(word), text):
        s, e = m.span()
        if CJK.search(word):  # any stretch of 3-12 characters around the word that overlaps it
            lo, hi = max(0, s - 6), min(len(text), e + 6)
            out += [(a, b) for a in range(lo, e) for b in range(max(a + 3, s + 1), min(hi, a + 12) + 1)
                    if CJK.search(text[a:b])]
        else:
            starts = [x.start() for x in re.finditer(r"[a-z0-9][\w-]*", text[:s])][-2:] + [s]
            ends = [e] + [e + x.end() for x in re.finditer(r"[\w-]+", text[e:])][:2]
            out += [(a, b) for a in starts for b in ends if b - a <= 40]
    return out


def _closest(piece: str, surfaces: list[str], same: Callable[[list[str]], bool] | None = None) -> str | None:
    """The one surface within reach of ``piece``; between equally close Chinese names the
    one that sounds the same (typing by pinyin swaps homophones: 律/率, 换/唤); a tie
    that sound cannot break is no correction."""
    hits = [(s, int(d)) for s, d, _ in process.extract(piece, surfaces, scorer=OSA.distance, score_cutoff=2, limit=20)]
    hits = [(s, d) for s, d in hits
            if 0 < d <= max(_limit(s), _dropped_letter(piece, s), _swapped_letters(piece, s)) and abs(len(s) - len(piece)) <= 1]
    if not hits:
        return None
    least = min(d for _, d in hits)
    closest = sorted({s for s, d in hits if d == least})
    if len(closest) > 1 and CJK.search(piece):
        closest = [s for s in closest if _sounds_alike(piece, s)] or closest
    if len(closest) > 1 and same is not None and same(closest):  # "放款全额": 放款金额 or 放款总额, one metric either way
        return closest[0]
    return closest[0] if len(closest) == 1 else None


def _one_word_changed(piece: str, surface: str) -> bool:
    """A typo sits inside one word: "converison rate" → "conversion rate", not "the amount" → "txn amount"."""
    if CJK.search(piece):
        return True
    a, b = re.split(r"[\s_-]+", piece), re.split(r"[\s_-]+", surface)
    if len(a) != len(b):
        return len(a) == 1 or len(b) == 1  # "depsoit-only" / "deposit only" joined or split
    changed = [(x, y) for x, y in zip(a, b, strict=True) if x != y]
    # one word, or two long ones a letter off each ("deposite balanse" → deposit balance)
    if len(changed) == 2:
        return all(len(y) >= 6 and OSA.distance(x, y) == 1 for x, y in changed)
    return len(changed) == 1 and OSA.distance(*changed[0]) <= (1 if len(changed[0][1]) <= 6 else 2)


MEANING_MARKS = patterns.compile(r"[不未没无非否别0-9]|\b(?:no|not|non|un)\b")


def _doubled(piece: str, surface: str) -> bool:
    """The longer of the two is the shorter with one character that changes nothing: typed twice ("贷贷款余额"), a
    particle (的, 了: "放款了"), or 比 of 比较 ("波动比较大" / 波动较大)."""
    long, short = (piece, surface) if len(piece) > len(surface) else (surface, piece)
    return len(long) == len(short) + 1 and any(
        long[:i] + long[i + 1:] == short and (i + 1 < len(long) and long[i] == long[i + 1] or long[i] in "的了地得"
                                              or long[i:i + 2] == "比较") for i in range(len(long)))


def _flips_meaning(piece: str, surface: str) -> bool:
    """A correction never adds or drops a negation or a number ("近30天登录" is not "未登录"),
    and a Chinese character changed at either end of a name must sound the same: typing by
    pinyin swaps homophones (转化律, 投入产出笔), while a different sound there is the next
    word of the sentence ("借款意愿打了4分" is not "借款意愿强")."""
    if sorted(MEANING_MARKS.findall(piece)) != sorted(MEANING_MARKS.findall(surface)):
        return True
    if all(CJK.match(c) for c in piece + surface) and len(piece) != len(surface) and not _doubled(piece, surface):
        return True  # a Chinese character typed more or less is another word ("想推贷款" is not "想贷款"), unless it changes nothing
    if CJK.search(piece) and len(piece) == len(surface):
        for i in (0, len(piece) - 1):
            if piece[i] != surface[i] and not _sounds_alike(piece[i], surface[i]):
                return True
    return False


def _breaks_a_word(piece: str, surface: str) -> bool:
    """Does the character changed sit in an everyday word a slip never stands for (words.yaml ``never_slips_zh``:
    "这个月过生日的客户" says 生日, not 生效)?"""
    if not CJK.search(piece) or len(piece) != len(surface):
        return False
    words = _never_slips()
    return any(a != b and any(w in piece and w not in surface and piece.find(w) <= i < piece.find(w) + len(w) for w in words)
               for i, (a, b) in enumerate(zip(piece, surface, strict=True)))


@cache
def _never_slips() -> frozenset[str]:
    from assistant.parse.checking.words import words_data

    return frozenset(str(w) for w in words_data().get("never_slips_zh") or ())


@cache
def _language_words() -> list[str]:
    """English words of the language (words.yaml) long enough to correct: "avrage",
    "custmer", "quater" are misspelt grammar, not unknown business words."""
    from assistant.parse.checking.coverage import word_classes

    words = {w for cls in word_classes()["en"].values() for w in cls if len(w) >= 6 and w.isalpha()}
    # a few short ones typed often; never every 5-letter word ("staff" is not "stuff")
    months = {"january", "february", "march", "april", "august", "september", "october", "november", "december"}
    short = {"many", "much", "what", "which", "show", "month", "week", "year", "last", "this", "next", "past"}  # only for a swapped or (5 letters) dropped one
    return sorted(words | months | short | {"customer", "customers", "client", "clients", "average", "quarter", "quarters", "monthly", "quarterly", "yearly", "weekly", "percent", "total"})


@cache
def _spelt_words() -> frozenset[str]:
    """Every English word of the language (words.yaml) and of time ("last", "past", "week"):
    typed right, so never corrected into another ("last" is not "least")."""
    from assistant.parse.checking.coverage import word_classes

    words = {w.lower() for cls in word_classes()["en"].values() for w in cls if w.isalpha()}
    return frozenset(words | {"last", "next", "this", "past", "prior", "year", "years", "month", "months", "week", "weeks",
                              "day", "days", "quarter", "quarters", "today", "since", "until", "ago"})


@cache
def _chinese_words() -> frozenset[str]:
    """Chinese words of the language (words.yaml) of two characters: 合计, 平均, 剔除 …"""
    from assistant.parse.checking.coverage import word_classes

    words = {w for cls in word_classes()["zh"].values() for w in cls if len(w) == 2 and CJK.search(w)}
    return frozenset(words | _TIME_WORDS)


#: two-character words of time, typed by their sound as often as any ("上个越" → 个月, "本纪度" → no: 季度)
_TIME_WORDS = {"个月", "上月", "本月", "下月", "月份", "月末", "月底", "季度", "年度", "今年", "去年", "前年", "上周", "本周", "近期"}


def _homophone(piece: str, words: frozenset[str]) -> str | None:
    """The one two-character word that differs from ``piece`` in one character of the same
    sound (合记 → 合计); short words are corrected by sound only, never by shape."""
    found = {w for w in words if sum(a != b for a, b in zip(w, piece, strict=True)) == 1 and _sounds_alike(w, piece)}
    return found.pop() if len(found) == 1 else None


@cache
def _readings(char: str) -> tuple[str, ...]:
    """Every way a character is read, the commonest first (曾: ceng, zeng), tones left out."""
    from pypinyin import Style, pinyin

    return tuple(pinyin(char, style=Style.NORMAL, heteronym=True)[0])


def _sounds_alike(a: str, b: str) -> bool:
    """Do the two sound the same, character by character: the commonest reading of one is a reading of the
    other (新曾/新增: 增 is zeng, one reading of 曾) — never two rare readings (差 and 最 share only cuo)."""
    return len(a) == len(b) and all(x == y or _readings(x)[0] in _readings(y) or _readings(y)[0] in _readings(x)
                                    for x, y in zip(a, b, strict=True))


#: how often a word must occur in the spelling dictionary's English corpus to count as typed on purpose:
#: "counted" (13,162) or "lone" (7,737) are words, "chanel" (328) is a misspelt channel
COMMON = 2000


def common_english(piece: str) -> bool:
    """A common English word spelt right ("counted", "selected", "planned"): never a typo of a model
    name, whatever name it is one letter from. Read from pyspellchecker's word frequencies, only when a
    question has words left to correct."""
    if not piece.isascii() or not piece.isalpha():
        return False
    return _english_frequencies().get(piece.lower(), 0) >= COMMON


def _english_spelling(word: str) -> str | None:
    """The common English word a misspelt one was meant to be, one change away (two for long words), or None."""
    if common_english(word):
        return None
    meant = _speller().correction(word)
    if not meant or meant == word or not common_english(meant) or OSA.distance(word, meant) > (1 if len(word) < 8 else 2):
        return None
    return meant


@cache
def _speller():  # -> SpellChecker
    from spellchecker import SpellChecker

    return SpellChecker(language="en", distance=2)


@cache
def _english_frequencies() -> dict[str, int]:
    from spellchecker import SpellChecker

    return dict(SpellChecker(language="en", distance=1).word_frequency.dictionary)


def find_corrections(question: str, words: list[str], lexicon: Lexicon, limit: int = 3) -> list[list[Correction]]:
    """For each unplaced word, its closest corrections, best first (distance, then the
    longer name, then the longer stretch typed, then the earlier start); words with none
    are left out."""
    text = normalize(question)
    surfaces = lexicon.typo_surfaces() + _language_words()
    known = set(_language_words()) | _spelt_words() | lexicon.name_words()
    found_names = [m for m in lexicon.find(question) if m.end - m.start >= 2]
    named = [text[m.start:m.end] for m in found_names]

    def same(names: list[str]) -> bool:
        meant = {frozenset((e.kind, e.target, e.code) for e in lexicon.surfaces.get(n, [])) for n in names}
        return len(meant) == 1 and bool(next(iter(meant)))
    out: list[list[Correction]] = []
    for word in words:
        found: dict[tuple[int, int, str], tuple[int, int, int, int]] = {}
        for a, b in _candidates(text, word.lower()):
            piece = text[a:b].strip(" -_")
            if len(piece) < 3 or piece in lexicon.surfaces or piece in known or common_english(piece):
                continue  # a word spelt right is never "corrected" ("quarter" is no typo of "quarters", "counted" of "counter")
            surface, plural, typed = _closest(piece, surfaces, same), False, piece
            if not CJK.search(piece) and piece.endswith("s") and len(piece) >= 6:
                # "morgages", "branchs", "consumer laons": a misspelt plural — the singular name, spelt
                # right, when it is as close as the whole ("consumer loan" is two changes from "laons")
                single = piece[:-1] if piece[:-1] in lexicon.surfaces else _closest(piece[:-1], surfaces)
                if single is not None and (surface is None or OSA.distance(piece[:-1], single) < OSA.distance(piece, surface)):
                    typed, surface, plural = piece[:-1], single, True
            if surface is None or not _one_word_changed(typed, surface) or _flips_meaning(typed, surface) or _breaks_a_word(typed, surface):
                continue
            if not CJK.search(typed) and any(x != y and x in known for x, y in zip(typed.split(), surface.split(), strict=False)):
                continue  # a word spelt right stays itself inside a longer stretch: "open date" is not "open rate"
            if any(n in typed and n not in surface for n in named):
                continue  # a word the model knows is never rewritten into another: 没有还款 is not 没有存款
            start = a + (len(text[a:b]) - len(text[a:b].lstrip(" -_")))
            end = start + len(piece)
            if any(m.start < end and start < m.end and not (start <= m.start and m.end <= end) and text[m.start:m.end] in lexicon.surfaces
                   and _changed_within(start, typed, surface, m.start, m.end) for m in found_names):
                continue  # half of a name spelt right is no typo: 大额存单账户 is not 大额 + 存款账户
            if not plural and any(m.start() < end and start < m.end() for m in re.finditer(re.escape(surface), text)):
                continue  # the name is there whole: "年营销活动", "销活动" need no correction
            found[(start, end, surface)] = (int(OSA.distance(piece, surface)), -len(surface), start - end, start)
        for m in _UNIT_AFTER.finditer(text) if not found and not CJK.search(word) else ():
            units = [u for u in _UNITS if OSA.distance(m.group(2), u) == 1 and len(m.group(2)) == len(u)]
            if m.group(2) == word.lower() and len(units) == 1:  # "this yeat", "last mont": the unit its word asks for
                found[(m.start(2), m.end(2), units[0])] = (1, -len(units[0]), m.start(2) - m.end(2), m.start(2))
        for m in re.finditer(re.escape(word.lower()), text) if CJK.search(word) and len(word) <= 2 else ():
            # "合记" → 合计; a character left alone beside the one before or after it: "本季读" → 季度
            pairs = [(m.start(), m.end())] if len(word) == 2 else [(m.start() - 1, m.end()), (m.start(), m.end() + 1)]
            for a, b in pairs:
                piece = text[a:b] if a >= 0 and b <= len(text) else ""
                # (a name spelt right is never another's homophone: 房贷 stays a mortgage beside 放宽 → 放款)
                meant = _homophone(piece, _chinese_words() | lexicon.two_character_names()) if CJK.fullmatch(piece[:1] or " ") \
                    and len(piece) == 2 and CJK.search(piece[1]) and piece not in lexicon.surfaces else None
                if meant is not None:  # one character typed by its sound
                    found[(a, b, meant)] = (1, -len(meant), -2, a)
        if not found and word.isascii() and word.isalpha() and len(word) >= 4:
            for m in re.finditer(rf"(?<![a-z]){re.escape(word.lower())}(?![a-z])", text):
                meant = _english_spelling(m.group())  # "opend" → opened, "withdrawls" → withdrawals: an everyday word misspelt
                if meant is not None:
                    found[(m.start(), m.end(), meant)] = (int(OSA.distance(m.group(), meant)), -len(meant), m.start() - m.end(), m.start())
        ranked = sorted(found, key=lambda k: found[k])[:limit]
        if ranked:
            out.append([Correction(s, e, question[s:e], surface) for s, e, surface in ranked])
    return out


def _changed_within(start: int, typed: str, surface: str, a: int, b: int) -> bool:
    """Does correcting ``typed`` (at ``start``) into ``surface`` change a character of the name at
    [a, b)? "hihg value" → high value beside "value tier" changes only the word before the name."""
    if len(typed) != len(surface):
        return True
    return any(a <= start + i < b for i, (x, y) in enumerate(zip(typed, surface, strict=True)) if x != y)


#: a word of time after "this", "last", "next" … ("this yeat", "per mnoth"): one letter off a unit of time is that unit
_UNIT_AFTER = patterns.compile(r"\b(this|last|next|past|prior|previous|each|every|per|a)\s+([a-z]{3,7})\b")
_UNITS = ("day", "week", "month", "quarter", "year", "days", "weeks", "months", "quarters", "years")


def combinations(options: list[list[Correction]]) -> list[list[Correction]]:
    """Sets of non-overlapping corrections to try, best first: the best of each word, then
    each word's next choices with the others' best."""
    best = [o[0] for o in options]
    tries = [best] + [best[:i] + [alt] + best[i + 1:] for i, o in enumerate(options) for alt in o[1:]]
    out = []
    for t in tries:
        kept: list[Correction] = []
        for c in sorted(t, key=lambda c: c.start):
            if not kept or c.start >= kept[-1].end:
                kept.append(c)
        out.append(kept)
    return out


def apply_corrections(question: str, corrections: list[Correction]) -> str:
    out, last = [], 0
    for c in corrections:
        out += [question[last:c.start], c.meant]
        last = c.end
    return "".join(out) + question[last:]
