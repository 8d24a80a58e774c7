"""The monthly ledger: deposits, wealth and loans of a chunk simulated month by month.

Each month, vectorised over customers: campaigns that start select their targets
from last month-end's balances; customers apply for loans (``effects.loan_logit``);
loan-only customers may open a deposit account; then every cash flow is drawn and the
month-end deposit balance is last month's plus inflows minus outflows, exactly.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from demo_mart import effects, flows
from demo_mart.accounts import NEVER, Accounts
from demo_mart.calendar import Window
from demo_mart.campaigns import DEPOSIT_TO_LOAN, LOAN_TO_DEPOSIT, Campaign
from demo_mart.codes import TXN_TYPES
from demo_mart.customers import Customers, age_bands
from demo_mart.engagement import ENGAGED, GONE
from demo_mart.features import lookback_targets, volatility
from demo_mart.geography import CITIES
from demo_mart.loan_book import LoanBook
from demo_mart.loans import Loans, draw_loans, loan_types
from demo_mart.products import RATE, TERM
from demo_mart.touches import Touches, draw_touches, persuaded_days
from demo_mart.traits import Traits
from demo_mart.wealth import PURCHASE, REDEMPTION, WealthSchedule

T = {name: i for i, name in enumerate(TXN_TYPES)}
OPENING, WAKE = 1, 2  # tags of explicit rows that campaign conversions look for
CLOSE_SHARE = 0.5  # customers who leave for good and close their accounts
MIN_WEALTH_PURCHASE = 10_000  # cents: 100 CNY


@dataclass
class Explicit:
    """Transactions on a known day (opening deposits, interest, wealth, closing)."""

    customer: list[np.ndarray] = field(default_factory=list)
    day: list[np.ndarray] = field(default_factory=list)
    kind: list[np.ndarray] = field(default_factory=list)
    amount: list[np.ndarray] = field(default_factory=list)
    tag: list[np.ndarray] = field(default_factory=list)

    def add(
        self,
        customer: np.ndarray,
        day: np.ndarray,
        kind: int | np.ndarray,
        amount: np.ndarray,
        tag: int = 0,
    ) -> None:
        keep = amount > 0
        self.customer.append(customer[keep])
        self.day.append(np.broadcast_to(day, customer.shape)[keep])
        self.kind.append(np.broadcast_to(np.asarray(kind), customer.shape)[keep])
        self.amount.append(amount[keep])
        self.tag.append(np.full(int(keep.sum()), tag))

    def arrays(self) -> dict[str, np.ndarray]:
        names = ("customer", "day", "kind", "amount", "tag")
        return {
            k: np.concatenate(getattr(self, k)).astype(np.int64)
            if getattr(self, k)
            else np.zeros(0, dtype=np.int64)
            for k in names
        }


@dataclass
class LedgerInputs:
    cust: Customers
    traits: Traits
    state: np.ndarray
    inquiries: np.ndarray  # (n, months) loan inquiries in the 30 days before each month
    wealth_views: np.ndarray  # (n, months) wealth views in the 30 days before each month
    wealth: WealthSchedule
    time_deposits: Accounts
    wake_customer: np.ndarray  # persuaded by a wake-up campaign: deposit on wake_day
    wake_day: np.ndarray
    campaigns: list[tuple[int, Campaign]]  # balance-based campaigns, run inside the loop


@dataclass
class Ledger:
    deposit: np.ndarray  # (n, months) month-end cents
    initial_deposit: np.ndarray  # (n,) balance before the window's first month
    wealth: np.ndarray
    loan: np.ndarray
    gen_count: np.ndarray  # (months, n, 6)
    gen_total: np.ndarray
    explicit: dict[str, np.ndarray]
    wealth_amount: np.ndarray  # per scheduled wealth event, cents (0 = cancelled)
    loans: Loans
    dep_open_day: np.ndarray
    closed_day: np.ndarray
    touches: Touches


def _initial_balances(
    rng: np.random.Generator, cust: Customers, traits: Traits, first_day: int
) -> tuple[np.ndarray, np.ndarray]:
    n = len(cust)
    monthly = cust.income / 12
    age_mult = np.array([0.5, 0.8, 1.2, 1.8, 2.6])[cust.age_band]
    pre = (cust.open_day < first_day) & ~cust.loan_origin
    dep = monthly * age_mult * rng.lognormal(np.log(6.0), 1.1, n)
    wealth = monthly * age_mult * rng.lognormal(np.log(8.0), 1.0, n)
    dep_c = np.where(pre, np.round(dep * 100), 0).astype(np.int64)
    wealth_c = np.where(pre & traits.wealth_holder, np.round(wealth * 100), 0).astype(np.int64)
    return dep_c, wealth_c


def run_ledger(
    rng: np.random.Generator, inp: LedgerInputs, window: Window, seed_loans: Loans
) -> Ledger:
    """Simulate every month of the window for one chunk."""
    cust, traits, state = inp.cust, inp.traits, inp.state
    n, months = state.shape
    starts, ends = window.starts, window.last_days
    monthly_income = cust.income / 12
    open_month = window.month_of(cust.open_day)
    tier = np.array([c.tier for c in CITIES])[cust.city]
    apply_channel = np.where(
        traits.channel <= 1, traits.channel + 1, np.where(cust.acquisition == 3, 3, 0)
    )

    book = LoanBook(n, window)
    book.add(seed_loans)
    dep_open = np.where(cust.loan_origin, NEVER, cust.open_day).astype(np.int64)
    closed = np.full(n, NEVER, dtype=np.int64)
    closing = rng.random(n) < CLOSE_SHARE
    b_prev, w_prev = _initial_balances(rng, cust, traits, window.first_day)
    initial_deposit = b_prev.copy()
    deposit = np.zeros((n, months), dtype=np.int64)
    wealth_bal = np.zeros((n, months), dtype=np.int64)
    gen_count = np.zeros((months, n, 6), dtype=np.int32)
    gen_total = np.zeros((months, n, 6), dtype=np.int64)
    explicit = Explicit()
    wsched = inp.wealth
    w_month = window.month_of(wsched.day)
    w_amount = np.zeros(len(wsched), dtype=np.int64)
    wealth_txn_30 = np.zeros((n, months), dtype=np.int64)
    td = inp.time_deposits
    td_month = window.month_of(td.maturity_day)
    wake_month = window.month_of(inp.wake_day)
    touches: list[Touches] = []
    has_row = open_month[:, None] <= np.arange(months)[None, :]

    for m in range(months):
        s, e = int(starts[m]), int(ends[m])
        alive = state[:, m] != GONE
        # --- campaigns that start this month select from last month-end -----------
        for index, camp in (c for c in inp.campaigns if c[1].month == m and m > 0):
            prev_dep, prev_loan = deposit[:, m - 1], book.balance[:, m - 1]
            band = age_bands(cust.birth_day, camp.start_day)
            if camp.objective == DEPOSIT_TO_LOAN:
                ok = (prev_dep > 0) & (prev_loan == 0) & alive & (cust.age >= 22) & (cust.age <= 60)
                t = draw_touches(rng, index, camp, np.flatnonzero(ok), band, traits.period, window,
                                 sure_thing=inp.inquiries[:, m] >= 1)  # fmt: skip
                who, day = persuaded_days(rng, t, camp, 4.0)
                who, day = who[book.busy_until[who] < day], day[book.busy_until[who] < day]
                kind = np.full(len(who), camp.target_type)
                book.add(draw_loans(rng, who, day, kind, cust.income[who], tier[who], apply_channel[who],
                                    np.ones(len(who), bool), window))  # fmt: skip
            else:
                assert camp.objective == LOAN_TO_DEPOSIT
                ok = (prev_loan > 0) & (prev_dep == 0) & (dep_open > s) & alive
                t = draw_touches(
                    rng,
                    index,
                    camp,
                    np.flatnonzero(ok),
                    band,
                    traits.period,
                    window,
                )
                who, day = persuaded_days(rng, t, camp, 5.0)
                dep_open[who] = np.minimum(dep_open[who], day)
            touches.append(t)

        # --- organic loan applications ------------------------------------------
        has_account = (dep_open < s) & (closed > s)
        eligible = has_account & (book.busy_until < s) & alive
        vol = (
            volatility(deposit[:, max(m - 6, 0) : m], has_row[:, max(m - 6, 0) : m])
            if m
            else np.full(n, np.nan)
        )
        holds = book.balance[:, m - 1] > 0 if m else book.balance[:, 0] > 0
        z = effects.loan_logit(inp.inquiries[:, m], inp.wealth_views[:, m] + wealth_txn_30[:, m],
                               np.nan_to_num(vol), cust.payroll, holds)  # fmt: skip
        apply = eligible & (rng.random(n) < 1 / (1 + np.exp(-z)))
        who = np.flatnonzero(apply)
        day = s + (rng.random(len(who)) * (e - s + 1)).astype(np.int64)
        kind = loan_types(rng, cust.occupation[who], cust.age[who])
        book.add(draw_loans(rng, who, day, kind, cust.income[who], tier[who], apply_channel[who],
                            np.ones(len(who), bool), window))  # fmt: skip

        # --- loan-only customers opening a deposit account -----------------------
        lo_cand = cust.loan_origin & (dep_open == NEVER) & (open_month < m) & alive
        opens = lo_cand & (rng.random(n) < effects.LOAN_ONLY_DEPOSIT_RATE)
        dep_open = np.where(opens, rng.integers(s, e + 1, n), dep_open)

        # --- cash flows -----------------------------------------------------------
        active = (dep_open <= e) & (closed > e)
        engaged = active & (state[:, m] == ENGAGED)
        b_prev = np.where(active, b_prev, 0)
        opening = active & (dep_open >= s)
        open_amt = np.where(
            opening, np.round(monthly_income * rng.lognormal(0.7, 1.0, n) * 100), 0
        ).astype(np.int64)
        open_amt = np.where(opening, np.maximum(open_amt, 10_000), 0)
        explicit.add(np.flatnonzero(opening), dep_open[opening], np.where(rng.random(int(opening.sum())) < 0.5,
                     T["cash_deposit"], T["transfer_in"]), open_amt[opening], OPENING)  # fmt: skip

        month_of_year = int(np.datetime64(s, "D").astype(object).month)
        cnt_in, tot_in = flows.draw_inflows(rng, engaged, monthly_income, cust.payroll, month_of_year == 1,
                                            traits.volatile, traits.cash_user)  # fmt: skip
        income_like = tot_in.sum(axis=1) + open_amt

        interest = np.zeros(n, dtype=np.int64)
        if month_of_year % 3 == 0 and s + 20 <= e:
            interest = np.where(engaged, np.round(b_prev * 0.0015 / 4), 0).astype(np.int64)
            explicit.add(np.arange(n), np.full(n, s + 20), T["interest"], interest)
        rows = np.flatnonzero(
            (td_month == m) & (td.maturity_day <= e) & (td.close_day != td.open_day)
        )
        rows = rows[engaged[td.customer[rows]]]
        rows = rows[(td.close_day[rows] < 0) | (td.close_day[rows] >= td.maturity_day[rows])]
        td_int = np.round(
            td.size[rows]
            * b_prev[td.customer[rows]]
            * RATE[td.product[rows]]
            * TERM[td.product[rows]]
            / 12
        ).astype(np.int64)
        explicit.add(td.customer[rows], td.maturity_day[rows], T["interest"], td_int)
        interest += np.bincount(td.customer[rows], td_int, minlength=n).astype(np.int64)

        wk = np.flatnonzero(wake_month == m)
        wk = wk[active[inp.wake_customer[wk]]]
        wake_amt = (
            np.round(
                monthly_income[inp.wake_customer[wk]] * rng.lognormal(-0.5, 0.8, len(wk)) * 100
            ).astype(np.int64)
            + 100
        )
        explicit.add(inp.wake_customer[wk], inp.wake_day[wk], T["transfer_in"], wake_amt, WAKE)
        wake_total = np.bincount(inp.wake_customer[wk], wake_amt, minlength=n).astype(np.int64)

        # wealth redemptions (cancelled when nothing is held)
        ev = np.flatnonzero((w_month == m) & (wsched.kind == REDEMPTION))
        ev = ev[active[wsched.customer[ev]] & (w_prev[wsched.customer[ev]] > 0)]
        wc = wsched.customer[ev]
        share = np.bincount(wc, wsched.size[ev], minlength=n)
        w_amount[ev] = np.floor(w_prev[wc] * wsched.size[ev] / np.maximum(share[wc], 1.0)).astype(
            np.int64
        )
        redeemed = np.bincount(wc, w_amount[ev], minlength=n).astype(np.int64)

        loan_in, repay, spend = book.inflow[:, m], book.repay[:, m], book.spend[:, m]
        avail = b_prev + income_like + interest + wake_total + redeemed + loan_in - repay
        topup = np.where(
            active & (avail < 0), np.round(-avail * rng.uniform(1.05, 1.3, n)), 0
        ).astype(np.int64)
        cnt_in[:, flows.TRANSFER_IN] += topup > 0
        tot_in[:, flows.TRANSFER_IN] += topup
        avail += topup
        spend = np.minimum(spend, avail)

        # wealth purchases from what is left
        room = avail - spend
        ev = np.flatnonzero((w_month == m) & (wsched.kind == PURCHASE))
        ev = ev[active[wsched.customer[ev]]]
        wc = wsched.customer[ev]
        share = np.bincount(wc, wsched.size[ev], minlength=n)
        amt = room[wc] * wsched.size[ev] / np.maximum(share[wc], 1.0)
        amt = (np.floor(amt / 10_000) * 10_000).astype(np.int64)
        w_amount[ev] = np.where(amt >= MIN_WEALTH_PURCHASE, amt, 0)
        bought = np.bincount(wc, w_amount[ev], minlength=n).astype(np.int64)
        room -= bought

        drift = rng.lognormal(-0.03, 0.15, n)
        idle_drain = b_prev * rng.uniform(0.0, 0.06, n) * (income_like == 0)
        target = np.maximum(income_like + interest - repay, 0) * drift + idle_drain
        target = np.minimum(np.round(target), np.maximum(room, 0)).astype(np.int64)
        older = cust.age_band >= 4
        cnt_out, tot_out = flows.draw_outflows(
            rng, engaged, target, older, traits.volatile, traits.cash_user
        )
        cnt_out[:, flows.TRANSFER_OUT] += spend > 0
        tot_out[:, flows.TRANSFER_OUT] += np.where(spend > 0, spend, 0)

        count = cnt_in + cnt_out
        total = tot_in + tot_out
        b_new = room + spend - tot_out.sum(axis=1)  # the loan pay-out is inside tot_out

        # customers leaving for good drain and close everything in their last month
        nxt = state[:, m + 1] if m + 1 < months else state[:, m]
        leave = (
            active & closing & (state[:, m] == ENGAGED) & (nxt == GONE) & (w_prev - redeemed <= 0)
        )
        leave &= (book.balance[:, m:].sum(axis=1) == 0) & (book.busy_until < s)
        close_day = np.minimum(rng.integers(s + 20, s + 28, n), e)
        explicit.add(np.flatnonzero(leave), close_day[leave], np.where(rng.random(int(leave.sum())) < 0.6,
                     T["transfer_out"], T["cash_withdrawal"]), b_new[leave])  # fmt: skip
        b_new = np.where(leave, 0, b_new)
        closed = np.where(leave, close_day, closed)

        gen_count[m], gen_total[m] = count, total
        deposit[:, m] = np.where(has_row[:, m], b_new, 0)
        ret = rng.normal(0.0022, 0.004, n)
        w_new = np.maximum(np.round(w_prev * (1 + ret)).astype(np.int64) - redeemed, 0) + bought
        w_new = np.where(has_row[:, m], w_new, 0)
        wealth_bal[:, m] = w_new
        b_prev, w_prev = b_new, w_new

        done = np.flatnonzero((w_month == m) & (w_amount > 0))
        for rows, target_month in lookback_targets(wsched.day[done], window):
            np.add.at(wealth_txn_30, (wsched.customer[done][rows], target_month), 1)

    return Ledger(
        deposit=deposit,
        initial_deposit=initial_deposit,
        wealth=wealth_bal,
        loan=np.where(has_row, book.balance, 0),
        gen_count=gen_count,
        gen_total=gen_total,
        explicit=explicit.arrays(),
        wealth_amount=w_amount,
        loans=book.loans(),
        dep_open_day=dep_open,
        closed_day=closed,
        touches=Touches.concat(touches),
    )
