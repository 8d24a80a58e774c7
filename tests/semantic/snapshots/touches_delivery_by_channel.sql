-- touches_delivery_by_channel
-- {"metrics":["touches","delivery_rate"],"group_by":[{"field":"channel"}]}
WITH m_campaign_touches AS (
  SELECT
    campaign_touches.channel AS channel,
    COUNT(*) FILTER(WHERE
      campaign_touches.group_type = 'treatment' AND campaign_touches.delivered) AS touches,
    COUNT(*) FILTER(WHERE
      campaign_touches.group_type = 'treatment') AS treatment_rows,
    COUNT(DISTINCT campaign_touches.customer_id) AS m_campaign_touches__n
  FROM campaign_touches
  LEFT JOIN campaigns
    ON campaign_touches.campaign_id = campaigns.campaign_id
  GROUP BY
    campaign_touches.channel
)
SELECT
  channel,
  COALESCE(touches, 0) AS touches,
  CAST(COALESCE(touches, 0) AS DOUBLE) / NULLIF(COALESCE(treatment_rows, 0), 0) AS delivery_rate,
  COALESCE(treatment_rows, 0) AS treatment_rows,
  m_campaign_touches__n AS customers_behind
FROM m_campaign_touches
ORDER BY
  touches DESC,
  channel
