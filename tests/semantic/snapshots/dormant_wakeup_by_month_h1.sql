-- dormant_wakeup_by_month_h1
-- {"metrics":["dormant_wakeup_rate"],"group_by":[{"field":"time","grain":"month"}],"time_range":{"start":"2025-01-01","end":"2025-03-31"}}
WITH dormant_wakeup_rate_periods AS (
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
    )) AS p(period_start, period_next, base_month, base_as_of)
), dormant_wakeup_rate_0_tag_src_app_180d AS (
  SELECT
    app_events.customer_id AS customer_id,
    COUNT(*) AS app_events_180d
  FROM app_events
  WHERE
    app_events.event_time >= CAST('2024-07-05' AS DATE)
    AND app_events.event_time < CAST('2025-01-01' AS DATE)
  GROUP BY
    app_events.customer_id
), dormant_wakeup_rate_0_tag_src_app_90d AS (
  SELECT
    app_events.customer_id AS customer_id,
    COUNT(*) AS app_events_90d
  FROM app_events
  WHERE
    app_events.event_time >= CAST('2024-10-03' AS DATE)
    AND app_events.event_time < CAST('2025-01-01' AS DATE)
  GROUP BY
    app_events.customer_id
), dormant_wakeup_rate_0_tag_src_txn_180d AS (
  SELECT
    transactions.customer_id AS customer_id,
    COUNT(*) AS txn_count_180d
  FROM transactions
  WHERE
    transactions.txn_time >= CAST('2024-07-05' AS DATE)
    AND transactions.txn_time < CAST('2025-01-01' AS DATE)
  GROUP BY
    transactions.customer_id
), dormant_wakeup_rate_0_tag_src_txn_90d AS (
  SELECT
    transactions.customer_id AS customer_id,
    COUNT(*) AS txn_count_90d
  FROM transactions
  WHERE
    transactions.txn_time >= CAST('2024-10-03' AS DATE)
    AND transactions.txn_time < CAST('2025-01-01' AS DATE)
  GROUP BY
    transactions.customer_id
), dormant_wakeup_rate_tags_0 AS (
  SELECT
    customers.customer_id AS customer_id,
    CASE
      WHEN customers.open_date > CAST('2024-12-31' AS DATE) - INTERVAL '90' DAY
      THEN 'new'
      WHEN COALESCE(dormant_wakeup_rate_0_tag_src_txn_180d.txn_count_180d, 0.0) = 0
      AND COALESCE(dormant_wakeup_rate_0_tag_src_app_180d.app_events_180d, 0.0) = 0
      THEN 'churned'
      WHEN COALESCE(dormant_wakeup_rate_0_tag_src_txn_90d.txn_count_90d, 0.0) = 0
      AND COALESCE(dormant_wakeup_rate_0_tag_src_app_90d.app_events_90d, 0.0) = 0
      THEN 'dormant'
      ELSE 'active'
    END AS lifecycle_stage
  FROM customers
  LEFT JOIN dormant_wakeup_rate_0_tag_src_app_180d
    ON dormant_wakeup_rate_0_tag_src_app_180d.customer_id = customers.customer_id
  LEFT JOIN dormant_wakeup_rate_0_tag_src_app_90d
    ON dormant_wakeup_rate_0_tag_src_app_90d.customer_id = customers.customer_id
  LEFT JOIN dormant_wakeup_rate_0_tag_src_txn_180d
    ON dormant_wakeup_rate_0_tag_src_txn_180d.customer_id = customers.customer_id
  LEFT JOIN dormant_wakeup_rate_0_tag_src_txn_90d
    ON dormant_wakeup_rate_0_tag_src_txn_90d.customer_id = customers.customer_id
  WHERE
    customers.open_date <= CAST('2024-12-31' AS DATE)
), dormant_wakeup_rate_1_tag_src_app_180d AS (
  SELECT
    app_events.customer_id AS customer_id,
    COUNT(*) AS app_events_180d
  FROM app_events
  WHERE
    app_events.event_time >= CAST('2024-08-05' AS DATE)
    AND app_events.event_time < CAST('2025-02-01' AS DATE)
  GROUP BY
    app_events.customer_id
), dormant_wakeup_rate_1_tag_src_app_90d AS (
  SELECT
    app_events.customer_id AS customer_id,
    COUNT(*) AS app_events_90d
  FROM app_events
  WHERE
    app_events.event_time >= CAST('2024-11-03' AS DATE)
    AND app_events.event_time < CAST('2025-02-01' AS DATE)
  GROUP BY
    app_events.customer_id
), dormant_wakeup_rate_1_tag_src_txn_180d AS (
  SELECT
    transactions.customer_id AS customer_id,
    COUNT(*) AS txn_count_180d
  FROM transactions
  WHERE
    transactions.txn_time >= CAST('2024-08-05' AS DATE)
    AND transactions.txn_time < CAST('2025-02-01' AS DATE)
  GROUP BY
    transactions.customer_id
), dormant_wakeup_rate_1_tag_src_txn_90d AS (
  SELECT
    transactions.customer_id AS customer_id,
    COUNT(*) AS txn_count_90d
  FROM transactions
  WHERE
    transactions.txn_time >= CAST('2024-11-03' AS DATE)
    AND transactions.txn_time < CAST('2025-02-01' AS DATE)
  GROUP BY
    transactions.customer_id
), dormant_wakeup_rate_tags_1 AS (
  SELECT
    customers.customer_id AS customer_id,
    CASE
      WHEN customers.open_date > CAST('2025-01-31' AS DATE) - INTERVAL '90' DAY
      THEN 'new'
      WHEN COALESCE(dormant_wakeup_rate_1_tag_src_txn_180d.txn_count_180d, 0.0) = 0
      AND COALESCE(dormant_wakeup_rate_1_tag_src_app_180d.app_events_180d, 0.0) = 0
      THEN 'churned'
      WHEN COALESCE(dormant_wakeup_rate_1_tag_src_txn_90d.txn_count_90d, 0.0) = 0
      AND COALESCE(dormant_wakeup_rate_1_tag_src_app_90d.app_events_90d, 0.0) = 0
      THEN 'dormant'
      ELSE 'active'
    END AS lifecycle_stage
  FROM customers
  LEFT JOIN dormant_wakeup_rate_1_tag_src_app_180d
    ON dormant_wakeup_rate_1_tag_src_app_180d.customer_id = customers.customer_id
  LEFT JOIN dormant_wakeup_rate_1_tag_src_app_90d
    ON dormant_wakeup_rate_1_tag_src_app_90d.customer_id = customers.customer_id
  LEFT JOIN dormant_wakeup_rate_1_tag_src_txn_180d
    ON dormant_wakeup_rate_1_tag_src_txn_180d.customer_id = customers.customer_id
  LEFT JOIN dormant_wakeup_rate_1_tag_src_txn_90d
    ON dormant_wakeup_rate_1_tag_src_txn_90d.customer_id = customers.customer_id
  WHERE
    customers.open_date <= CAST('2025-01-31' AS DATE)
), dormant_wakeup_rate_2_tag_src_app_180d AS (
  SELECT
    app_events.customer_id AS customer_id,
    COUNT(*) AS app_events_180d
  FROM app_events
  WHERE
    app_events.event_time >= CAST('2024-09-02' AS DATE)
    AND app_events.event_time < CAST('2025-03-01' AS DATE)
  GROUP BY
    app_events.customer_id
), dormant_wakeup_rate_2_tag_src_app_90d AS (
  SELECT
    app_events.customer_id AS customer_id,
    COUNT(*) AS app_events_90d
  FROM app_events
  WHERE
    app_events.event_time >= CAST('2024-12-01' AS DATE)
    AND app_events.event_time < CAST('2025-03-01' AS DATE)
  GROUP BY
    app_events.customer_id
), dormant_wakeup_rate_2_tag_src_txn_180d AS (
  SELECT
    transactions.customer_id AS customer_id,
    COUNT(*) AS txn_count_180d
  FROM transactions
  WHERE
    transactions.txn_time >= CAST('2024-09-02' AS DATE)
    AND transactions.txn_time < CAST('2025-03-01' AS DATE)
  GROUP BY
    transactions.customer_id
), dormant_wakeup_rate_2_tag_src_txn_90d AS (
  SELECT
    transactions.customer_id AS customer_id,
    COUNT(*) AS txn_count_90d
  FROM transactions
  WHERE
    transactions.txn_time >= CAST('2024-12-01' AS DATE)
    AND transactions.txn_time < CAST('2025-03-01' AS DATE)
  GROUP BY
    transactions.customer_id
), dormant_wakeup_rate_tags_2 AS (
  SELECT
    customers.customer_id AS customer_id,
    CASE
      WHEN customers.open_date > CAST('2025-02-28' AS DATE) - INTERVAL '90' DAY
      THEN 'new'
      WHEN COALESCE(dormant_wakeup_rate_2_tag_src_txn_180d.txn_count_180d, 0.0) = 0
      AND COALESCE(dormant_wakeup_rate_2_tag_src_app_180d.app_events_180d, 0.0) = 0
      THEN 'churned'
      WHEN COALESCE(dormant_wakeup_rate_2_tag_src_txn_90d.txn_count_90d, 0.0) = 0
      AND COALESCE(dormant_wakeup_rate_2_tag_src_app_90d.app_events_90d, 0.0) = 0
      THEN 'dormant'
      ELSE 'active'
    END AS lifecycle_stage
  FROM customers
  LEFT JOIN dormant_wakeup_rate_2_tag_src_app_180d
    ON dormant_wakeup_rate_2_tag_src_app_180d.customer_id = customers.customer_id
  LEFT JOIN dormant_wakeup_rate_2_tag_src_app_90d
    ON dormant_wakeup_rate_2_tag_src_app_90d.customer_id = customers.customer_id
  LEFT JOIN dormant_wakeup_rate_2_tag_src_txn_180d
    ON dormant_wakeup_rate_2_tag_src_txn_180d.customer_id = customers.customer_id
  LEFT JOIN dormant_wakeup_rate_2_tag_src_txn_90d
    ON dormant_wakeup_rate_2_tag_src_txn_90d.customer_id = customers.customer_id
  WHERE
    customers.open_date <= CAST('2025-02-28' AS DATE)
), dormant_wakeup_rate_base AS (
  SELECT
    CAST('2025-01-01' AS DATE) AS period_start,
    dormant_wakeup_rate_tags_0.customer_id
  FROM dormant_wakeup_rate_tags_0
  WHERE
    dormant_wakeup_rate_tags_0.lifecycle_stage = 'dormant'
  UNION ALL
  SELECT
    CAST('2025-02-01' AS DATE) AS period_start,
    dormant_wakeup_rate_tags_1.customer_id
  FROM dormant_wakeup_rate_tags_1
  WHERE
    dormant_wakeup_rate_tags_1.lifecycle_stage = 'dormant'
  UNION ALL
  SELECT
    CAST('2025-03-01' AS DATE) AS period_start,
    dormant_wakeup_rate_tags_2.customer_id
  FROM dormant_wakeup_rate_tags_2
  WHERE
    dormant_wakeup_rate_tags_2.lifecycle_stage = 'dormant'
), dormant_wakeup_rate_converted AS (
  SELECT DISTINCT
    period_start,
    customer_id
  FROM (
    SELECT
      dormant_wakeup_rate_periods.period_start AS period_start,
      transactions.customer_id AS customer_id
    FROM dormant_wakeup_rate_periods
    JOIN transactions
      ON transactions.txn_time >= dormant_wakeup_rate_periods.period_start
      AND transactions.txn_time < dormant_wakeup_rate_periods.period_next
    UNION ALL
    SELECT
      dormant_wakeup_rate_periods.period_start AS period_start,
      app_events.customer_id AS customer_id
    FROM dormant_wakeup_rate_periods
    JOIN app_events
      ON app_events.event_time >= dormant_wakeup_rate_periods.period_start
      AND app_events.event_time < dormant_wakeup_rate_periods.period_next
  ) AS events
), m_dormant_wakeup_rate AS (
  SELECT
    dormant_wakeup_rate_base.period_start AS month,
    COUNT(DISTINCT dormant_wakeup_rate_base.customer_id) AS dormant_wakeup_rate__base,
    COUNT(DISTINCT dormant_wakeup_rate_converted.customer_id) AS dormant_wakeup_rate__converted
  FROM dormant_wakeup_rate_base
  LEFT JOIN dormant_wakeup_rate_converted
    ON dormant_wakeup_rate_converted.period_start = dormant_wakeup_rate_base.period_start
    AND dormant_wakeup_rate_converted.customer_id = dormant_wakeup_rate_base.customer_id
  GROUP BY
    dormant_wakeup_rate_base.period_start
)
SELECT
  month,
  CAST(dormant_wakeup_rate__converted AS DOUBLE) / NULLIF(dormant_wakeup_rate__base, 0) AS dormant_wakeup_rate,
  COALESCE(dormant_wakeup_rate__converted, 0) AS dormant_wakeup_rate_converted,
  COALESCE(dormant_wakeup_rate__base, 0) AS dormant_wakeup_rate_base,
  dormant_wakeup_rate__base AS customers_behind
FROM m_dormant_wakeup_rate
ORDER BY
  month
