-- avg_aum_top5_branches
-- {"metrics":["avg_aum_per_customer"],"group_by":[{"field":"branch"}],"order_by":[{"field":"avg_aum_per_customer"}],"limit":5}
WITH customer_tags AS (
  SELECT
    customers.customer_id AS customer_id,
    branches.branch_name AS branch
  FROM customers
  LEFT JOIN branches
    ON customers.branch_id = branches.branch_id
  WHERE
    customers.open_date <= CAST('2025-12-31' AS DATE)
), m_balances_monthly AS (
  SELECT
    customer_tags.branch AS branch,
    AVG(balances_monthly.deposit_balance + balances_monthly.wealth_balance) AS avg_aum_per_customer,
    SUM(balances_monthly.deposit_balance + balances_monthly.wealth_balance) AS avg_aum_per_customer__total,
    COUNT(DISTINCT balances_monthly.customer_id) AS m_balances_monthly__n
  FROM balances_monthly
  INNER JOIN customer_tags
    ON customer_tags.customer_id = balances_monthly.customer_id
  WHERE
    balances_monthly.month IN (CAST('2025-12-01' AS DATE))
  GROUP BY
    customer_tags.branch
)
SELECT
  branch,
  avg_aum_per_customer AS avg_aum_per_customer,
  m_balances_monthly__n AS avg_aum_per_customer_n,
  COALESCE(avg_aum_per_customer__total, 0) AS avg_aum_per_customer_total,
  m_balances_monthly__n AS customers_behind
FROM m_balances_monthly
ORDER BY
  avg_aum_per_customer DESC,
  branch
LIMIT 5
