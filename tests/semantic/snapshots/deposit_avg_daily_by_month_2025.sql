-- deposit_avg_daily_by_month_2025
-- {"metrics":["deposit_avg_daily"],"group_by":[{"field":"time","grain":"month"}],"time_range":{"start":"2025-01-01","end":"2025-12-31"}}
WITH m_balances_monthly AS (
  SELECT
    CAST(DATE_TRUNC('MONTH', balances_monthly.month) AS DATE) AS month,
    SUM(balances_monthly.deposit_avg_daily) AS deposit_avg_daily,
    COUNT(DISTINCT balances_monthly.customer_id) AS m_balances_monthly__n
  FROM balances_monthly
  WHERE
    NOT balances_monthly.month IS NULL
    AND balances_monthly.month IN (
      CAST('2025-01-01' AS DATE),
      CAST('2025-02-01' AS DATE),
      CAST('2025-03-01' AS DATE),
      CAST('2025-04-01' AS DATE),
      CAST('2025-05-01' AS DATE),
      CAST('2025-06-01' AS DATE),
      CAST('2025-07-01' AS DATE),
      CAST('2025-08-01' AS DATE),
      CAST('2025-09-01' AS DATE),
      CAST('2025-10-01' AS DATE),
      CAST('2025-11-01' AS DATE),
      CAST('2025-12-01' AS DATE)
    )
  GROUP BY
    CAST(DATE_TRUNC('MONTH', balances_monthly.month) AS DATE)
)
SELECT
  month,
  COALESCE(deposit_avg_daily, 0) AS deposit_avg_daily,
  m_balances_monthly__n AS customers_behind
FROM m_balances_monthly
ORDER BY
  month
