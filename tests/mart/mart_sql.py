"""Hand-written DuckDB SQL for the spec's tags and metrics, independent of the generator.

``TAGS`` takes the as-of date D as the named parameter ``$d``; the other queries cover the
whole data window.
"""

from __future__ import annotations

# one row per customer opened by $d with every tag of spec section 3
TAGS = """
WITH c AS (SELECT * FROM customers WHERE open_date <= $d),
bal AS (SELECT * FROM balances_monthly WHERE month = date_trunc('month', $d::DATE)),
vol AS (
  SELECT customer_id, CASE WHEN count(*) >= 3 AND avg(deposit_balance) > 0
         THEN stddev_samp(deposit_balance) / avg(deposit_balance) END AS cv
  FROM balances_monthly
  WHERE month BETWEEN date_trunc('month', $d::DATE) - INTERVAL 5 MONTH AND date_trunc('month', $d::DATE)
  GROUP BY customer_id),
logins AS (
  SELECT customer_id, count(DISTINCT event_time::DATE) AS days
  FROM app_events WHERE event_type = 'login' AND event_time::DATE BETWEEN $d::DATE - 29 AND $d::DATE
  GROUP BY customer_id),
periods AS (
  SELECT customer_id, CASE WHEN h >= 6 AND h < 11 THEN 'morning' WHEN h >= 11 AND h < 14 THEN 'midday'
    WHEN h >= 14 AND h < 18 THEN 'afternoon' WHEN h >= 18 AND h < 23 THEN 'evening' ELSE 'night' END AS period
  FROM (SELECT customer_id, hour(event_time) AS h FROM app_events
        WHERE event_type = 'login' AND event_time::DATE BETWEEN $d::DATE - 89 AND $d::DATE)),
period_rank AS (
  SELECT customer_id, period, row_number() OVER (PARTITION BY customer_id ORDER BY count(*) DESC,
    list_position(['morning', 'midday', 'afternoon', 'evening', 'night'], period)) AS r
  FROM periods GROUP BY customer_id, period),
chan AS (
  SELECT customer_id, channel, row_number() OVER (PARTITION BY customer_id ORDER BY count(*) DESC, channel) AS r
  FROM transactions WHERE txn_time::DATE BETWEEN $d::DATE - 89 AND $d::DATE GROUP BY customer_id, channel),
txn90 AS (
  SELECT customer_id, count(*) AS n FROM transactions
  WHERE txn_time::DATE BETWEEN $d::DATE - 89 AND $d::DATE GROUP BY customer_id),
wealth30 AS (
  SELECT customer_id, count(*) AS n FROM (
    SELECT customer_id FROM app_events WHERE event_type = 'wealth_view' AND event_time::DATE BETWEEN $d::DATE - 29 AND $d::DATE
    UNION ALL
    SELECT customer_id FROM transactions WHERE txn_type IN ('wealth_purchase', 'wealth_redemption')
      AND txn_time::DATE BETWEEN $d::DATE - 29 AND $d::DATE) GROUP BY customer_id),
inq30 AS (
  SELECT customer_id, count(*) AS n FROM app_events WHERE event_type IN ('loan_inquiry', 'loan_calculator')
  AND event_time::DATE BETWEEN $d::DATE - 29 AND $d::DATE GROUP BY customer_id),
survey AS (
  SELECT customer_id, arg_max(loan_intent, submitted_at) AS loan_intent, arg_max(wealth_intent, submitted_at) AS wealth_intent
  FROM survey_responses WHERE submitted_at::DATE <= $d GROUP BY customer_id),
maturing AS (
  SELECT DISTINCT a.customer_id FROM deposit_accounts a JOIN products p USING (product_id)
  WHERE p.product_type IN ('time_deposit', 'large_cd') AND a.maturity_date > $d AND a.maturity_date <= $d::DATE + 30
  AND (a.close_date IS NULL OR a.close_date > $d)),
last_act AS (
  SELECT customer_id, max(t) AS last_t FROM (
    SELECT customer_id, txn_time::DATE AS t FROM transactions WHERE txn_time::DATE <= $d
    UNION ALL SELECT customer_id, event_time::DATE FROM app_events WHERE event_time::DATE <= $d) GROUP BY customer_id)
SELECT
  c.customer_id,
  date_diff('year', c.birth_date, $d::DATE) - CASE WHEN strftime(c.birth_date, '%m%d') > strftime($d::DATE, '%m%d') THEN 1 ELSE 0 END AS age,
  CASE WHEN age < 25 THEN '<25' WHEN age < 35 THEN '25-34' WHEN age < 45 THEN '35-44' WHEN age < 55 THEN '45-54' ELSE '55+' END AS age_band,
  CASE WHEN c.annual_income < 50000 THEN '<50k' WHEN c.annual_income < 100000 THEN '50k-100k'
       WHEN c.annual_income < 300000 THEN '100k-300k' ELSE '300k+' END AS income_band,
  c.is_payroll,
  coalesce(bal.deposit_balance, 0) + coalesce(bal.wealth_balance, 0) AS aum,
  CASE WHEN aum >= 500000 THEN 'high' WHEN aum >= 50000 THEN 'medium' ELSE 'low' END AS value_tier,
  CASE WHEN bal.deposit_balance > 0 AND bal.loan_balance = 0 THEN 'deposit_only'
       WHEN bal.loan_balance > 0 AND bal.deposit_balance = 0 THEN 'loan_only'
       WHEN bal.loan_balance > 0 AND bal.deposit_balance > 0 THEN 'both' ELSE 'none' END AS holding_structure,
  vol.cv AS deposit_volatility,
  coalesce(vol.cv >= 0.30, false) AS high_deposit_volatility,
  coalesce(logins.days, 0) AS login_days_30d,
  CASE WHEN login_days_30d >= 15 THEN 'high' WHEN login_days_30d >= 4 THEN 'medium'
       WHEN login_days_30d >= 1 THEN 'low' ELSE 'inactive' END AS activity_level,
  coalesce(txn90.n, 0) AS txn_count_90d,
  coalesce(chan.channel, 'none') AS preferred_channel,
  coalesce(period_rank.period, 'none') AS active_period,
  coalesce(wealth30.n, 0) AS wealth_count_30d,
  CASE WHEN wealth_count_30d >= 5 THEN 'high' WHEN wealth_count_30d >= 1 THEN 'medium' ELSE 'none' END AS wealth_activity,
  coalesce(inq30.n, 0) AS loan_inquiry_30d,
  CASE WHEN loan_inquiry_30d >= 3 OR survey.loan_intent >= 4 THEN 'high' ELSE 'low' END AS loan_intent,
  CASE WHEN wealth_activity = 'high' OR survey.wealth_intent >= 4 THEN 'high' ELSE 'low' END AS wealth_intent,
  maturing.customer_id IS NOT NULL AS time_deposit_maturing_30d,
  CASE WHEN c.open_date > $d::DATE - 90 THEN 'new'
       WHEN last_act.last_t IS NULL OR last_act.last_t < $d::DATE - 179 THEN 'churned'
       WHEN last_act.last_t < $d::DATE - 89 THEN 'dormant' ELSE 'active' END AS lifecycle_stage
FROM c
LEFT JOIN bal USING (customer_id) LEFT JOIN vol USING (customer_id) LEFT JOIN logins USING (customer_id)
LEFT JOIN (SELECT * FROM period_rank WHERE r = 1) period_rank USING (customer_id)
LEFT JOIN (SELECT * FROM chan WHERE r = 1) chan USING (customer_id)
LEFT JOIN txn90 USING (customer_id) LEFT JOIN wealth30 USING (customer_id) LEFT JOIN inq30 USING (customer_id)
LEFT JOIN survey USING (customer_id) LEFT JOIN maturing USING (customer_id) LEFT JOIN last_act USING (customer_id)
"""

