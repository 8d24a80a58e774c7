"""How a text scanner's cost grows with its input: a ratio of CPU times, never a number of
seconds (how fast it is on this machine is for benchmarks/, not for tests)."""

from __future__ import annotations

import time
from collections.abc import Callable

FACTOR = 4  # the larger input is four times the smaller
LINEAR_BOUND = 2 * FACTOR  # linear work grows about 4×, quadratic 16×


def cpu_seconds(call: Callable[[str], object], text: str) -> float:
    """CPU time of this process for one call (the best of two: less noise from other processes)."""
    best = float("inf")
    for _ in range(2):
        start = time.process_time()
        call(text)
        best = min(best, time.process_time() - start)
    return best


def growth(call: Callable[[str], object], text_of: Callable[[int], str], n: int) -> float:
    """CPU time on ``text_of(FACTOR * n)`` over CPU time on ``text_of(n)``."""
    small = max(cpu_seconds(call, text_of(n)), 1e-3)  # below a millisecond the ratio is noise
    return cpu_seconds(call, text_of(FACTOR * n)) / small
