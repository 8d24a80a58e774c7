"""Every glossary metric and tag, compiled and run, equals hand-written SQL.

The reference SQL below is written from the mart spec (``bank-mart.md`` sections 2–4),
not from the compiler's output: one temp table of every customer tag as of D, one
fact relation per metric family with the date its metrics are filtered by (``t``),
and one base relation per conversion metric. Each case pairs a ``SemanticQuery`` with
the same question asked of that reference; rows are compared after sorting, counts
exactly and money/rates to ``rel=1e-9``.
"""

from __future__ import annotations

import shutil
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import duckdb
import pytest

from semantic_layer.load import load_model
from semantic_layer.query import Filter, Grain, GroupBy, OrderBy, SemanticQuery, TimeRange

D = date(2025, 12, 31)  # the small mart's as-of date
DATA_START = date(2024, 1, 1)
ALL_TIME = (date(1900, 1, 1), date(2999, 12, 31))
Q3_2025 = (date(2025, 7, 1), date(2025, 9, 30))
OCT_2024 = (date(2024, 10, 1), date(2024, 10, 31))
H1_2025 = (date(2025, 1, 1), date(2025, 6, 30))
YEAR_2025 = (date(2025, 1, 1), date(2025, 12, 31))
MID_JULY_TO_MID_AUG = (date(2025, 7, 15), date(2025, 8, 14))
RANGES = {"2025Q3": Q3_2025, "2024-10": OCT_2024, "2025-07-15..08-14": MID_JULY_TO_MID_AUG}

# --- customer tags as of $d (spec section 3), one row per customer with open_date <= $d ---
REF_TAGS = """
WITH
pop AS (
    SELECT c.customer_id, c.birth_date, c.gender, c.occupation, c.education, c.marital_status,
           c.risk_level, c.is_payroll, c.acquisition_channel, c.annual_income, c.open_date,
           b.city, b.province, b.region, b.branch_name
    FROM customers AS c
    JOIN branches AS b ON b.branch_id = c.branch_id
    WHERE c.open_date <= $d
),
bal AS (
    SELECT customer_id, deposit_balance, wealth_balance, loan_balance, deposit_avg_daily
    FROM balances_monthly
    WHERE month = date_trunc('month', $d)
),
vol AS (  -- coefficient of variation over the 6 month-ends ending at D's month
    SELECT customer_id,
           CASE WHEN count(*) >= 3 AND avg(deposit_balance) <> 0
                THEN stddev_samp(deposit_balance) / avg(deposit_balance) END AS cv
    FROM balances_monthly
    WHERE month BETWEEN date_trunc('month', $d) - INTERVAL 5 MONTH AND $d
    GROUP BY customer_id
),
ev AS (
    SELECT customer_id, event_time, CAST(event_time AS DATE) AS day, event_type
    FROM app_events
    WHERE CAST(event_time AS DATE) <= $d
),
tx AS (
    SELECT customer_id, CAST(txn_time AS DATE) AS day, txn_type, channel
    FROM transactions
    WHERE CAST(txn_time AS DATE) <= $d
),
logins AS (
    SELECT customer_id, count(DISTINCT day) AS n
    FROM ev WHERE event_type = 'login' AND day >= $d - 29
    GROUP BY customer_id
),
txn90 AS (
    SELECT customer_id, count(*) AS n FROM tx WHERE day >= $d - 89 GROUP BY customer_id
),
chan AS (
    SELECT customer_id, channel, count(*) AS n
    FROM tx WHERE day >= $d - 89
    GROUP BY customer_id, channel
),
pref AS (  -- most transactions; ties: alphabetical first
    SELECT chan.customer_id, min(chan.channel) AS channel
    FROM chan
    JOIN (SELECT customer_id, max(n) AS top FROM chan GROUP BY customer_id) AS m
      ON m.customer_id = chan.customer_id AND chan.n = m.top
    GROUP BY chan.customer_id
),
slot AS (
    SELECT customer_id,
           CASE WHEN hour(event_time) BETWEEN 6 AND 10 THEN 1
                WHEN hour(event_time) BETWEEN 11 AND 13 THEN 2
                WHEN hour(event_time) BETWEEN 14 AND 17 THEN 3
                WHEN hour(event_time) BETWEEN 18 AND 22 THEN 4
                ELSE 5 END AS slot,
           count(*) AS n
    FROM ev WHERE event_type = 'login' AND day >= $d - 89
    GROUP BY customer_id, slot
),
period AS (  -- most logins; ties: the earlier period in the spec's list
    SELECT slot.customer_id,
           (['morning', 'midday', 'afternoon', 'evening', 'night'])[min(slot.slot)] AS name
    FROM slot
    JOIN (SELECT customer_id, max(n) AS top FROM slot GROUP BY customer_id) AS m
      ON m.customer_id = slot.customer_id AND slot.n = m.top
    GROUP BY slot.customer_id
),
wealth AS (
    SELECT customer_id, count(*) AS n FROM (
        SELECT customer_id FROM ev WHERE event_type = 'wealth_view' AND day >= $d - 29
        UNION ALL
        SELECT customer_id FROM tx
        WHERE txn_type IN ('wealth_purchase', 'wealth_redemption') AND day >= $d - 29
    ) GROUP BY customer_id
),
inquiry AS (
    SELECT customer_id, count(*) AS n
    FROM ev WHERE event_type IN ('loan_inquiry', 'loan_calculator') AND day >= $d - 29
    GROUP BY customer_id
),
survey AS (  -- the latest response submitted on or before D
    SELECT customer_id,
           arg_max(loan_intent, submitted_at) AS loan_intent,
           arg_max(wealth_intent, submitted_at) AS wealth_intent
    FROM survey_responses WHERE CAST(submitted_at AS DATE) <= $d
    GROUP BY customer_id
),
maturing AS (
    SELECT DISTINCT a.customer_id
    FROM deposit_accounts AS a
    JOIN products AS p ON p.product_id = a.product_id
    WHERE p.product_type IN ('time_deposit', 'large_cd')
      AND a.open_date <= $d
      AND a.maturity_date > $d AND a.maturity_date <= $d + 30
      AND (a.close_date IS NULL OR a.close_date > $d)
),
last_seen AS (  -- last day with a transaction or app event, on or before D
    SELECT customer_id, max(day) AS day
    FROM (SELECT customer_id, day FROM tx UNION ALL SELECT customer_id, day FROM ev)
    GROUP BY customer_id
),
base AS (
    SELECT pop.*,
           date_sub('year', pop.birth_date, $d) AS age,
           coalesce(bal.deposit_balance, 0) AS dep,
           coalesce(bal.wealth_balance, 0) AS wea,
           coalesce(bal.loan_balance, 0) AS loan,
           coalesce(bal.deposit_avg_daily, 0) AS adb,
           vol.cv,
           coalesce(logins.n, 0) AS login_days,
           coalesce(txn90.n, 0) AS txns,
           pref.channel AS pref_channel,
           period.name AS period_name,
           coalesce(wealth.n, 0) AS wealth_n,
           coalesce(inquiry.n, 0) AS inquiries,
           survey.loan_intent AS survey_loan,
           survey.wealth_intent AS survey_wealth,
           maturing.customer_id IS NOT NULL AS maturing,
           last_seen.day AS last_day
    FROM pop
    LEFT JOIN bal USING (customer_id)
    LEFT JOIN vol USING (customer_id)
    LEFT JOIN logins USING (customer_id)
    LEFT JOIN txn90 USING (customer_id)
    LEFT JOIN pref USING (customer_id)
    LEFT JOIN period USING (customer_id)
    LEFT JOIN wealth USING (customer_id)
    LEFT JOIN inquiry USING (customer_id)
    LEFT JOIN survey USING (customer_id)
    LEFT JOIN maturing USING (customer_id)
    LEFT JOIN last_seen USING (customer_id)
)
SELECT
    customer_id,
    age,
    CASE WHEN age < 25 THEN '<25' WHEN age <= 34 THEN '25-34' WHEN age <= 44 THEN '35-44'
         WHEN age <= 54 THEN '45-54' ELSE '55+' END AS age_band,
    gender, city, province, region, branch_name AS branch, occupation, education,
    marital_status, risk_level, is_payroll, acquisition_channel, annual_income,
    CASE WHEN annual_income < 50000 THEN '<50k' WHEN annual_income < 100000 THEN '50k-100k'
         WHEN annual_income < 300000 THEN '100k-300k' ELSE '300k+' END AS income_band,
    dep AS deposit_balance, wea AS wealth_balance, loan AS loan_balance, adb AS deposit_avg_daily,
    dep + wea AS aum,
    CASE WHEN dep + wea >= 500000 THEN 'high' WHEN dep + wea >= 50000 THEN 'medium'
         ELSE 'low' END AS value_tier,
    CASE WHEN dep > 0 AND loan = 0 THEN 'deposit_only' WHEN loan > 0 AND dep = 0 THEN 'loan_only'
         WHEN dep > 0 AND loan > 0 THEN 'both' ELSE 'none' END AS holding_structure,
    loan > 0 AS has_loan,
    dep > 0 AS has_deposit,
    cv AS deposit_volatility,
    coalesce(cv >= 0.30, false) AS high_deposit_volatility,
    login_days AS login_days_30d,
    CASE WHEN login_days >= 15 THEN 'high' WHEN login_days >= 4 THEN 'medium'
         WHEN login_days >= 1 THEN 'low' ELSE 'inactive' END AS activity_level,
    txns AS txn_count_90d,
    pref_channel AS preferred_channel,
    period_name AS active_period,
    CASE WHEN wealth_n >= 5 THEN 'high' WHEN wealth_n >= 1 THEN 'medium' ELSE 'none' END
        AS wealth_activity,
    inquiries AS loan_inquiry_30d,
    CASE WHEN inquiries >= 3 OR survey_loan >= 4 THEN 'high' ELSE 'low' END AS loan_intent,
    CASE WHEN wealth_n >= 5 OR survey_wealth >= 4 THEN 'high' ELSE 'low' END AS wealth_intent,
    maturing AS time_deposit_maturing_30d,
    CASE WHEN open_date > $d - 90 THEN 'new'
         WHEN last_day IS NULL OR last_day < $d - 179 THEN 'churned'
         WHEN last_day < $d - 89 THEN 'dormant'
         ELSE 'active' END AS lifecycle_stage
FROM base
"""

