"""Finished segment searches kept in this process — and, given a ``Kept``, on disk between
runs — so that a question asked again is answered at once instead of in seconds.

A search is keyed by everything its answer depends on: the database file (its path and
modification time, so a rewritten or re-tagged file is a new key), the goal, the as-of
date, the model's fingerprint and the asking role (its name and minimum group size).
Searches that miss the cache may have to take turns (``gate``, the chat page's one
search at a time); a hit never waits for them. On disk (``semantic_layer.disk_cache``) a
search is a plain value named by a hash of its key and of what else it was worked out from
(the goal book): a changed input is a new name, never a stale answer.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any, Generic, TypeVar

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


@dataclass(frozen=True)
class Kept(Generic[T]):
    """How results are kept on disk: as the plain value ``dump`` makes (what ``marshal`` can
    write), read back by ``load``; ``inputs`` names what else a result depends on."""

    name: str
    dump: Callable[[T], Any]
    load: Callable[[Any], T]
    inputs: Callable[[], list[str]] = list

    def path(self, key: SearchKey) -> str:
        from semantic_layer import disk_cache

        fields = [key.db, str(key.modified_ns), key.goal, key.as_of.isoformat(), key.model, key.role, str(key.min_customers)]
        return disk_cache.cache_path(self.name, [*fields, *self.inputs()])

    def read(self, key: SearchKey) -> T | None:
        from semantic_layer import disk_cache

        plain = disk_cache.load(self.path(key))
        if plain is None:
            return None
        try:
            return self.load(plain)
        except (KeyError, TypeError, ValueError):  # written by another version: searched again
            return None

    def write(self, key: SearchKey, value: T) -> None:
        from semantic_layer import disk_cache

        disk_cache.store(self.path(key), self.dump(value))


class SearchCache(Generic[T]):
    """The ``size`` most recently used results, safe to share between threads; with ``kept``,
    also on disk, so a new process answers a search a former one finished."""

    def __init__(self, size: int = KEPT, kept: Kept[T] | None = None) -> None:
        self.size = size
        self.kept = kept
        self._items: OrderedDict[SearchKey, T] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: SearchKey) -> T | None:
        with self._lock:
            found = self._items.get(key)
            if found is not None:
                self._items.move_to_end(key)
                return found
        found = self.kept.read(key) if self.kept is not None else None
        if found is not None:
            self._remember(key, found)
        return found

    def put(self, key: SearchKey, value: T) -> None:
        self._remember(key, value)
        if self.kept is not None:
            self.kept.write(key, value)

    def _remember(self, key: SearchKey, value: T) -> None:
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
