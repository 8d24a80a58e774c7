-- wealth_repurchase_by_value_tier_q3
-- {"metrics":["wealth_repurchase_rate"],"group_by":[{"field":"value_tier"}],"time_range":{"start":"2025-07-01","end":"2025-09-30"}}
WITH tag_src_balance_now AS (
  SELECT
    balances_monthly.customer_id AS customer_id,
    SUM(balances_monthly.deposit_balance) AS deposit_balance,
    SUM(balances_monthly.wealth_balance) AS wealth_balance,
    SUM(balances_monthly.loan_balance) AS loan_balance,
    SUM(balances_monthly.deposit_avg_daily) AS deposit_avg_daily
  FROM balances_monthly
  WHERE
    balances_monthly.month >= CAST('2025-12-01' AS DATE)
    AND balances_monthly.month < CAST('2026-01-01' AS DATE)
  GROUP BY
    balances_monthly.customer_id
), customer_tags AS (
  SELECT
    customers.customer_id AS customer_id,
    CASE
      WHEN (
        COALESCE(tag_src_balance_now.deposit_balance, 0.0) + COALESCE(tag_src_balance_now.wealth_balance, 0.0)
      ) >= 500000
      THEN 'high'
      WHEN (
        COALESCE(tag_src_balance_now.deposit_balance, 0.0) + COALESCE(tag_src_balance_now.wealth_balance, 0.0)
      ) >= 50000
      THEN 'medium'
      ELSE 'low'
    END AS value_tier
  FROM customers
  LEFT JOIN tag_src_balance_now
    ON tag_src_balance_now.customer_id = customers.customer_id
  WHERE
    customers.open_date <= CAST('2025-12-31' AS DATE)
), wealth_repurchase_rate_periods AS (
  SELECT
    period_start,
    period_next,
    base_month,
    base_as_of
  FROM (VALUES
    (
      CAST('2025-07-01' AS DATE),
      CAST('2025-10-01' AS DATE),
      CAST('2025-06-01' AS DATE),
      CAST('2025-06-30' AS DATE)
    )) AS p(period_start, period_next, base_month, base_as_of)
), wealth_repurchase_rate_base AS (
  SELECT
    wealth_repurchase_rate_periods.period_start AS period_start,
    transactions.customer_id AS customer_id,
    MIN(transactions.txn_time) AS anchor
  FROM wealth_repurchase_rate_periods
  JOIN transactions
    ON transactions.txn_time >= wealth_repurchase_rate_periods.period_start
    AND transactions.txn_time < wealth_repurchase_rate_periods.period_next
  WHERE
    transactions.txn_type = 'wealth_redemption'
  GROUP BY
    wealth_repurchase_rate_periods.period_start,
    transactions.customer_id
), wealth_repurchase_rate_converted AS (
  SELECT DISTINCT
    period_start,
    customer_id
  FROM (
    SELECT
      wealth_repurchase_rate_base.period_start AS period_start,
      wealth_repurchase_rate_base.customer_id AS customer_id
    FROM wealth_repurchase_rate_base
    JOIN transactions
      ON transactions.customer_id = wealth_repurchase_rate_base.customer_id
      AND transactions.txn_time > wealth_repurchase_rate_base.anchor
      AND transactions.txn_time <= wealth_repurchase_rate_base.anchor + INTERVAL '30' DAY
    WHERE
      transactions.txn_type = 'wealth_purchase'
  ) AS events
), m_wealth_repurchase_rate AS (
  SELECT
    customer_tags.value_tier AS value_tier,
    COUNT(DISTINCT wealth_repurchase_rate_base.customer_id) AS wealth_repurchase_rate__base,
    COUNT(DISTINCT wealth_repurchase_rate_converted.customer_id) AS wealth_repurchase_rate__converted
  FROM wealth_repurchase_rate_base
  LEFT JOIN wealth_repurchase_rate_converted
    ON wealth_repurchase_rate_converted.period_start = wealth_repurchase_rate_base.period_start
    AND wealth_repurchase_rate_converted.customer_id = wealth_repurchase_rate_base.customer_id
  INNER JOIN customer_tags
    ON customer_tags.customer_id = wealth_repurchase_rate_base.customer_id
  GROUP BY
    customer_tags.value_tier
)
SELECT
  value_tier,
  CAST(wealth_repurchase_rate__converted AS DOUBLE) / NULLIF(wealth_repurchase_rate__base, 0) AS wealth_repurchase_rate,
  COALESCE(wealth_repurchase_rate__converted, 0) AS wealth_repurchase_rate_converted,
  COALESCE(wealth_repurchase_rate__base, 0) AS wealth_repurchase_rate_base,
  wealth_repurchase_rate__base AS customers_behind
FROM m_wealth_repurchase_rate
ORDER BY
  wealth_repurchase_rate DESC,
  value_tier