# per month P of the window: the four conversion metrics of spec section 4
DEPOSIT_TO_LOAN = """
WITH base AS (
  SELECT customer_id, month + INTERVAL 1 MONTH AS p FROM balances_monthly
  WHERE deposit_balance > 0 AND loan_balance = 0),
conv AS (
  SELECT DISTINCT customer_id, date_trunc('month', disburse_date) AS p FROM loans WHERE disburse_date IS NOT NULL)
SELECT base.p AS month, count(*) AS n_base, count(conv.customer_id) AS n_converted, n_converted / n_base AS rate
FROM base LEFT JOIN conv USING (customer_id, p)
WHERE base.p <= (SELECT max(month) FROM balances_monthly)
GROUP BY base.p ORDER BY base.p
"""

LOAN_TO_DEPOSIT = """
WITH base AS (
  SELECT customer_id, month + INTERVAL 1 MONTH AS p FROM balances_monthly
  WHERE deposit_balance = 0 AND loan_balance > 0),
conv AS (SELECT DISTINCT customer_id, date_trunc('month', open_date) AS p FROM deposit_accounts)
SELECT base.p AS month, count(*) AS n_base, count(conv.customer_id) AS n_converted, n_converted / n_base AS rate
FROM base LEFT JOIN conv USING (customer_id, p)
WHERE base.p <= (SELECT max(month) FROM balances_monthly)
GROUP BY base.p ORDER BY base.p
"""

