-- loan_to_deposit_default
-- {"metrics":["loan_to_deposit_conversion_rate"]}
WITH loan_to_deposit_conversion_rate_periods AS (
  SELECT
    period_start,
    period_next,
    base_month,
    base_as_of
  FROM (VALUES
    (
      CAST('2025-12-01' AS DATE),
      CAST('2026-01-01' AS DATE),
      CAST('2025-11-01' AS DATE),
      CAST('2025-11-30' AS DATE)
    )) AS p(period_start, period_next, base_month, base_as_of)
), loan_to_deposit_conversion_rate_base AS (
  SELECT
    loan_to_deposit_conversion_rate_periods.period_start AS period_start,
    balances_monthly.customer_id AS customer_id
  FROM loan_to_deposit_conversion_rate_periods
  JOIN balances_monthly
    ON balances_monthly.month = loan_to_deposit_conversion_rate_periods.base_month
  WHERE
    balances_monthly.loan_balance > 0 AND balances_monthly.deposit_balance = 0
), loan_to_deposit_conversion_rate_converted AS (
  SELECT DISTINCT
    period_start,
    customer_id
  FROM (
    SELECT
      loan_to_deposit_conversion_rate_periods.period_start AS period_start,
      deposit_accounts.customer_id AS customer_id
    FROM loan_to_deposit_conversion_rate_periods
    JOIN deposit_accounts
      ON deposit_accounts.open_date >= loan_to_deposit_conversion_rate_periods.period_start
      AND deposit_accounts.open_date < loan_to_deposit_conversion_rate_periods.period_next
  ) AS events
), m_loan_to_deposit_conversion_rate AS (
  SELECT
    COUNT(DISTINCT loan_to_deposit_conversion_rate_base.customer_id) AS loan_to_deposit_conversion_rate__base,
    COUNT(DISTINCT loan_to_deposit_conversion_rate_converted.customer_id) AS loan_to_deposit_conversion_rate__converted
  FROM loan_to_deposit_conversion_rate_base
  LEFT JOIN loan_to_deposit_conversion_rate_converted
    ON loan_to_deposit_conversion_rate_converted.period_start = loan_to_deposit_conversion_rate_base.period_start
    AND loan_to_deposit_conversion_rate_converted.customer_id = loan_to_deposit_conversion_rate_base.customer_id
)
SELECT
  CAST(loan_to_deposit_conversion_rate__converted AS DOUBLE) / NULLIF(loan_to_deposit_conversion_rate__base, 0) AS loan_to_deposit_conversion_rate,
  COALESCE(loan_to_deposit_conversion_rate__converted, 0) AS loan_to_deposit_conversion_rate_converted,
  COALESCE(loan_to_deposit_conversion_rate__base, 0) AS loan_to_deposit_conversion_rate_base,
  loan_to_deposit_conversion_rate__base AS customers_behind
FROM m_loan_to_deposit_conversion_rate
