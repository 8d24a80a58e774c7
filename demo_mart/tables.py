"""Arrow tables in the exact column order of the spec, from a generated chunk or the fixed data."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pyarrow as pa

from demo_mart import codes as C
from demo_mart.calendar import Window
from demo_mart.campaigns import Campaign
from demo_mart.chunk import Chunk
from demo_mart.columns import codes, dates, ids, money, rate, timestamps
from demo_mart.geography import CITIES, branches
from demo_mart.products import PRODUCT_IDS, PRODUCTS
from demo_mart.schema import TABLES
from demo_mart.transactions import IS_INFLOW

CHUNK_TABLES = ("customers", "deposit_accounts", "loans", "balances_monthly", "transactions",
                "app_events", "survey_responses", "campaign_touches")  # fmt: skip
ID_TABLES = (
    "deposit_accounts",
    "loans",
    "transactions",
    "app_events",
    "survey_responses",
    "campaign_touches",
)
BRANCH_IDS = np.array([b.branch_id for b in branches()])


def _check(name: str, cols: dict[str, pa.Array]) -> pa.Table:
    assert tuple(cols) == tuple(c for c, _ in TABLES[name]), name
    return pa.table(cols)


def fixed_tables(calendar: tuple[Campaign, ...]) -> dict[str, pa.Table]:
    """branches, products and campaigns."""
    br = branches()
    return {
        "branches": _check("branches", {
            "branch_id": pa.array([b.branch_id for b in br]),
            "branch_name": pa.array([b.branch_name for b in br]),
            "city": pa.array([CITIES[b.city].name for b in br]),
            "province": pa.array([CITIES[b.city].province for b in br]),
            "region": pa.array([CITIES[b.city].region for b in br]),
        }),
        "products": _check("products", {
            "product_id": pa.array([p.product_id for p in PRODUCTS]),
            "product_name": pa.array([p.product_name for p in PRODUCTS]),
            "category": pa.array([p.category for p in PRODUCTS]),
            "product_type": pa.array([p.product_type for p in PRODUCTS]),
            "term_months": pa.array([p.term_months for p in PRODUCTS], pa.int32()),
            "annual_rate": rate(np.array([p.annual_rate for p in PRODUCTS])),
        }).sort_by("product_id"),
        "campaigns": _check("campaigns", {
            "campaign_id": pa.array([c.campaign_id for c in calendar], pa.string()),
            "campaign_name": pa.array([c.name for c in calendar], pa.string()),
            "objective": pa.array([C.OBJECTIVES[c.objective] for c in calendar], pa.string()),
            "target_product_type": pa.array([C.PRODUCT_TYPES[c.target_type] for c in calendar], pa.string()),
            "start_date": dates(np.array([c.start_day for c in calendar], dtype=np.int64)),
            "end_date": dates(np.array([c.end_day for c in calendar], dtype=np.int64)),
            "budget": money(np.array([round(c.budget * 100) for c in calendar], dtype=np.int64)),
        }).sort_by("campaign_id"),
    }  # fmt: skip


def chunk_tables(
    ch: Chunk, offsets: dict[str, int], window: Window, calendar: tuple[Campaign, ...]
) -> dict[str, pa.Table]:
    """Arrow tables of one chunk; ``offsets`` gives the first id of each id table."""
    cu = ch.customers

    def gid(local: np.ndarray) -> np.ndarray:
        return local.astype(np.int64) + ch.first_id

    out: dict[str, pa.Table] = {}
    out["customers"] = _check(
        "customers",
        {
            "customer_id": pa.array(cu.customer_id),
            "name": pa.array(cu.name, pa.string()),
            "gender": codes(cu.female.astype(np.int8), C.GENDERS),
            "birth_date": dates(cu.birth_day, nullable=False),
            "id_number": pa.array(cu.id_number, pa.string()),
            "phone": pa.array(cu.phone, pa.string()),
            "branch_id": codes(cu.branch, list(BRANCH_IDS)),
            "occupation": codes(cu.occupation, C.OCCUPATIONS),
            "education": codes(cu.education, C.EDUCATIONS),
            "marital_status": codes(cu.marital, C.MARITAL),
            "annual_income": money(np.round(cu.income * 100).astype(np.int64)),
            "acquisition_channel": codes(cu.acquisition, C.ACQUISITION_CHANNELS),
            "open_date": dates(cu.open_day),
            "risk_level": codes(cu.risk, C.RISK_LEVELS),
            "is_payroll": pa.array(cu.payroll.astype(bool)),
        },
    )
    ac = ch.accounts
    out["deposit_accounts"] = _check(
        "deposit_accounts",
        {
            "account_id": ids(offsets["deposit_accounts"], len(ac)),
            "customer_id": pa.array(gid(ac.customer)),
            "product_id": codes(ac.product, list(PRODUCT_IDS)),
            "open_date": dates(ac.open_day),
            "open_channel": codes(ac.channel, C.OPEN_CHANNELS),
            "maturity_date": dates(ac.maturity_day),
            "close_date": dates(ac.close_day),
            "status": codes(ac.status(window.last_day), C.ACCOUNT_STATUSES),
        },
    )
    lo = ch.loans
    out["loans"] = _check(
        "loans",
        {
            "loan_id": ids(offsets["loans"], len(lo)),
            "customer_id": pa.array(gid(lo.customer)),
            "product_id": codes(lo.product, list(PRODUCT_IDS)),
            "apply_date": dates(lo.apply_day),
            "apply_channel": codes(lo.apply_channel, C.APPLY_CHANNELS),
            "decision_date": dates(lo.decision_day),
            "disburse_date": dates(lo.disburse_day),
            "status": codes(lo.status, C.LOAN_STATUSES),
            "amount": money(lo.amount),
            "term_months": pa.array(lo.term.astype(np.int32)),
            "annual_rate": rate(lo.rate),
            "overdue_days": pa.array(lo.overdue_days.astype(np.int32)),
        },
    )
    out["balances_monthly"] = _balances(ch, window, gid)
    tx = ch.transactions
    out["transactions"] = _check(
        "transactions",
        {
            "txn_id": ids(offsets["transactions"], len(tx)),
            "customer_id": pa.array(gid(tx.customer)),
            "txn_time": timestamps(tx.time),
            "amount": money(tx.amount),
            "direction": codes(np.where(IS_INFLOW[tx.kind], 0, 1).astype(np.int8), C.DIRECTIONS),
            "txn_type": codes(tx.kind, C.TXN_TYPES),
            "channel": codes(tx.channel, C.TXN_CHANNELS),
        },
    )
    ev = ch.events
    out["app_events"] = _check(
        "app_events",
        {
            "event_id": ids(offsets["app_events"], len(ev.customer)),
            "customer_id": pa.array(gid(ev.customer)),
            "event_time": timestamps(ev.time),
            "event_type": codes(ev.event_type, C.EVENT_TYPES),
            "platform": codes(ev.platform, C.PLATFORMS),
            "product_id": codes(ev.product, list(PRODUCT_IDS)),
        },
    )
    sv = ch.surveys
    out["survey_responses"] = _check(
        "survey_responses",
        {
            "response_id": ids(offsets["survey_responses"], len(sv)),
            "customer_id": pa.array(gid(sv.customer)),
            "submitted_at": timestamps(sv.time),
            "loan_intent": pa.array(sv.loan_intent.astype(np.int16)),
            "wealth_intent": pa.array(sv.wealth_intent.astype(np.int16)),
            "satisfaction": pa.array(sv.satisfaction.astype(np.int16)),
        },
    )
    to = ch.touches
    converted = ch.converted_at >= 0
    out["campaign_touches"] = _check(
        "campaign_touches",
        {
            "touch_id": ids(offsets["campaign_touches"], len(to)),
            "campaign_id": codes(to.campaign, [c.campaign_id for c in calendar]),
            "customer_id": pa.array(gid(to.customer)),
            "group_type": codes(np.where(to.treatment, 0, 1).astype(np.int8), C.GROUP_TYPES),
            "channel": codes(to.channel, C.TOUCH_CHANNELS),
            "sent_at": timestamps(to.sent),
            "delivered": pa.array(to.delivered.astype(bool)),
            "opened_at": timestamps(to.opened),
            "clicked_at": timestamps(to.clicked),
            "converted_at": timestamps(ch.converted_at),
            "conversion_amount": money(ch.conversion_amount, null=~converted),
            "cost": money(to.cost),
        },
    )
    return out


def _balances(ch: Chunk, window: Window, gid: Callable[[np.ndarray], np.ndarray]) -> pa.Table:
    led = ch.ledger
    n, months = led.deposit.shape
    first = np.maximum(window.month_of(ch.customers.open_day), 0)
    has = np.arange(months)[None, :] >= first[:, None]
    c, m = np.nonzero(has)
    return _check("balances_monthly", {
        "month": dates(window.starts[m]),
        "customer_id": pa.array(gid(c)),
        "deposit_balance": money(led.deposit[c, m]),
        "deposit_avg_daily": money(ch.deposit_avg[c, m]),
        "wealth_balance": money(led.wealth[c, m]),
        "loan_balance": money(led.loan[c, m]),
    })  # fmt: skip
