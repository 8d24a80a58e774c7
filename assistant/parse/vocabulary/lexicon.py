"""The offline parser's vocabulary, compiled from the semantic model and the data.

Every surface form a person may type — metric names and synonyms, dimension and
tag names, value codes, labels and synonyms, values read from the database
(cities, branches, campaign and product names) and their pinyin for English
questions — points to one or more entries. Matching is longest-first over the
normalised question, with word boundaries for Latin-script surfaces.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import Any

from assistant.parse.checking.words import words_data
from assistant.parse.vocabulary import chinese_words
from assistant.parse.vocabulary.gapped import GappedIndex
from assistant.parse.vocabulary.pinyin import pinyin_of
from assistant.parse.vocabulary.surface_trie import SurfaceTrie
from assistant.recognise.time.vocabulary import EN_MONTHS
from semantic_layer.semantic_model import SemanticModel

MONTH_NAMES = sorted(m for m in EN_MONTHS if len(m) >= 5)  # a misspelt month is corrected like a name

GRAIN_NAMES = {"day", "week", "month", "quarter", "year"}


@dataclass(frozen=True)
class Entry:
    kind: str  # "metric" | "field" | "value" | "ambiguous"
    target: str  # metric name, field name, or field name of a value
    code: str | None = None  # value code
    table: str | None = None  # for dimensions: the table they belong to
    options: tuple[str, ...] = ()  # for "ambiguous": the candidate metrics


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    text: str
    entries: tuple[Entry, ...]
    parts: tuple[tuple[int, int], ...] = ()  # for a loose match: the spans of the name's own words
    told: bool = False  # a value read from the data, said in other words ("the 2025 autumn deposit-gift campaign")

    def of_kind(self, kind: str) -> list[Entry]:
        return [e for e in self.entries if e.kind == kind]


def normalize(text: str) -> str:
    """NFKC (full-width → half-width), lower-case; keeps length for span arithmetic."""
    out = unicodedata.normalize("NFKC", text)
    return out.lower() if len(out) == len(text) else text.lower()


_MEASURE_WORDS = set("类种个位些项款家名档级")
_AFFIXES = (*_MEASURE_WORDS, "平均", "人均", "中位数", "最大", "最小", "最高", "最低", "单笔", "去重", "总", "合计",
            *("地区", "区域", "一带", "片区", "市"))  # "上海地区": jieba keeps the place and its gloss as one word


def _gaps(parts: tuple[tuple[int, int], ...]) -> list[tuple[int, int]]:
    return [(a[1], b[0]) for a, b in zip(parts, parts[1:], strict=False)]


def _replaceable(m: Mention, span: tuple[int, int], entries: tuple[Entry, ...] = ()) -> bool:
    """An exact mention a loose one may swallow: an ambiguous word inside it, or a
    shorter name of the same metric ("新开" inside "新开的存款账户数")."""
    inside = span[0] <= m.start and m.end <= span[1]
    kinds = {e.kind for e in m.entries}
    if kinds <= {"ambiguous"}:
        return inside
    mine = {e.target for e in m.entries if e.kind == "metric"}
    theirs = {e.target for e in entries if e.kind == "metric"}
    if not (inside and kinds == {"metric"} and mine and theirs):
        return False
    # the same metric by a shorter name, or (Chinese, where gaps are a few characters) a
    # generic metric word inside a longer specific name: 转化率 in 贷款客户的存款转化率
    return mine <= theirs or (not _is_latin(m.text) and (m.end - m.start) * 2 <= span[1] - span[0])


_LATIN_WORD_START = re.compile(r"(?<=[\s-])[a-z0-9]")
_ARTICLES = re.compile(r"\s*(?:(?:the|our|a|an)\s+)?")


def _head_noun(m: Mention, span: tuple[int, int], parts: tuple[tuple[int, int], ...]) -> bool:
    """An exact metric name that is the head noun a loose name ends with ("single consumption |transaction|"):
    part of it, the words before it say which rows."""
    return bool(m.of_kind("metric")) and _is_latin(m.text) and m.end == span[1] and any(a <= m.start and m.end <= b for a, b in parts)


def _is_latin(surface: str) -> bool:
    return all(ord(ch) < 0x2E80 for ch in surface)


# City and province suffixes people drop: 上海市 → 上海, 广东省 → 广东, 浦东支行 → 浦东
_SUFFIXES = ("市", "省", "自治区", "支行", "分行")


def _initials(values: list[str], sounds: dict[str, str]) -> list[tuple[str, str]]:
    """Two-character names by their pinyin initials where no other value shares them (杭州: "hz"; 深圳
    and 苏州 are both "sz": neither)."""
    from pypinyin import Style, lazy_pinyin

    found = {v: "".join(lazy_pinyin(v, style=Style.FIRST_LETTER)).lower() for v in values if len(v) == 2 and v in sounds}
    counts = Counter(found.values())
    return [(v, i) for v, i in found.items() if counts[i] == 1 and len(i) == 2]


def _said_in_pinyin(model: SemanticModel, field: str, short: dict[str, str], sounds: dict[str, str]) -> list[tuple[str, str]]:
    """Long values by the pinyin of their own part ("杭州西湖支行": "xihu", "xihu branch", "hangzhou xihu branch"):
    the place dropped (``short``), then the field's own word, said in English after it (the field's label)."""
    from pypinyin import Style, lazy_pinyin

    field_words = [w.lower() for w in _english_names(model, field) if " " not in w.strip() or "-" in w]
    out: dict[str, str] = {}
    cores: dict[str, tuple[str, list[str]]] = {}
    for v, rest in short.items():
        core = next((rest[: -len(x)] for x in _SUFFIXES if rest.endswith(x) and 2 <= len(rest) - len(x) <= 4), None)
        if core is not None:
            place = v[: len(v) - len(rest)]
            places = [sounds[place].replace("'", ""), "".join(lazy_pinyin(place, style=Style.FIRST_LETTER)).lower()] if place in sounds else []
            cores[v] = ("".join(lazy_pinyin(core)).lower(), places, core)  # "hangzhou xihu", "hz xihu"
    counts = Counter(py for py, _, _ in cores.values())
    english = {str(k): tuple(str(w).lower() for w in ws) for k, ws in (words_data().get("places") or {}).items()}
    for v, (py, places, core) in cores.items():
        if counts[py] != 1:
            continue
        for own in (py, *english.get(core, ())):  # ("West Lake branch": a place said in English)
            for named in (own, *(f"{place} {own}" for place in places)):
                for said in (named, *(f"{named} {w}" for w in field_words)):
                    out.setdefault(said, v)
    return [(v, said) for said, v in out.items()]


def _english_names(model: SemanticModel, field: str) -> list[str]:
    named = model.field(field)
    return [named.label.en, *named.synonyms.en] if named is not None else []


def _without_place(field: str, values: list[str], data_values: dict[str, list[str]]) -> dict[str, str]:
    """Values that begin with a value of another field (杭州西湖支行 begins with the city 杭州), said without it
    ("西湖支行") — where that shorter name is still one value's alone."""
    places = sorted({p for f, vs in data_values.items() if f != field for p in vs if len(p) >= 2 and not p.isascii()}, key=len, reverse=True)
    cut: dict[str, str] = {}
    for v in values:
        p = next((p for p in places if v.startswith(p) and len(v) - len(p) >= 3), None)
        if p is not None:
            cut[v] = v[len(p):]
    counts: dict[str, int] = {}
    for rest in cut.values():
        counts[rest] = counts.get(rest, 0) + 1
    return {v: rest for v, rest in cut.items() if counts[rest] == 1 and rest not in values}


