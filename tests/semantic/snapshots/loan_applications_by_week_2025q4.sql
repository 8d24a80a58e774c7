-- loan_applications_by_week_2025q4
-- {"metrics":["loan_applications"],"group_by":[{"field":"time","grain":"week"}],"time_range":{"start":"2025-10-01","end":"2025-12-31"}}
SELECT
  b.week AS week,
  COALESCE(q.loan_applications, 0) AS loan_applications,
  q.customers_behind AS customers_behind
FROM (VALUES
  (CAST('2025-09-29' AS DATE)),
  (CAST('2025-10-06' AS DATE)),
  (CAST('2025-10-13' AS DATE)),
  (CAST('2025-10-20' AS DATE)),
  (CAST('2025-10-27' AS DATE)),
  (CAST('2025-11-03' AS DATE)),
  (CAST('2025-11-10' AS DATE)),
  (CAST('2025-11-17' AS DATE)),
  (CAST('2025-11-24' AS DATE)),
  (CAST('2025-12-01' AS DATE)),
  (CAST('2025-12-08' AS DATE)),
  (CAST('2025-12-15' AS DATE)),
  (CAST('2025-12-22' AS DATE)),
  (CAST('2025-12-29' AS DATE))) AS b(week)
LEFT JOIN (
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
) AS q
  ON b.week = q.week
ORDER BY
  b.week
