-- aum_by_quarter_2025
-- {"metrics":["aum","wealth_balance"],"group_by":[{"field":"time","grain":"quarter"}],"time_range":{"start":"2025-01-01","end":"2025-12-31"}}
WITH m_balances_monthly AS (
  SELECT
    balances_monthly.month AS quarter,
    SUM(balances_monthly.deposit_balance + balances_monthly.wealth_balance) AS aum,
    SUM(balances_monthly.wealth_balance) AS wealth_balance,
    COUNT(DISTINCT balances_monthly.customer_id) AS m_balances_monthly__n
  FROM balances_monthly
  WHERE
    NOT balances_monthly.month IS NULL
    AND balances_monthly.month IN (
      CAST('2025-03-01' AS DATE),
      CAST('2025-06-01' AS DATE),
      CAST('2025-09-01' AS DATE),
      CAST('2025-12-01' AS DATE)
    )
  GROUP BY
    balances_monthly.month
)
SELECT
  quarter,
  COALESCE(aum, 0) AS aum,
  COALESCE(wealth_balance, 0) AS wealth_balance,
  m_balances_monthly__n AS customers_behind
FROM m_balances_monthly
ORDER BY
  quarter
