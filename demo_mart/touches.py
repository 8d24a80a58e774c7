"""Campaign touches: selection into treatment / hold-out control, and the response funnel."""

from __future__ import annotations

from dataclasses import dataclass, fields

import numpy as np

from demo_mart import effects
from demo_mart.calendar import US_PER_DAY, US_PER_HOUR, Window
from demo_mart.campaigns import CHANNEL_MIX, SELECT_SHARE, Campaign
from demo_mart.clock import in_period

PHONE = 3
PRIORITY_SHARE = 0.9


@dataclass
class Touches:
    """Touches of one chunk; times in microseconds, -1 when missing."""

    campaign: np.ndarray  # index into the campaign calendar
    customer: np.ndarray
    treatment: np.ndarray
    channel: np.ndarray
    sent: np.ndarray
    delivered: np.ndarray
    opened: np.ndarray
    clicked: np.ndarray
    persuaded: np.ndarray  # latent: the touch makes the customer take the product up
    cost: np.ndarray  # cents

    def __len__(self) -> int:
        return len(self.customer)

    @classmethod
    def concat(cls, parts: list[Touches]) -> Touches:
        if not parts:
            return cls(**{f.name: np.zeros(0, dtype=np.int64) for f in fields(cls)})
        return cls(
            **{f.name: np.concatenate([getattr(p, f.name) for p in parts]) for f in fields(cls)}
        )


def draw_touches(
    rng: np.random.Generator,
    index: int,
    campaign: Campaign,
    eligible: np.ndarray,
    age_band: np.ndarray,
    period: np.ndarray,
    window: Window,
    sure_thing: np.ndarray | None = None,
) -> Touches:
    """Select eligible customers, split treatment/control, and play out the funnel.

    ``age_band``/``period``/``sure_thing`` are indexed by chunk customer.
    """
    share = np.full(len(eligible), SELECT_SHARE[campaign.objective])
    if sure_thing is not None:  # the bank targets recent loan inquirers first
        share = np.where(sure_thing[eligible], PRIORITY_SHARE, share)
    chosen = eligible[rng.random(len(eligible)) < share]
    n = len(chosen)
    treat = rng.random(n) < effects.TREATMENT_SHARE
    mix = CHANNEL_MIX[campaign.objective]
    channel = rng.choice(len(mix), size=n, p=mix / mix.sum())
    band = age_band[chosen]

    last_us = (window.last_day + 1) * US_PER_DAY - 1_000_000
    send_days = max(min(7, campaign.end_day - campaign.start_day + 1), 1)
    day = campaign.start_day + rng.integers(0, send_days, n)
    hour = np.where(channel == PHONE, rng.integers(9, 21, n), rng.integers(8, 22, n))
    sent = day * US_PER_DAY + hour * US_PER_HOUR + rng.integers(0, 3600, n) * 1_000_000
    sent = np.minimum(sent, last_us)
    timed = in_period(hour, period[chosen])

    delivered = treat & (rng.random(n) < effects.DELIVERY[channel])
    p_open = np.minimum(
        effects.OPEN[channel, band] * np.where(timed, effects.IN_PERIOD_OPEN, 1.0), 0.95
    )
    p_click = np.minimum(
        effects.CLICK[channel] * np.where(timed, effects.IN_PERIOD_CLICK, 1.0), 0.95
    )
    open_lag = (
        np.where(
            channel == PHONE,
            rng.integers(5, 40, n),
            (rng.exponential(2.0, n) * 3600).astype(np.int64),
        )
        * 1_000_000
    )
    opened_at = sent + open_lag
    clicked_at = opened_at + (rng.exponential(240, n).astype(np.int64) + 1) * 1_000_000
    opened = delivered & (rng.random(n) < p_open) & (opened_at <= last_us)
    clicked = opened & (rng.random(n) < p_click) & (clicked_at <= last_us)

    weight = np.select([clicked, opened], [1.0, effects.OPENED_ONLY], effects.DELIVERED_ONLY)
    p_persuade = effects.PERSUADE[campaign.objective, band] * weight
    if sure_thing is not None:
        p_persuade = np.where(sure_thing[chosen], 0.0, p_persuade)
    persuaded = delivered & (rng.random(n) < p_persuade)

    return Touches(
        campaign=np.full(n, index, dtype=np.int64),
        customer=chosen.astype(np.int64),
        treatment=treat,
        channel=channel,
        sent=np.where(treat, sent, -1),
        delivered=delivered,
        opened=np.where(opened, opened_at, -1),
        clicked=np.where(clicked, clicked_at, -1),
        persuaded=persuaded,
        cost=np.where(treat, np.round(effects.COST[channel] * 100), 0).astype(np.int64),
    )


def persuaded_days(
    rng: np.random.Generator, touches: Touches, campaign: Campaign, mean_lag: float
) -> tuple[np.ndarray, np.ndarray]:
    """Customers persuaded by a campaign and the day each acts (after seeing it, by the end)."""
    rows = np.flatnonzero(touches.persuaded)
    seen = np.where(touches.opened[rows] >= 0, touches.opened[rows], touches.sent[rows])
    base = seen // US_PER_DAY
    act = base + np.floor(rng.exponential(mean_lag, len(rows))).astype(np.int64)
    act = np.minimum(act, max(campaign.end_day, int(base.max()) if len(base) else 0))
    return touches.customer[rows], act