WEALTH_REPURCHASE = """
WITH red AS (
  SELECT customer_id, date_trunc('month', txn_time) AS p, min(txn_time) AS first_red
  FROM transactions WHERE txn_type = 'wealth_redemption' GROUP BY ALL)
SELECT p AS month, count(*) AS n_base,
  count(*) FILTER (WHERE EXISTS (SELECT 1 FROM transactions t WHERE t.customer_id = red.customer_id
    AND t.txn_type = 'wealth_purchase' AND t.txn_time > red.first_red
    AND t.txn_time <= red.first_red + INTERVAL 30 DAY)) AS n_converted,
  n_converted / n_base AS rate
FROM red GROUP BY p ORDER BY p
"""

DORMANT_WAKEUP = """
WITH act AS (
  SELECT DISTINCT customer_id, txn_time::DATE AS d FROM transactions
  UNION SELECT DISTINCT customer_id, event_time::DATE FROM app_events),
months AS (SELECT DISTINCT month AS p FROM balances_monthly),
dormant AS (
  SELECT m.p, c.customer_id FROM months m JOIN customers c ON c.open_date <= m.p - INTERVAL 91 DAY
  WHERE NOT EXISTS (SELECT 1 FROM act WHERE act.customer_id = c.customer_id AND act.d BETWEEN m.p - 90 AND m.p - 1)
    AND EXISTS (SELECT 1 FROM act WHERE act.customer_id = c.customer_id AND act.d BETWEEN m.p - 180 AND m.p - 91))
SELECT p AS month, count(*) AS n_base,
  count(*) FILTER (WHERE EXISTS (SELECT 1 FROM act WHERE act.customer_id = dormant.customer_id
    AND act.d >= p AND act.d < p + INTERVAL 1 MONTH)) AS n_converted,
  n_converted / n_base AS rate
FROM dormant GROUP BY p ORDER BY p
"""

# one row per deposit-only customer-month (P = the month after the balance snapshot) with the
# loan take-up drivers measured over the 30 days / 6 month-ends before P, and the outcome.
# Organic take-up only: customer-months with no activity in the 90 days before P, with an
# application still in process, or inside a deposit-to-loan campaign they were treated by, are left out.
LOAN_TAKE_UP = """
WITH last AS (SELECT max(month) AS m, max(month) + INTERVAL 1 MONTH - INTERVAL 1 DAY AS d FROM balances_monthly),
base AS (
  SELECT customer_id, CAST(month + INTERVAL 1 MONTH AS DATE) AS p FROM balances_monthly
  WHERE deposit_balance > 0 AND loan_balance = 0 AND month < (SELECT m FROM last)),
inq AS (
  SELECT b.customer_id, b.p, count(*) AS n FROM base b JOIN app_events e ON e.customer_id = b.customer_id
  AND e.event_type IN ('loan_inquiry', 'loan_calculator') AND e.event_time::DATE BETWEEN b.p - 30 AND b.p - 1
  GROUP BY ALL),
wealth_events AS (
  SELECT customer_id, event_time::DATE AS d FROM app_events WHERE event_type = 'wealth_view'
  UNION ALL SELECT customer_id, txn_time::DATE FROM transactions WHERE txn_type IN ('wealth_purchase', 'wealth_redemption')),
wealth AS (
  SELECT b.customer_id, b.p, count(*) AS n FROM base b JOIN wealth_events w ON w.customer_id = b.customer_id
  AND w.d BETWEEN b.p - 30 AND b.p - 1 GROUP BY ALL),
vol AS (
  SELECT b.customer_id, b.p,
    CASE WHEN count(*) >= 3 AND avg(x.deposit_balance) > 0 THEN stddev_samp(x.deposit_balance) / avg(x.deposit_balance) END AS cv
  FROM base b JOIN balances_monthly x ON x.customer_id = b.customer_id
  AND x.month BETWEEN b.p - INTERVAL 6 MONTH AND b.p - INTERVAL 1 MONTH GROUP BY ALL),
activity AS (
  SELECT DISTINCT customer_id, txn_time::DATE AS d FROM transactions
  UNION SELECT DISTINCT customer_id, event_time::DATE FROM app_events),
active AS (
  SELECT DISTINCT b.customer_id, b.p FROM base b JOIN activity a ON a.customer_id = b.customer_id
  AND a.d BETWEEN b.p - 90 AND b.p - 1),
busy AS (
  SELECT DISTINCT b.customer_id, b.p FROM base b JOIN loans l ON l.customer_id = b.customer_id
  AND l.apply_date < b.p AND coalesce(l.disburse_date, l.decision_date, (SELECT d FROM last)) >= b.p),
applied AS (
  SELECT DISTINCT customer_id, CAST(date_trunc('month', apply_date) AS DATE) AS p FROM loans),
campaigned AS (  -- months in which a deposit-to-loan campaign was working on the customer
  SELECT DISTINCT b.customer_id, b.p FROM base b JOIN campaign_touches t ON t.customer_id = b.customer_id
  JOIN campaigns c USING (campaign_id)
  WHERE c.objective = 'deposit_to_loan' AND t.group_type = 'treatment'
    AND b.p <= c.end_date + 30 AND b.p + INTERVAL 1 MONTH > c.start_date)
SELECT b.customer_id, b.p,
  coalesce(inq.n, 0) AS inquiries,
  coalesce(wealth.n, 0) AS wealth_activity,
  coalesce(vol.cv >= 0.30, false) AS high_volatility,
  c.is_payroll AS payroll,
  applied.customer_id IS NOT NULL AS applied
FROM base b JOIN customers c USING (customer_id)
JOIN active USING (customer_id, p)
LEFT JOIN inq USING (customer_id, p) LEFT JOIN wealth USING (customer_id, p) LEFT JOIN vol USING (customer_id, p)
LEFT JOIN applied USING (customer_id, p)
WHERE NOT EXISTS (SELECT 1 FROM busy WHERE busy.customer_id = b.customer_id AND busy.p = b.p)
  AND NOT EXISTS (SELECT 1 FROM campaigned m WHERE m.customer_id = b.customer_id AND m.p = b.p)
"""

