"""The query shapes beyond a plain metric — ad-hoc aggregation, share of a base, period
comparison, conditions on a metric's own rows, bottom-N — compiled and run on the small
mart, each equal to SQL written by hand from the spec (not from the compiler's output).

``{tags}`` in a reference is the table of every customer tag as of D built by the
glossary tests' independent reference (``test_glossary_numbers.REF_TAGS``).
"""

from __future__ import annotations

from datetime import date

import pytest
from test_glossary_numbers import assert_same_rows, ensure_ref_tags, ref_con, shown  # noqa: F401

from semantic_layer.errors import QueryError
from semantic_layer.query import SemanticQuery

D = date(2025, 12, 31)

# fmt: off
CASES = [
    # -- ad-hoc aggregation ------------------------------------------------------------------
    ("avg-age-dormant",
     {"metrics": [{"func": "avg", "field": "age"}], "filters": [{"field": "lifecycle_stage", "value": "dormant"}]},
     "SELECT avg(age) FROM {tags} WHERE lifecycle_stage = 'dormant'", 0),
    ("median-income-payroll-by-region",
     {"metrics": [{"func": "median", "field": "annual_income"}], "group_by": [{"field": "region"}], "filters": [{"field": "is_payroll", "value": True}]},
     "SELECT region, median(annual_income) FROM {tags} WHERE is_payroll GROUP BY region", 1),
    ("p90-aum",
     {"metrics": [{"func": "percentile", "field": "aum", "percentile": 0.9}]},
     "SELECT quantile_cont(aum, 0.9) FROM {tags}", 0),
    ("customers-and-avg-deposit-high-value",
     {"metrics": ["customer_count", {"func": "avg", "field": "deposit_balance"}], "filters": [{"field": "value_tier", "value": "high"}]},
     "SELECT count(*), avg(deposit_balance) FROM {tags} WHERE value_tier = 'high'", 0),
    ("max-single-disbursement-2025Q3",
     {"metrics": [{"func": "max", "field": "amount", "of": "loan_disbursements"}], "time_range": {"start": "2025-07-01", "end": "2025-09-30"}},
     "SELECT max(amount) FROM loans WHERE disburse_date BETWEEN DATE '2025-07-01' AND DATE '2025-09-30'", 0),
    ("avg-mortgage-disbursed-2025",
     {"metrics": [{"func": "avg", "field": "amount", "of": "loan_disbursements"}], "filters": [{"field": "product_type", "value": "mortgage"}],
      "time_range": {"start": "2025-01-01", "end": "2025-12-31"}},
     "SELECT avg(l.amount) FROM loans l JOIN products p USING (product_id) WHERE p.product_type = 'mortgage' AND l.disburse_date BETWEEN DATE '2025-01-01' AND DATE '2025-12-31'", 0),
    ("distinct-customers-wealth-purchase-2025-12",
     {"metrics": [{"func": "count_distinct", "field": "customer", "of": "txn_count"}], "filters": [{"field": "txn_type", "value": "wealth_purchase"}],
      "time_range": {"start": "2025-12-01", "end": "2025-12-31"}},
     "SELECT count(DISTINCT customer_id) FROM transactions WHERE txn_type = 'wealth_purchase' AND txn_time >= DATE '2025-12-01' AND txn_time < DATE '2026-01-01'", 0),
    ("applications-per-applicant-2025",
     {"metrics": [{"func": "per_customer", "field": "customer", "of": "loan_applications"}], "time_range": {"start": "2025-01-01", "end": "2025-12-31"}},
     "SELECT count(*) * 1.0 / count(DISTINCT customer_id) FROM loans WHERE apply_date BETWEEN DATE '2025-01-01' AND DATE '2025-12-31'", 0),
    ("transactions-per-customer-by-region-2025-11",
     {"metrics": [{"func": "per_customer", "field": "customer", "of": "txn_count"}], "group_by": [{"field": "region"}],
      "time_range": {"start": "2025-11-01", "end": "2025-11-30"}},
     "SELECT t.region, count(*) * 1.0 / count(DISTINCT x.customer_id) FROM transactions x JOIN {tags} t ON t.customer_id = x.customer_id "
     "WHERE x.txn_time >= DATE '2025-11-01' AND x.txn_time < DATE '2025-12-01' GROUP BY t.region", 1),
    ("sum-application-amount-2025",
     {"metrics": [{"func": "sum", "field": "amount", "of": "loan_applications"}], "time_range": {"start": "2025-01-01", "end": "2025-12-31"}},
     "SELECT sum(amount) FROM loans WHERE apply_date BETWEEN DATE '2025-01-01' AND DATE '2025-12-31'", 0),
    ("sum-income-by-region",
     {"metrics": [{"func": "sum", "field": "annual_income"}], "group_by": [{"field": "region"}]},
     "SELECT region, sum(annual_income) FROM {tags} GROUP BY region", 1),
    ("avg-satisfaction-all-surveys",
     {"metrics": [{"func": "avg", "field": "satisfaction", "of": "survey_responses"}]},
     "SELECT avg(satisfaction) FROM survey_responses", 0),
    # -- conditions on the metric's own rows ----------------------------------------------------
    ("surveys-loan-intent-4-or-more",
     {"metrics": ["survey_responses"], "filters": [{"field": "survey_loan_intent", "op": ">=", "value": 4}]},
     "SELECT count(*) FROM survey_responses WHERE loan_intent >= 4", 0),
    ("atm-withdrawal-amount-2025",
     {"metrics": ["txn_amount"], "filters": [{"field": "txn_type", "value": "cash_withdrawal"}, {"field": "channel", "value": "atm"}],
      "time_range": {"start": "2025-01-01", "end": "2025-12-31"}},
     "SELECT sum(amount) FROM transactions WHERE txn_type = 'cash_withdrawal' AND channel = 'atm' AND txn_time >= DATE '2025-01-01' AND txn_time < DATE '2026-01-01'", 0),
    ("large-cd-opened-on-wechat-2025",
     {"metrics": ["new_deposit_accounts"], "filters": [{"field": "product_type", "value": "large_cd"}, {"field": "channel", "value": "wechat"}],
      "time_range": {"start": "2025-01-01", "end": "2025-12-31"}},
     "SELECT count(*) FROM deposit_accounts a JOIN products p USING (product_id) WHERE p.product_type = 'large_cd' AND a.open_channel = 'wechat' AND a.open_date BETWEEN DATE '2025-01-01' AND DATE '2025-12-31'", 0),
    # -- share of a base -------------------------------------------------------------------------
    ("female-share-of-high-value",
     {"metrics": ["customer_count"], "filters": [{"field": "value_tier", "value": "high"}], "share": {"part": [{"field": "gender", "value": "female"}]}},
     "SELECT 'female', avg(CASE WHEN gender = 'female' THEN 1.0 ELSE 0 END), count(*) FILTER (WHERE gender = 'female'), count(*) FROM {tags} WHERE value_tier = 'high'", 1),
    ("dormant-share-by-region",
     {"metrics": ["customer_count"], "group_by": [{"field": "region"}], "share": {"part": [{"field": "lifecycle_stage", "value": "dormant"}]}},
     "SELECT region, 'dormant', avg(CASE WHEN lifecycle_stage = 'dormant' THEN 1.0 ELSE 0 END), count(*) FILTER (WHERE lifecycle_stage = 'dormant'), count(*) FROM {tags} GROUP BY region", 2),
    ("east-share-of-deposit-balance",
     {"metrics": ["deposit_balance"], "share": {"part": [{"field": "region", "value": "华东"}]}},
     "SELECT '华东', sum(deposit_balance) FILTER (WHERE region = '华东') / sum(deposit_balance), sum(deposit_balance) FILTER (WHERE region = '华东'), sum(deposit_balance) FROM {tags}", 1),
    ("mortgage-share-of-disbursed-2025",
     {"metrics": ["loan_disbursement_amount"], "time_range": {"start": "2025-01-01", "end": "2025-12-31"}, "share": {"part": [{"field": "product_type", "value": "mortgage"}]}},
     "SELECT 'mortgage', sum(l.amount) FILTER (WHERE p.product_type = 'mortgage') / sum(l.amount), sum(l.amount) FILTER (WHERE p.product_type = 'mortgage'), sum(l.amount) FROM loans l JOIN products p USING (product_id) WHERE l.disburse_date BETWEEN DATE '2025-01-01' AND DATE '2025-12-31'", 1),
    ("high-value-in-each-region-over-all-customers",
     {"metrics": ["customer_count"], "group_by": [{"field": "region"}], "share": {"part": [{"field": "value_tier", "value": "high"}], "within": "all"}},
     "SELECT region, 'high', count(*) FILTER (WHERE value_tier = 'high') / (SELECT count(*) FROM {tags}), count(*) FILTER (WHERE value_tier = 'high'), (SELECT count(*) FROM {tags}) FROM {tags} GROUP BY region HAVING count(*) FILTER (WHERE value_tier = 'high') > 0", 2),
    # -- period over period ------------------------------------------------------------------------
    ("disbursed-amount-dec-vs-nov",
     {"metrics": ["loan_disbursement_amount"], "time_range": {"start": "2025-12-01", "end": "2025-12-31"}, "compare": {"to": "previous"}},
     """SELECT c, p, c - p, (c - p) / p FROM (SELECT
          sum(amount) FILTER (WHERE disburse_date BETWEEN DATE '2025-12-01' AND DATE '2025-12-31') AS c,
          sum(amount) FILTER (WHERE disburse_date BETWEEN DATE '2025-11-01' AND DATE '2025-11-30') AS p FROM loans)""", 0),
    ("loan-balance-vs-last-month-no-period",
     {"metrics": ["loan_balance"], "compare": {"to": "previous"}},
     """SELECT c, p, c - p, (c - p) / p FROM (SELECT
          sum(loan_balance) FILTER (WHERE month = DATE '2025-12-01') AS c,
          sum(loan_balance) FILTER (WHERE month = DATE '2025-11-01') AS p FROM balances_monthly)""", 0),
    ("applications-2025-vs-2024",
     {"metrics": ["loan_applications"], "time_range": {"start": "2025-01-01", "end": "2025-12-31"}, "compare": {"to": "year_ago"}},
     """SELECT c, p, c - p, (c - p) / p FROM (SELECT
          count(*) FILTER (WHERE year(apply_date) = 2025) AS c, count(*) FILTER (WHERE year(apply_date) = 2024) AS p FROM loans)""", 0),
    ("approval-rate-q4-vs-q3-in-points",
     {"metrics": ["loan_approval_rate"], "time_range": {"start": "2025-10-01", "end": "2025-12-31"}, "compare": {"to": "previous"}},
     """WITH r AS (SELECT quarter(decision_date) AS q,
          count(*) FILTER (WHERE status IN ('approved', 'disbursed', 'settled')) / count(*) AS rate
          FROM loans WHERE decision_date BETWEEN DATE '2025-07-01' AND DATE '2025-12-31' GROUP BY 1)
        SELECT c.rate, p.rate, c.rate - p.rate, (c.rate - p.rate) / p.rate FROM r c, r p WHERE c.q = 4 AND p.q = 3""", 0),
    ("baseline-named-only-wealth-balance-nov-2024",
     {"metrics": ["wealth_balance"], "compare": {"to": "year_ago", "baseline": {"start": "2024-11-01", "end": "2024-11-30"}},
      "time_range": {"start": "2025-11-01", "end": "2025-11-30"}},
     """SELECT c, p, c - p, (c - p) / p FROM (SELECT
          sum(wealth_balance) FILTER (WHERE month = DATE '2025-11-01') AS c,
          sum(wealth_balance) FILTER (WHERE month = DATE '2024-11-01') AS p FROM balances_monthly)""", 0),
    ("touches-by-channel-2025-vs-2024",
     {"metrics": ["touches"], "group_by": [{"field": "channel"}], "time_range": {"start": "2025-01-01", "end": "2025-12-31"}, "compare": {"to": "year_ago"}},
     """WITH t AS (SELECT t.channel, year(c.start_date) AS y, count(*) FILTER (WHERE t.group_type = 'treatment' AND t.delivered) AS n
          FROM campaign_touches t JOIN campaigns c USING (campaign_id) WHERE year(c.start_date) IN (2024, 2025) GROUP BY 1, 2)
        SELECT coalesce(a.channel, b.channel), a.n, b.n, a.n - b.n, (a.n - b.n) / b.n
        FROM (SELECT * FROM t WHERE y = 2025) a FULL JOIN (SELECT * FROM t WHERE y = 2024) b ON a.channel = b.channel""", 1),
    # -- customers chosen by their own rows ----------------------------------------------------------
    ("customers-who-never-applied",
     {"metrics": ["customer_count"], "customer_rows": [{"metric": "loan_applications", "op": "=", "value": 0, "period": "all"}]},
     "SELECT count(*) FROM {tags} t WHERE NOT EXISTS (SELECT 1 FROM loans l WHERE l.customer_id = t.customer_id)", 0),
    ("customers-spending-over-10k-in-2025-11",
     {"metrics": ["customer_count"], "customer_rows": [{"metric": "txn_amount", "op": ">", "value": 10000}],
      "time_range": {"start": "2025-11-01", "end": "2025-11-30"}},
     "SELECT count(*) FROM (SELECT customer_id FROM transactions WHERE txn_time >= DATE '2025-11-01' AND txn_time < DATE '2025-12-01' "
     "GROUP BY customer_id HAVING sum(amount) > 10000)", 0),
    ("customers-with-at-most-one-transaction-2025-12-by-region",  # a customer with none has 0, and 0 <= 1
     {"metrics": ["customer_count"], "group_by": [{"field": "region"}], "customer_rows": [{"metric": "txn_count", "op": "<=", "value": 1}],
      "time_range": {"start": "2025-12-01", "end": "2025-12-31"}},
     "SELECT region, count(*) FROM {tags} t WHERE (SELECT count(*) FROM transactions x WHERE x.customer_id = t.customer_id "
     "AND x.txn_time >= DATE '2025-12-01' AND x.txn_time < DATE '2026-01-01') <= 1 GROUP BY region", 1),
    ("calculator-users-without-an-application-2025-12",
     {"metrics": [{"func": "count_distinct", "field": "customer", "of": "app_event_count"}], "filters": [{"field": "event_type", "value": "loan_calculator"}],
      "customer_rows": [{"metric": "loan_applications", "op": "=", "value": 0}], "time_range": {"start": "2025-12-01", "end": "2025-12-31"}},
     "SELECT count(DISTINCT e.customer_id) FROM app_events e WHERE e.event_type = 'loan_calculator' AND e.event_time >= DATE '2025-12-01' "
     "AND e.event_time < DATE '2026-01-01' AND NOT EXISTS (SELECT 1 FROM loans l WHERE l.customer_id = e.customer_id "
     "AND l.apply_date BETWEEN DATE '2025-12-01' AND DATE '2025-12-31')", 0),
    ("no-login-in-90-days-by-region",
     {"metrics": ["customer_count"], "group_by": [{"field": "region"}], "time_range": {"start": "2025-10-03", "end": "2025-12-31"},
      "customer_rows": [{"metric": "app_event_count", "op": "=", "value": 0, "filters": [{"field": "event_type", "value": "login"}]}]},
     "SELECT region, count(*) FROM {tags} t WHERE NOT EXISTS (SELECT 1 FROM app_events e WHERE e.customer_id = t.customer_id "
     "AND e.event_type = 'login' AND e.event_time >= DATE '2025-10-03' AND e.event_time < DATE '2026-01-01') GROUP BY region", 1),
    # -- amounts in a unit ---------------------------------------------------------------------------
    ("disbursed-2025-q4-in-10k-yuan",
     {"metrics": ["loan_disbursement_amount", "loan_disbursements"], "time_range": {"start": "2025-10-01", "end": "2025-12-31"}, "money_unit": "ten_thousand"},
     "SELECT sum(amount) / 10000, count(*) FROM loans WHERE disburse_date BETWEEN DATE '2025-10-01' AND DATE '2025-12-31'", 0),
    ("deposit-balance-by-region-in-100m-vs-last-month",
     {"metrics": ["deposit_balance"], "group_by": [{"field": "region"}], "compare": {"to": "previous"}, "money_unit": "hundred_million"},
     """SELECT t.region, sum(b.deposit_balance) FILTER (WHERE b.month = DATE '2025-12-01') / 1e8,
          sum(b.deposit_balance) FILTER (WHERE b.month = DATE '2025-11-01') / 1e8,
          (sum(b.deposit_balance) FILTER (WHERE b.month = DATE '2025-12-01') - sum(b.deposit_balance) FILTER (WHERE b.month = DATE '2025-11-01')) / 1e8,
          sum(b.deposit_balance) FILTER (WHERE b.month = DATE '2025-12-01') / sum(b.deposit_balance) FILTER (WHERE b.month = DATE '2025-11-01') - 1
        FROM balances_monthly b JOIN {tags} t USING (customer_id) GROUP BY t.region""", 1),
    # -- one figure as a share of another ------------------------------------------------------------
    ("wealth-balance-over-aum-by-region",
     {"metrics": ["wealth_balance", "aum"], "group_by": [{"field": "region"}], "ratio": True},
     """SELECT t.region, sum(b.wealth_balance), sum(b.deposit_balance + b.wealth_balance),
          sum(b.wealth_balance) / sum(b.deposit_balance + b.wealth_balance)
        FROM balances_monthly b JOIN {tags} t USING (customer_id) WHERE b.month = DATE '2025-12-01' GROUP BY t.region""", 1),
    ("disbursements-over-applications-2025",  # two counts of one table, each over its own date
     {"metrics": ["loan_disbursements", "loan_applications"], "time_range": {"start": "2025-01-01", "end": "2025-12-31"}, "ratio": True},
     """SELECT d, a, d / a FROM (SELECT count(*) FILTER (WHERE disburse_date BETWEEN DATE '2025-01-01' AND DATE '2025-12-31') AS d,
          count(*) FILTER (WHERE apply_date BETWEEN DATE '2025-01-01' AND DATE '2025-12-31') AS a FROM loans)""", 0),
    # -- bottom N ----------------------------------------------------------------------------------
    ("bottom-3-branches-by-customers",
     {"metrics": ["customer_count"], "group_by": [{"field": "branch"}], "order_by": [{"field": "customer_count", "direction": "asc"}], "limit": 3},
     "SELECT branch, count(*) AS n FROM {tags} GROUP BY branch ORDER BY n, branch LIMIT 3", 1),
    # the fewest of a condition: branches none of whose customers meet it count 0, never left out
    ("bottom-5-branches-by-high-value-customers",
     {"metrics": ["customer_count"], "group_by": [{"field": "branch"}], "filters": [{"field": "value_tier", "value": "high"}],
      "order_by": [{"field": "customer_count", "direction": "asc"}], "limit": 5},
     """SELECT b.branch_name, count(t.customer_id) AS n FROM branches b
        LEFT JOIN {tags} t ON t.branch = b.branch_name AND t.value_tier = 'high'
        GROUP BY b.branch_name ORDER BY n, b.branch_name LIMIT 5""", 1),
    # … among the branches of one region (an attribute of the branch bounds the groups, not the customers)
    ("bottom-3-east-branches-by-high-wealth-intent",
     {"metrics": ["customer_count"], "group_by": [{"field": "branch"}],
      "filters": [{"field": "region", "value": "华东"}, {"field": "wealth_intent", "value": "high"}],
      "order_by": [{"field": "customer_count", "direction": "asc"}], "limit": 3},
     """SELECT b.branch_name, count(t.customer_id) AS n FROM branches b
        LEFT JOIN {tags} t ON t.branch = b.branch_name AND t.wealth_intent = 'high'
        WHERE b.region = '华东' GROUP BY b.branch_name ORDER BY n, b.branch_name LIMIT 3""", 1),
]
# fmt: on


