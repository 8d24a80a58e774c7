"""Chinese word segmentation (jieba) with one dictionary load per process.

jieba's prefix dictionary (half a million entries) is the largest thing the parser reads.
jieba loads its cache with ``marshal.load`` on an open file, which reads item by item
(1.5 s here); read whole and decoded at once it takes a quarter of that. Every user of the
segmenter shares that one load: the default tokenizer cuts model names into words, and
the question tokenizer is a copy that also knows every model word.
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

from assistant.parse import disk_cache


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


@cache
def base() -> Any:
    """jieba's default tokenizer, initialised (once) from jieba's own cache file."""
    jieba = _jieba()
    jieba.setLogLevel(logging.WARNING)
    tok = jieba.dt
    if not tok.initialized:
        cached = os.path.join(tok.tmp_dir or tempfile.gettempdir(), "jieba.cache")  # where jieba keeps it
        try:
            with open(cached, "rb") as f:
                tok.FREQ, tok.total = marshal.loads(f.read())
            tok.initialized = True
        except (OSError, ValueError, EOFError, TypeError):
            tok.initialize()  # no cache yet, or another Python's: jieba builds and writes it
    return tok


def knowing(words: Iterable[str]) -> Any:
    """A tokenizer that keeps each of ``words`` whole: a copy of the default dictionary
    with the words added, frequent enough to stay whole but not to split their neighbours.

    Working out those frequencies cuts every word (a second for a model's thousand names);
    they are kept beside jieba's own cache, keyed by the words, and read back next time."""
    jieba = _jieba()
    default = base()
    tok = jieba.Tokenizer()
    tok.FREQ, tok.total, tok.initialized = dict(default.FREQ), default.total, True
    names = [w for w in words if len(w) >= 2]
    cached = disk_cache.cache_path("words", [jieba.__version__, str(default.total), *names], tok.tmp_dir)
    try:
        for w, freq in disk_cache.load(cached):
            tok.add_word(w, freq=freq)
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