# every touch with the customer's age band at the campaign start and the period of the sent hour
# versus the customer's usual login period over the whole data
TOUCHES = """
WITH login_period AS (
  SELECT customer_id, CASE WHEN h >= 6 AND h < 11 THEN 'morning' WHEN h >= 11 AND h < 14 THEN 'midday'
    WHEN h >= 14 AND h < 18 THEN 'afternoon' WHEN h >= 18 AND h < 23 THEN 'evening' ELSE 'night' END AS period
  FROM (SELECT customer_id, hour(event_time) AS h FROM app_events WHERE event_type = 'login')),
usual AS (
  SELECT customer_id, arg_max(period, n) AS period FROM (
    SELECT customer_id, period, count(*) AS n FROM login_period GROUP BY ALL) GROUP BY customer_id),
inq AS (
  SELECT t.touch_id, count(*) AS n FROM campaign_touches t JOIN campaigns c USING (campaign_id)
  JOIN app_events e ON e.customer_id = t.customer_id AND e.event_type IN ('loan_inquiry', 'loan_calculator')
  AND e.event_time::DATE BETWEEN CAST(date_trunc('month', c.start_date) AS DATE) - 30 AND CAST(date_trunc('month', c.start_date) AS DATE) - 1
  GROUP BY ALL)
SELECT t.*, c.objective,
  date_diff('year', cu.birth_date, c.start_date)
    - CASE WHEN strftime(cu.birth_date, '%m%d') > strftime(c.start_date, '%m%d') THEN 1 ELSE 0 END AS age,
  CASE WHEN age < 25 THEN '<25' WHEN age < 35 THEN '25-34' WHEN age < 45 THEN '35-44' WHEN age < 55 THEN '45-54' ELSE '55+' END AS age_band,
  CASE WHEN hour(t.sent_at) >= 6 AND hour(t.sent_at) < 11 THEN 'morning' WHEN hour(t.sent_at) >= 11 AND hour(t.sent_at) < 14 THEN 'midday'
    WHEN hour(t.sent_at) >= 14 AND hour(t.sent_at) < 18 THEN 'afternoon' WHEN hour(t.sent_at) >= 18 AND hour(t.sent_at) < 23 THEN 'evening'
    ELSE 'night' END AS sent_period,
  usual.period AS usual_period,
  sent_period = usual.period AS in_period,
  coalesce(inq.n, 0) > 0 AS recent_inquirer,
  t.group_type = 'treatment' AND t.delivered AS treated,
  t.converted_at IS NOT NULL AS converted
FROM campaign_touches t JOIN campaigns c USING (campaign_id) JOIN customers cu USING (customer_id)
LEFT JOIN usual USING (customer_id) LEFT JOIN inq USING (touch_id)
"""


