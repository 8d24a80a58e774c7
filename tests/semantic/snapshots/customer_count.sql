-- customer_count
-- {"metrics":["customer_count"]}
WITH customer_tags AS (
  SELECT
    customers.customer_id AS customer_id
  FROM customers
  WHERE
    customers.open_date <= CAST('2025-12-31' AS DATE)
), m_customer_count AS (
  SELECT
    COUNT(DISTINCT customer_tags.customer_id) AS customer_count,
    COUNT(DISTINCT customer_tags.customer_id) AS m_customer_count__n
  FROM customer_tags
)
SELECT
  customer_count AS customer_count,
  m_customer_count__n AS customers_behind
FROM m_customer_count
