"""Generate every row of one chunk of customers (all tables but the fixed ones)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from demo_mart.accounts import Accounts, apply_closures, demand_accounts, time_deposits
from demo_mart.app_events import (
    LOAN_CALCULATOR,
    LOAN_INQUIRY,
    WEALTH_VIEW,
    Events,
    generate_events,
)
from demo_mart.calendar import Window
from demo_mart.campaigns import DORMANT_WAKEUP, NEW_CUSTOMER, WEALTH_REPURCHASE, Campaign
from demo_mart.conversions import convert
from demo_mart.customers import Customers, age_bands, generate_customers
from demo_mart.engagement import ENGAGED, QUIET, engagement_states
from demo_mart.features import lookback_counts
from demo_mart.geography import CITIES
from demo_mart.ledger import Ledger, LedgerInputs, run_ledger
from demo_mart.loans import BUSINESS, CONSUMER, MORTGAGE, Loans, draw_loans
from demo_mart.surveys import Surveys, draw_surveys
from demo_mart.touches import Touches, draw_touches, persuaded_days
from demo_mart.traits import Traits, draw_traits
from demo_mart.transactions import Transactions, average_daily, build_transactions
from demo_mart.wealth import (
    PURCHASE,
    REDEMPTION,
    WealthSchedule,
    finish_schedule,
    schedule_wealth,
)

STAGES = ("customers", "traits", "engagement", "campaigns", "events", "wealth", "accounts",
          "loans", "ledger", "transactions", "surveys")  # fmt: skip


@dataclass
class Chunk:
    """All generated rows of one chunk; customer references are chunk-local indexes."""

    first_id: int
    customers: Customers
    accounts: Accounts
    loans: Loans
    ledger: Ledger
    deposit_avg: np.ndarray
    transactions: Transactions
    events: Events
    surveys: Surveys
    touches: Touches
    converted_at: np.ndarray
    conversion_amount: np.ndarray


def _rng(seed: int, chunk: int, stage: str) -> np.random.Generator:
    return np.random.default_rng([seed, chunk, STAGES.index(stage)])


def _dormant_campaigns(
    rng: np.random.Generator, cust: Customers, traits: Traits, state: np.ndarray,
    calendar: tuple[Campaign, ...], window: Window,
) -> tuple[list[Touches], np.ndarray, np.ndarray]:  # fmt: skip
    """Wake-up campaigns: touch quiet customers; the persuaded deposit and come back."""
    touches, who_all, day_all = [], [], []
    for i, camp in enumerate(calendar):
        if camp.objective != DORMANT_WAKEUP or camp.month < 3:
            continue
        m = camp.month
        quiet = (state[:, m - 3 : m] == QUIET).all(axis=1) & ~cust.loan_origin
        t = draw_touches(
            rng,
            i,
            camp,
            np.flatnonzero(quiet),
            age_bands(cust.birth_day, camp.start_day),
            traits.period,
            window,
        )
        who, day = persuaded_days(rng, t, camp, 3.0)
        wm = window.month_of(day)
        state[who, wm] = ENGAGED
        nxt = np.minimum(wm + 1, window.months - 1)
        stay = rng.random(len(who)) < 0.5
        state[who[stay], nxt[stay]] = np.where(
            state[who[stay], nxt[stay]] == QUIET, ENGAGED, state[who[stay], nxt[stay]]
        )
        touches.append(t)
        who_all.append(who)
        day_all.append(day)
    return touches, _cat(who_all), _cat(day_all)


def _cat(parts: list[np.ndarray]) -> np.ndarray:
    return np.concatenate(parts) if parts else np.zeros(0, dtype=np.int64)


def _wealth_campaigns(
    rng: np.random.Generator, cust: Customers, traits: Traits, sched: WealthSchedule,
    calendar: tuple[Campaign, ...], window: Window,
) -> tuple[list[Touches], WealthSchedule]:  # fmt: skip
    """Repurchase and new-customer campaigns: the persuaded buy a wealth product."""
    touches, extra = [], [sched]
    for i, camp in enumerate(calendar):
        if camp.objective == WEALTH_REPURCHASE:
            eligible = _recent_redeemers(sched, camp.start_day)
        elif camp.objective == NEW_CUSTOMER:
            new = (
                (cust.open_day >= camp.start_day - 60)
                & (cust.open_day < camp.start_day)
                & ~cust.loan_origin
            )
            eligible = np.flatnonzero(new)
        else:
            continue
        t = draw_touches(
            rng, i, camp, eligible, age_bands(cust.birth_day, camp.start_day), traits.period, window
        )
        who, day = persuaded_days(rng, t, camp, 4.0)
        size = rng.uniform(0.3, 0.8, len(who))  # a persuaded customer buys a sizeable amount
        extra.append(WealthSchedule(who, day, np.full(len(who), PURCHASE, dtype=np.int8), size))
        touches.append(t)
    return touches, finish_schedule(rng, extra) if len(extra) > 1 else sched


def _recent_redeemers(sched: WealthSchedule, start: int) -> np.ndarray:
    """Customers who redeemed in the 60 days before ``start`` and have not bought since."""
    before = sched.day < start
    last_sell = np.full(int(sched.customer.max(initial=-1)) + 1, -1, dtype=np.int64)
    rows = np.flatnonzero(before & (sched.kind == REDEMPTION))
    np.maximum.at(last_sell, sched.customer[rows], sched.day[rows])
    last_buy = np.full(len(last_sell), -1, dtype=np.int64)
    rows = np.flatnonzero(before & (sched.kind == PURCHASE))
    np.maximum.at(last_buy, sched.customer[rows], sched.day[rows])
    return np.flatnonzero((last_sell >= start - 60) & (last_buy < last_sell))


def _seed_loans(rng: np.random.Generator, cust: Customers, window: Window) -> Loans:
    """Loans taken before the window by depositors, and the loans loan-only customers joined with."""
    tier = np.array([c.tier for c in CITIES])[cust.city]
    first = window.first_day
    pre = (cust.open_day < first - 60) & ~cust.loan_origin
    mortgage = pre & (cust.age >= 28) & (cust.age <= 60) & (rng.random(len(cust)) < 0.12)
    consumer = pre & ~mortgage & (cust.occupation != 4) & (rng.random(len(cust)) < 0.07)
    parts = []
    for mask, loan_type, span in ((mortgage, MORTGAGE, 3650), (consumer, CONSUMER, 900)):
        who = np.flatnonzero(mask)
        lo = np.maximum(cust.open_day[who], first - span)
        day = lo + (rng.random(len(who)) * (first - 45 - lo)).astype(np.int64)
        parts.append(draw_loans(rng, who, day, np.full(len(who), loan_type), cust.income[who], tier[who],
                                np.zeros(len(who), dtype=np.int64), np.ones(len(who), bool), window))  # fmt: skip
    who = np.flatnonzero(cust.loan_origin)
    business = (cust.occupation[who] == 2) | (cust.occupation[who] == 3)
    kind = np.where(business & (rng.random(len(who)) < 0.5), BUSINESS, CONSUMER)
    kind = np.where(rng.random(len(who)) < 0.05, MORTGAGE, kind)
    channel = np.where(cust.acquisition[who] == 3, 3, np.where(cust.acquisition[who] == 2, 2, 1))
    parts.append(draw_loans(rng, who, cust.open_day[who], kind, cust.income[who], tier[who], channel,
                            np.zeros(len(who), bool), window, approve_all=True))  # fmt: skip
    return Loans.concat(parts)


def generate_chunk(
    seed: int, index: int, first_id: int, n: int, window: Window, calendar: tuple[Campaign, ...]
) -> Chunk:
    """Every row of customers ``first_id`` … ``first_id + n - 1``."""
    cust = generate_customers(_rng(seed, index, "customers"), first_id, n, window)
    traits = draw_traits(_rng(seed, index, "traits"), cust)
    state = engagement_states(_rng(seed, index, "engagement"), cust.open_day, window)
    crng = _rng(seed, index, "campaigns")
    touches, wake_who, wake_day = _dormant_campaigns(crng, cust, traits, state, calendar, window)
    events = generate_events(_rng(seed, index, "events"), cust.open_day, traits, state, window)
    sched = schedule_wealth(_rng(seed, index, "wealth"), cust.open_day, traits, state, window)
    more, sched = _wealth_campaigns(crng, cust, traits, sched, calendar, window)
    touches += more

    inquiry = (events.event_type == LOAN_INQUIRY) | (events.event_type == LOAN_CALCULATOR)
    views = events.event_type == WEALTH_VIEW
    arng = _rng(seed, index, "accounts")
    tds = time_deposits(arng, cust, traits.channel, state, window)
    inputs = LedgerInputs(
        cust=cust,
        traits=traits,
        state=state,
        inquiries=lookback_counts(events.customer[inquiry], events.day[inquiry], n, window),
        wealth_views=lookback_counts(events.customer[views], events.day[views], n, window),
        wealth=sched,
        time_deposits=tds,
        wake_customer=wake_who,
        wake_day=wake_day,
        campaigns=[(i, c) for i, c in enumerate(calendar) if c.objective in (0, 1)],
    )
    seed_loans = _seed_loans(_rng(seed, index, "loans"), cust, window)
    led = run_ledger(_rng(seed, index, "ledger"), inputs, window, seed_loans)
    trng = _rng(seed, index, "transactions")
    tx = build_transactions(trng, led, sched, traits.channel, window)
    accounts = Accounts.concat(
        [demand_accounts(arng, cust, led.dep_open_day, led.closed_day, window), tds]
    )
    accounts = apply_closures(accounts, led.closed_day)
    order = np.lexsort((accounts.product, accounts.open_day, accounts.customer))
    accounts = accounts.take(order)
    all_touches = Touches.concat(touches + [led.touches])
    order = np.lexsort((all_touches.customer, all_touches.campaign))
    all_touches = Touches(**{k: v[order] for k, v in vars(all_touches).items()})
    converted_at, amount = convert(all_touches, calendar, tx, led.loans)
    loans = led.loans
    order = np.lexsort((loans.apply_day, loans.customer))
    loans = Loans(**{k: v[order] for k, v in vars(loans).items()})
    return Chunk(
        first_id=first_id,
        customers=cust,
        accounts=accounts,
        loans=loans,
        ledger=led,
        deposit_avg=average_daily(tx, led, window),
        transactions=tx,
        events=events,
        surveys=draw_surveys(_rng(seed, index, "surveys"), cust.open_day, traits, state, window),
        touches=all_touches,
        converted_at=converted_at,
        conversion_amount=amount,
    )