@pytest.mark.parametrize(("query", "ref", "nkeys"), [pytest.param(q, r, k, id=name) for name, q, r, k in CASES])
def test_shape_equals_hand_written_sql(warehouse, ref_con, query: dict, ref: str, nkeys: int) -> None:  # noqa: F811
    answered = warehouse.run(SemanticQuery.model_validate(query))
    expected = ref_con.execute(ref.format(tags=ensure_ref_tags(ref_con, D))).fetchall()
    _, rows = shown(answered)
    assert rows, "the case must not be empty on the small mart"
    assert_same_rows(rows, expected, nkeys)


def test_comparison_states_both_periods(warehouse) -> None:
    query = SemanticQuery.model_validate({"metrics": ["loan_applications"], "compare": {"to": "previous"}})
    compiled = warehouse.compile(query)
    (period,), (baseline,) = compiled.periods.values(), compiled.baseline_periods.values()
    assert (period.start, period.end) == (date(2025, 12, 1), D)
    assert (baseline.start, baseline.end) == (date(2025, 11, 1), date(2025, 11, 30))
    assert [c.role for c in compiled.columns if c.role != "support"] == ["metric", "baseline", "change", "change_pct"]


def test_rate_change_is_in_points(warehouse) -> None:
    query = SemanticQuery.model_validate({"metrics": ["click_rate"], "compare": {"to": "year_ago"},
                                          "time_range": {"start": "2025-01-01", "end": "2025-12-31"}})
    change = next(c for c in warehouse.compile(query).columns if c.role == "change")
    assert change.format == "pp"


