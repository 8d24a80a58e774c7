-- loan_approval_rate_by_product_type
-- {"metrics":["loan_approval_rate"],"group_by":[{"field":"product_type"}],"filters":[{"field":"channel","op":"in","value":["app","wechat"]}]}
WITH m_loans AS (
  SELECT
    products.product_type AS product_type,
    COUNT(loans.loan_id) FILTER(WHERE
      NOT loans.decision_date IS NULL
      AND loans.status IN ('approved', 'disbursed', 'settled')) AS loan_approvals,
    COUNT(loans.loan_id) FILTER(WHERE
      NOT loans.decision_date IS NULL) AS loan_decisions,
    COUNT(DISTINCT loans.customer_id) AS m_loans__n
  FROM loans
  LEFT JOIN products
    ON loans.product_id = products.product_id
  WHERE
    loans.apply_channel IN ('app', 'wechat')
  GROUP BY
    products.product_type
)
SELECT
  product_type,
  CAST(COALESCE(loan_approvals, 0) AS DOUBLE) / NULLIF(COALESCE(loan_decisions, 0), 0) AS loan_approval_rate,
  COALESCE(loan_approvals, 0) AS loan_approvals,
  COALESCE(loan_decisions, 0) AS loan_decisions,
  m_loans__n AS customers_behind
FROM m_loans
ORDER BY
  loan_approval_rate DESC,
  product_type
