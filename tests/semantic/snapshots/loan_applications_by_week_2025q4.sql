-- loan_applications_by_week_2025q4
-- {"metrics":["loan_applications"],"group_by":[{"field":"time","grain":"week"}],"time_range":{"start":"2025-10-01","end":"2025-12-31"}}
WITH m_loans AS (
  SELECT
    CAST(DATE_TRUNC('WEEK', loans.apply_date) AS DATE) AS week,
    COUNT(loans.loan_id) AS loan_applications,
    COUNT(DISTINCT loans.customer_id) AS m_loans__n
  FROM loans
  WHERE
    NOT loans.apply_date IS NULL
    AND (
      loans.apply_date >= CAST('2025-10-01' AS DATE)
      AND loans.apply_date < CAST('2026-01-01' AS DATE)
    )
  GROUP BY
    CAST(DATE_TRUNC('WEEK', loans.apply_date) AS DATE)
)
SELECT
  week,
  COALESCE(loan_applications, 0) AS loan_applications,
  m_loans__n AS customers_behind
FROM m_loans
ORDER BY
  week
