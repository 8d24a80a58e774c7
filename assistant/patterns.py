"""Regular expressions compiled once per installation, not once per start.

The offline parser holds some 450 patterns, many of them long generated alternations
(number words, time words); Python compiles each one from its source on every start,
about a fifth of a ``wenshu ask``'s wall time. :func:`compile` keeps what the compiler
makes of a pattern (the ``_sre`` program, its groups) in one ``disk_cache`` file and
builds the pattern from it on the next start. The key includes the Python version and
the regular-expression engine's version, so another interpreter never reads it; a
pattern not kept, or a file that cannot be read, is simply compiled as usual.
"""

from __future__ import annotations

import atexit
import re
import sys
import threading
from typing import Any

try:  # the engine behind ``re`` (CPython's); without it, plain re.compile
    import _sre
    from re import _compiler, _parser  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - another Python implementation
    _sre = None

from semantic_layer import disk_cache

_Program = tuple[int, list[int], int, dict[str, int], tuple[Any, ...]]

_lock = threading.Lock()
_kept: dict[tuple[str, int], _Program] | None = None
_added = False


def _path() -> str:
    engine = [sys.version, str(getattr(_sre, "MAGIC", "")), str(getattr(_sre, "CODESIZE", ""))]
    return disk_cache.cache_path("patterns", engine)


def _programs() -> dict[tuple[str, int], _Program]:
    global _kept
    if _kept is None:
        with _lock:
            if _kept is None:
                found = disk_cache.load(_path())
                _kept = found if isinstance(found, dict) else {}
                atexit.register(_store)
    return _kept


def _program(pattern: str, flags: int) -> _Program:
    """What ``re``'s compiler makes of ``pattern`` (as ``re._compiler.compile`` does)."""
    parsed = _parser.parse(pattern, flags)
    code = _compiler._code(parsed, flags)
    groupindex = dict(parsed.state.groupdict)
    indexgroup: list[str | None] = [None] * parsed.state.groups
    for name, number in groupindex.items():
        indexgroup[number] = name
    return int(flags | parsed.state.flags), [int(c) for c in code], parsed.state.groups - 1, groupindex, tuple(indexgroup)


def compile(pattern: str | re.Pattern[str], flags: int | re.RegexFlag = 0) -> re.Pattern[str]:  # noqa: A001 - re.compile's name
    """``re.compile(pattern, flags)``, from the program kept by an earlier start when there is one."""
    global _added
    flags = int(flags)
    if _sre is None or not isinstance(pattern, str) or flags & re.DEBUG:
        return re.compile(pattern, flags)
    kept = _programs()
    key = (pattern, flags)
    program = kept.get(key)
    if program is None:  # compiled once here, from the program kept for the next start
        try:
            program = _program(pattern, flags)
        except Exception:  # noqa: BLE001 - an invalid pattern (re.compile says why) or an engine that works differently
            return re.compile(pattern, flags)
        with _lock:
            kept[key] = program
            _added = True
    try:
        return _sre.compile(pattern, *program)
    except Exception:  # noqa: BLE001 - a damaged entry: dropped from the file, compiled as usual
        with _lock:
            kept.pop(key, None)
            _added = True
        return re.compile(pattern, flags)


def _store() -> None:
    """Write the kept programs if this run compiled any new pattern."""
    if _added and _kept is not None:
        with _lock:
            disk_cache.store(_path(), dict(_kept))