# --- fact relations: one row per fact, ``t`` = the date its metrics are filtered by (spec §2) ---
FACTS = {
    "customers": "SELECT customer_id, CAST($d AS DATE) AS t FROM customers WHERE open_date <= $d",
    "balances": """
        SELECT customer_id, month AS t, deposit_balance AS f_dep, deposit_avg_daily AS f_adb,
               wealth_balance AS f_wea, loan_balance AS f_loan
        FROM balances_monthly""",
    "accounts": """
        SELECT a.customer_id, a.open_date AS t, a.open_channel AS channel,
               p.product_type, p.product_name AS product, a.status AS account_status
        FROM deposit_accounts AS a JOIN products AS p ON p.product_id = a.product_id""",
    "applications": """
        SELECT l.customer_id, l.apply_date AS t, l.apply_channel AS channel,
               p.product_type, l.status AS loan_status
        FROM loans AS l JOIN products AS p ON p.product_id = l.product_id""",
    "decisions": """
        SELECT l.customer_id, l.decision_date AS t, l.status AS f_status, l.apply_channel AS channel,
               p.product_type, l.status AS loan_status
        FROM loans AS l JOIN products AS p ON p.product_id = l.product_id
        WHERE l.decision_date IS NOT NULL""",
    "disbursements": """
        SELECT l.customer_id, l.disburse_date AS t, l.amount AS f_amount, l.apply_channel AS channel,
               p.product_type, l.status AS loan_status
        FROM loans AS l JOIN products AS p ON p.product_id = l.product_id
        WHERE l.disburse_date IS NOT NULL""",
    "outstanding": """
        SELECT l.customer_id, CAST($d AS DATE) AS t, l.overdue_days AS f_overdue,
               l.apply_channel AS channel, p.product_type
        FROM loans AS l JOIN products AS p ON p.product_id = l.product_id
        WHERE l.status = 'disbursed'""",
    "transactions": """
        SELECT customer_id, CAST(txn_time AS DATE) AS t, amount AS f_amount, channel, txn_type,
               direction
        FROM transactions""",
    "events": """
        SELECT customer_id, CAST(event_time AS DATE) AS t, event_type, platform FROM app_events""",
    "touches": """
        SELECT tc.customer_id, c.start_date AS t, c.campaign_name AS campaign, c.objective,
               c.target_product_type, tc.channel, tc.group_type,
               tc.group_type = 'treatment' AS f_treatment,
               tc.group_type = 'treatment' AND tc.delivered AS f_treated,
               tc.group_type = 'control' AS f_control,
               tc.opened_at IS NOT NULL AS f_opened, tc.clicked_at IS NOT NULL AS f_clicked,
               tc.converted_at IS NOT NULL AS f_converted,
               tc.conversion_amount AS f_amount, tc.cost AS f_cost
        FROM campaign_touches AS tc JOIN campaigns AS c ON c.campaign_id = tc.campaign_id""",
}