class Lexicon:
    """Surface form → entries, with a compiled longest-first matcher."""

    def __init__(self) -> None:
        self.surfaces: dict[str, list[Entry]] = defaultdict(list)
        self._typo_surfaces: list[str] | None = None
        self._name_words: frozenset[str] | None = None
        self.population: tuple[str, ...] = ()  # the model's words for its customers (客户, 用户 …)
        self.row_words: tuple[str, ...] = ()  # the model's words for its tables' rows (贷款, 放款, 交易 …)
        self._tokenizer: Any = None
        #: one-character value labels too generic to match inside words (男, 女, 高): read only
        #: standing alone between non-Chinese characters ("男 vs 女 户均AUM")
        self.isolated: dict[str, list[Entry]] = defaultdict(list)
        #: values read from the data, told piece by piece in the other language (2025秋季贷款客户存款礼: 2025 ·
        #: autumn|fall · loan customers|borrowers · deposit gift): each piece's words, and the value's entries
        self.told: list[tuple[tuple[re.Pattern[str], ...], bool, tuple[Entry, ...]]] = []
        #: how many values read from the data of a field carry a place's name (("branch", "上海") → 4): "上海那四家支行"
        self.named_after: dict[tuple[str, str], int] = {}

    def add(self, surface: str, entry: Entry) -> None:
        s = normalize(surface.strip())
        if len(s) < 1 or (len(s) == 1 and _is_latin(s)):
            return
        if entry not in self.surfaces[s]:
            self.surfaces[s].append(entry)

    def add_all(self, surfaces: Iterable[str], entry: Entry) -> None:
        for s in surfaces:
            self.add(s, entry)
            if _is_latin(s):
                self.add(s.replace("_", " "), entry)
                self.add(s.replace("-", " "), entry)
                if re.search(r"[^aeiou]y$", s):  # grocery → groceries (the matcher adds s/es itself)
                    self.add(s[:-1] + "ies", entry)
                for short in _shorthand(s):
                    self.add(short, entry)
                if " the " in s:  # "maturing in the next 30 days" typed "maturing in next 30 days"
                    self.add(s.replace(" the ", " "), entry)

    def add_singulars(self) -> None:
        """A name of several English words said in the plural is said in the singular too ("more
        than one loan application" names loan applications, not the loan category): the singular
        is added where no other name has it, or where only names of the same things have it."""
        for surface, entries in list(self.surfaces.items()):
            if " " in surface and _is_latin(surface) and re.search(r"[a-z]{3}s$", surface) and not surface.endswith("ss") \
                    and all(e.kind in ("metric", "field") for e in entries):  # never a term that is asked about
                one = surface[:-3] + "y" if surface.endswith("ies") else surface[:-1]
                if one not in self.surfaces:
                    self.surfaces[one] = list(entries)
                elif {e.target for e in self.surfaces[one]} <= {e.target for e in entries}:
                    # "avg daily deposit": the tag's name, and in the plural the metric's of the same name too
                    self.surfaces[one] += [e for e in entries if e not in self.surfaces[one]]

    def typo_surfaces(self) -> list[str]:
        """Names a misspelt word may be corrected to: metric, field and value surfaces long
        enough that one wrong character still leaves them recognisable, and month names
        ("Septmber")."""
        if self._typo_surfaces is None:
            self._typo_surfaces = sorted(
                s for s, entries in self.surfaces.items()
                if any(e.kind in ("metric", "field", "value") for e in entries)
                and (len(s) >= 3 if re.search(r"[\u3400-\u9fff]", s) else len(s) >= 5)) + MONTH_NAMES
        return self._typo_surfaces

    def name_words(self) -> frozenset[str]:
        """The English words the model's names are made of ("balance" of loan balance): spelt right,
        so never corrected into a near name ("balance" is not R3 balanced)."""
        if self._name_words is None:
            self._name_words = frozenset(w for s in self.surfaces for w in re.findall(r"[a-z]{3,}", s))
        return self._name_words

    def two_character_names(self) -> frozenset[str]:
        """Chinese surfaces of two characters (客户, 城市 …): short names a homophone typo may mean."""
        return frozenset(s for s in (*self.surfaces, *self.population, *self.row_words) if len(s) == 2 and all("\u4e00" <= ch <= "\u9fff" for ch in s))

    def compile(self) -> None:
        self._typo_surfaces = None
        self._name_words = None
        self._gapped = GappedIndex()
        for surface, entries in self.surfaces.items():
            if any(e.kind in ("metric", "value", "field") for e in entries):
                self._gapped.add(surface)
        self._loose = {re.sub(r"[\s_-]+", " ", s): entries for s, entries in self.surfaces.items()}
        self._cjk = {s for s in self.surfaces if not re.search(r"[a-z0-9]", s)}
        self._longest = max((len(s) for s in self._cjk), default=0)
        # a value name takes over a name it starts inside after function words ("no |loan inquiry|"),
        # a metric's never ("no loan balance" stays the customers with no loan)
        self._latin = SurfaceTrie((s for s in self.surfaces if s not in self._cjk), takes_over=lambda matched: all(
            e.kind == "value" for e in (self.surfaces.get(matched) or self._lookup(matched) or [Entry("metric", "")])))

    def find(self, text: str) -> list[Mention]:
        """Exact mentions (Latin: whole words; Chinese: whole words by segmentation,
        longest first), then loose ones where they fit."""
        norm = normalize(text)
        out = []
        for start, end in self._latin.finditer(norm):
            surface = norm[start:end]
            entries = self.surfaces.get(surface) or self._lookup(surface)
            if entries:
                out.append(Mention(start, end, text[start:end], tuple(entries)))
        out = self._fields_before_values(text, norm, out)
        out += self._find_cjk(text, norm, out)
        out += self._find_isolated(text, norm, out)
        out = self._find_told(text, norm, out)
        return self._with_loose(text, norm, sorted(out, key=lambda m: m.start))

    def _find_told(self, text: str, norm: str, found: list[Mention]) -> list[Mention]:
        """"the 2025 autumn deposit-gift campaign for loan customers": a value read from the data (a Chinese
        campaign name), said piece by piece in other words — every piece within one stretch of the question.
        Only the one value whose pieces are all said, and the most of them, is read; a tie is none."""
        if not self.told:
            return found
        best: list[tuple[int, tuple[int, int], tuple[Entry, ...]]] = []
        for pieces, year, entries in self.told:
            said = [next((m.span() for m in p.finditer(norm)), None) for p in pieces]
            spans = [s for s in said if s is not None]
            no_year = year and said[0] is None  # ("the summer biz loan campaign": of whichever year has one, if only one does)
            if len(spans) < len(pieces) - 1 - no_year or len(spans) < 2:
                continue  # every piece said, or all but one — the year aside
            start, end = min(s[0] for s in spans), max(s[1] for s in spans)
            if no_year and (not _CAMPAIGN_WORD.search(norm[start:end + 16]) or _READ_BEFORE.search(norm, max(0, start - 40), start)):
                continue  # (a period read just before — blanked out — says its year: "the 2024 autumn consumer loan promo")
            if end - start > 24 * len(pieces) or _CLAUSE_BREAK.search(norm, start, end):
                continue
            inside = re.search(r"[(（]\s*([^()（）]+?)\s*[)）]", norm[start:])
            if inside is not None and start + inside.start() < end and inside.group(1) in self.surfaces:
                continue  # ("… campaign (2025夏季理财复购季)": the pieces never run into a bracket naming a value exactly)
            if _BRACKET_AFTER.match(norm, end):
                continue  # "… campaign (CMP2508L)": the name or code said exactly, in brackets
            if len(spans) < len(pieces) and not _CAMPAIGN_WORD.search(norm[start:end + 16]):
                continue  # one piece left unsaid ("the 2024 spring festival consumer loan campaign": no "promotion"): only of a campaign named
            if len(spans) < len(pieces) and self._other_piece_said(norm, pieces, spans, start, end):
                continue  # the piece left unsaid said otherwise ("the 2024 autumn consumer loan promo" is not 2024新春消费贷推广)
            if len(spans) < len(pieces) and self._names_another_field(norm, spans, entries):
                continue  # the words said are whole another field's value ("2025 new-customer activation campaigns": the objective)
            if any(start <= m.start and m.end <= end and m.of_kind("metric") and not any(a <= m.start < b for a, b in spans) for m in found):
                continue  # a figure named between the pieces ("2025 conversion amount came from the wealth repurchase campaigns")
            best.append((len(spans), (start, end), entries))
        if not best:
            return found
        most = max(n for n, _, _ in best)
        top = [(span, entries) for n, span, entries in best if n == most]
        if len({entries for _, entries in top}) != 1:
            return found  # two values said alike: none is read (asked back, named)
        (start, end), entries = top[0]
        kept = [m for m in found if m.end <= start or m.start >= end]
        return sorted([*kept, Mention(start, end, text[start:end], entries, told=True)], key=lambda m: m.start)

    def _names_another_field(self, norm: str, spans: list[tuple[int, int]], entries: tuple[Entry, ...]) -> bool:
        """Are the pieces said, the year aside, one stretch that is exactly a value of another field?"""
        words = sorted(s for s in spans if not _YEAR.fullmatch(norm, *s))
        if not words:
            return False
        fields = {e.target for e in entries}
        return any(e.kind == "value" and e.target not in fields for e in self._lookup(norm[words[0][0]:words[-1][1]].strip()))

    def _other_piece_said(self, norm: str, pieces: tuple[re.Pattern[str], ...], spans: list[tuple[int, int]], start: int, end: int) -> bool:
        """Is a piece of another value said within the stretch, outside the pieces of this one?"""
        own = {p.pattern for p in pieces}
        others = {p.pattern: p for other, _, _ in self.told for p in other if p.pattern not in own}
        return any(not any(a < m.end() and m.start() < b for a, b in spans)
                   for p in others.values() for m in p.finditer(norm, start, end))

    def _fields_before_values(self, text: str, norm: str, found: list[Mention]) -> list[Mention]:
        """"customers |acquired via| wechat": a field's name starting inside a metric's name ("customers
        acquired") and running past it into one of the field's values is the field, said of that value;
        the metric's words before it are read again on their own ("customers")."""
        out = list(found)
        for m in found:
            if not m.of_kind("metric") or m not in out:
                continue
            for word in _LATIN_WORD_START.finditer(norm, m.start + 1, m.end):
                end = self._latin.match_at(norm, word.start())
                if end is None or end <= m.end:
                    continue
                fields = {e.target for e in self._entries(norm, word.start(), end) if e.kind == "field"}
                after = _ARTICLES.match(norm, end)
                value = next((v for v in out if after is not None and v.start == after.end() and fields & {e.target for e in v.of_kind("value")}), None)
                if value is None:
                    continue
                out = [x for x in out if x is not m and not (x.start < end and word.start() < x.end)]
                out.append(Mention(word.start(), end, text[word.start():end], tuple(self._entries(norm, word.start(), end))))
                for start, stop in self._latin.finditer(norm[:word.start()].rstrip()):
                    if start >= m.start and (entries := self._entries(norm, start, stop)):
                        out.append(Mention(start, stop, text[start:stop], tuple(entries)))
                break
        return sorted(out, key=lambda x: x.start)

    def _value_of_field_after(self, norm: str, part: tuple[int, int], kept: list[Mention], entries: tuple[Entry, ...]) -> bool:
        """Is the word ``part`` a value of another field than ``entries``' whose name comes right after it (an
        everyday code such as "active" is a value only beside its field's name)?"""
        own = {e.target for e in entries}
        after = {e.target for m in kept if m.start >= part[1] and not norm[part[1]:m.start].strip() for e in m.of_kind("field")} - own
        return bool(after) and (norm[part[0]:part[1]].lower() in GENERIC_CODES
                                or any(e.kind == "value" and e.target in after for e in self._entries(norm, *part)))

    def _entries(self, norm: str, start: int, end: int) -> list[Entry]:
        surface = norm[start:end]
        return self.surfaces.get(surface) or self._lookup(surface)

    def _find_isolated(self, text: str, norm: str, found: list[Mention]) -> list[Mention]:
        """Generic value names (男, 活跃) read only standing alone ("男 vs 女") or listed with
        another value of the same field ("新客、活跃、沉睡、流失")."""
        out: list[Mention] = []
        while True:  # a list read from its known end: "high/medium/low/inactive四档" (each item beside the next found)
            more = []
            for word, entries in self.isolated.items():
                if len({e.target for e in entries}) != 1:
                    continue
                for hit in re.finditer(rf"\b{re.escape(word)}\b" if _is_latin(word) else re.escape(word), norm):
                    i, j = hit.span()
                    if any(m.start < j and i < m.end for m in (*found, *out, *more)):
                        continue
                    alone = (i == 0 or not _CJK_CHAR.match(norm[i - 1])) and (j == len(norm) or not _CJK_CHAR.match(norm[j]))
                    if (len(word) == 1 and alone) or self._listed_with(norm, i, j, entries[0].target, [*found, *out, *more]):
                        more.append(Mention(i, j, text[i:j], tuple(entries)))
            if not more:
                return out
            out += more

    @staticmethod
    def _listed_with(norm: str, i: int, j: int, target: str, found: list[Mention]) -> bool:
        """Is norm[i:j] a list item beside a value of ``target`` (separated by 、/和/与/或)?"""
        def value_at(start: int | None = None, end: int | None = None) -> bool:
            return any(any(e.kind == "value" and e.target == target for e in m.entries)
                       and (m.start == start if start is not None else m.end == end) for m in found)

        before = _LIST_BEFORE.search(norm, 0, i)
        after = _LIST_AFTER.match(norm, j)
        latin = _is_latin(norm[i:j])  # (a Latin word ends where a Chinese character starts: "的high/medium")
        edge_before = i == 0 or (not re.match(r"[a-z0-9]", norm[i - 1]) if latin else not _CJK_CHAR.match(norm[i - 1]))
        edge_after = j == len(norm) or (not re.match(r"[a-z0-9]", norm[j]) if latin else not _CJK_CHAR.match(norm[j]))
        listed_before = before is not None and before.end() == i and value_at(end=before.start())
        listed_after = after is not None and value_at(start=after.end())
        last = norm.startswith("的", j)  # "存贷双持、都没有的各占多少": the list's last item
        return (listed_before and (after is not None or edge_after or last)) or (listed_after and (before is not None and before.end() == i or edge_before))

    def _find_cjk(self, text: str, norm: str, latin: list[Mention]) -> list[Mention]:
        bounds = sorted(self._word_bounds(norm))
        if not bounds:
            return []
        taken = [(m.start, m.end) for m in latin]
        found: list[Mention] = []
        position = 0
        for i, start in enumerate(bounds):
            if start < position or any(a <= start < b for a, b in taken):
                continue
            for end in reversed(bounds[i + 1:]):
                if end - start > self._longest:
                    continue
                piece = norm[start:end]
                if piece in self._cjk and not any(a < end and start < b for a, b in taken):
                    found.append(Mention(start, end, text[start:end], tuple(self.surfaces[piece])))
                    position = end
                    break
        return found

    def _word_bounds(self, norm: str) -> set[int]:
        """Offsets where a Chinese word starts or ends (jieba, knowing every model word)."""
        if not any("\u4e00" <= ch <= "\u9fff" for ch in norm):
            return set()
        if self._tokenizer is None:
            self._tokenizer = chinese_words.knowing(self._cjk)
        bounds = {0, len(norm)}
        tokens = list(self._tokenizer.tokenize(norm))
        starts = {start for _, start, _ in tokens}
        for b in sorted(starts):  # a model word of 3+ characters ends a word even where jieba glued on the next one ("经营贷|放")
            for size in range(min(self._longest, len(norm) - b), 2, -1):
                if norm[b:b + size] in self._cjk:
                    cut = b + size
                    crossing = next((norm[s:e] for _, s, e in tokens if s < cut < e), None)
                    if crossing is None or crossing not in self._cjk:  # not inside another model word (高|活跃度)
                        bounds.add(cut)
                    break
        for token, start, end in tokens:
            bounds.add(start)
            bounds.add(end)
            if token not in self._cjk:  # "本科学历": two model words jieba glued into one (本科 | 学历)
                bounds.update(start + i for i in range(2, len(token) - 1) if token[:i] in self._cjk and token[i:] in self._cjk)
            # "每类产品", "消费类", "平均年龄", "年收入中位数": a measure or function word glued
            # to a model word is split off
            for affix in _AFFIXES:
                if len(token) > len(affix):
                    if token.startswith(affix) and token[len(affix):] in self._cjk:
                        bounds.add(start + len(affix))
                    if token.endswith(affix) and token[:-len(affix)] in self._cjk:
                        bounds.add(end - len(affix))
        return bounds

    def _with_loose(self, text: str, norm: str, exact: list[Mention]) -> list[Mention]:  # noqa: C901
        """Add loose (gapped) matches where exact ones leave room; longest first."""
        def overlaps(a: tuple[int, int], b: Mention) -> bool:
            return a[0] < b.end and b.start < a[1]

        loose = sorted(self._gapped.find(norm), key=lambda x: x.start - x.end)
        # names of several metrics stretched over the same words ("loans are currently outstanding":
        # loans outstanding, the balance; loans currently outstanding, their number) are all read there
        same_span: dict[tuple[int, int], tuple[Entry, ...]] = {}
        for lm in loose:
            said = same_span.get((lm.start, lm.end), ())
            same_span[(lm.start, lm.end)] = said + tuple(e for e in self.surfaces[lm.surface] if e not in said)
        kept = list(exact)
        for lm in loose:
            span = (lm.start, lm.end)
            entries = same_span[span]
            if any(m.start <= span[0] and span[1] <= m.end for m in kept):
                continue  # already inside a match
            if lm.parts and all(e.kind == "field" for e in entries) and all(any(m.start <= a and b <= m.end for m in kept) for a, b in lm.parts) \
                    and any(v.kind == "value" and v.target in {e.target for e in entries} for m in kept for v in m.entries
                            if any(m.start <= a and b <= m.end for a, b in lm.parts)):
                continue  # a field whose words are all read already, one of them as its value ("代发客户|里面|高价值客户")
            clash = [m for m in kept if overlaps(span, m)]
            agents = {w + suffix for w in re.split(r"[\s_-]+", lm.surface.lower()) for suffix in ("er", "ers")}
            if any(m.of_kind("value") and (m.start, m.end) in lm.parts and norm[m.start:m.end] in agents for m in clash):
                continue  # a value's own name is another word than the name's one it stretches ("the counter" is no "count")
            said = {(e.kind, e.target) for e in entries}
            # (a metric's rows may be narrowed inside it: "outstanding |business loans|" are business loans outstanding)
            if not any(e.kind == "metric" for e in entries) and any(m.of_kind("value") and span[0] < m.start and not any(a <= m.start < b for a, b in lm.parts)
                   and any(a < m.end <= b for a, b in lm.parts)
                   and not {e.target for e in m.of_kind("value")} & {e.target for e in entries} for m in clash):
                continue  # a gap never holds part of another field's value ("has a |time| deposit" is a time deposit held)
            if any({(e.kind, e.target) for e in m.entries} == said and _cut(m, lm.parts, text) for m in clash):
                continue  # the exact name says it already ("贷款申请量|差了|多少笔" would leave 量 unread)
            # "新开|了|存款账户": exact names that are each one word of the longer name, a particle between, are read as it
            words_of_it = bool(clash) and len(lm.parts) >= 2 and all(m.start in {a for a, _ in lm.parts} and m.end in {b for _, b in lm.parts}
                                                                      for m in clash) \
                and all(m.of_kind("metric") for m in clash) and all(len(norm[a:b].strip()) <= 1 for a, b in _gaps(lm.parts)) \
                and any(norm[a:b].strip() for a, b in _gaps(lm.parts)) \
                and any({e.target for e in m.of_kind("metric")} & {e.target for e in entries if e.kind == "metric"} for m in clash)
            if not words_of_it and any(not _replaceable(m, span, entries) and not any(e.kind == "value" for e in m.entries)
                                       and not _head_noun(m, span, lm.parts) for m in clash):
                continue  # an exact metric name is never overridden by a loose reading
            if all(e.kind == "value" for e in entries) and any(
                    any(e.kind == "value" for e in m.entries) and not (span[0] <= m.start and m.end <= span[1]) for m in clash):
                continue  # nor an exact value it only partly covers
            if any(m.of_kind("value") and span[0] < m.start < span[1] < m.end for m in clash):
                continue  # nor ends inside an exact value said after its start ("has the most |high loan|-intent customers")
            if all(e.kind == "value" for e in entries) and lm.parts and self._value_of_field_after(norm, lm.parts[-1], kept, entries):
                continue  # "NOT in the |active lifecycle stage|": the last word is a value of the field named after it
            if all(e.kind == "value" for e in entries):
                inner = [m for m in clash if any(e.kind == "value" for e in m.entries)]
                if any((m.end - m.start) * 2 > span[1] - span[0] for m in inner):
                    continue  # the exact value is most of the phrase: "存款波动大" in "存款波动大的客户"
                own = {e.target for e in entries}
                if any(not own & {e.target for e in m.entries if e.kind == "value"} for m in inner):
                    continue  # nor swallows a value of another field: "贷款试算的客户" is not "有贷款的客户"
                kept = [m for m in kept if m not in inner]  # a longer phrase beats a short value inside it
            if any(not _replaceable(m, span, entries) and m.end - m.start >= span[1] - span[0] for m in clash):
                continue  # nor cuts into an exact name at least as long ("a single |loan inquiry|")
            kept = [m for m in kept if not (overlaps(span, m) and (words_of_it or _replaceable(m, span, entries) or _head_noun(m, span, lm.parts)))]
            kept.append(Mention(span[0], span[1], text[span[0]:span[1]], entries, lm.parts))
        return sorted(kept, key=lambda m: m.start)

    def _lookup(self, matched: str) -> list[Entry]:
        key = re.sub(r"[\s_-]+", " ", matched)
        for candidate in (key, key.removesuffix("es"), key.removesuffix("s"), matched.replace(" ", "")):
            if candidate in self._loose:
                return self._loose[candidate]
        return []


