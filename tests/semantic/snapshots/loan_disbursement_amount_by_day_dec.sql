-- loan_disbursement_amount_by_day_dec
-- {"metrics":["loan_disbursements","loan_disbursement_amount"],"group_by":[{"field":"time","grain":"day"}],"time_range":{"start":"2025-12-01","end":"2025-12-31"}}
SELECT
  b.day AS day,
  COALESCE(q.loan_disbursements, 0) AS loan_disbursements,
  COALESCE(q.loan_disbursement_amount, 0) AS loan_disbursement_amount,
  q.customers_behind AS customers_behind
FROM (VALUES
  (CAST('2025-12-01' AS DATE)),
  (CAST('2025-12-02' AS DATE)),
  (CAST('2025-12-03' AS DATE)),
  (CAST('2025-12-04' AS DATE)),
  (CAST('2025-12-05' AS DATE)),
  (CAST('2025-12-06' AS DATE)),
  (CAST('2025-12-07' AS DATE)),
  (CAST('2025-12-08' AS DATE)),
  (CAST('2025-12-09' AS DATE)),
  (CAST('2025-12-10' AS DATE)),
  (CAST('2025-12-11' AS DATE)),
  (CAST('2025-12-12' AS DATE)),
  (CAST('2025-12-13' AS DATE)),
  (CAST('2025-12-14' AS DATE)),
  (CAST('2025-12-15' AS DATE)),
  (CAST('2025-12-16' AS DATE)),
  (CAST('2025-12-17' AS DATE)),
  (CAST('2025-12-18' AS DATE)),
  (CAST('2025-12-19' AS DATE)),
  (CAST('2025-12-20' AS DATE)),
  (CAST('2025-12-21' AS DATE)),
  (CAST('2025-12-22' AS DATE)),
  (CAST('2025-12-23' AS DATE)),
  (CAST('2025-12-24' AS DATE)),
  (CAST('2025-12-25' AS DATE)),
  (CAST('2025-12-26' AS DATE)),
  (CAST('2025-12-27' AS DATE)),
  (CAST('2025-12-28' AS DATE)),
  (CAST('2025-12-29' AS DATE)),
  (CAST('2025-12-30' AS DATE)),
  (CAST('2025-12-31' AS DATE))) AS b(day)
LEFT JOIN (
  WITH m_loans AS (
    SELECT
      CAST(DATE_TRUNC('DAY', loans.disburse_date) AS DATE) AS day,
      COUNT(loans.loan_id) FILTER(WHERE
        NOT loans.disburse_date IS NULL) AS loan_disbursements,
      SUM(loans.amount) FILTER(WHERE
        NOT loans.disburse_date IS NULL) AS loan_disbursement_amount,
      COUNT(loans.amount) FILTER(WHERE
        NOT loans.disburse_date IS NULL) AS loan_disbursement_amount__rows,
      COUNT(DISTINCT loans.customer_id) AS m_loans__n
    FROM loans
    WHERE
      NOT loans.disburse_date IS NULL
      AND (
        loans.disburse_date >= CAST('2025-12-01' AS DATE)
        AND loans.disburse_date < CAST('2026-01-01' AS DATE)
      )
    GROUP BY
      CAST(DATE_TRUNC('DAY', loans.disburse_date) AS DATE)
  )
  SELECT
    day,
    COALESCE(loan_disbursements, 0) AS loan_disbursements,
    COALESCE(loan_disbursement_amount, 0) AS loan_disbursement_amount,
    m_loans__n AS customers_behind
  FROM m_loans
) AS q
  ON b.day = q.day
ORDER BY
  b.day
