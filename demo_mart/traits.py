"""Latent behaviour traits: how often a customer logs in, when, where, and what they want.

Traits are never written to the mart; they drive the generators so that the observable
tags (activity level, active period, preferred channel, intents) have a real mix.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from demo_mart.customers import Customers
from demo_mart.sampling import choice_rows

# daily login probability by digital class: heavy, medium, light, rare
LOGIN_RATE = np.array([0.62, 0.24, 0.07, 0.012])
# rows: age band; columns: digital class
DIGITAL_BY_AGE = np.array([
    [0.18, 0.40, 0.32, 0.10],
    [0.16, 0.38, 0.34, 0.12],
    [0.12, 0.32, 0.38, 0.18],
    [0.07, 0.22, 0.40, 0.31],
    [0.03, 0.12, 0.35, 0.50],
])  # fmt: skip
# rows: age band; columns: codes.PERIODS (morning, midday, afternoon, evening, night)
PERIOD_BY_AGE = np.array([
    [0.10, 0.16, 0.14, 0.40, 0.20],
    [0.16, 0.20, 0.12, 0.40, 0.12],
    [0.22, 0.20, 0.14, 0.36, 0.08],
    [0.34, 0.18, 0.18, 0.26, 0.04],
    [0.48, 0.16, 0.22, 0.12, 0.02],
])  # fmt: skip
# rows: age band; columns: codes.TXN_CHANNELS (app, wechat, online_banking, counter, atm, pos)
CHANNEL_BY_AGE = np.array([
    [0.40, 0.30, 0.04, 0.04, 0.07, 0.15],
    [0.40, 0.24, 0.08, 0.05, 0.08, 0.15],
    [0.32, 0.18, 0.14, 0.10, 0.10, 0.16],
    [0.20, 0.12, 0.14, 0.24, 0.16, 0.14],
    [0.08, 0.06, 0.06, 0.50, 0.22, 0.08],
])  # fmt: skip
PLATFORM_SHARE = np.array([0.64, 0.26, 0.10])
INQUIRY_RATE = np.array([0.03, 0.45, 1.9])  # loan_inquiry + loan_calculator events per month
INQUIRY_CLASS = np.array([0.72, 0.21, 0.07])


@dataclass
class Traits:
    """Latent, per-customer behaviour parameters."""

    login_rate: np.ndarray  # probability of logging in on a given (engaged) day
    period: np.ndarray  # index into codes.PERIODS: when the customer usually logs in
    platform: np.ndarray  # index into codes.PLATFORMS
    channel: np.ndarray  # index into codes.TXN_CHANNELS: favourite transaction channel
    inquiry_rate: np.ndarray  # loan inquiry/calculator events per engaged month
    wealth_holder: np.ndarray
    wealth_view_rate: np.ndarray  # wealth_view events per engaged month
    repurchase: np.ndarray  # probability of buying again within 30 days after a redemption
    volatile: np.ndarray  # lumpy business-style cash flows
    cash_user: np.ndarray  # uses the counter and ATMs for cash


def draw_traits(rng: np.random.Generator, cust: Customers) -> Traits:
    """Draw the latent traits of one chunk of customers."""
    n = len(cust)
    band = cust.age_band
    digital = choice_rows(rng, DIGITAL_BY_AGE[band])
    login_rate = LOGIN_RATE[digital] * np.exp(0.25 * rng.standard_normal(n))
    inquiry_class = rng.choice(3, size=n, p=INQUIRY_CLASS)
    inquiry_rate = np.where(digital == 3, 0.01, INQUIRY_RATE[inquiry_class])
    rich = np.log(cust.income) - 11.5
    wealth_p = np.clip(0.22 + 0.12 * rich + 0.05 * (band >= 2), 0.03, 0.75)
    wealth_holder = rng.random(n) < wealth_p
    heavy_viewer = rng.random(n) < 0.35
    view_rate = np.where(wealth_holder, np.where(heavy_viewer, 4.5, 1.0), 0.08)
    view_rate = np.where(digital == 3, view_rate * 0.1, view_rate)
    business = (cust.occupation == 2) | (cust.occupation == 3)
    volatile = rng.random(n) < np.where(business, 0.55, 0.10)
    return Traits(
        login_rate=login_rate,
        period=choice_rows(rng, PERIOD_BY_AGE[band]),
        platform=rng.choice(3, size=n, p=PLATFORM_SHARE),
        channel=choice_rows(rng, CHANNEL_BY_AGE[band]),
        inquiry_rate=inquiry_rate,
        wealth_holder=wealth_holder,
        wealth_view_rate=view_rate,
        repurchase=np.clip(rng.beta(2.0, 2.5, n) + 0.1 * (band >= 3), 0, 0.95),
        volatile=volatile,
        cash_user=rng.random(n) < np.where(band >= 3, 0.55, 0.15),
    )
