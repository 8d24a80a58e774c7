"""Finished segment searches kept in this process, so that a question asked again is
answered at once instead of in seconds.

A search is keyed by everything its answer depends on: the database file (its path and
modification time, so a rewritten or re-tagged file is a new key), the goal, the as-of
date, the model's fingerprint and the asking role (its name and minimum group size).
Searches that miss the cache may have to take turns (``gate``, the chat page's one
search at a time); a hit never waits for them.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Generic, TypeVar

from assistant.segments.progress import Progress, Stage, ignore

T = TypeVar("T")
KEPT = 64  # searches kept; each is a few suggestions in two languages, not the pulled rows


@dataclass(frozen=True)
class SearchKey:
    db: str
    modified_ns: int
    goal: str
    as_of: date
    model: str  # semantic_layer.fingerprint.model_fingerprint
    role: str
    min_customers: int


class SearchCache(Generic[T]):
    """The ``size`` most recently used results, safe to share between threads."""

    def __init__(self, size: int = KEPT) -> None:
        self.size = size
        self._items: OrderedDict[SearchKey, T] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: SearchKey) -> T | None:
        with self._lock:
            found = self._items.get(key)
            if found is not None:
                self._items.move_to_end(key)
            return found

    def put(self, key: SearchKey, value: T) -> None:
        with self._lock:
            self._items[key] = value
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()


def find_cached(
    key: SearchKey,
    search: Callable[[], T],
    cache: SearchCache[T],
    progress: Progress = ignore,
    gate: threading.Semaphore | None = None,
) -> T:
    """The cached result for ``key``, or ``search()`` run (through ``gate`` when given)
    and kept. Says "waiting" when the gate is taken, "cached" on a hit."""
    found = cache.get(key)
    if found is not None:
        progress(Stage("cached"))
        return found
    if gate is not None and not gate.acquire(blocking=False):
        progress(Stage("waiting"))
        gate.acquire()
    try:
        found = cache.get(key)  # the search it waited for may have been this one
        if found is not None:
            progress(Stage("cached"))
            return found
        found = search()
        cache.put(key, found)
        return found
    finally:
        if gate is not None:
            gate.release()