def build_lexicon(model: SemanticModel, data_values: dict[str, list[str]] | None = None) -> Lexicon:
    """Compile the lexicon; ``data_values`` maps a field name to values read from the data."""
    lex = Lexicon()
    # metrics
    for m in model.metric_list:
        if m.hidden and not m.synonyms.all():
            continue
        entry = Entry("metric", m.name)
        lex.add_all([m.name, m.label.zh, m.label.en, *m.synonyms.all()], entry)
    # ambiguous bare terms: a metric's ambiguous_with group
    for m in model.metric_list:
        if m.ambiguous_with:
            names = {m.name, *m.ambiguous_with}
            group = tuple(x.name for x in model.metric_list if x.name in names)  # the model's order
            for term in m.ambiguous_terms.all():
                lex.add(term, Entry("ambiguous", term, options=group))
    # fields
    for table, dims in model.dimensions.items():
        for d in dims.values():
            lex.add_all([d.name, d.label.zh, d.label.en, *d.synonyms.all()], Entry("field", d.name, table=table))
            for code, label in d.values.items():
                lex.add_all([*_code_surface(code), *_label_surfaces(label)], Entry("value", d.name, code, table))
                for one in _isolated_surfaces(label):
                    lex.isolated[one].append(Entry("value", d.name, code, table))
    for t in model.tag_list:
        lex.add_all([t.name, t.label.zh, t.label.en, *t.synonyms.all()], Entry("field", t.name))
        state = t.values.get("true") if t.type == "boolean" else None
        if state is not None and state.zh == t.label.zh:  # "high_deposit_volatility", "time_deposit_maturing_30d": the name says the state
            lex.add_all([t.name, t.name.replace("_", " ")], Entry("value", t.name, "true"))
        for code, label in t.values.items():
            lex.add_all([*_code_surface(code), *_label_surfaces(label)], Entry("value", t.name, code))
            for one in _isolated_surfaces(label):
                lex.isolated[one].append(Entry("value", t.name, code))
    sounds = pinyin_of(v for values in (data_values or {}).values() for v in values if len(v) <= 4)
    for field, values in (data_values or {}).items():
        tables: list[str | None] = [t for t, dims in model.dimensions.items() if field in dims]
        short = _without_place(field, values, data_values or {})
        # (initials that are a word of the model already name that: "CD" is a certificate of deposit, never 成都)
        initials = [(v, i) for v, i in _initials(values, sounds) if not lex.surfaces.get(normalize(i))]
        for v, said in [*initials, *_said_in_pinyin(model, field, short, sounds)]:
            for home in tables or [None]:
                lex.add(said, Entry("value", field, v, home))
        for v in values:
            for home in tables or [None]:
                entry = Entry("value", field, v, home)
                if v.lower() not in GENERIC_CODES:  # "done in the app": a stored code "in" is no word of its own
                    lex.add(v, entry)
                if v in short:  # "西湖支行" for 杭州西湖支行
                    lex.add(short[v], entry)
                for suffix in _SUFFIXES:
                    if v.endswith(suffix) and len(v) - len(suffix) >= 2:
                        lex.add(v[: -len(suffix)], entry)
                py = sounds.get(v)
                for said in dict.fromkeys((py, py.replace("'", ""))) if py else ():  # "Xi'an" and "Xian"
                    lex.add(said, entry)
                    lex.add(said + " city", entry)
    _add_told(lex, model, data_values or {})
    for field, values in (data_values or {}).items():
        for place in {p for f, vs in (data_values or {}).items() if f != field for p in vs if len(p) >= 2 and not p.isascii()}:
            if n := sum(place in v for v in values):
                lex.named_after[(field, place)] = n
    lex.population = tuple(model.customer.words.all()) if model.customer else ()
    lex.row_words = tuple(w for t in model.table_list for w in t.words.all())
    lex.add_singulars()
    lex.compile()
    lex.find("预热 warm-up")  # load the Chinese segmenter now, not on the first question
    return lex