APPROVED = "f_status IN ('approved', 'disbursed', 'settled')"
TREATED = "count(*) FILTER (WHERE f_treated)"
CONVERTED = "count(*) FILTER (WHERE f_treated AND f_converted)"
AMOUNT = "coalesce(sum(f_amount) FILTER (WHERE f_treated AND f_converted), 0)"
COST = "sum(f_cost)"
CAMPAIGN_RATE = f"{CONVERTED} / NULLIF({TREATED}, 0)"
CONTROL_RATE = "count(*) FILTER (WHERE f_control AND f_converted) / NULLIF(count(*) FILTER (WHERE f_control), 0)"

# metric -> (fact relation, aggregate over its rows), straight from spec section 4
METRICS: dict[str, tuple[str, str]] = {
    "customer_count": ("customers", "count(DISTINCT customer_id)"),
    "deposit_balance": ("balances", "sum(f_dep)"),
    "deposit_avg_daily": ("balances", "sum(f_adb)"),
    "loan_balance": ("balances", "sum(f_loan)"),
    "wealth_balance": ("balances", "sum(f_wea)"),
    "aum": ("balances", "sum(f_dep + f_wea)"),
    "avg_aum_per_customer": ("balances", "sum(f_dep + f_wea) / count(DISTINCT customer_id)"),
    "new_deposit_accounts": ("accounts", "count(*)"),
    "loan_applications": ("applications", "count(*)"),
    "loan_approvals": ("decisions", f"count(*) FILTER (WHERE {APPROVED})"),
    "loan_approval_rate": (
        "decisions",
        f"count(*) FILTER (WHERE {APPROVED}) / NULLIF(count(*), 0)",
    ),
    "loan_disbursements": ("disbursements", "count(*)"),
    "loan_disbursement_amount": ("disbursements", "sum(f_amount)"),
    "outstanding_loans": ("outstanding", "count(*)"),
    "overdue_loans": ("outstanding", "count(*) FILTER (WHERE f_overdue > 0)"),
    "overdue_rate": ("outstanding", "count(*) FILTER (WHERE f_overdue > 0) / NULLIF(count(*), 0)"),
    "txn_count": ("transactions", "count(*)"),
    "txn_amount": ("transactions", "sum(f_amount)"),
    "app_event_count": ("events", "count(*)"),
    "touches": ("touches", TREATED),
    "delivery_rate": ("touches", f"{TREATED} / NULLIF(count(*) FILTER (WHERE f_treatment), 0)"),
    "open_rate": (
        "touches",
        f"count(*) FILTER (WHERE f_treated AND f_opened) / NULLIF({TREATED}, 0)",
    ),
    "click_rate": (
        "touches",
        f"count(*) FILTER (WHERE f_treated AND f_clicked) / NULLIF({TREATED}, 0)",
    ),
    "campaign_conversion_rate": ("touches", CAMPAIGN_RATE),
    "control_conversion_rate": ("touches", CONTROL_RATE),
    "uplift": ("touches", f"({CAMPAIGN_RATE}) - ({CONTROL_RATE})"),
    "conversion_amount": ("touches", AMOUNT),
    "campaign_cost": ("touches", COST),
    "cost_per_conversion": ("touches", f"{COST} / NULLIF({CONVERTED}, 0)"),
    "roi": ("touches", f"{AMOUNT} / NULLIF({COST}, 0)"),
}
SNAPSHOT_FACTS = {"balances"}
AS_OF_FACTS = {"customers", "outstanding"}

# conversion metric -> its base customers for a period [$start, $end], with ``converted``
CONVERSIONS = {
    "deposit_to_loan_conversion_rate": """
        SELECT b.customer_id,
               EXISTS (SELECT 1 FROM loans AS l WHERE l.customer_id = b.customer_id
                       AND l.disburse_date BETWEEN $start AND $end) AS converted
        FROM balances_monthly AS b
        WHERE b.month = date_trunc('month', $start) - INTERVAL 1 MONTH
          AND b.deposit_balance > 0 AND b.loan_balance = 0""",
    "loan_to_deposit_conversion_rate": """
        SELECT b.customer_id,
               EXISTS (SELECT 1 FROM deposit_accounts AS a WHERE a.customer_id = b.customer_id
                       AND a.open_date BETWEEN $start AND $end) AS converted
        FROM balances_monthly AS b
        WHERE b.month = date_trunc('month', $start) - INTERVAL 1 MONTH
          AND b.loan_balance > 0 AND b.deposit_balance = 0""",
    "wealth_repurchase_rate": """
        WITH redeemed AS (
            SELECT customer_id, min(txn_time) AS first_at
            FROM transactions
            WHERE txn_type = 'wealth_redemption' AND CAST(txn_time AS DATE) BETWEEN $start AND $end
            GROUP BY customer_id
        )
        SELECT r.customer_id,
               EXISTS (SELECT 1 FROM transactions AS p WHERE p.customer_id = r.customer_id
                       AND p.txn_type = 'wealth_purchase'
                       AND p.txn_time > r.first_at
                       AND p.txn_time <= r.first_at + INTERVAL 30 DAY) AS converted
        FROM redeemed AS r""",
    # dormant as of B = $start - 1: not new (open_date <= B - 90), last activity on or before
    # B falls in [B - 179, B - 90] (so neither churned nor active)
    "dormant_wakeup_rate": """
        WITH seen AS (
            SELECT customer_id, CAST(txn_time AS DATE) AS day FROM transactions
            UNION ALL
            SELECT customer_id, CAST(event_time AS DATE) AS day FROM app_events
        ),
        prior AS (
            SELECT customer_id, max(day) AS last_day FROM seen WHERE day < $start
            GROUP BY customer_id
        )
        SELECT c.customer_id,
               EXISTS (SELECT 1 FROM seen AS s WHERE s.customer_id = c.customer_id
                       AND s.day BETWEEN $start AND $end) AS converted
        FROM customers AS c
        JOIN prior AS p ON p.customer_id = c.customer_id
        WHERE c.open_date <= $start - 91
          AND p.last_day BETWEEN $start - 180 AND $start - 91""",
}


# --- the reference engine -------------------------------------------------------------------


