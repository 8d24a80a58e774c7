-- overdue_rate_by_region
-- {"metrics":["overdue_rate"],"group_by":[{"field":"region"}],"filters":[{"field":"has_loan","value":true}]}
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
    branches.region AS region,
    COALESCE(tag_src_balance_now.loan_balance, 0.0) > 0 AS has_loan
  FROM customers
  LEFT JOIN branches
    ON customers.branch_id = branches.branch_id
  LEFT JOIN tag_src_balance_now
    ON tag_src_balance_now.customer_id = customers.customer_id
  WHERE
    customers.open_date <= CAST('2025-12-31' AS DATE)
), m_loans AS (
  SELECT
    customer_tags.region AS region,
    COUNT(loans.loan_id) FILTER(WHERE
      loans.status = 'disbursed' AND loans.overdue_days > 0) AS overdue_loans,
    COUNT(loans.loan_id) FILTER(WHERE
      loans.status = 'disbursed') AS outstanding_loans,
    COUNT(DISTINCT loans.customer_id) AS m_loans__n
  FROM loans
  INNER JOIN customer_tags
    ON customer_tags.customer_id = loans.customer_id
  WHERE
    customer_tags.has_loan = TRUE
  GROUP BY
    customer_tags.region
)
SELECT
  region,
  CAST(COALESCE(overdue_loans, 0) AS DOUBLE) / NULLIF(COALESCE(outstanding_loans, 0), 0) AS overdue_rate,
  COALESCE(overdue_loans, 0) AS overdue_loans,
  COALESCE(outstanding_loans, 0) AS outstanding_loans,
  m_loans__n AS customers_behind
FROM m_loans
ORDER BY
  overdue_rate DESC,
  region
