"""Through which channel, and when: response (click) rates of a segment's past touches.

Response rate is the glossary's click rate (响应率): treated rows clicked / treated
rows. Rates per channel, and per period of the send time (bucketed like the
``active_period`` tag), are shrunk towards the segment's overall rate by ``smoothing``
touches, so a small cell needs a clearly better rate to win; cells with fewer than
``min_touches`` touches are not chosen.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd


@dataclass(frozen=True)
class Response:
    value: str
    touches: int
    clicks: int

    @property
    def rate(self) -> float:
        return self.clicks / self.touches if self.touches else 0.0


@dataclass(frozen=True)
class Best:
    best: Response | None
    cells: tuple[Response, ...]  # every value with its touches, best first


def best_response(
    touches: pd.DataFrame, mask: np.ndarray, column: str, min_touches: int, smoothing: float
) -> Best:
    """The value of ``column`` whose touches in ``mask`` respond best."""
    if not len(touches) or not mask.any():
        return Best(None, ())
    sub = touches.loc[mask, [column, "clicked"]].dropna(subset=[column])
    if sub.empty:
        return Best(None, ())
    clicked = sub["clicked"].astype(bool)
    overall = float(clicked.mean())
    grouped = clicked.groupby(sub[column]).agg(["sum", "count"])
    cells = [Response(str(v), int(r["count"]), int(r["sum"])) for v, r in grouped.iterrows()]

    def shrunk(c: Response) -> float:
        return (c.clicks + smoothing * overall) / (c.touches + smoothing)

    cells.sort(key=lambda c: (-shrunk(c), c.value))
    eligible = [c for c in cells if c.touches >= min_touches]
    return Best(eligible[0] if eligible else None, tuple(cells))