def scalar(con, sql: str, params: list | None = None):  # type: ignore[no-untyped-def]
    """First column of the first row of a query."""
    row = con.execute(sql, params or []).fetchone()
    assert row is not None
    return row[0]


def logistic_odds_ratios(x, y, names):  # type: ignore[no-untyped-def]
    """Odds ratios of a logistic regression of ``y`` on binary columns ``x`` (Newton-Raphson)."""
    import numpy as np

    design = np.column_stack([np.ones(len(y)), x]).astype(float)
    beta = np.zeros(design.shape[1])
    for _ in range(30):
        p = 1 / (1 + np.exp(-design @ beta))
        w = p * (1 - p)
        step = np.linalg.solve(design.T @ (design * w[:, None]), design.T @ (y - p))
        beta += step
        if np.abs(step).max() < 1e-8:
            break
    return dict(zip(["intercept", *names], np.exp(beta), strict=True))


def effect_report(path: str) -> str:  # pragma: no cover - a helper for docs/demo-data.md
    """The figures quoted in docs/demo-data.md, measured on the mart at ``path``."""
    import math

    import duckdb
    import numpy as np

    con = duckdb.connect(path, read_only=True)
    lines: list[str] = []
    t = con.execute(LOAN_TAKE_UP).df()
    x = np.column_stack([t.inquiries.between(1, 2), t.inquiries >= 3, t.wealth_activity >= 5,
                         t.high_volatility, t.payroll])  # fmt: skip
    names = [
        "inquiries_1_2",
        "inquiries_3_plus",
        "wealth_activity_high",
        "high_deposit_volatility",
        "payroll",
    ]
    odds = logistic_odds_ratios(x, t.applied.to_numpy(dtype=float), names)
    lines.append(f"take-up rows {len(t)}, application rate {t.applied.mean():.4f}")
    lines += [f"  OR {k}: {v:.2f}" for k, v in odds.items()]
    for name, mask in zip(names, x.T, strict=True):
        lines.append(
            f"  rate with {name}: {t.applied[mask].mean():.4f} vs without {t.applied[~mask].mean():.4f}"
        )
    tc = con.execute(TOUCHES).df()
    treated = tc[tc.treated]
    pivot = treated.pivot_table(index="channel", columns="age_band", values="opened_at",
                                aggfunc=lambda s: s.notna().mean())  # fmt: skip
    lines.append("open rate by channel x age band\n" + pivot.round(3).to_string())
    lines.append("delivery rate by channel\n" + tc[tc.group_type == "treatment"].groupby("channel")
                 .delivered.mean().round(3).to_string())  # fmt: skip
    known = treated[treated.usual_period.notna()]
    for flag, part in known.groupby("in_period"):
        lines.append(f"in_period={flag}: n={len(part)} open {part.opened_at.notna().mean():.3f} "
                     f"click {part.clicked_at.notna().mean():.3f}")  # fmt: skip

    def uplift(frame):  # type: ignore[no-untyped-def]
        tr = frame[frame.treated].converted
        co = frame[frame.group_type == "control"].converted
        p = (tr.sum() + co.sum()) / (len(tr) + len(co))
        se = math.sqrt(p * (1 - p) * (1 / max(len(tr), 1) + 1 / max(len(co), 1)))
        return f"treated {tr.mean():.3f} (n={len(tr)}) control {co.mean():.3f} (n={len(co)}) uplift {tr.mean() - co.mean():+.3f} ± {se:.3f}"

    for objective, part in tc.groupby("objective"):
        lines.append(f"{objective}: {uplift(part)}")
        for band, seg in part.groupby("age_band"):
            lines.append(f"    {band}: {uplift(seg)}")
    d2l = tc[tc.objective == "deposit_to_loan"]
    for flag, seg in d2l.groupby("recent_inquirer"):
        lines.append(f"deposit_to_loan recent_inquirer={flag}: {uplift(seg)}")
    return "\n".join(lines)


if __name__ == "__main__":  # pragma: no cover
    import sys

    print(effect_report(sys.argv[1]))
