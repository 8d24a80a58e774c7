-- loan_disbursement_amount_by_day_dec
-- {"metrics":["loan_disbursements","loan_disbursement_amount"],"group_by":[{"field":"time","grain":"day"}],"time_range":{"start":"2025-12-01","end":"2025-12-31"}}
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
ORDER BY
  day
