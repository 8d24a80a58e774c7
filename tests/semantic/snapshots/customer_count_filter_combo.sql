-- customer_count_filter_combo
-- {"metrics":["customer_count"],"group_by":[{"field":"age_band"}],"filters":[{"field":"age","op":"between","value":[30,45]},{"field":"deposit_volatility","op":"is_null"},{"field":"annual_income","op":">","value":80000},{"field":"is_payroll","value":true}]}
WITH tag_src_balance_6m AS (
  SELECT
    balances_monthly.customer_id AS customer_id,
    CASE
      WHEN COUNT(*) >= 3 AND AVG(balances_monthly.deposit_balance) <> 0
      THEN STDDEV_SAMP(balances_monthly.deposit_balance) / AVG(balances_monthly.deposit_balance)
    END AS deposit_volatility
  FROM balances_monthly
  WHERE
    balances_monthly.month >= CAST('2025-07-01' AS DATE)
    AND balances_monthly.month < CAST('2026-01-01' AS DATE)
  GROUP BY
    balances_monthly.customer_id
), customer_tags AS (
  SELECT
    customers.customer_id AS customer_id,
    CASE
      WHEN (
        YEAR(CAST('2025-12-31' AS DATE)) - YEAR(customers.birth_date) - CASE
          WHEN MONTH(CAST('2025-12-31' AS DATE)) * 100 + DAY(CAST('2025-12-31' AS DATE)) < MONTH(customers.birth_date) * 100 + DAY(customers.birth_date)
          THEN 1
          ELSE 0
        END
      ) < 25
      THEN '<25'
      WHEN (
        YEAR(CAST('2025-12-31' AS DATE)) - YEAR(customers.birth_date) - CASE
          WHEN MONTH(CAST('2025-12-31' AS DATE)) * 100 + DAY(CAST('2025-12-31' AS DATE)) < MONTH(customers.birth_date) * 100 + DAY(customers.birth_date)
          THEN 1
          ELSE 0
        END
      ) < 35
      THEN '25-34'
      WHEN (
        YEAR(CAST('2025-12-31' AS DATE)) - YEAR(customers.birth_date) - CASE
          WHEN MONTH(CAST('2025-12-31' AS DATE)) * 100 + DAY(CAST('2025-12-31' AS DATE)) < MONTH(customers.birth_date) * 100 + DAY(customers.birth_date)
          THEN 1
          ELSE 0
        END
      ) < 45
      THEN '35-44'
      WHEN (
        YEAR(CAST('2025-12-31' AS DATE)) - YEAR(customers.birth_date) - CASE
          WHEN MONTH(CAST('2025-12-31' AS DATE)) * 100 + DAY(CAST('2025-12-31' AS DATE)) < MONTH(customers.birth_date) * 100 + DAY(customers.birth_date)
          THEN 1
          ELSE 0
        END
      ) < 55
      THEN '45-54'
      ELSE '55+'
    END AS age_band,
    YEAR(CAST('2025-12-31' AS DATE)) - YEAR(customers.birth_date) - CASE
      WHEN MONTH(CAST('2025-12-31' AS DATE)) * 100 + DAY(CAST('2025-12-31' AS DATE)) < MONTH(customers.birth_date) * 100 + DAY(customers.birth_date)
      THEN 1
      ELSE 0
    END AS age,
    tag_src_balance_6m.deposit_volatility AS deposit_volatility,
    customers.annual_income AS annual_income,
    customers.is_payroll AS is_payroll
  FROM customers
  LEFT JOIN tag_src_balance_6m
    ON tag_src_balance_6m.customer_id = customers.customer_id
  WHERE
    customers.open_date <= CAST('2025-12-31' AS DATE)
), m_customer_count AS (
  SELECT
    customer_tags.age_band AS age_band,
    COUNT(DISTINCT customer_tags.customer_id) AS customer_count,
    COUNT(DISTINCT customer_tags.customer_id) AS m_customer_count__n
  FROM customer_tags
  WHERE
    customer_tags.age BETWEEN 30 AND 45
    AND customer_tags.deposit_volatility IS NULL
    AND customer_tags.annual_income > 80000
    AND customer_tags.is_payroll = TRUE
  GROUP BY
    customer_tags.age_band
)
SELECT
  age_band,
  customer_count AS customer_count,
  m_customer_count__n AS customers_behind
FROM m_customer_count
ORDER BY
  customer_count DESC,
  age_band
