"""Chinese word segmentation (jieba) with one dictionary load per process.

jieba's prefix dictionary (half a million entries) is the largest thing the parser reads:
decoding all of it takes 0.2 s. jieba only ever looks up a piece of the text it cuts, or a
prefix of a word it adds, so every key it asks about starts with a character of that text.
The dictionary is kept (in the disk cache, beside jieba's own) split by first character,
each part still encoded, and a part is decoded the first time a key starting with that
character is asked about: a question reads a few dozen of the twelve thousand parts. Every
user of the segmenter shares those parts: the default tokenizer cuts model names into
words, and the question tokenizer is a copy that also knows every model word.
"""

from __future__ import annotations

import logging
import marshal
import os
import sys
import tempfile
from collections.abc import Iterable
from functools import cache
from typing import Any

from semantic_layer import disk_cache


def _jieba() -> Any:
    """jieba, imported without ``pkg_resources``: jieba only asks it where its own files
    are (and falls back to its package directory), and importing it costs half a second."""
    if "jieba" in sys.modules:
        return sys.modules["jieba"]
    hidden = "pkg_resources" not in sys.modules
    if hidden:
        sys.modules["pkg_resources"] = None  # type: ignore[assignment]  # `import pkg_resources` raises ImportError
    try:
        import jieba
    finally:
        if hidden:
            del sys.modules["pkg_resources"]
    return jieba


class Prefixes:
    """jieba's ``FREQ`` (word or word prefix → frequency, 0 for a bare prefix), decoded one
    first character at a time; what a tokenizer adds is kept apart, over the shared parts."""

    def __init__(self, parts: dict[str, bytes], decoded: dict[str, dict[str, int]] | None = None) -> None:
        self._parts = parts  # first character → marshal-encoded {key: frequency}
        self._decoded = {} if decoded is None else decoded  # shared by copies; never written but here
        self._added: dict[str, int] = {}
        self._bare: set[str] = set()  # prefixes of added words: 0 unless known otherwise

    def add(self, word: str, freq: int) -> None:
        """What jieba's ``add_word`` does to ``FREQ`` (the word, then each of its prefixes
        not yet known as 0), without decoding a part to ask whether a prefix is known:
        a bare prefix is looked up last, so it is 0 exactly when jieba would have set it."""
        self._added[word] = freq
        self._bare.update(word[:end] for end in range(1, len(word)))

    def _part(self, key: str) -> dict[str, int]:
        first = key[:1]
        part = self._decoded.get(first)
        if part is None:
            encoded = self._parts.get(first)
            part = self._decoded[first] = marshal.loads(encoded) if encoded else {}
        return part

    def __contains__(self, key: object) -> bool:
        return key in self._added or (isinstance(key, str) and key in self._part(key)) or key in self._bare

    def __getitem__(self, key: str) -> int:
        if key in self._added:
            return self._added[key]
        part = self._part(key)
        if key in part or key not in self._bare:
            return part[key]
        return 0

    def get(self, key: str, default: Any = None) -> Any:
        if key in self._added:
            return self._added[key]
        part = self._part(key)
        if key in part:
            return part[key]
        return 0 if key in self._bare else default

    def __setitem__(self, key: str, freq: int) -> None:
        self._added[key] = freq

    def copy(self) -> Prefixes:
        """A dictionary that starts as this one; what is added to it stays its own."""
        other = Prefixes(self._parts, self._decoded)
        other._added, other._bare = dict(self._added), set(self._bare)
        return other


def _split(freq: dict[str, int]) -> dict[str, bytes]:
    """jieba's dictionary split by first character, each part encoded."""
    parts: dict[str, dict[str, int]] = {}
    for key, value in freq.items():
        parts.setdefault(key[:1], {})[key] = value
    return {first: marshal.dumps(part) for first, part in parts.items()}


@cache
def base() -> Any:
    """jieba's default tokenizer, its dictionary read from the split copy kept in the disk
    cache (made once from jieba's own cache file, which jieba builds if there is none)."""
    jieba = _jieba()
    jieba.setLogLevel(logging.WARNING)
    tok = jieba.dt
    if tok.initialized:
        return tok
    own = os.path.join(tok.tmp_dir or tempfile.gettempdir(), "jieba.cache")  # where jieba keeps it
    kept = _split_path(jieba, own)
    stored = disk_cache.load(kept) if kept else None
    if isinstance(stored, tuple) and len(stored) == 2:
        tok.total, parts = stored
    else:
        try:
            with open(own, "rb") as f:
                freq, tok.total = marshal.loads(f.read())
        except (OSError, ValueError, EOFError, TypeError):
            tok.initialize()  # no cache yet, or another Python's: jieba builds and writes it
            freq = tok.FREQ
        parts = _split(freq)
        kept = _split_path(jieba, own)
        if kept:
            disk_cache.store(kept, (tok.total, parts))
    tok.FREQ, tok.initialized = Prefixes(parts), True
    return tok


def _split_path(jieba: Any, own: str) -> str | None:
    """Where the split dictionary made from jieba's cache file ``own`` is kept (None while
    there is no such file): named by jieba's version and the file's size and time."""
    try:
        st = os.stat(own)
    except OSError:
        return None
    return disk_cache.cache_path("jieba-split", [jieba.__version__, own, str(st.st_size), str(st.st_mtime_ns)], os.path.dirname(own))


def knowing(words: Iterable[str]) -> Any:
    """A tokenizer that keeps each of ``words`` whole: a copy of the default dictionary
    with the words added, frequent enough to stay whole but not to split their neighbours.

    Working out those frequencies cuts every word (a second for a model's thousand names);
    they are kept beside jieba's own cache, keyed by the words, and read back next time."""
    jieba = _jieba()
    default = base()
    tok = jieba.Tokenizer()
    tok.FREQ, tok.total, tok.initialized = default.FREQ.copy(), default.total, True
    # in one order: the frequencies (and so the kept file's name) must not follow a set's
    # order, which changes from process to process (the file was missed on every start)
    names = sorted({w for w in words if len(w) >= 2})
    cached = disk_cache.cache_path("words", [jieba.__version__, str(default.total), *names], tok.tmp_dir)
    try:
        for w, freq in disk_cache.load(cached):
            _add_word(tok, w, freq)
        return tok
    except (ValueError, TypeError):  # none kept (None), or not pairs
        pass
    freqs = []
    for w in names:
        freq = tok.suggest_freq(w, tune=False)
        tok.add_word(w, freq=freq)
        freqs.append((w, freq))
    disk_cache.store(cached, freqs)
    return tok


def _add_word(tok: Any, word: str, freq: int) -> None:
    """``tok.add_word(word, freq=freq)``, through ``Prefixes.add``."""
    tok.FREQ.add(word, freq)
    tok.total += freq
    if freq == 0:
        _jieba().finalseg.add_force_split(word)