def months_in(start: date, end: date) -> list[tuple[date, date]]:
    """Calendar months of [start, end], clipped to it."""
    out = []
    m = start.replace(day=1)
    while m <= end:
        nxt = date(m.year + m.month // 12, m.month % 12 + 1, 1)
        out.append((max(m, start), min(date.fromordinal(nxt.toordinal() - 1), end)))
        m = nxt
    return out


@dataclass(frozen=True)
class Ref:
    """The hand-written counterpart of one query."""

    metrics: tuple[str, ...]
    by: tuple[str, ...] = ()
    where: str = "TRUE"
    period: tuple[date, date] | None = None  # None: the spec's default for the metric
    grain: str | None = None
    share: bool = False
    as_of: date = D
    top: tuple[str, bool, int] | None = None  # (metric, descending, how many)

    @property
    def nkeys(self) -> int:
        return len(self.by) + (1 if self.grain else 0)

    def columns(self) -> list[str]:
        shares = [f"{m}_share" for m in self.metrics] if self.share else []
        return ([self.grain] if self.grain else []) + list(self.by) + list(self.metrics) + shares

    def rows(self, con: duckdb.DuckDBPyConnection) -> list[tuple[Any, ...]]:
        tags = ensure_ref_tags(con, self.as_of)
        merged: dict[tuple[Any, ...], dict[str, Any]] = {}
        for m in self.metrics:
            for row in self._metric_rows(con, tags, m):
                merged.setdefault(tuple(row[: self.nkeys]), {})[m] = row[self.nkeys]
        out = [(*key, *(values.get(m) for m in self.metrics)) for key, values in merged.items()]
        if self.share:
            n = self.nkeys
            totals = [sum(r[n + i] or 0 for r in out) for i in range(len(self.metrics))]
            out = [(*r, *(_share(r[n + i], t) for i, t in enumerate(totals))) for r in out]
        if self.top:
            metric, desc, limit = self.top
            i = self.columns().index(metric)
            out = sorted(out, key=lambda r: float(r[i]), reverse=desc)[:limit]
        return out

    def _params(self, sql: str, **values: date) -> dict[str, date]:
        return {k: v for k, v in {"d": self.as_of, **values}.items() if f"${k}" in sql}

    def _metric_rows(
        self, con: duckdb.DuckDBPyConnection, tags: str, metric: str
    ) -> list[tuple[Any, ...]]:
        if metric in CONVERSIONS:
            return self._conversion_rows(con, tags, metric)
        fact, value = METRICS[metric]
        start, end = self.period or self._default_period(fact)
        keys = ([f"CAST(date_trunc('{self.grain}', t) AS DATE)"] if self.grain else []) + list(
            self.by
        )
        sql = (
            f"WITH facts AS ({FACTS[fact]}) SELECT {', '.join([*keys, value])} "
            f"FROM facts JOIN {tags} USING (customer_id) "
            f"WHERE t BETWEEN $start AND $end AND ({self.where}) {_group_by(keys)}"
        )
        return con.execute(sql, self._params(sql, start=start, end=end)).fetchall()

    def _conversion_rows(
        self, con: duckdb.DuckDBPyConnection, tags: str, metric: str
    ) -> list[tuple[Any, ...]]:
        start, end = self.period or (self.as_of.replace(day=1), self.as_of)
        assert self.grain in (None, "month"), "reference conversions per month only"
        pieces = months_in(start, end) if self.grain == "month" else [(start, end)]
        keys = (["CAST($start AS DATE)"] if self.grain else []) + list(self.by)
        rate = "count(*) FILTER (WHERE converted) / NULLIF(count(*), 0)"
        sql = (
            f"WITH base AS ({CONVERSIONS[metric]}) SELECT {', '.join([*keys, rate])} "
            f"FROM base JOIN {tags} USING (customer_id) WHERE ({self.where}) {_group_by(keys)}"
        )
        rows: list[tuple[Any, ...]] = []
        for s, e in pieces:  # one period at a time: base = the snapshot before each
            rows += con.execute(sql, self._params(sql, start=s, end=e)).fetchall()
        return rows

    def _default_period(self, fact: str) -> tuple[date, date]:
        if fact in SNAPSHOT_FACTS:
            return self.as_of.replace(day=1), self.as_of
        return ALL_TIME


def _group_by(keys: list[str]) -> str:
    return f"GROUP BY {', '.join(str(i + 1) for i in range(len(keys)))}" if keys else ""


def _share(value: Any, total: Any) -> float | None:
    return None if value is None or not total else float(value) / float(total)


def ensure_ref_tags(con: duckdb.DuckDBPyConnection, as_of: date) -> str:
    """The temp table of reference tags as of ``as_of``, built on first use."""
    name = f"ref_tags_{as_of:%Y%m%d}"
    con.execute(f"CREATE TEMP TABLE IF NOT EXISTS {name} AS {REF_TAGS}", {"d": as_of})
    return name


def plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, date | datetime):
        return value.isoformat()
    return value


def sort_rows(rows: Sequence[Sequence[Any]], nkeys: int) -> list[tuple[Any, ...]]:
    normal = [tuple(plain(v) for v in row) for row in rows]
    return sorted(normal, key=lambda r: tuple((v is None, str(v)) for v in r[:nkeys]))


def assert_same_rows(
    got: list[tuple[Any, ...]], expected: list[tuple[Any, ...]], nkeys: int
) -> None:
    got, expected = sort_rows(got, nkeys), sort_rows(expected, nkeys)
    assert [r[:nkeys] for r in got] == [r[:nkeys] for r in expected], "different groups"
    for g, e in zip(got, expected, strict=True):
        for gv, ev in zip(g[nkeys:], e[nkeys:], strict=True):
            if isinstance(gv, float) or isinstance(ev, float):
                assert gv == pytest.approx(ev, rel=1e-9), (g, e)
            else:
                assert gv == ev, (g, e)


@pytest.fixture(scope="module")
def ref_con(mart_path: Path, tmp_path_factory: pytest.TempPathFactory):
    """A read-only connection of our own to a copy of the mart.

    A copy, because DuckDB refuses a second in-process connection to one file with a
    different configuration than the warehouse's locked one."""
    copy = tmp_path_factory.mktemp("reference") / "bank.duckdb"
    shutil.copy(mart_path, copy)
    con = duckdb.connect(str(copy), read_only=True)
    yield con
    con.close()