_LATIN = re.compile(r"[a-z]")
_CLAUSE_BREAK = re.compile(r"[?？。!！;；]")
_YEAR = re.compile(r"(?:19|20)\d{2}")
_BRACKET_AFTER = re.compile(r"\s*(?:campaigns?\s*)?[(（]")
_CAMPAIGN_WORD = re.compile(r"campaigns?\b|promotions?\b|promos?\b|活动")


def _add_told(lex: Lexicon, model: SemanticModel, data_values: dict[str, list[str]]) -> None:
    """Each value read from the data that the ``value_words`` of its field cover whole (a year, then
    pieces matched longest first), as the patterns of its pieces' words (see ``Lexicon._find_told``)."""
    for field, values in data_values.items():
        dims = [(t, dims[field]) for t, dims in model.dimensions.items() if field in dims and dims[field].value_words]
        words = {k: v for _, d in dims for k, v in d.value_words.items()}
        if not words:
            continue
        keys = sorted(words, key=len, reverse=True)
        for value in values:
            pieces: list[tuple[str, ...]] = []
            rest = value
            while rest:
                year = _YEAR.match(rest)
                key = next((k for k in keys if rest.startswith(k)), None)
                if year is not None:
                    pieces.append((year.group(),))
                    rest = rest[year.end():]
                elif key is not None:
                    pieces.append((key, *words[key]))  # the piece itself too: "the 2024 autumn 薪易贷 promo", "2024秋季薪易贷活动"
                    rest = rest[len(key):]
                else:
                    break
            if rest or len(pieces) < 2:
                continue  # a piece nobody says in other words: the value is read by its own name only
            # (a Latin word is a whole word; a Chinese one may touch a year or another piece: "2024秋季薪易贷")
            patterns_ = tuple(re.compile("|".join(
                re.escape(normalize(alt)) if _CJK_CHAR.search(alt) else
                r"(?<![a-z0-9])" + r"[\s-]*".join(re.escape(w) for w in re.split(r"[\s-]+", normalize(alt))) + r"(?![a-z0-9])"
                for alt in alts)) for alts in pieces)
            lex.told.append((patterns_, bool(_YEAR.match(value)), tuple(Entry("value", field, value, t) for t, _ in dims)))