@pytest.mark.parametrize(("query", "words"), [
    ({"metrics": ["overdue_rate"], "compare": {"to": "previous"}}, "as of the as-of date"),
    ({"metrics": ["loan_approval_rate"], "share": {"part": [{"field": "channel", "value": "app"}]}}, "already a rate"),
    ({"metrics": [{"func": "avg", "field": "gender"}]}, "not a numeric customer tag"),
    ({"metrics": [{"func": "max", "field": "satisfaction", "of": "txn_count"}]}, "no numeric field"),
    ({"metrics": [{"func": "avg", "field": "amount", "of": "loan_approval_rate"}]}, "is a rate"),
    ({"metrics": ["loan_applications"], "group_by": [{"field": "time", "grain": "month"}], "compare": {"to": "previous"}}, "not supported"),
    ({"metrics": ["customer_count"], "group_by": [{"field": "region"}], "share": {"part": [{"field": "gender", "value": "female"}]},
      "order_by": [{"field": "name"}]}, "Cannot order by"),
    ({"metrics": ["customer_count"], "customer_rows": [{"metric": "loan_approval_rate", "op": ">", "value": 0.5}]}, "not a count or sum over rows"),
    ({"metrics": ["customer_count"], "customer_rows": [{"metric": "txn_count", "value": 0, "filters": [{"field": "region", "value": "华东"}]}]},
     "must be fields of those rows"),
    # a share of one figure in another of another kind, or in a rate, means nothing
    ({"metrics": ["loan_balance", "customer_count"], "ratio": True}, "not the same kind of figure"),
    ({"metrics": ["loan_approval_rate", "overdue_rate"], "ratio": True}, "not the same kind of figure"),
])
def test_shapes_that_cannot_be_answered_say_why(warehouse, query: dict, words: str) -> None:
    with pytest.raises(QueryError) as err:
        warehouse.compile(SemanticQuery.model_validate(query))
    assert words in err.value.message("en")


