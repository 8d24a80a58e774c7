-- deposit_balance_by_value_tier
-- {"metrics":["deposit_balance"],"group_by":[{"field":"value_tier"}]}
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
), m_balances_monthly AS (
  SELECT
    customer_tags.value_tier AS value_tier,
    SUM(balances_monthly.deposit_balance) AS deposit_balance,
    COUNT(DISTINCT balances_monthly.customer_id) AS m_balances_monthly__n
  FROM balances_monthly
  INNER JOIN customer_tags
    ON customer_tags.customer_id = balances_monthly.customer_id
  WHERE
    balances_monthly.month IN (CAST('2025-12-01' AS DATE))
  GROUP BY
    customer_tags.value_tier
)
SELECT
  value_tier,
  COALESCE(deposit_balance, 0) AS deposit_balance,
  m_balances_monthly__n AS customers_behind
FROM m_balances_monthly
ORDER BY
  deposit_balance DESC,
  value_tier