#: a stretch blanked out before (a period read already), in the same clause
_READ_BEFORE = re.compile(r"\s{4,}[^,，。;；?？!！]*$")


def _cut(exact: Mention, parts: tuple[tuple[int, int], ...], text: str) -> bool:
    """Does a letter of the exact name fall in a gap between the loose match's parts?"""
    return bool(parts) and any(not text[i].isspace() and not any(a <= i < b for a, b in parts) for i in range(exact.start, exact.end))


@cache
def _abbreviations() -> dict[str, tuple[str, ...]]:
    """English word → the shorthand people type for it (words.yaml, ``abbreviations``)."""
    data = words_data()
    return {str(k).lower(): tuple(str(v).lower() for v in vs) for k, vs in (data.get("abbreviations") or {}).items()}


def _shorthand(name: str) -> list[str]:
    """"loan disbursement amount" → "loan disbursement amt", "loan disb amount", "loan disb amt":
    each word with a shorthand written short, one at a time and all at once."""
    words = re.split(r"([\s_-]+)", name.lower())
    short = _abbreviations()
    spots = [i for i, w in enumerate(words) if w in short]
    out = [("".join(words[:i]) + s + "".join(words[i + 1:])) for i in spots for s in short[words[i]]]
    if len(spots) > 1:
        out.append("".join(short[w][0] if w in short else w for w in words))
    return out


