-- txn_amount_by_year_out_not_pos
-- {"metrics":["txn_amount","txn_count"],"group_by":[{"field":"time","grain":"year"}],"filters":[{"field":"direction","value":"out"},{"field":"channel","op":"not_in","value":["pos","atm"]}]}
WITH m_transactions AS (
  SELECT
    CAST(DATE_TRUNC('YEAR', transactions.txn_time) AS DATE) AS year,
    SUM(transactions.amount) AS txn_amount,
    COUNT(transactions.amount) AS txn_amount__rows,
    COUNT(transactions.txn_id) AS txn_count,
    COUNT(DISTINCT transactions.customer_id) AS m_transactions__n
  FROM transactions
  WHERE
    NOT transactions.txn_time IS NULL
    AND (
      transactions.direction = 'out' AND NOT transactions.channel IN ('pos', 'atm')
    )
  GROUP BY
    CAST(DATE_TRUNC('YEAR', transactions.txn_time) AS DATE)
)
SELECT
  year,
  COALESCE(txn_amount, 0) AS txn_amount,
  COALESCE(txn_count, 0) AS txn_count,
  m_transactions__n AS customers_behind
FROM m_transactions
ORDER BY
  year