def shown(answered) -> tuple[list[str], list[tuple]]:
    """Columns and rows without the hidden count of customers behind each row, and without
    the numerator and denominator shown beside each rate (checked against the rate here)."""
    from semantic_layer.compile import SUPPORT

    roles = {c.name: c.role for c in answered.compiled.columns}
    names = answered.result.columns
    for rate in (c for c in answered.compiled.columns if c.role == "metric"):
        parts = [i for i, c in enumerate(answered.compiled.columns) if c.role == "operand" and c.name in _parts_of(rate.name)]
        if len(parts) == 2:  # the rate is its numerator over its denominator, row by row
            r = names.index(rate.name)
            for row in answered.result.rows:
                num, den = row[parts[0]], row[parts[1]]
                assert row[r] == (pytest.approx(float(num) / float(den)) if den else None), (rate.name, row)
    keep = [i for i, c in enumerate(names) if c != SUPPORT and roles.get(c) != "operand"]
    return [names[i] for i in keep], [tuple(r[i] for i in keep) for r in answered.result.rows]


def _parts_of(rate: str) -> set[str]:
    metric = load_model().metrics.get(rate)
    if metric is None:
        return set()
    if metric.kind == "conversion":
        return {f"{rate}_converted", f"{rate}_base"}
    return {metric.numerator or "", metric.denominator or ""}


def check(warehouse, ref_con, query: SemanticQuery, ref: Ref) -> None:
    answered = warehouse.run(query)
    assert answered.compiled.as_of == ref.as_of
    columns, rows = shown(answered)
    assert columns == ref.columns()
    assert_same_rows(rows, ref.rows(ref_con), ref.nkeys)


# --- the table of cases -----------------------------------------------------------------------


def case(
    name: str,
    metrics: tuple[str, ...] | str,
    *,
    by: tuple[str, ...] = (),
    grain: Grain | None = None,
    time: tuple[date, date] | None = None,
    filters: tuple[Filter, ...] = (),
    where: str = "TRUE",
    share: bool = False,
    as_of: date | None = None,
    top: tuple[str, bool, int] | None = None,
):
    """One row: the SemanticQuery, and the same question for the reference SQL."""
    metrics = (metrics,) if isinstance(metrics, str) else metrics
    group_by = tuple(GroupBy(field=b) for b in by)
    if grain:
        group_by = (GroupBy(field="time", grain=grain), *group_by)
    query = SemanticQuery(
        metrics=metrics,
        group_by=group_by,
        filters=filters,
        time_range=TimeRange(start=time[0], end=time[1]) if time else None,
        share_of_total=share,
        as_of=as_of,
        order_by=(OrderBy(field=top[0], direction="desc" if top[1] else "asc"),) if top else (),
        limit=top[2] if top else None,
    )
    if time is None and grain is not None:
        # no time in the question: "every other metric covers all the data", per bucket
        assert all(METRICS[m][0] not in SNAPSHOT_FACTS | AS_OF_FACTS for m in metrics), name
    ref = Ref(metrics, by, where, time, grain, share, as_of or D, top)
    return pytest.param(query, ref, id=name)


# fmt: off
SPEC_METRICS = [
    "customer_count", "deposit_balance", "deposit_avg_daily", "loan_balance", "wealth_balance",
    "aum", "avg_aum_per_customer", "new_deposit_accounts", "loan_applications",
    "loan_approval_rate", "loan_disbursements", "loan_disbursement_amount", "overdue_rate",
    "deposit_to_loan_conversion_rate", "loan_to_deposit_conversion_rate", "wealth_repurchase_rate",
    "dormant_wakeup_rate", "touches", "delivery_rate", "open_rate", "click_rate",
    "campaign_conversion_rate", "control_conversion_rate", "uplift", "conversion_amount",
    "campaign_cost", "cost_per_conversion", "roi",
]
MODEL_EXTRAS = ["loan_approvals", "outstanding_loans", "overdue_loans", "txn_count", "txn_amount", "app_event_count"]
FLOW = ["new_deposit_accounts", "loan_applications", "loan_approval_rate", "loan_disbursements",
        "loan_disbursement_amount", "txn_count", "txn_amount", "app_event_count"]
CAMPAIGN = ["touches", "delivery_rate", "open_rate", "click_rate", "campaign_conversion_rate",
            "control_conversion_rate", "uplift", "conversion_amount", "campaign_cost",
            "cost_per_conversion", "roi"]
CONVERSION = list(CONVERSIONS)
BALANCES = ["deposit_balance", "deposit_avg_daily", "loan_balance", "wealth_balance", "aum", "avg_aum_per_customer"]
JUNE_2025 = (date(2025, 6, 1), date(2025, 6, 30))

DEFAULT_CASES = [case(f"default-{m}", m) for m in SPEC_METRICS + MODEL_EXTRAS]

RANGE_CASES = [
    *[case(f"range-{label}-{m}", m, time=rng) for label, rng in RANGES.items() for m in FLOW + CAMPAIGN + CONVERSION],
    *[case(f"range-2025-06-{m}", m, time=JUNE_2025) for m in BALANCES],
]

GROUPED_CASES = [
    case("deposit_balance-by-value_tier", "deposit_balance", by=("value_tier",)),
    case("aum-by-region", "aum", by=("region",)),
    case("avg_aum-by-region", "avg_aum_per_customer", by=("region",)),
    case("balances-by-holding_structure", ("deposit_balance", "loan_balance", "wealth_balance", "deposit_avg_daily"), by=("holding_structure",)),
    case("customers-and-aum-by-value_tier", ("customer_count", "aum"), by=("value_tier",)),
    case("customers-and-applications-by-region", ("customer_count", "loan_applications"), by=("region",)),
    case("customers-by-region-and-value_tier", "customer_count", by=("region", "value_tier")),
    case("customers-by-region-share", "customer_count", by=("region",), share=True),
    case("aum-by-value_tier-share", "aum", by=("value_tier",), share=True),
    case("loan_applications-by-region", "loan_applications", by=("region",)),
    case("loan_applications-by-channel", "loan_applications", by=("channel",)),
    case("loan_approval_rate-by-value_tier", "loan_approval_rate", by=("value_tier",)),
    case("loan_approval_rate-by-product_type", "loan_approval_rate", by=("product_type",)),
    case("disbursements-by-region-2025Q3", ("loan_disbursements", "loan_disbursement_amount"), by=("region",), time=Q3_2025),
    case("overdue_rate-by-region", "overdue_rate", by=("region",)),
    case("overdue_rate-by-product_type", "overdue_rate", by=("product_type",)),
    case("new_deposit_accounts-by-lifecycle", "new_deposit_accounts", by=("lifecycle_stage",)),
    case("new_deposit_accounts-by-product_type", "new_deposit_accounts", by=("product_type",), time=YEAR_2025),
    case("txn_amount-by-txn_type", "txn_amount", by=("txn_type",), time=Q3_2025),
    case("app_events-by-event_type-and-activity", "app_event_count", by=("event_type", "activity_level"), time=(date(2025, 12, 1), D)),
    case("d2l-by-region", "deposit_to_loan_conversion_rate", by=("region",), time=YEAR_2025),
    case("l2d-by-value_tier", "loan_to_deposit_conversion_rate", by=("value_tier",), time=YEAR_2025),
    case("repurchase-by-value_tier", "wealth_repurchase_rate", by=("value_tier",), time=Q3_2025),
    case("wakeup-by-region", "dormant_wakeup_rate", by=("region",), time=Q3_2025),
    case("campaign_conversion-by-value_tier", "campaign_conversion_rate", by=("value_tier",)),
    case("uplift-by-region", "uplift", by=("region",)),
    case("touches-by-is_payroll", "touches", by=("is_payroll",)),
    case("campaign_cost-by-group_type", "campaign_cost", by=("group_type",)),
    case("campaign-funnel-by-campaign", ("touches", "open_rate", "click_rate", "campaign_conversion_rate", "uplift", "roi"), by=("campaign",)),
]

