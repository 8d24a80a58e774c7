-- uplift_by_objective_payroll
-- {"metrics":["uplift"],"group_by":[{"field":"objective"}],"filters":[{"field":"is_payroll","value":true}]}
WITH customer_tags AS (
  SELECT
    customers.customer_id AS customer_id,
    customers.is_payroll AS is_payroll
  FROM customers
  WHERE
    customers.open_date <= CAST('2025-12-31' AS DATE)
), m_campaign_touches AS (
  SELECT
    campaigns.objective AS objective,
    COUNT(*) FILTER(WHERE
      campaign_touches.group_type = 'treatment'
      AND campaign_touches.delivered
      AND NOT campaign_touches.converted_at IS NULL) AS campaign_conversions,
    COUNT(*) FILTER(WHERE
      campaign_touches.group_type = 'treatment' AND campaign_touches.delivered) AS touches,
    COUNT(*) FILTER(WHERE
      campaign_touches.group_type = 'control'
      AND NOT campaign_touches.converted_at IS NULL) AS control_conversions,
    COUNT(*) FILTER(WHERE
      campaign_touches.group_type = 'control') AS control_rows,
    COUNT(DISTINCT campaign_touches.customer_id) AS m_campaign_touches__n
  FROM campaign_touches
  LEFT JOIN campaigns
    ON campaign_touches.campaign_id = campaigns.campaign_id
  INNER JOIN customer_tags
    ON customer_tags.customer_id = campaign_touches.customer_id
  WHERE
    customer_tags.is_payroll = TRUE
  GROUP BY
    campaigns.objective
)
SELECT
  objective,
  (
    CAST(COALESCE(campaign_conversions, 0) AS DOUBLE) / NULLIF(COALESCE(touches, 0), 0)
  ) - (
    CAST(COALESCE(control_conversions, 0) AS DOUBLE) / NULLIF(COALESCE(control_rows, 0), 0)
  ) AS uplift,
  CAST(COALESCE(campaign_conversions, 0) AS DOUBLE) / NULLIF(COALESCE(touches, 0), 0) AS campaign_conversion_rate,
  CAST(COALESCE(control_conversions, 0) AS DOUBLE) / NULLIF(COALESCE(control_rows, 0), 0) AS control_conversion_rate,
  m_campaign_touches__n AS customers_behind
FROM m_campaign_touches
ORDER BY
  uplift DESC,
  objective
