-- customer_count_by_lifecycle_as_of_june
-- {"metrics":["customer_count"],"group_by":[{"field":"lifecycle_stage"}],"as_of":"2025-06-30"}
WITH tag_src_app_180d AS (
  SELECT
    app_events.customer_id AS customer_id,
    COUNT(*) AS app_events_180d
  FROM app_events
  WHERE
    app_events.event_time >= CAST('2025-01-02' AS DATE)
    AND app_events.event_time < CAST('2025-07-01' AS DATE)
  GROUP BY
    app_events.customer_id
), tag_src_app_90d AS (
  SELECT
    app_events.customer_id AS customer_id,
    COUNT(*) AS app_events_90d
  FROM app_events
  WHERE
    app_events.event_time >= CAST('2025-04-02' AS DATE)
    AND app_events.event_time < CAST('2025-07-01' AS DATE)
  GROUP BY
    app_events.customer_id
), tag_src_txn_180d AS (
  SELECT
    transactions.customer_id AS customer_id,
    COUNT(*) AS txn_count_180d
  FROM transactions
  WHERE
    transactions.txn_time >= CAST('2025-01-02' AS DATE)
    AND transactions.txn_time < CAST('2025-07-01' AS DATE)
  GROUP BY
    transactions.customer_id
), tag_src_txn_90d AS (
  SELECT
    transactions.customer_id AS customer_id,
    COUNT(*) AS txn_count_90d
  FROM transactions
  WHERE
    transactions.txn_time >= CAST('2025-04-02' AS DATE)
    AND transactions.txn_time < CAST('2025-07-01' AS DATE)
  GROUP BY
    transactions.customer_id
), customer_tags AS (
  SELECT
    customers.customer_id AS customer_id,
    CASE
      WHEN customers.open_date > CAST('2025-06-30' AS DATE) - INTERVAL '90' DAY
      THEN 'new'
      WHEN COALESCE(tag_src_txn_180d.txn_count_180d, 0.0) = 0
      AND COALESCE(tag_src_app_180d.app_events_180d, 0.0) = 0
      THEN 'churned'
      WHEN COALESCE(tag_src_txn_90d.txn_count_90d, 0.0) = 0
      AND COALESCE(tag_src_app_90d.app_events_90d, 0.0) = 0
      THEN 'dormant'
      ELSE 'active'
    END AS lifecycle_stage
  FROM customers
  LEFT JOIN tag_src_app_180d
    ON tag_src_app_180d.customer_id = customers.customer_id
  LEFT JOIN tag_src_app_90d
    ON tag_src_app_90d.customer_id = customers.customer_id
  LEFT JOIN tag_src_txn_180d
    ON tag_src_txn_180d.customer_id = customers.customer_id
  LEFT JOIN tag_src_txn_90d
    ON tag_src_txn_90d.customer_id = customers.customer_id
  WHERE
    customers.open_date <= CAST('2025-06-30' AS DATE)
), m_customer_count AS (
  SELECT
    customer_tags.lifecycle_stage AS lifecycle_stage,
    COUNT(DISTINCT customer_tags.customer_id) AS customer_count,
    COUNT(DISTINCT customer_tags.customer_id) AS m_customer_count__n
  FROM customer_tags
  GROUP BY
    customer_tags.lifecycle_stage
)
SELECT
  lifecycle_stage,
  customer_count AS customer_count,
  m_customer_count__n AS customers_behind
FROM m_customer_count
ORDER BY
  customer_count DESC,
  lifecycle_stage
