"""Small derived data kept between runs, so a start need not work it out again.

Each item is a marshal file in the cache directory (``WENSHU_CACHE_DIR``, else the
directory given, else the system's temporary directory), named by a hash of everything
it was worked out from: a changed input is a new name, never a stale answer. Only a file
this user wrote is read back.
"""

from __future__ import annotations

import contextlib
import hashlib
import marshal
import os
import tempfile
from collections.abc import Callable, Iterable
from typing import Any, BinaryIO, TypeVar

T = TypeVar("T")


def cache_path(name: str, key: Iterable[str], directory: str | None = None) -> str:
    """Where the item ``name`` worked out from ``key`` is kept."""
    digest = hashlib.sha1("\n".join(key).encode("utf-8")).hexdigest()[:16]
    root = os.environ.get("WENSHU_CACHE_DIR") or directory or tempfile.gettempdir()
    return os.path.join(root, f"wenshu-{name}-{digest}.marshal")


def open_own(path: str) -> BinaryIO | None:
    """The file at ``path`` open for reading if this user wrote it and no one else may write
    it, else None: in a shared temporary directory anyone can leave a file at an item's name
    (and the model, the roles and the parser's programs are kept here)."""
    try:
        f = open(path, "rb")  # noqa: SIM115 - returned open
    except OSError:
        return None
    try:
        st = os.fstat(f.fileno())
        own = st.st_uid == os.getuid() if hasattr(os, "getuid") else True  # Windows: a per-user temp directory
    except OSError:
        own = False
    if own and not st.st_mode & 0o022:
        return f
    f.close()
    return None


def load(path: str) -> Any:
    """The item kept at ``path``, or None if there is none (or it cannot be read, or is not
    this user's: ``open_own``)."""
    f = open_own(path)
    if f is None:
        return None
    try:
        with f:
            return marshal.loads(f.read())
    except (OSError, ValueError, EOFError, TypeError):
        return None


def store(path: str, value: Any) -> None:
    """Keep ``value`` at ``path`` (see :func:`write`); a value marshal cannot keep is not kept."""
    try:
        data = marshal.dumps(value)
    except ValueError:
        return
    write(path, data)


def write(path: str, data: bytes) -> None:
    """Put ``data`` at ``path``: written whole, then moved into place, so a reader never
    sees half a file. A read-only directory only costs the next start the work again."""
    try:
        fd, part = tempfile.mkstemp(dir=os.path.dirname(path))
    except OSError:
        return
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(part, path)
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(part)


def file_state(*paths: str | os.PathLike[str]) -> list[str] | None:
    """What changes when a file is written or replaced: each path's inode, size and
    modification time ("-" for a path with no file), for an item's key; None if a file
    cannot be read."""
    state: list[str] = []
    for path in paths:
        try:
            st = os.stat(path)
        except FileNotFoundError:
            state.append("-")
            continue
        except OSError:
            return None
        state += [str(st.st_ino), str(st.st_size), str(st.st_mtime_ns)]
    return state


def kept(name: str, key: Iterable[str] | None, kind: type[T], work: Callable[[], T]) -> T:
    """The item ``name`` worked out from ``key``: as kept by an earlier run when there is
    one (of type ``kind``; None is never kept), else ``work()``, kept for the next run. A
    ``key`` of None (an input that cannot be read) keeps nothing."""
    path = cache_path(name, key) if key is not None else None
    found = load(path) if path is not None else None
    if found is not None and isinstance(found, kind):
        return found
    value = work()
    if path is not None:
        store(path, value)
    return value