TIME_CASES = [
    case("loan_applications-by-month", "loan_applications", grain="month"),
    case("loan_applications-by-month-2025", "loan_applications", grain="month", time=YEAR_2025),
    case("loan_approval_rate-by-month-2025H1", "loan_approval_rate", grain="month", time=H1_2025),
    case("disbursement_amount-by-quarter-2025", "loan_disbursement_amount", grain="quarter", time=YEAR_2025),
    case("disbursements-by-year", ("loan_disbursements", "loan_disbursement_amount"), grain="year"),
    case("new_deposit_accounts-by-month-2025Q3", "new_deposit_accounts", grain="month", time=Q3_2025),
    case("txn_count-by-month", "txn_count", grain="month"),
    case("campaign_cost-by-month", "campaign_cost", grain="month"),
    case("campaign_conversion-by-quarter", "campaign_conversion_rate", grain="quarter"),
    case("deposit_balance-by-month-2024", "deposit_balance", grain="month", time=(DATA_START, date(2024, 12, 31))),
    case("aum-by-month-2025H1", "aum", grain="month", time=H1_2025),
    case("balances-by-month-2025H1", ("deposit_avg_daily", "loan_balance", "wealth_balance", "avg_aum_per_customer"), grain="month", time=H1_2025),
    case("deposit_balance-by-month-and-value_tier", "deposit_balance", grain="month", by=("value_tier",), time=Q3_2025),
    case("loan_applications-by-month-and-region", "loan_applications", grain="month", by=("region",), time=Q3_2025),
    *[case(f"{m}-by-month-2025", m, grain="month", time=YEAR_2025) for m in CONVERSION],
    case("wakeup-by-month-and-region-2025H1", "dormant_wakeup_rate", grain="month", by=("region",), time=H1_2025),
    *[case(f"{m}-by-month-partial-months", m, grain="month", time=(date(2025, 7, 15), date(2025, 9, 14))) for m in CONVERSION],
]

CAMPAIGN_DIM_CASES = [case(f"{m}-by-{dim}", m, by=(dim,)) for dim in ("campaign", "channel", "objective") for m in CAMPAIGN]

CATEGORY_TAGS = [
    "age_band", "gender", "city", "province", "region", "branch", "occupation", "education",
    "marital_status", "risk_level", "is_payroll", "acquisition_channel", "income_band",
    "value_tier", "holding_structure", "has_loan", "has_deposit", "high_deposit_volatility",
    "activity_level", "preferred_channel", "active_period", "wealth_activity", "loan_intent",
    "wealth_intent", "time_deposit_maturing_30d", "lifecycle_stage",
]
# a customer with no transactions (logins) in the 90 days has no preferred channel (active
# period): the spec's "none" is not a group, so a breakdown leaves those customers out
HAS_NONE = {"preferred_channel", "active_period"}
TAG_CASES = [case(f"tag-{t}", "customer_count", by=(t,), where=f"{t} IS NOT NULL" if t in HAS_NONE else "TRUE")
             for t in CATEGORY_TAGS]


def numeric(name: str, f: Filter, where: str):
    return case(name, "customer_count", filters=(f,), where=where)


NUMERIC_TAG_CASES = [
    numeric("age>=40", Filter(field="age", op=">=", value=40), "age >= 40"),
    numeric("age-between-25-34", Filter(field="age", op="between", value=(25, 34)), "age BETWEEN 25 AND 34"),
    numeric("age<25", Filter(field="age", op="<", value=25), "age < 25"),
    numeric("annual_income>=100k", Filter(field="annual_income", op=">=", value=100000), "annual_income >= 100000"),
    numeric("aum>=500k", Filter(field="aum", op=">=", value=500000), "aum >= 500000"),
    numeric("aum<50k", Filter(field="aum", op="<", value=50000), "aum < 50000"),
    numeric("deposit_balance>0", Filter(field="deposit_balance", op=">", value=0), "deposit_balance > 0"),
    numeric("deposit_avg_daily>=100k", Filter(field="deposit_avg_daily", op=">=", value=100000), "deposit_avg_daily >= 100000"),
    numeric("wealth_balance>0", Filter(field="wealth_balance", op=">", value=0), "wealth_balance > 0"),
    numeric("loan_balance>0", Filter(field="loan_balance", op=">", value=0), "loan_balance > 0"),
    numeric("deposit_volatility>=0.3", Filter(field="deposit_volatility", op=">=", value=0.3), "deposit_volatility >= 0.3"),
    numeric("deposit_volatility<0.1", Filter(field="deposit_volatility", op="<", value=0.1), "deposit_volatility < 0.1"),
    numeric("deposit_volatility-none", Filter(field="deposit_volatility", op="is_null"), "deposit_volatility IS NULL"),
    numeric("login_days_30d>=15", Filter(field="login_days_30d", op=">=", value=15), "login_days_30d >= 15"),
    numeric("login_days_30d-between-1-3", Filter(field="login_days_30d", op="between", value=(1, 3)), "login_days_30d BETWEEN 1 AND 3"),
    numeric("login_days_30d=0", Filter(field="login_days_30d", value=0), "login_days_30d = 0"),
    numeric("txn_count_90d>20", Filter(field="txn_count_90d", op=">", value=20), "txn_count_90d > 20"),
    numeric("txn_count_90d=0", Filter(field="txn_count_90d", value=0), "txn_count_90d = 0"),
    numeric("loan_inquiry_30d>=3", Filter(field="loan_inquiry_30d", op=">=", value=3), "loan_inquiry_30d >= 3"),
    numeric("loan_inquiry_30d>=1", Filter(field="loan_inquiry_30d", op=">=", value=1), "loan_inquiry_30d >= 1"),
]

