"""The stages of a long search (target segments) as a rich status line on stderr, so
that ``--json`` output on stdout stays clean. Nothing is shown until a stage arrives: a
quick question prints nothing extra."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import Console
    from rich.status import Status

    from assistant.segments.progress import Progress, Stage


@contextmanager
def stage_status(console: Console | None = None) -> Iterator[Progress]:
    """A ``progress`` callback that shows each stage with the seconds since the first
    (rich is imported when the first stage arrives)."""
    status: Status | None = None
    started = 0.0

    def show(stage: Stage) -> None:
        nonlocal status, started
        if status is None:
            from rich.console import Console

            started = time.perf_counter()
            status = (console or Console(stderr=True)).status(stage.label())
            status.start()
        status.update(f"{stage.label()}  ·  {time.perf_counter() - started:.1f} s")

    try:
        yield show
    finally:
        if status is not None:
            status.stop()
