"""Small derived data kept between runs, so a start need not work it out again.

Each item is a marshal file in the cache directory (``WENSHU_CACHE_DIR``, else the
directory given, else the system's temporary directory), named by a hash of everything
it was worked out from: a changed input is a new name, never a stale answer.
"""

from __future__ import annotations

import contextlib
import hashlib
import marshal
import os
import tempfile
from collections.abc import Iterable
from typing import Any


def cache_path(name: str, key: Iterable[str], directory: str | None = None) -> str:
    """Where the item ``name`` worked out from ``key`` is kept."""
    digest = hashlib.sha1("\n".join(key).encode("utf-8")).hexdigest()[:16]
    root = os.environ.get("WENSHU_CACHE_DIR") or directory or tempfile.gettempdir()
    return os.path.join(root, f"wenshu-{name}-{digest}.marshal")


def load(path: str) -> Any:
    """The item kept at ``path``, or None if there is none (or it cannot be read)."""
    try:
        with open(path, "rb") as f:
            return marshal.loads(f.read())
    except (OSError, ValueError, EOFError, TypeError):
        return None


def store(path: str, value: Any) -> None:
    """Keep ``value`` at ``path``: written whole, then moved into place, so a reader never
    sees half a file. A read-only directory only costs the next start the work again."""
    try:
        data = marshal.dumps(value)
        fd, part = tempfile.mkstemp(dir=os.path.dirname(path))
    except (OSError, ValueError):  # ValueError: a value marshal cannot keep
        return
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(part, path)
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(part)
