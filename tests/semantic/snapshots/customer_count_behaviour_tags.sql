-- customer_count_behaviour_tags
-- {"metrics":["customer_count"],"group_by":[{"field":"preferred_channel"},{"field":"active_period"}]}
WITH tag_src_active_period AS (
  SELECT
    customer_id,
    k AS active_period
  FROM (
    SELECT
      customer_id,
      k,
      ROW_NUMBER() OVER (
        PARTITION BY customer_id
        ORDER BY n DESC, CASE
          WHEN k = 'morning'
          THEN 0
          WHEN k = 'midday'
          THEN 1
          WHEN k = 'afternoon'
          THEN 2
          WHEN k = 'evening'
          THEN 3
          WHEN k = 'night'
          THEN 4
        END
      ) AS rn
    FROM (
      SELECT
        app_events.customer_id AS customer_id,
        CASE
          WHEN HOUR(app_events.event_time) >= 6 AND HOUR(app_events.event_time) < 11
          THEN 'morning'
          WHEN HOUR(app_events.event_time) >= 11 AND HOUR(app_events.event_time) < 14
          THEN 'midday'
          WHEN HOUR(app_events.event_time) >= 14 AND HOUR(app_events.event_time) < 18
          THEN 'afternoon'
          WHEN HOUR(app_events.event_time) >= 18 AND HOUR(app_events.event_time) < 23
          THEN 'evening'
          ELSE 'night'
        END AS k,
        COUNT(*) AS n
      FROM app_events
      WHERE
        (
          app_events.event_time >= CAST('2025-10-03' AS DATE)
          AND app_events.event_time < CAST('2026-01-01' AS DATE)
        )
        AND app_events.event_type = 'login'
      GROUP BY
        app_events.customer_id,
        CASE
          WHEN HOUR(app_events.event_time) >= 6 AND HOUR(app_events.event_time) < 11
          THEN 'morning'
          WHEN HOUR(app_events.event_time) >= 11 AND HOUR(app_events.event_time) < 14
          THEN 'midday'
          WHEN HOUR(app_events.event_time) >= 14 AND HOUR(app_events.event_time) < 18
          THEN 'afternoon'
          WHEN HOUR(app_events.event_time) >= 18 AND HOUR(app_events.event_time) < 23
          THEN 'evening'
          ELSE 'night'
        END
    ) AS counted
  ) AS ranked
  WHERE
    rn = 1
), tag_src_preferred_channel AS (
  SELECT
    customer_id,
    k AS preferred_channel
  FROM (
    SELECT
      customer_id,
      k,
      ROW_NUMBER() OVER (PARTITION BY customer_id ORDER BY n DESC, k) AS rn
    FROM (
      SELECT
        transactions.customer_id AS customer_id,
        transactions.channel AS k,
        COUNT(*) AS n
      FROM transactions
      WHERE
        transactions.txn_time >= CAST('2025-10-03' AS DATE)
        AND transactions.txn_time < CAST('2026-01-01' AS DATE)
      GROUP BY
        transactions.customer_id,
        transactions.channel
    ) AS counted
  ) AS ranked
  WHERE
    rn = 1
), customer_tags AS (
  SELECT
    customers.customer_id AS customer_id,
    tag_src_preferred_channel.preferred_channel AS preferred_channel,
    tag_src_active_period.active_period AS active_period
  FROM customers
  LEFT JOIN tag_src_active_period
    ON tag_src_active_period.customer_id = customers.customer_id
  LEFT JOIN tag_src_preferred_channel
    ON tag_src_preferred_channel.customer_id = customers.customer_id
  WHERE
    customers.open_date <= CAST('2025-12-31' AS DATE)
), m_customer_count AS (
  SELECT
    customer_tags.preferred_channel AS preferred_channel,
    customer_tags.active_period AS active_period,
    COUNT(DISTINCT customer_tags.customer_id) AS customer_count,
    COUNT(DISTINCT customer_tags.customer_id) AS m_customer_count__n
  FROM customer_tags
  WHERE
    NOT customer_tags.preferred_channel IS NULL
    AND NOT customer_tags.active_period IS NULL
  GROUP BY
    customer_tags.preferred_channel,
    customer_tags.active_period
)
SELECT
  preferred_channel,
  active_period,
  customer_count AS customer_count,
  m_customer_count__n AS customers_behind
FROM m_customer_count
ORDER BY
  customer_count DESC,
  preferred_channel,
  active_period
