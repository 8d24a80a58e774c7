-- new_deposit_accounts_by_channel_2025q3
-- {"metrics":["new_deposit_accounts"],"group_by":[{"field":"channel"}],"time_range":{"start":"2025-07-01","end":"2025-09-30"}}
WITH m_deposit_accounts AS (
  SELECT
    deposit_accounts.open_channel AS channel,
    COUNT(deposit_accounts.account_id) AS new_deposit_accounts,
    COUNT(DISTINCT deposit_accounts.customer_id) AS m_deposit_accounts__n
  FROM deposit_accounts
  WHERE
    deposit_accounts.open_date >= CAST('2025-07-01' AS DATE)
    AND deposit_accounts.open_date < CAST('2025-10-01' AS DATE)
  GROUP BY
    deposit_accounts.open_channel
)
SELECT
  channel,
  COALESCE(new_deposit_accounts, 0) AS new_deposit_accounts,
  m_deposit_accounts__n AS customers_behind
FROM m_deposit_accounts
ORDER BY
  new_deposit_accounts DESC,
  channel