def test_percentile_needs_its_fraction() -> None:
    with pytest.raises(ValueError):
        SemanticQuery.model_validate({"metrics": [{"func": "percentile", "field": "aum"}]})
    with pytest.raises(ValueError):  # a ratio is of two figures
        SemanticQuery.model_validate({"metrics": ["aum", "wealth_balance", "deposit_balance"], "ratio": True})
    with pytest.raises(ValueError):
        SemanticQuery.model_validate({"metrics": ["aum"], "share": {"part": [{"field": "region", "value": "华东"}]},
                                      "compare": {"to": "previous"}})


def test_a_period_is_never_claimed_for_a_metric_without_history(warehouse) -> None:
    """"上个月的逾期率": loan status exists only as of D, so an earlier period is refused,
    while a period that ends on D is answered as of D."""
    earlier = SemanticQuery.model_validate({"metrics": ["overdue_rate"], "time_range": {"start": "2025-11-01", "end": "2025-11-30"}})
    with pytest.raises(QueryError) as err:
        warehouse.compile(earlier)
    assert "no history" in err.value.message("en")
    this_year = SemanticQuery.model_validate({"metrics": ["overdue_rate"], "time_range": {"start": "2025-01-01", "end": "2025-12-31"}})
    periods = warehouse.compile(this_year).periods.values()
    assert periods and all(p.kind == "as_of" and p.end == D for p in periods)
