-- campaign_conversion_by_value_tier_2025
-- {"metrics":["campaign_conversion_rate","control_conversion_rate","conversion_amount"],"group_by":[{"field":"value_tier"}],"time_range":{"start":"2025-01-01","end":"2025-12-31"},"order_by":[{"field":"value_tier","direction":"asc"}]}
WITH tag_src_balance_now AS (
  SELECT
    balances_monthly.customer_id AS customer_id,
    SUM(balances_monthly.deposit_balance) AS deposit_balance,
    SUM(balances_monthly.wealth_balance) AS wealth_balance,
    SUM(balances_monthly.loan_balance) AS loan_balance,
    SUM(balances_monthly.deposit_avg_daily) AS deposit_avg_daily
  FROM balances_monthly
  WHERE
    balances_monthly.month >= CAST('2025-12-01' AS DATE)
    AND balances_monthly.month < CAST('2026-01-01' AS DATE)
  GROUP BY
    balances_monthly.customer_id
), customer_tags AS (
  SELECT
    customers.customer_id AS customer_id,
    CASE
      WHEN (
        COALESCE(tag_src_balance_now.deposit_balance, 0.0) + COALESCE(tag_src_balance_now.wealth_balance, 0.0)
      ) >= 500000
      THEN 'high'
      WHEN (
        COALESCE(tag_src_balance_now.deposit_balance, 0.0) + COALESCE(tag_src_balance_now.wealth_balance, 0.0)
      ) >= 50000
      THEN 'medium'
      ELSE 'low'
    END AS value_tier
  FROM customers
  LEFT JOIN tag_src_balance_now
    ON tag_src_balance_now.customer_id = customers.customer_id
  WHERE
    customers.open_date <= CAST('2025-12-31' AS DATE)
), m_campaign_touches AS (
  SELECT
    customer_tags.value_tier AS value_tier,
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
    SUM(campaign_touches.conversion_amount) FILTER(WHERE
      campaign_touches.group_type = 'treatment'
      AND campaign_touches.delivered
      AND NOT campaign_touches.converted_at IS NULL) AS conversion_amount,
    COUNT(campaign_touches.conversion_amount) FILTER(WHERE
      campaign_touches.group_type = 'treatment'
      AND campaign_touches.delivered
      AND NOT campaign_touches.converted_at IS NULL) AS conversion_amount__rows,
    COUNT(DISTINCT campaign_touches.customer_id) AS m_campaign_touches__n
  FROM campaign_touches
  LEFT JOIN campaigns
    ON campaign_touches.campaign_id = campaigns.campaign_id
  INNER JOIN customer_tags
    ON customer_tags.customer_id = campaign_touches.customer_id
  WHERE
    campaigns.start_date >= CAST('2025-01-01' AS DATE)
    AND campaigns.start_date < CAST('2026-01-01' AS DATE)
  GROUP BY
    customer_tags.value_tier
)
SELECT
  value_tier,
  CAST(COALESCE(campaign_conversions, 0) AS DOUBLE) / NULLIF(COALESCE(touches, 0), 0) AS campaign_conversion_rate,
  CAST(COALESCE(control_conversions, 0) AS DOUBLE) / NULLIF(COALESCE(control_rows, 0), 0) AS control_conversion_rate,
  COALESCE(conversion_amount, 0) AS conversion_amount,
  COALESCE(campaign_conversions, 0) AS campaign_conversions,
  COALESCE(touches, 0) AS touches,
  COALESCE(control_conversions, 0) AS control_conversions,
  COALESCE(control_rows, 0) AS control_rows,
  COALESCE(conversion_amount__rows, 0) AS conversion_amount_n,
  m_campaign_touches__n AS customers_behind
FROM m_campaign_touches
ORDER BY
  value_tier ASC
