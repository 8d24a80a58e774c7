"""A figure's or tag's governed definition, said again right after its name.

"total AUM (deposits plus wealth holdings at the latest month-end)", "户均AUM（AUM=存款+理财，取2025年12月末）",
"click rate (what some people call the response rate — clicks among the treatment touches that were actually
delivered)": the words after the name tell what the model already defines. They are checked against the
model, not trusted: every name said there must be one the definition itself reads (a column, a figure, a
code of its SQL), no number may be said outside a period, and no word may narrow or deny. A restatement that
passes is set aside — its names are no figures and no conditions asked for; one that does not stays to be
read, and what cannot be placed is asked about. The period said inside ("取2025年12月末") is never set aside.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from functools import lru_cache
from typing import Any

from assistant import patterns
from assistant.parse.vocabulary.lexicon import Entry, Mention
from assistant.recognise.numbers import find_numbers
from assistant.recognise.time import find_time_ranges
from semantic_layer.compile.sqlparts import columns_of
from semantic_layer.semantic_model import SemanticModel

#: what a definition is made of, not what it is called
_WORDS_ONLY = {"name", "label", "synonyms", "description", "units", "values", "value_words", "none_means", "order",
               "format", "group", "type", "kind", "readings", "suggest", "default_period", "counts_customers",
               "ambiguous_with", "ambiguous_terms", "row_values"}

#: a gloss right after a name: in brackets, or after "i.e." / 即 up to the end of the clause
_IN_BRACKETS = patterns.compile(r"\s*[(（]([^()（）]{2,120})[)）]")
_AFTER_IE = patterns.compile(r"\s*(?:[,，]\s*|[—–]+\s*|\s-+\s*)?(?:i\.?\s?e\.?,?|that\s+is,|namely,?|meaning|defined\s+as|"
                             r"即|也就是说?|就是|指的是|指)\s*[:：]?\s*([^,，。;；?？!！()（）]{2,120})", re.I)
#: …or as the last words, after the question mark
_AFTER_QUESTION = patterns.compile(r"[?？]\s*([^?？()（）]{2,60}?)\s*[?？.。!！]*\s*$")
#: a few words between the name and its bracket, none of them a name: "total AUM as of today (…)"
_SHORT_GAP = patterns.compile(r"[^()（）,，。;；?？!！]{1,24}?(?=\s*[(（])")
#: a word that narrows, denies or sets a bound: the gloss then says more than the definition
_NARROWS = patterns.compile(r"\b(?:not|no|non|only|just|excluding|except|without|never|but|above|below|over|under|at\s+least|more|less|"
                            r"minimum|maximum|other\s+than|instead)\b|不|非|除|仅|只|未|没|无|以上|以下|超过|低于|至少|而非|而是|不含|剔除",
                            re.I)
#: the words a definition is said with
_DEFINING = patterns.compile(r"\bwhat\s+(?:some|many|most)?\s*(?:people|we|they|others|folks)\s+(?:also\s+)?call\b|\balso\s+(?:called|known\s+as)\b|"
                             r"\ba\.?k\.?a\.?|\bplus\b|\bsum\s+of\b|\bthe\s+sum\b|\btotal\s+of\b|\bcombined\b|\btogether\b|\bamong\b|"
                             r"\bdivided\s+by\b|\bover\b|\bthat\s+(?:were|was|are|is)\b|\bactually\b|\bi\.?\s?e\.?|\bthat\s+is\b|\bnamely\b|"
                             r"\bmeaning\b|\bdefined\s+as\b|[+=＝/÷]|亦称|也叫|又叫|又称|俗称|即|也就是说?|就是|指的是|加上|之和|合计|总和|除以|"
                             r"口径|\band\b|和|与|加", re.I)


def definition_glosses(text: str, found: list[Mention], model: SemanticModel) -> list[tuple[int, int]]:
    """The spans of restated definitions to set aside: the names said there and the words they are joined
    with — never a period, never a word left unplaced."""
    out: list[tuple[int, int]] = []
    for m in found:
        own = {e.target for e in (*m.of_kind("metric"), *m.of_kind("field"))}
        if not own:
            continue
        gloss = _IN_BRACKETS.match(text, m.end) or _AFTER_IE.match(text, m.end)
        gap = _SHORT_GAP.match(text, m.end) if gloss is None else None
        if gap is not None and not any(gap.start() <= x.start < gap.end() for x in found):
            gloss = _IN_BRACKETS.match(text, gap.end())  # "total AUM as of today (deposits + wealth, month-end)"
        if gloss is None:  # "total AUM across all customers? deposits + wealth": said again after the question
            gloss = _AFTER_QUESTION.search(text, m.end)
            if gloss is None or any(m.end <= x.start < gloss.start() and (x.of_kind("value") or x.of_kind("field")) for x in found):
                continue
        start, end = gloss.span(1)
        said = text[start:end]
        inner = [x for x in found if start <= x.start and x.end <= end]
        if not inner or _NARROWS.search(said):
            continue
        times = [t.span for t in find_time_ranges(said, date(2000, 1, 1))]
        if any(not any(a <= s and e <= b for a, b in times) for _, (s, e), _ in find_numbers(said)):
            continue  # a number beside the definition is a threshold or a size: read, not set aside
        words = set().union(*(definition_words(model, n) for n in own))
        if not all(any(_covered(model, e, words, own) for e in x.entries) for x in inner):
            continue
        out += [(x.start, x.end) for x in inner]
        out += [(start + a, start + b) for a, b in (w.span() for w in _DEFINING.finditer(said))
                if not any(ta <= a < tb for ta, tb in times)]
        if gloss.re is _IN_BRACKETS:
            out += [(gloss.start(1) - 1, gloss.start(1)), (end, end + 1)]
    return out


def _covered(model: SemanticModel, e: Entry, words: frozenset[str] | set[str], own: set[str]) -> bool:
    """Is what the entry names one the definition reads?"""
    if e.kind in ("metric", "field") and (e.target in own or e.target.lower() in words):
        return True
    if e.kind == "ambiguous":
        return any(o in own or o.lower() in words or _reads_within(model, o, words) for o in e.options)
    if e.kind == "value":
        code = str(e.code).lower()
        if code in words or code.split("_")[0] in {w.split("_")[0] for w in words if "_" in w}:
            return True  # 理财 (wealth_management) in AUM's deposit_balance + wealth_balance
        field = model.tags.get(e.target) or model.dimensions.get(e.table or "", {}).get(e.target)
        columns = _columns(field.expr or "") if field is not None and field.type == "boolean" else frozenset()
        return bool(columns) and columns <= words
    return _reads_within(model, e.target, words)


def _reads_within(model: SemanticModel, name: str, words: frozenset[str] | set[str]) -> bool:
    """A figure or field whose own SQL reads only what the definition reads (存款 in AUM's deposit + wealth)."""
    read = _identifiers_of(model, name)
    return bool(read) and read <= words


@lru_cache(maxsize=4096)
def _columns(sql: str) -> frozenset[str]:
    try:
        return frozenset(c.name.lower() for c in columns_of(sql)) if sql else frozenset()
    except Exception:  # noqa: BLE001 - a snippet that does not parse reads nothing we can check
        return frozenset()


def _item(model: SemanticModel, name: str) -> Any:
    """The metric, tag or dimension called ``name`` (the first dimension of that name), if any."""
    return model.metrics.get(name) or model.tags.get(name) or next(
        (d for dims in model.dimensions.values() for n, d in dims.items() if n == name), None)


def _sql_of(model: SemanticModel, name: str) -> Iterator[str]:
    """The strings of one item's definition: its SQL and the names it refers to, not its words."""
    item = _item(model, name)
    return _strings(item.model_dump(exclude=_WORDS_ONLY)) if item is not None else iter(())


def _identifiers_of(model: SemanticModel, name: str) -> set[str]:
    """The columns one item's own SQL reads (not the names it refers to)."""
    out: set[str] = set()
    for s in _sql_of(model, name):
        out |= _columns(s)
    return out


_READ: dict[tuple[int, str], tuple[SemanticModel, frozenset[str]]] = {}


def definition_words(model: SemanticModel, name: str) -> frozenset[str]:
    """Every identifier and code the definition of ``name`` reads, through the figures and tags it refers to."""
    known = _READ.get((id(model), name))
    if known is None or known[0] is not model:
        known = _READ[(id(model), name)] = (model, _definition_words(model, name))
    return known[1]


def _definition_words(model: SemanticModel, name: str) -> frozenset[str]:
    seen: set[str] = set()
    todo = [name]
    out: set[str] = set()
    while todo:
        n = todo.pop()
        if n in seen:
            continue
        seen.add(n)
        for s in _sql_of(model, n):
            for literal, ident in re.findall(r"'([^']*)'|([A-Za-z_][A-Za-z0-9_]*)", s):
                word = (literal or ident).lower()
                out.add(word)
                if ident and (ident in model.metrics or ident in model.tags) and ident not in seen:
                    todo.append(ident)
    return frozenset(out)


def _strings(data: Any) -> Iterator[str]:
    if isinstance(data, str):
        yield data
    elif isinstance(data, dict):
        for v in data.values():
            yield from _strings(v)
    elif isinstance(data, (list, tuple)):
        for v in data:
            yield from _strings(v)