FILTER_CASES = [
    case("region=east", "customer_count", filters=(Filter(field="region", value="华东"),), where="region = '华东'"),
    case("region-label-en", "customer_count", filters=(Filter(field="region", value="East China"),), where="region = '华东'"),
    case("gender-label-zh", "customer_count", filters=(Filter(field="gender", value="女"),), where="gender = 'female'"),
    case("region-in", "aum", filters=(Filter(field="region", op="in", value=("华东", "华南")),), where="region IN ('华东', '华南')"),
    case("region-not-in", "customer_count", by=("region",), filters=(Filter(field="region", op="not_in", value=("华东", "华北")),), where="region NOT IN ('华东', '华北')"),
    case("value_tier!=low", "deposit_balance", filters=(Filter(field="value_tier", op="!=", value="low"),), where="value_tier <> 'low'"),
    case("is_payroll", "customer_count", filters=(Filter(field="is_payroll", value=True),), where="is_payroll"),
    case("not-payroll-aum", "aum", filters=(Filter(field="is_payroll", value=False),), where="NOT is_payroll"),
    case("has_loan", "customer_count", by=("region",), filters=(Filter(field="has_loan", value=True),), where="has_loan"),
    case("no-loan-deposits", "deposit_balance", filters=(Filter(field="has_loan", value=False),), where="NOT has_loan"),
    case("payroll-high-value-over-30", "customer_count", filters=(Filter(field="is_payroll", value=True), Filter(field="value_tier", value="high"), Filter(field="age", op=">=", value=30)), where="is_payroll AND value_tier = 'high' AND age >= 30"),
    case("maturing-by-value_tier", "customer_count", by=("value_tier",), filters=(Filter(field="time_deposit_maturing_30d", value=True),), where="time_deposit_maturing_30d"),
    case("dormant-or-churned-in-east", "customer_count", filters=(Filter(field="lifecycle_stage", op="in", value=("dormant", "churned")), Filter(field="region", value="华东")), where="lifecycle_stage IN ('dormant', 'churned') AND region = '华东'"),
    case("high-intent-active", "customer_count", by=("wealth_intent",), filters=(Filter(field="loan_intent", value="high"), Filter(field="activity_level", op="!=", value="inactive")), where="loan_intent = 'high' AND activity_level <> 'inactive'"),
    case("applications-app-channel-payroll", "loan_applications", filters=(Filter(field="channel", value="app"), Filter(field="is_payroll", value=True)), where="channel = 'app' AND is_payroll"),
    case("approval-rate-mortgage-2025", "loan_approval_rate", time=YEAR_2025, filters=(Filter(field="product_type", value="mortgage"),), where="product_type = 'mortgage'"),
    case("disbursed-amount-age-35-44", "loan_disbursement_amount", time=YEAR_2025, filters=(Filter(field="age", op="between", value=(35, 44)),), where="age BETWEEN 35 AND 44"),
    case("overdue-consumer-loans", "overdue_rate", filters=(Filter(field="product_type", value="consumer_loan"),), where="product_type = 'consumer_loan'"),
    case("new-term-deposits-by-channel", "new_deposit_accounts", by=("channel",), time=YEAR_2025, filters=(Filter(field="product_type", op="in", value=("time_deposit", "large_cd")),), where="product_type IN ('time_deposit', 'large_cd')"),
    case("txn-out-not-pos", "txn_amount", time=Q3_2025, filters=(Filter(field="direction", value="out"), Filter(field="channel", op="not_in", value=("pos", "atm"))), where="direction = 'out' AND channel NOT IN ('pos', 'atm')"),
    case("campaign-d2l-high-value", "campaign_conversion_rate", filters=(Filter(field="objective", value="deposit_to_loan"), Filter(field="value_tier", op="in", value=("high", "medium"))), where="objective = 'deposit_to_loan' AND value_tier IN ('high', 'medium')"),
    case("campaign-cost-sms-phone", ("campaign_cost", "cost_per_conversion"), by=("objective",), filters=(Filter(field="channel", op="in", value=("sms", "phone")),), where="channel IN ('sms', 'phone')"),
    case("uplift-not-payroll", "uplift", by=("objective",), filters=(Filter(field="is_payroll", value=False),), where="NOT is_payroll"),
    case("d2l-payroll-2025", "deposit_to_loan_conversion_rate", time=YEAR_2025, filters=(Filter(field="is_payroll", value=True),), where="is_payroll"),
    case("wakeup-not-east-2025Q3", "dormant_wakeup_rate", time=Q3_2025, filters=(Filter(field="region", op="not_in", value=("华东",)),), where="region NOT IN ('华东')"),
    case("deposits-both-holders", "deposit_balance", by=("region",), filters=(Filter(field="holding_structure", value="both"),), where="holding_structure = 'both'"),
    case("aum-income-band-and-age", "avg_aum_per_customer", by=("income_band",), filters=(Filter(field="age", op="<=", value=35), Filter(field="gender", value="male")), where="age <= 35 AND gender = 'male'"),
]


MID_2025 = date(2025, 6, 15)
JUNE_END = date(2025, 6, 30)
AS_OF_TAGS = ["lifecycle_stage", "value_tier", "holding_structure", "activity_level", "preferred_channel",
              "active_period", "wealth_activity", "loan_intent", "wealth_intent", "time_deposit_maturing_30d",
              "high_deposit_volatility", "age_band"]
AS_OF_CASES = [
    case("as_of-mid-june-customers", "customer_count", as_of=MID_2025),
    *[case(f"as_of-mid-june-tag-{t}", "customer_count", by=(t,), as_of=MID_2025,
           where=f"{t} IS NOT NULL" if t in HAS_NONE else "TRUE") for t in AS_OF_TAGS],
    case("as_of-mid-june-age>=40", "customer_count", filters=(Filter(field="age", op=">=", value=40),), where="age >= 40", as_of=MID_2025),
    case("as_of-mid-june-aum-by-value_tier", "aum", by=("value_tier",), as_of=MID_2025),
    case("as_of-june-end-balances", ("deposit_balance", "aum", "avg_aum_per_customer"), as_of=JUNE_END),
    *[case(f"as_of-june-end-{m}", m, as_of=JUNE_END) for m in CONVERSION],
]

ORDER_CASES = [
    case("top3-regions-by-aum", "aum", by=("region",), top=("aum", True, 3)),
    case("top5-branches-by-deposits", "deposit_balance", by=("branch",), top=("deposit_balance", True, 5)),
    case("bottom2-objectives-by-roi", "roi", by=("objective",), top=("roi", False, 2)),
    case("top3-campaigns-by-conversion-2025", "campaign_conversion_rate", by=("campaign",), time=YEAR_2025, top=("campaign_conversion_rate", True, 3)),
]

