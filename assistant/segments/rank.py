"""Which counted segments are real, how big their effect is, and which to suggest.

Rate goals compare a segment's conversion rate with the base rate (lift); campaign
goals compare treated with hold-out control inside the segment (uplift), so customers
who convert anyway ("sure things") score nothing. Every segment large enough is a
test; Benjamini-Hochberg keeps the false discovery rate at ``alpha``, and intervals are
reported at the matching false-coverage level 1 - alpha*R/m (Benjamini-Yekutieli).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from assistant.segments.goals import Settings
from assistant.segments.search import Counts
from assistant.segments.stats import benjamini_hochberg, newcombe, score_test_p, two_proportion_p, wilson, z_value

# Slots of the counted rows.
RATE_SLOTS = {"history_no": 0, "history_yes": 1, "current": 2}
UPLIFT_SLOTS = {"control_no": 0, "control_yes": 1, "treated_no": 2, "treated_yes": 3, "current": 4}


@dataclass
class Scored:
    """Per-candidate statistics (arrays aligned with ``counts``)."""

    kind: str  # "rate" | "uplift"
    counts: Counts
    n: np.ndarray  # history rows (treated + control for uplift)
    size: np.ndarray  # customers in today's population
    rate: np.ndarray  # conversion rate (treated rate for uplift)
    control_rate: np.ndarray  # uplift only (zeros otherwise)
    n_treated: np.ndarray
    n_control: np.ndarray
    effect: np.ndarray  # lift (rate / base rate) or uplift (treated - control)
    low: np.ndarray
    high: np.ndarray
    p: np.ndarray
    tested: np.ndarray
    significant: np.ndarray
    score: np.ndarray  # expected conversions beyond contacting as many customers at random
    base_rate: float  # overall conversion rate (treated rate for uplift)
    base_control_rate: float
    base_n: int
    level: float  # confidence level of low/high
    m: int  # segments tested

    @property
    def null(self) -> float:
        return 1.0 if self.kind == "rate" else 0.0

    @property
    def base_effect(self) -> float:
        """The effect of picking customers at random: base rate, or the average uplift."""
        return self.base_rate if self.kind == "rate" else self.base_rate - self.base_control_rate

    def excess(self, i: int | np.ndarray) -> np.ndarray:
        """What targeting the segment gains per customer over a random pick:
        rate - base rate, or uplift - average uplift."""
        if self.kind == "rate":
            return self.rate[i] - self.base_rate
        return self.effect[i] - self.base_effect


def _min_rows(settings: Settings, total: int) -> int:
    return max(settings.min_size, int(np.ceil(settings.min_share * total)))


def score_rates(counts: Counts, settings: Settings, total_n: int, total_x: int) -> Scored:
    c = counts.cells
    n = c[:, 0] + c[:, 1]
    x = c[:, 1]
    size = c[:, 2]
    p0 = total_x / total_n if total_n else 0.0
    tested = n >= _min_rows(settings, total_n)
    rate = np.divide(x, n, out=np.zeros(len(n)), where=n > 0)
    p = np.ones(len(n))
    if 0 < p0 < 1:
        p[tested] = score_test_p(x[tested], n[tested], p0)
    rejected = np.zeros(len(n), dtype=bool)
    rejected[tested] = benjamini_hochberg(p[tested], settings.alpha) if 0 < p0 < 1 else False
    m, r = int(tested.sum()), int(rejected.sum())
    level = 1 - settings.alpha * max(r, 1) / max(m, 1)
    lo, hi = wilson(x, np.maximum(n, 1), z_value(level))
    safe = p0 if p0 > 0 else 1.0
    effect, low, high = rate / safe, lo / safe, hi / safe
    significant = rejected & (low > 1)
    zeros = np.zeros(len(n))
    return Scored("rate", counts, n, size, rate, zeros, n, zeros, effect, low, high, p, tested, significant,
                  size * (rate - p0), p0, 0.0, total_n, level, m)


def score_uplift(counts: Counts, settings: Settings, totals: np.ndarray) -> Scored:
    c = counts.cells
    n_c, x_c = c[:, 0] + c[:, 1], c[:, 1]
    n_t, x_t = c[:, 2] + c[:, 3], c[:, 3]
    size = c[:, 4]
    tested = (n_t + n_c >= _min_rows(settings, int(totals[:4].sum()))) & (n_t >= settings.min_group) & (n_c >= settings.min_group)
    rate_t = np.divide(x_t, n_t, out=np.zeros(len(n_t)), where=n_t > 0)
    rate_c = np.divide(x_c, n_c, out=np.zeros(len(n_c)), where=n_c > 0)
    p = np.ones(len(n_t))
    p[tested] = two_proportion_p(x_t[tested], n_t[tested], x_c[tested], n_c[tested])
    rejected = np.zeros(len(n_t), dtype=bool)
    rejected[tested] = benjamini_hochberg(p[tested], settings.alpha)
    m, r = int(tested.sum()), int(rejected.sum())
    level = 1 - settings.alpha * max(r, 1) / max(m, 1)
    low, high = newcombe(x_t, np.maximum(n_t, 1), x_c, np.maximum(n_c, 1), z_value(level))
    uplift = rate_t - rate_c
    significant = rejected & (low > 0)
    bt = totals[3] / max(totals[2] + totals[3], 1)
    bc = totals[1] / max(totals[0] + totals[1], 1)
    return Scored("uplift", counts, n_t + n_c, size, rate_t, rate_c, n_t, n_c, uplift, low, high, p, tested,
                  significant, size * (uplift - (bt - bc)), float(bt), float(bc), int(totals[:4].sum()), level, m)


def pick(scored: Scored, settings: Settings, top: int, current_mask: object) -> list[int]:
    """Greedy choice, best expected incremental conversions first: significant, at most
    ``max_share`` of the base (a segment, not everyone), every condition raising the
    effect by ``min_gain``, little overlap with earlier picks.
    ``current_mask(conds) -> bool array`` gives a segment's customers today."""
    conds = scored.counts.conds
    order = scored.counts.order
    index = {tuple(int(c) for c in conds[i, : order[i]]): i for i in np.nonzero(order < conds.shape[1])[0]}
    narrow = scored.n <= settings.max_share * scored.base_n
    candidates = np.nonzero(scored.significant & narrow & (scored.score > 0))[0]
    candidates = candidates[np.lexsort((np.arange(len(candidates)), -scored.score[candidates]))]
    chosen: list[int] = []
    covered: np.ndarray | None = None
    for i in candidates:
        key = tuple(int(c) for c in conds[i, : order[i]])
        if not _productive(scored, i, key, index, settings.min_gain):
            continue
        members = current_mask(key)  # type: ignore[operator]
        if covered is not None and members.sum() and (members & covered).sum() > settings.max_overlap * members.sum():
            continue
        chosen.append(int(i))
        covered = members if covered is None else covered | members
        if len(chosen) >= top:
            break
    return chosen


def _productive(scored: Scored, i: int, key: tuple[int, ...], index: dict[tuple[int, ...], int], gain: float) -> bool:
    """Each condition earns its place: dropping any one leaves a clearly weaker segment."""
    if len(key) == 1:
        return True
    mine = float(scored.excess(i))
    for drop in range(len(key)):
        parent = index.get(key[:drop] + key[drop + 1 :])
        if parent is None:
            continue
        theirs = float(scored.excess(parent))
        if theirs > 0 and mine < gain * theirs:
            return False
    return True
