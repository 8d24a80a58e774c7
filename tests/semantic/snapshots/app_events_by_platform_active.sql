-- app_events_by_platform_active
-- {"metrics":["app_event_count"],"group_by":[{"field":"platform"}],"filters":[{"field":"activity_level","op":"in","value":["high","medium"]}]}
WITH tag_src_app_30d AS (
  SELECT
    app_events.customer_id AS customer_id,
    COUNT(DISTINCT CAST(app_events.event_time AS DATE)) FILTER(WHERE
      app_events.event_type = 'login') AS login_days_30d,
    COUNT(*) FILTER(WHERE
      app_events.event_type IN ('loan_inquiry', 'loan_calculator')) AS loan_inquiry_30d,
    COUNT(*) FILTER(WHERE
      app_events.event_type = 'wealth_view') AS wealth_views_30d
  FROM app_events
  WHERE
    app_events.event_time >= CAST('2025-12-02' AS DATE)
    AND app_events.event_time < CAST('2026-01-01' AS DATE)
  GROUP BY
    app_events.customer_id
), customer_tags AS (
  SELECT
    customers.customer_id AS customer_id,
    CASE
      WHEN COALESCE(tag_src_app_30d.login_days_30d, 0.0) >= 15
      THEN 'high'
      WHEN COALESCE(tag_src_app_30d.login_days_30d, 0.0) >= 4
      THEN 'medium'
      WHEN COALESCE(tag_src_app_30d.login_days_30d, 0.0) >= 1
      THEN 'low'
      ELSE 'inactive'
    END AS activity_level
  FROM customers
  LEFT JOIN tag_src_app_30d
    ON tag_src_app_30d.customer_id = customers.customer_id
  WHERE
    customers.open_date <= CAST('2025-12-31' AS DATE)
), m_app_events AS (
  SELECT
    app_events.platform AS platform,
    COUNT(app_events.event_id) AS app_event_count,
    COUNT(DISTINCT app_events.customer_id) AS m_app_events__n
  FROM app_events
  INNER JOIN customer_tags
    ON customer_tags.customer_id = app_events.customer_id
  WHERE
    customer_tags.activity_level IN ('high', 'medium')
  GROUP BY
    app_events.platform
)
SELECT
  platform,
  COALESCE(app_event_count, 0) AS app_event_count,
  m_app_events__n AS customers_behind
FROM m_app_events
ORDER BY
  app_event_count DESC,
  platform