# A group with touched customers but no conversion: the spec's sums are 0 there
# (conversion_amount 0, so roi = 0 / cost = 0), not a missing row or NULL.
EMPTY_GROUP_CASES = [
    case("conversion_amount-by-campaign-and-branch", "conversion_amount", by=("campaign", "branch")),
    case("roi-by-campaign-and-branch", "roi", by=("campaign", "branch")),
]
# fmt: on


@pytest.mark.parametrize(("query", "ref"), DEFAULT_CASES)
def test_metric_with_spec_default_period(
    warehouse, ref_con, query: SemanticQuery, ref: Ref
) -> None:
    check(warehouse, ref_con, query, ref)


@pytest.mark.parametrize(("query", "ref"), RANGE_CASES)
def test_metric_over_explicit_range(warehouse, ref_con, query: SemanticQuery, ref: Ref) -> None:
    check(warehouse, ref_con, query, ref)


@pytest.mark.parametrize(("query", "ref"), GROUPED_CASES)
def test_metric_grouped_by_tag_or_dimension(
    warehouse, ref_con, query: SemanticQuery, ref: Ref
) -> None:
    check(warehouse, ref_con, query, ref)


@pytest.mark.parametrize(("query", "ref"), TIME_CASES)
def test_metric_grouped_by_time(warehouse, ref_con, query: SemanticQuery, ref: Ref) -> None:
    check(warehouse, ref_con, query, ref)


@pytest.mark.parametrize(("query", "ref"), CAMPAIGN_DIM_CASES)
def test_campaign_metric_by_campaign_dimension(
    warehouse, ref_con, query: SemanticQuery, ref: Ref
) -> None:
    check(warehouse, ref_con, query, ref)


@pytest.mark.parametrize(("query", "ref"), TAG_CASES)
def test_category_tag_counts(warehouse, ref_con, query: SemanticQuery, ref: Ref) -> None:
    check(warehouse, ref_con, query, ref)


@pytest.mark.parametrize(("query", "ref"), NUMERIC_TAG_CASES)
def test_numeric_tag_filters(warehouse, ref_con, query: SemanticQuery, ref: Ref) -> None:
    check(warehouse, ref_con, query, ref)


@pytest.mark.parametrize(("query", "ref"), FILTER_CASES)
def test_filters(warehouse, ref_con, query: SemanticQuery, ref: Ref) -> None:
    check(warehouse, ref_con, query, ref)


def test_reference_tags_cover_the_population(ref_con) -> None:
    """Sanity for the reference itself: one row per customer opened by D, every tag filled."""
    total, opened, bands = ref_con.execute(
        "SELECT count(*), (SELECT count(*) FROM customers WHERE open_date <= $d), "
        f"count(age_band) FROM {ensure_ref_tags(ref_con, D)}",
        {"d": D},
    ).fetchone()
    assert total == opened == bands > 0


@pytest.mark.parametrize(("query", "ref"), AS_OF_CASES)
def test_as_of_override(warehouse, ref_con, query: SemanticQuery, ref: Ref) -> None:
    check(warehouse, ref_con, query, ref)


@pytest.mark.parametrize(("query", "ref"), ORDER_CASES)
def test_order_and_limit(warehouse, ref_con, query: SemanticQuery, ref: Ref) -> None:
    check(warehouse, ref_con, query, ref)


@pytest.mark.parametrize(("query", "ref"), EMPTY_GROUP_CASES)
def test_campaign_group_without_conversions(
    warehouse, ref_con, query: SemanticQuery, ref: Ref
) -> None:
    assert any(row[-1] == 0 for row in ref.rows(ref_con)), (
        "the case needs a group with no conversion"
    )
    check(warehouse, ref_con, query, ref)


# spec section 2: with no time, balances and tags are as of D, the conversion metrics cover
# D's month and every other metric covers all the data; the answer states the period used
DEFAULT_PERIOD = {
    **dict.fromkeys(["customer_count", *BALANCES, "overdue_rate"], ("as_of", None, D)),
    **dict.fromkeys(CONVERSION, ("range", D.replace(day=1), D)),
    **dict.fromkeys([*FLOW, *CAMPAIGN], ("all", None, None)),
}


@pytest.mark.parametrize(("metric", "expected"), DEFAULT_PERIOD.items(), ids=list(DEFAULT_PERIOD))
def test_stated_default_period(warehouse, metric: str, expected: tuple) -> None:
    kind, start, end = expected
    periods = warehouse.compile(SemanticQuery(metrics=(metric,))).periods
    assert periods, metric
    for period in periods.values():
        assert period.kind == kind
        assert period.end == end
        if kind != "as_of":
            assert period.start == start


def test_a_group_left_out_is_left_out_of_the_share_base_too(warehouse, ref_con) -> None:
    """"value tiers as shares, leave out low": the shares are of the groups kept (they add up
    to 1); a group picked ("the high-value share") is still a share of every group."""

    aum = "COALESCE(SUM(deposit_balance + wealth_balance), 0)"
    ref = dict(ref_con.execute(f"""
        SELECT tier, COUNT(*) FROM (
          SELECT c.customer_id, CASE WHEN a >= 500000 THEN 'high' WHEN a >= 50000 THEN 'medium' ELSE 'low' END AS tier
          FROM customers c LEFT JOIN (SELECT customer_id, {aum} AS a FROM balances_monthly
                                      WHERE month = DATE '{D.replace(day=1)}' GROUP BY 1) b USING (customer_id)
          WHERE c.open_date <= DATE '{D}') GROUP BY 1""").fetchall())
    by_tier = (GroupBy(field="value_tier"),)
    left_out = warehouse.run(SemanticQuery(metrics=("customer_count",), group_by=by_tier, share_of_total=True,
                                           filters=(Filter(field="value_tier", op="not_in", value=("low",)),)))
    kept = ref["high"] + ref["medium"]
    _, rows = shown(left_out)
    assert sorted(rows) == sorted([("high", ref["high"], ref["high"] / kept), ("medium", ref["medium"], ref["medium"] / kept)])
    picked = warehouse.run(SemanticQuery(metrics=("customer_count",), group_by=by_tier, share_of_total=True,
                                         filters=(Filter(field="value_tier", op="in", value=("high",)),)))
    _, rows = shown(picked)
    assert rows == [("high", ref["high"], ref["high"] / sum(ref.values()))]
