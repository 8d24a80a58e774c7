"""Regular expressions compiled once per installation, not once per start.

The offline parser holds some 450 patterns, many of them long generated alternations
(number words, time words); Python compiles each one from its source on every start,
about a fifth of a ``wenshu ask``'s wall time. :func:`compile` keeps what the compiler
makes of a pattern (the ``_sre`` program, its groups) in one ``disk_cache`` file and
builds the pattern from it on the next start. The key includes the Python version and
the regular-expression engine's version, so another interpreter never reads it; a
pattern not kept, or a file that cannot be read, is simply compiled as usual.

The file is the size of an index, the index — pattern and flags → the program's groups
and where its code is — and the code of every program, one machine word each as the
engine holds it. A start reads the index, then the code of just the patterns it compiles:
the file holds every pattern any run has compiled (each loose name of the model is one,
compiled when a question has its first word), ten times what one start needs, and
reading all of it back took a tenth of a second of every start.
"""

from __future__ import annotations

import atexit
import marshal
import os
import re
import sys
import threading
from array import array
from typing import IO, Any

try:  # the engine behind ``re`` (CPython's); without it, plain re.compile
    import _sre
    from re import _compiler, _parser  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - another Python implementation
    _sre = None

from semantic_layer import disk_cache

_Program = tuple[int, list[int], int, dict[str, int], tuple[Any, ...]]  # _sre.compile's arguments
#: the same with the code as bytes, or as where the bytes are in the file (offset, size)
_Entry = tuple[int, bytes | tuple[int, int], int, dict[str, int], tuple[Any, ...]]
_WORD = "I"  # the array type of one code word: unsigned, _sre.CODESIZE bytes
_SIZE = 8  # the file starts with the index's size in bytes, in this many bytes
if _sre is not None and array(_WORD).itemsize != _sre.CODESIZE:  # pragma: no cover - an unusual build
    _sre = None

_lock = threading.RLock()
_added = False


class _Kept:
    """The programs kept by earlier starts (the file's index) and those compiled by this one;
    the code of a kept one is read from the file, left open after the index, when used."""

    def __init__(self, programs: dict[tuple[str, int], _Entry], file: IO[bytes] | None = None, start: int = 0) -> None:
        self.programs = programs
        self._file = file
        self._start = start  # where the code begins in the file

    @classmethod
    def read(cls, path: str) -> _Kept:
        """The file at ``path``; none kept if there is no such file or it cannot be read."""
        f = disk_cache.open_own(path)  # open for the run: code is read as patterns are compiled
        if f is None:
            return cls({})
        try:
            size = int.from_bytes(f.read(_SIZE), "little")
            fits = _SIZE + size <= os.fstat(f.fileno()).st_size  # not a size read from another kind of file
            index = marshal.loads(f.read(size)) if fits else None  # whole: marshal.load(f) reads a bit at a time
        except (OSError, ValueError, EOFError, TypeError):
            index = None
        if not isinstance(index, dict):
            f.close()
            return cls({})
        return cls(index, f, _SIZE + size)

    def __del__(self) -> None:
        if self._file is not None:
            self._file.close()

    def code(self, where: bytes | tuple[int, int]) -> bytes:
        """A program's code: in memory, or at (offset, size) in the file."""
        if isinstance(where, bytes):
            return where
        offset, size = where
        with _lock:  # seek and read as one step
            if self._file is None:
                raise ValueError("the kept file is closed")
            self._file.seek(self._start + offset)
            data = self._file.read(size)
        if len(data) != size:
            raise ValueError("the kept file is shorter than its index says")
        return data

    def dump(self) -> bytes:
        """The file: the index's size, the index, the code. Every program's code is in
        memory from then on, and the file read from is closed."""
        with _lock:
            index: dict[tuple[str, int], _Entry] = {}
            parts: list[bytes] = []
            size = 0
            for key, entry in list(self.programs.items()):
                try:
                    flags_set, where, groups, groupindex, indexgroup = entry
                    code = self.code(where)
                except (OSError, ValueError, TypeError):  # unreadable: compiled again when used
                    del self.programs[key]
                    continue
                self.programs[key] = (flags_set, code, groups, groupindex, indexgroup)
                index[key] = (flags_set, (size, len(code)), groups, groupindex, indexgroup)
                parts.append(code)
                size += len(code)
            if self._file is not None:
                self._file.close()
                self._file = None
        head = marshal.dumps(index)
        return len(head).to_bytes(_SIZE, "little") + head + b"".join(parts)


_kept: _Kept | None = None


def _path() -> str:
    engine = [sys.version, str(getattr(_sre, "MAGIC", "")), str(getattr(_sre, "CODESIZE", "")), "indexed"]
    return disk_cache.cache_path("patterns", engine)


def _programs() -> _Kept:
    global _kept
    if _kept is None:
        with _lock:
            if _kept is None:
                _kept = _Kept.read(_path())
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
    entry = kept.programs.get(key)
    if entry is None:  # compiled once here, from the program kept for the next start
        try:
            program = _program(pattern, flags)
        except Exception:  # noqa: BLE001 - an invalid pattern (re.compile says why) or an engine that works differently
            return re.compile(pattern, flags)
        entry = (program[0], array(_WORD, program[1]).tobytes(), *program[2:])
        with _lock:
            kept.programs[key] = entry
            _added = True
    try:
        flags_set, where, groups, groupindex, indexgroup = entry
        return _sre.compile(pattern, flags_set, array(_WORD, kept.code(where)).tolist(), groups, groupindex, indexgroup)
    except Exception:  # noqa: BLE001 - a damaged entry: dropped from the file, compiled as usual
        with _lock:
            kept.programs.pop(key, None)
            _added = True
        return re.compile(pattern, flags)


def _store() -> None:
    """Write the kept programs if this run compiled any new pattern."""
    if _added and _kept is not None:
        disk_cache.write(_path(), _kept.dump())
