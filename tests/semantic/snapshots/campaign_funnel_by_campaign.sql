-- campaign_funnel_by_campaign
-- {"metrics":["open_rate","click_rate","campaign_conversion_rate"],"group_by":[{"field":"campaign"}]}
WITH m_campaign_touches AS (
  SELECT
    campaigns.campaign_name AS campaign,
    COUNT(*) FILTER(WHERE
      campaign_touches.group_type = 'treatment'
      AND campaign_touches.delivered
      AND NOT campaign_touches.opened_at IS NULL) AS touches_opened,
    COUNT(*) FILTER(WHERE
      campaign_touches.group_type = 'treatment' AND campaign_touches.delivered) AS touches,
    COUNT(*) FILTER(WHERE
      campaign_touches.group_type = 'treatment'
      AND campaign_touches.delivered
      AND NOT campaign_touches.clicked_at IS NULL) AS touches_clicked,
    COUNT(*) FILTER(WHERE
      campaign_touches.group_type = 'treatment'
      AND campaign_touches.delivered
      AND NOT campaign_touches.converted_at IS NULL) AS campaign_conversions,
    COUNT(DISTINCT campaign_touches.customer_id) AS m_campaign_touches__n
  FROM campaign_touches
  LEFT JOIN campaigns
    ON campaign_touches.campaign_id = campaigns.campaign_id
  GROUP BY
    campaigns.campaign_name
)
SELECT
  campaign,
  CAST(COALESCE(touches_opened, 0) AS DOUBLE) / NULLIF(COALESCE(touches, 0), 0) AS open_rate,
  CAST(COALESCE(touches_clicked, 0) AS DOUBLE) / NULLIF(COALESCE(touches, 0), 0) AS click_rate,
  CAST(COALESCE(campaign_conversions, 0) AS DOUBLE) / NULLIF(COALESCE(touches, 0), 0) AS campaign_conversion_rate,
  COALESCE(touches_opened, 0) AS touches_opened,
  COALESCE(touches, 0) AS touches,
  COALESCE(touches_clicked, 0) AS touches_clicked,
  COALESCE(campaign_conversions, 0) AS campaign_conversions,
  m_campaign_touches__n AS customers_behind
FROM m_campaign_touches
ORDER BY
  open_rate DESC,
  campaign
