-- customer_count_by_branch_having
-- {"metrics":["customer_count"],"group_by":[{"field":"branch"}],"filters":[{"field":"customer_count","op":">=","value":50}],"order_by":[{"field":"customer_count","direction":"asc"}]}
WITH customer_tags AS (
  SELECT
    customers.customer_id AS customer_id,
    branches.branch_name AS branch
  FROM customers
  LEFT JOIN branches
    ON customers.branch_id = branches.branch_id
  WHERE
    customers.open_date <= CAST('2025-12-31' AS DATE)
), m_customer_count AS (
  SELECT
    customer_tags.branch AS branch,
    COUNT(DISTINCT customer_tags.customer_id) AS customer_count,
    COUNT(DISTINCT customer_tags.customer_id) AS m_customer_count__n
  FROM customer_tags
  GROUP BY
    customer_tags.branch
)
SELECT
  *
FROM (
  SELECT
    branch,
    customer_count AS customer_count,
    m_customer_count__n AS customers_behind
  FROM m_customer_count
) AS result
WHERE
  customer_count >= 50
ORDER BY
  customer_count ASC,
  branch
