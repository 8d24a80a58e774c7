-- roi_cost_per_conversion_by_month
-- {"metrics":["roi","cost_per_conversion","campaign_cost"],"group_by":[{"field":"time","grain":"month"}],"time_range":{"start":"2025-01-01","end":"2025-12-31"}}
WITH m_campaign_touches AS (
  SELECT
    CAST(DATE_TRUNC('MONTH', campaigns.start_date) AS DATE) AS month,
    SUM(campaign_touches.conversion_amount) FILTER(WHERE
      campaign_touches.group_type = 'treatment'
      AND campaign_touches.delivered
      AND NOT campaign_touches.converted_at IS NULL) AS conversion_amount,
    COUNT(campaign_touches.conversion_amount) FILTER(WHERE
      campaign_touches.group_type = 'treatment'
      AND campaign_touches.delivered
      AND NOT campaign_touches.converted_at IS NULL) AS conversion_amount__rows,
    SUM(campaign_touches.cost) AS campaign_cost,
    COUNT(campaign_touches.cost) AS campaign_cost__rows,
    COUNT(*) FILTER(WHERE
      campaign_touches.group_type = 'treatment'
      AND campaign_touches.delivered
      AND NOT campaign_touches.converted_at IS NULL) AS campaign_conversions,
    COUNT(DISTINCT campaign_touches.customer_id) AS m_campaign_touches__n
  FROM campaign_touches
  LEFT JOIN campaigns
    ON campaign_touches.campaign_id = campaigns.campaign_id
  WHERE
    NOT campaigns.start_date IS NULL
    AND (
      campaigns.start_date >= CAST('2025-01-01' AS DATE)
      AND campaigns.start_date < CAST('2026-01-01' AS DATE)
    )
  GROUP BY
    CAST(DATE_TRUNC('MONTH', campaigns.start_date) AS DATE)
)
SELECT
  month,
  CAST(COALESCE(conversion_amount, 0) AS DOUBLE) / NULLIF(COALESCE(campaign_cost, 0), 0) AS roi,
  CAST(COALESCE(campaign_cost, 0) AS DOUBLE) / NULLIF(COALESCE(campaign_conversions, 0), 0) AS cost_per_conversion,
  COALESCE(campaign_cost, 0) AS campaign_cost,
  COALESCE(conversion_amount, 0) AS conversion_amount,
  COALESCE(campaign_conversions, 0) AS campaign_conversions,
  COALESCE(campaign_cost__rows, 0) AS campaign_cost_n,
  m_campaign_touches__n AS customers_behind
FROM m_campaign_touches
ORDER BY
  month
