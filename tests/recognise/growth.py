"""How a text scanner's cost grows with its input: a ratio of CPU times, never a number of
seconds (how fast it is on this machine is for benchmarks/, not for tests)."""

from __future__ import annotations

import gc
import time
from collections.abc import Callable

FACTOR = 4  # the larger input is four times the smaller
# linear work grows about 4×, quadratic 16×; a busy machine (caches shared with other processes) has
# pushed linear work past 8×, so the bound sits between the two, well clear of both
LINEAR_BOUND = 2.5 * FACTOR


def cpu_seconds(call: Callable[[str], object], text: str) -> float:
    """CPU time of this process for one call (the best of three, with the collector off: less noise)."""
    best = float("inf")
    enabled = gc.isenabled()
    gc.disable()
    try:
        for _ in range(3):
            start = time.process_time()
            call(text)
            best = min(best, time.process_time() - start)
    finally:
        if enabled:
            gc.enable()
    return best


def growth(call: Callable[[str], object], text_of: Callable[[int], str], n: int) -> float:
    """CPU time on ``text_of(FACTOR * n)`` over CPU time on ``text_of(n)``."""
    small = max(cpu_seconds(call, text_of(n)), 1e-3)  # below a millisecond the ratio is noise
    return cpu_seconds(call, text_of(FACTOR * n)) / small
