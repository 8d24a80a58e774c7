-- customer_count_by_region_share
-- {"metrics":["customer_count"],"group_by":[{"field":"region"}],"share_of_total":true}
WITH customer_tags AS (
  SELECT
    customers.customer_id AS customer_id,
    branches.region AS region
  FROM customers
  LEFT JOIN branches
    ON customers.branch_id = branches.branch_id
  WHERE
    customers.open_date <= CAST('2025-12-31' AS DATE)
), m_customer_count AS (
  SELECT
    customer_tags.region AS region,
    COUNT(DISTINCT customer_tags.customer_id) AS customer_count,
    COUNT(DISTINCT customer_tags.customer_id) AS m_customer_count__n
  FROM customer_tags
  GROUP BY
    customer_tags.region
)
SELECT
  region,
  customer_count AS customer_count,
  m_customer_count__n AS customers_behind,
  CAST(customer_count AS DOUBLE) / NULLIF(SUM(customer_count) OVER (), 0) AS customer_count_share
FROM m_customer_count
ORDER BY
  customer_count DESC,
  region
