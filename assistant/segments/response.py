"""Through which channel, and when: response (click) rates of a segment's past touches.

Response rate is the glossary's click rate (响应率): treated rows clicked / treated
rows. Rates per channel, and per period of the send time (bucketed like the
``active_period`` tag), are shrunk towards the segment's overall rate by ``smoothing``
touches, so a small cell needs a clearly better rate to win; cells with fewer than
``min_touches`` touches are not chosen. A cell whose touches reach fewer than
``min_customers`` distinct customers is hidden like any small group of an answer
(``assistant.describe.suppressed_rows``: with the next smallest when it is the only
one), is never chosen, and comes last, so its place in the order says nothing either.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
import pandas as pd


@dataclass(frozen=True)
class Response:
    value: str
    touches: int
    clicks: int
    customers: int = 0  # distinct customers behind the touches
    hidden: bool = False  # too few customers: figures not shown

    @property
    def rate(self) -> float:
        return self.clicks / self.touches if self.touches else 0.0


@dataclass(frozen=True)
class Best:
    best: Response | None
    cells: tuple[Response, ...]  # every value with its touches, best first


def best_response(
    touches: pd.DataFrame,
    mask: np.ndarray,
    column: str,
    min_touches: int,
    smoothing: float,
    min_customers: int = 1,
) -> Best:
    """The value of ``column`` whose touches in ``mask`` respond best."""
    from assistant.describe import suppressed_rows

    if not len(touches) or not mask.any():
        return Best(None, ())
    sub = touches.loc[mask, [column, "clicked", "customer_id"]].dropna(subset=[column])
    if sub.empty:
        return Best(None, ())
    sub = sub.assign(clicked=sub["clicked"].astype(bool))
    overall = float(sub["clicked"].mean())
    grouped = sub.groupby(column).agg(
        clicks=("clicked", "sum"), touches=("clicked", "size"), customers=("customer_id", "nunique")
    )
    cells = [
        Response(str(v), int(r["touches"]), int(r["clicks"]), int(r["customers"]))
        for v, r in grouped.iterrows()
    ]
    small = suppressed_rows([c.customers for c in cells], min_customers)
    cells = [replace(c, hidden=True) if i in small else c for i, c in enumerate(cells)]

    def shrunk(c: Response) -> float:
        return (c.clicks + smoothing * overall) / (c.touches + smoothing)

    cells.sort(key=lambda c: (c.hidden, -shrunk(c) if not c.hidden else 0.0, c.value))
    eligible = [c for c in cells if not c.hidden and c.touches >= min_touches]
    return Best(eligible[0] if eligible else None, tuple(cells))