# Codes that are everyday English words are only matched through their labels.
GENERIC_CODES = {"in", "out", "other", "none", "both", "high", "medium", "low", "new", "active", "closed", "all"}


def _code_surface(code: str) -> list[str]:
    return [] if code.lower() in GENERIC_CODES else [code]


_CJK_CHAR = re.compile(r"[\u3400-\u9fff]")


# a space between two Chinese words lists them too ("新客 活跃 沉睡 流失")
_LIST_BEFORE = re.compile(r"\s*(?:、|和|与|及|或|或者|,|，|/)\s*$|(?<=[\u4e00-\u9fff])\s+$")
_LIST_AFTER = re.compile(r"\s*(?:、|和|与|及|或|或者|,|，|/)\s*|\s+(?=[\u4e00-\u9fff])")


def _isolated_surfaces(label: object) -> list[str]:
    """A value's names that ``_label_surfaces`` leaves out as generic (男, 活跃, "closed")."""
    names = [label.zh, label.en, *label.synonyms]  # type: ignore[attr-defined]
    return [n for n in names if n in _GENERIC_ZH or n.lower() in GENERIC_CODES]


def _label_surfaces(label: object) -> list[str]:
    """A value's labels and synonyms, minus everyday words that alone mean little
    ("active", "活跃", "new", "high"): those only count inside longer phrases."""
    names = [label.zh, label.en, *label.synonyms]  # type: ignore[attr-defined]
    return [n for n in names if n.lower() not in GENERIC_CODES and n not in _GENERIC_ZH]


_GENERIC_ZH = {"活跃", "高", "中", "低", "无", "是", "否", "男", "女", "其他", "都有", "都没有", "两者都有", "两者都没有"}
