-- deposit_to_loan_by_month_2025
-- {"metrics":["deposit_to_loan_conversion_rate"],"group_by":[{"field":"time","grain":"month"}],"time_range":{"start":"2025-01-01","end":"2025-12-31"}}
WITH deposit_to_loan_conversion_rate_periods AS (
  SELECT
    period_start,
    period_next,
    base_month,
    base_as_of
  FROM (VALUES
    (
      CAST('2025-01-01' AS DATE),
      CAST('2025-02-01' AS DATE),
      CAST('2024-12-01' AS DATE),
      CAST('2024-12-31' AS DATE)
    ),
    (
      CAST('2025-02-01' AS DATE),
      CAST('2025-03-01' AS DATE),
      CAST('2025-01-01' AS DATE),
      CAST('2025-01-31' AS DATE)
    ),
    (
      CAST('2025-03-01' AS DATE),
      CAST('2025-04-01' AS DATE),
      CAST('2025-02-01' AS DATE),
      CAST('2025-02-28' AS DATE)
    ),
    (
      CAST('2025-04-01' AS DATE),
      CAST('2025-05-01' AS DATE),
      CAST('2025-03-01' AS DATE),
      CAST('2025-03-31' AS DATE)
    ),
    (
      CAST('2025-05-01' AS DATE),
      CAST('2025-06-01' AS DATE),
      CAST('2025-04-01' AS DATE),
      CAST('2025-04-30' AS DATE)
    ),
    (
      CAST('2025-06-01' AS DATE),
      CAST('2025-07-01' AS DATE),
      CAST('2025-05-01' AS DATE),
      CAST('2025-05-31' AS DATE)
    ),
    (
      CAST('2025-07-01' AS DATE),
      CAST('2025-08-01' AS DATE),
      CAST('2025-06-01' AS DATE),
      CAST('2025-06-30' AS DATE)
    ),
    (
      CAST('2025-08-01' AS DATE),
      CAST('2025-09-01' AS DATE),
      CAST('2025-07-01' AS DATE),
      CAST('2025-07-31' AS DATE)
    ),
    (
      CAST('2025-09-01' AS DATE),
      CAST('2025-10-01' AS DATE),
      CAST('2025-08-01' AS DATE),
      CAST('2025-08-31' AS DATE)
    ),
    (
      CAST('2025-10-01' AS DATE),
      CAST('2025-11-01' AS DATE),
      CAST('2025-09-01' AS DATE),
      CAST('2025-09-30' AS DATE)
    ),
    (
      CAST('2025-11-01' AS DATE),
      CAST('2025-12-01' AS DATE),
      CAST('2025-10-01' AS DATE),
      CAST('2025-10-31' AS DATE)
    ),
    (
      CAST('2025-12-01' AS DATE),
      CAST('2026-01-01' AS DATE),
      CAST('2025-11-01' AS DATE),
      CAST('2025-11-30' AS DATE)
    )) AS p(period_start, period_next, base_month, base_as_of)
), deposit_to_loan_conversion_rate_base AS (
  SELECT
    deposit_to_loan_conversion_rate_periods.period_start AS period_start,
    balances_monthly.customer_id AS customer_id
  FROM deposit_to_loan_conversion_rate_periods
  JOIN balances_monthly
    ON balances_monthly.month = deposit_to_loan_conversion_rate_periods.base_month
  WHERE
    balances_monthly.deposit_balance > 0 AND balances_monthly.loan_balance = 0
), deposit_to_loan_conversion_rate_converted AS (
  SELECT DISTINCT
    period_start,
    customer_id
  FROM (
    SELECT
      deposit_to_loan_conversion_rate_periods.period_start AS period_start,
      loans.customer_id AS customer_id
    FROM deposit_to_loan_conversion_rate_periods
    JOIN loans
      ON loans.disburse_date >= deposit_to_loan_conversion_rate_periods.period_start
      AND loans.disburse_date < deposit_to_loan_conversion_rate_periods.period_next
    WHERE
      NOT loans.disburse_date IS NULL
  ) AS events
), m_deposit_to_loan_conversion_rate AS (
  SELECT
    deposit_to_loan_conversion_rate_base.period_start AS month,
    COUNT(DISTINCT deposit_to_loan_conversion_rate_base.customer_id) AS deposit_to_loan_conversion_rate__base,
    COUNT(DISTINCT deposit_to_loan_conversion_rate_converted.customer_id) AS deposit_to_loan_conversion_rate__converted
  FROM deposit_to_loan_conversion_rate_base
  LEFT JOIN deposit_to_loan_conversion_rate_converted
    ON deposit_to_loan_conversion_rate_converted.period_start = deposit_to_loan_conversion_rate_base.period_start
    AND deposit_to_loan_conversion_rate_converted.customer_id = deposit_to_loan_conversion_rate_base.customer_id
  GROUP BY
    deposit_to_loan_conversion_rate_base.period_start
)
SELECT
  month,
  CAST(deposit_to_loan_conversion_rate__converted AS DOUBLE) / NULLIF(deposit_to_loan_conversion_rate__base, 0) AS deposit_to_loan_conversion_rate,
  COALESCE(deposit_to_loan_conversion_rate__converted, 0) AS deposit_to_loan_conversion_rate_converted,
  COALESCE(deposit_to_loan_conversion_rate__base, 0) AS deposit_to_loan_conversion_rate_base,
  deposit_to_loan_conversion_rate__base AS customers_behind
FROM m_deposit_to_loan_conversion_rate
ORDER BY
  month
