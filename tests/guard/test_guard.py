"""validate_sql: hostile SQL is refused with the rule that caught it; analytic SQL passes.

The schema, policy, hostile table and analytic queries here are shared with
test_runner.py, which runs them on a real DuckDB file.
"""

from __future__ import annotations

import pytest
from sqlglot import exp, parse_one

from semantic_layer import guard
from semantic_layer.errors import UnsafeSQLError
from semantic_layer.guard import SqlPolicy, validate_sql

# A tiny copy of the bank mart (shapes from shared/spec/bank-mart.md), plus one table
# that exists in the file but is not on the allow-list.
MART_COLUMNS: dict[str, dict[str, str]] = {
    "branches": {
        "branch_id": "VARCHAR", "branch_name": "VARCHAR", "city": "VARCHAR",
        "province": "VARCHAR", "region": "VARCHAR",
    },
    "customers": {
        "customer_id": "BIGINT", "name": "VARCHAR", "gender": "VARCHAR", "birth_date": "DATE",
        "id_number": "VARCHAR", "phone": "VARCHAR", "branch_id": "VARCHAR",
        "occupation": "VARCHAR", "annual_income": "DECIMAL(18,2)", "open_date": "DATE",
        "is_payroll": "BOOLEAN",
    },
    "loans": {
        "loan_id": "BIGINT", "customer_id": "BIGINT", "product_id": "VARCHAR",
        "apply_date": "DATE", "apply_channel": "VARCHAR", "decision_date": "DATE",
        "disburse_date": "DATE", "status": "VARCHAR", "amount": "DECIMAL(18,2)",
        "term_months": "INTEGER", "annual_rate": "DECIMAL(8,4)", "overdue_days": "INTEGER",
    },
    "balances_monthly": {
        "month": "DATE", "customer_id": "BIGINT", "deposit_balance": "DECIMAL(18,2)",
        "deposit_avg_daily": "DECIMAL(18,2)", "wealth_balance": "DECIMAL(18,2)",
        "loan_balance": "DECIMAL(18,2)",
    },
    "app_events": {
        "event_id": "BIGINT", "customer_id": "BIGINT", "event_time": "TIMESTAMP",
        "event_type": "VARCHAR", "platform": "VARCHAR", "product_id": "VARCHAR",
    },
    "staff_salaries": {"staff_id": "BIGINT", "salary": "DECIMAL(18,2)"},
}  # fmt: skip
PII = {"customers": frozenset({"name", "id_number", "phone"})}
HIDDEN = {"loans": frozenset({"overdue_days"})}  # in the file, but not on the allow-list
MAX_ROWS = 1000


def mart_policy(*, known_columns: bool = True) -> SqlPolicy:
    """The policy SafeRunner ends up with: known_columns filled from the file."""
    tables = {t: frozenset(cols) for t, cols in MART_COLUMNS.items() if t != "staff_salaries"}
    return SqlPolicy(
        allowed_columns={
            t: cols - PII.get(t, frozenset()) - HIDDEN.get(t, frozenset())
            for t, cols in tables.items()
        },
        pii_columns=PII,
        max_rows=MAX_ROWS,
        known_columns={t: frozenset(c) for t, c in MART_COLUMNS.items()} if known_columns else {},
    )


POLICY = mart_policy()

# The kind of SQL the compiler writes: a CTE per building block, a customer_tags CTE
# joining them, windows, FILTER, CASE, DATE_TRUNC, interval arithmetic, EXTRACT, casts,
# and a hashed key made from the customer id (personal-data columns are read nowhere).
CUSTOMER_TAGS_SQL = """
WITH month_end AS (
    SELECT b.customer_id, b.deposit_balance, b.wealth_balance, b.loan_balance,
           b.deposit_balance + b.wealth_balance AS aum
    FROM balances_monthly AS b
    WHERE b.month = DATE_TRUNC('month', DATE '2025-12-31')
),
deposit_volatility AS (
    SELECT b.customer_id,
           STDDEV_SAMP(b.deposit_balance) / NULLIF(AVG(b.deposit_balance), 0) AS cv,
           COUNT(*) AS months
    FROM balances_monthly AS b
    WHERE b.month > DATE_TRUNC('month', DATE '2025-12-31') - INTERVAL 6 MONTH
    GROUP BY b.customer_id
),
logins AS (
    SELECT e.customer_id, COUNT(DISTINCT CAST(e.event_time AS DATE)) AS login_days_30d
    FROM app_events AS e
    WHERE e.event_type = 'login'
      AND CAST(e.event_time AS DATE) BETWEEN DATE '2025-12-31' - INTERVAL 29 DAY AND DATE '2025-12-31'
    GROUP BY e.customer_id
),
loan_interest AS (
    SELECT e.customer_id,
           COUNT(*) FILTER (WHERE e.event_type IN ('loan_inquiry', 'loan_calculator')) AS loan_inquiry_30d
    FROM app_events AS e
    WHERE CAST(e.event_time AS DATE) >= DATE '2025-12-31' - INTERVAL 29 DAY
    GROUP BY e.customer_id
),
login_periods AS (
    SELECT e.customer_id,
           CASE
               WHEN EXTRACT(HOUR FROM e.event_time) >= 6 AND EXTRACT(HOUR FROM e.event_time) < 11 THEN 'morning'
               WHEN EXTRACT(HOUR FROM e.event_time) >= 11 AND EXTRACT(HOUR FROM e.event_time) < 14 THEN 'midday'
               WHEN EXTRACT(HOUR FROM e.event_time) >= 14 AND EXTRACT(HOUR FROM e.event_time) < 18 THEN 'afternoon'
               WHEN EXTRACT(HOUR FROM e.event_time) >= 18 AND EXTRACT(HOUR FROM e.event_time) < 23 THEN 'evening'
               ELSE 'night'
           END AS period,
           COUNT(*) AS logins
    FROM app_events AS e
    WHERE e.event_type = 'login' AND e.event_time >= DATE '2025-12-31' - INTERVAL 89 DAY
    GROUP BY 1, 2
),
active_period AS (
    SELECT ranked.customer_id, ranked.period
    FROM (
        SELECT lp.customer_id, lp.period,
               ROW_NUMBER() OVER (
                   PARTITION BY lp.customer_id
                   ORDER BY lp.logins DESC,
                            CASE lp.period WHEN 'morning' THEN 1 WHEN 'midday' THEN 2
                                 WHEN 'afternoon' THEN 3 WHEN 'evening' THEN 4 ELSE 5 END
               ) AS rn
        FROM login_periods AS lp
    ) AS ranked
    WHERE ranked.rn = 1
),
customer_tags AS (
    SELECT c.customer_id,
           br.region,
           DATE_DIFF('year', c.birth_date, DATE '2025-12-31')
               - CASE WHEN STRFTIME(c.birth_date, '%m%d') > '1231' THEN 1 ELSE 0 END AS age,
           CASE WHEN COALESCE(m.aum, 0) >= 500000 THEN 'high'
                WHEN COALESCE(m.aum, 0) >= 50000 THEN 'medium'
                ELSE 'low' END AS value_tier,
           CASE WHEN m.deposit_balance > 0 AND m.loan_balance = 0 THEN 'deposit_only'
                WHEN m.loan_balance > 0 AND m.deposit_balance = 0 THEN 'loan_only'
                WHEN m.loan_balance > 0 AND m.deposit_balance > 0 THEN 'both'
                ELSE 'none' END AS holding_structure,
           COALESCE(v.months >= 3 AND v.cv >= 0.30, FALSE) AS high_deposit_volatility,
           COALESCE(l.login_days_30d, 0) AS login_days_30d,
           COALESCE(li.loan_inquiry_30d, 0) AS loan_inquiry_30d,
           ap.period AS active_period
    FROM customers AS c
    JOIN branches AS br ON br.branch_id = c.branch_id
    LEFT JOIN month_end AS m ON m.customer_id = c.customer_id
    LEFT JOIN deposit_volatility AS v ON v.customer_id = c.customer_id
    LEFT JOIN logins AS l ON l.customer_id = c.customer_id
    LEFT JOIN loan_interest AS li ON li.customer_id = c.customer_id
    LEFT JOIN active_period AS ap ON ap.customer_id = c.customer_id
)
SELECT SHA256(CAST(c.customer_id AS VARCHAR)) AS customer_key, t.*
FROM customer_tags AS t
JOIN customers AS c ON c.customer_id = t.customer_id
WHERE c.open_date IS NOT NULL
ORDER BY t.customer_id
"""

LOAN_FUNNEL_SQL = """
WITH applications AS (
    SELECT DATE_TRUNC('month', l.apply_date) AS month, COUNT(*) AS applications,
           SUM(l.amount) AS applied_amount
    FROM loans AS l
    WHERE l.apply_date BETWEEN DATE '2025-10-01' AND DATE '2025-12-31'
    GROUP BY 1
),
disbursements AS (
    SELECT DATE_TRUNC('month', l.disburse_date) AS month, COUNT(*) AS disbursed,
           SUM(l.amount) AS disbursed_amount
    FROM loans AS l
    WHERE l.status IN ('disbursed', 'settled')
      AND l.disburse_date BETWEEN DATE '2025-10-01' AND DATE '2025-12-31'
    GROUP BY 1
),
rejections AS (
    SELECT DATE_TRUNC('month', l.decision_date) AS month,
           COUNT(*) FILTER (WHERE l.status = 'rejected') AS rejected
    FROM loans AS l
    WHERE l.decision_date IS NOT NULL
    GROUP BY 1
)
SELECT CAST(month AS DATE) AS month,
       COALESCE(a.applications, 0) AS applications,
       COALESCE(d.disbursed, 0) AS disbursed,
       COALESCE(d.disbursed_amount, 0) AS disbursed_amount,
       COALESCE(r.rejected, 0) AS rejected,
       ROUND(COALESCE(d.disbursed_amount, 0) / NULLIF(a.applied_amount, 0), 4) AS disbursed_per_applied
FROM applications AS a
FULL OUTER JOIN disbursements AS d USING (month)
FULL OUTER JOIN rejections AS r USING (month)
ORDER BY month
"""

# Reads a column that is in the file but not on the allow-list, through name resolution.
HIDDEN_COLUMN_PROBE = (
    "SELECT (SELECT MAX(overdue_days) FROM loans) AS x FROM (SELECT 1 AS overdue_days) AS s"
)

READ_ONLY = "only read-only SELECT queries are allowed; found "
READS_SYSTEM = "reads files, settings or the system"
PII_REFUSAL = "is personal data (PII)"

# (id, sql, stable fragment of the English refusal, does the engine refuse it too?)
# The last flag drives test_runner: those statements must also fail when sent straight
# to the runner's connection, bypassing the validator.
HOSTILE: list[tuple[str, str, str, bool]] = [
    ("insert", "INSERT INTO customers (customer_id) VALUES (99)", READ_ONLY + "INSERT", True),
    ("update", "UPDATE customers SET name = 'x'", READ_ONLY + "UPDATE", True),
    ("delete", "DELETE FROM customers", READ_ONLY + "DELETE", True),
    ("delete-mixed-case", "DeLeTe FrOm customers", READ_ONLY + "DELETE", True),
    ("drop", "DROP TABLE customers", READ_ONLY + "DROP", True),
    ("create-table-as", "CREATE TABLE copy AS SELECT customer_id FROM customers", READ_ONLY + "CREATE", True),
    ("create-temp-table", "CREATE TEMP TABLE t AS SELECT 1 AS x", READ_ONLY + "CREATE", False),
    ("create-macro", "CREATE MACRO leak() AS 1", READ_ONLY + "CREATE", True),
    ("alter", "ALTER TABLE customers ADD COLUMN x INTEGER", READ_ONLY + "ALTER", True),
    ("truncate", "TRUNCATE customers", READ_ONLY + "TRUNCATE", True),
    ("merge", "MERGE INTO loans USING loans AS s ON loans.loan_id = s.loan_id WHEN MATCHED THEN DELETE", READ_ONLY + "MERGE", True),
    ("copy-to-file", "COPY customers TO '/tmp/wenshu_leak.csv'", READ_ONLY + "COPY", True),
    ("export", "EXPORT DATABASE '/tmp/wenshu_export'", "could not parse the SQL", True),
    ("attach", "ATTACH '/tmp/wenshu_other.db'", READ_ONLY + "ATTACH", True),
    ("detach", "DETACH mart", READ_ONLY + "DETACH", True),
    ("install", "INSTALL httpfs", READ_ONLY + "INSTALL", True),
    ("load", "LOAD httpfs", READ_ONLY + "LOAD", True),
    ("pragma", "PRAGMA enable_profiling", READ_ONLY + "PRAGMA", True),
    ("pragma-read", "PRAGMA database_list", READ_ONLY + "PRAGMA", False),
    ("set", "SET enable_external_access = true", READ_ONLY + "SET", True),
    ("set-variable", "SET VARIABLE secret = 1", READ_ONLY + "SET", False),
    ("reset", "RESET memory_limit", READ_ONLY + "RESET", True),
    ("call", "CALL pragma_version()", READ_ONLY + "CALL", False),
    ("use", "USE other_db", READ_ONLY + "USE", True),
    ("checkpoint", "CHECKPOINT", READ_ONLY + "CHECKPOINT", False),
    ("vacuum", "VACUUM", READ_ONLY + "VACUUM", False),
    ("describe", "DESCRIBE customers", READ_ONLY + "DESCRIBE", False),
    ("pivot-statement", "PIVOT customers ON gender", READ_ONLY + "PIVOT", False),
    ("stacked", "SELECT 1; DROP TABLE customers", "exactly one SQL statement is allowed; found 2", True),
    ("stacked-after-comment", "SELECT 1 -- x\n; DELETE FROM loans", "exactly one SQL statement is allowed; found 2", True),
    ("data-modifying-cte", "WITH d AS (DELETE FROM customers RETURNING *) SELECT * FROM d", READ_ONLY + "DELETE", True),
    ("empty", "   ", "exactly one SQL statement is allowed; found 0", True),
    ("garbage", "SELECT FROM WHERE (", "could not parse the SQL", True),
    ("parser-crash", "SELECT { { : } lambda", "could not parse the SQL", True),
    ("read-csv", "SELECT * FROM read_csv('/etc/passwd')", "table function read_csv is not allowed", True),
    ("read-json", "SELECT * FROM read_json_auto('/etc/hosts')", "table function read_json_auto is not allowed", True),
    ("parquet-scan", "SELECT * FROM parquet_scan('/tmp/x.parquet')", "table function parquet_scan is not allowed", True),
    ("sniff-csv", "SELECT * FROM sniff_csv('/etc/passwd')", "table function sniff_csv is not allowed", True),
    ("file-as-table", "SELECT * FROM '/etc/passwd'", "reading a file or URL as a table is not allowed", True),
    ("url-as-table", "SELECT * FROM 'https://example.com/x.parquet'", "reading a file or URL as a table is not allowed", True),
    ("read-text-scalar", "SELECT read_text('/etc/passwd')", "function read_text " + READS_SYSTEM, True),
    ("read-blob-lateral", "SELECT x.content FROM loans, LATERAL read_blob('/etc/passwd') AS x", "read_blob", True),
    ("getenv", "SELECT getenv('HOME')", "function getenv " + READS_SYSTEM, True),
    ("current-setting", "SELECT current_setting('memory_limit')", "function current_setting " + READS_SYSTEM, False),
    ("duckdb-settings", "SELECT * FROM duckdb_settings()", "table function duckdb_settings is not allowed", False),
    ("duckdb-tables-scalar", "SELECT (SELECT count(*) FROM duckdb_tables())", "table function duckdb_tables is not allowed", False),
    ("pragma-function", "SELECT * FROM pragma_table_info('customers')", "table function pragma_table_info is not allowed", False),
    ("glob", "SELECT * FROM glob('*')", "table function glob is not allowed", True),
    ("query-table", "SELECT * FROM query_table('staff_salaries')", "table function query_table is not allowed", False),
    ("query", "SELECT * FROM query('SELECT * FROM staff_salaries')", "table function query is not allowed", False),
    ("range", "SELECT * FROM range(10)", "table function generate_series is not allowed", False),
    ("unknown-function", "SELECT to_json(gender) FROM customers", "function to_json is not on the allow-list", False),
    ("table-not-allowed", "SELECT staff_id, salary FROM staff_salaries", "table staff_salaries is not on the allow-list of tables", False),
    ("table-in-subquery", "SELECT customer_id FROM customers WHERE customer_id IN (SELECT staff_id FROM staff_salaries)", "table staff_salaries is not on the allow-list", False),
    ("main-qualified-forbidden", "SELECT salary FROM main.staff_salaries", "table staff_salaries is not on the allow-list", False),
    ("other-database", "SELECT customer_id FROM other_db.customers", "belongs to another database", True),
    ("other-catalog", "SELECT customer_id FROM other_db.main.customers", "belongs to another database", True),
    ("cte-self-reference", "WITH staff_salaries AS (SELECT * FROM staff_salaries) SELECT salary FROM staff_salaries", "table staff_salaries is not on the allow-list", False),
    ("column-not-allowed", "SELECT loan_id, overdue_days FROM loans", "column loans.overdue_days is not on the allow-list of columns", False),
    ("column-not-allowed-qualified", "SELECT l.overdue_days FROM loans AS l", "column loans.overdue_days is not on the allow-list of columns", False),
    ("column-unknown", "SELECT gendr FROM customers", "could not resolve column gendr", True),
    ("pii-raw", "SELECT id_number FROM customers", "column customers.id_number " + PII_REFUSAL, False),
    ("pii-aliased", "SELECT phone AS p FROM customers", "column customers.phone " + PII_REFUSAL, False),
    ("pii-in-expression", "SELECT upper(name) FROM customers", "column customers.name " + PII_REFUSAL, False),
    ("pii-in-aggregate", "SELECT max(phone) FROM customers", "column customers.phone " + PII_REFUSAL, False),
    ("pii-in-case", "SELECT CASE WHEN phone LIKE '138%' THEN name END FROM customers", PII_REFUSAL, False),
    ("pii-in-cte", "WITH x AS (SELECT customer_id, phone FROM customers) SELECT count(*) FROM x", PII_REFUSAL, False),
    ("pii-correlated", "SELECT l.loan_id, (SELECT c.name FROM customers AS c WHERE c.customer_id = l.customer_id) FROM loans AS l", PII_REFUSAL, False),
    ("pii-lateral", "SELECT x.p FROM customers AS c, LATERAL (SELECT c.phone AS p) AS x", PII_REFUSAL, False),
    ("pii-using-projection", "SELECT phone FROM customers JOIN loans USING (customer_id)", PII_REFUSAL, False),
    ("pii-shadowed-by-alias", "SELECT sha256(phone) AS phone, phone FROM customers", PII_REFUSAL, False),
    ("pii-order-by", "SELECT customer_id FROM customers ORDER BY id_number", PII_REFUSAL, False),
    ("pii-window", "SELECT count(*) OVER (PARTITION BY phone) FROM customers", PII_REFUSAL, False),
    # read nowhere: a hash, a filter, a join condition or a count reveals it too
    ("pii-hashed", "SELECT sha256(id_number) FROM customers", PII_REFUSAL, False),
    ("pii-filter-group-count", "SELECT count(*) AS n FROM customers WHERE name LIKE '张%' GROUP BY id_number", PII_REFUSAL, False),
    ("pii-in-join-condition", "SELECT l.loan_id FROM loans AS l JOIN customers AS c ON c.customer_id = l.customer_id AND c.phone LIKE '139%'", PII_REFUSAL, False),
    ("pii-in-count-filter", "SELECT COUNT(*) FILTER (WHERE phone LIKE '139%') AS n FROM customers", PII_REFUSAL, False),
    ("pii-in-cast", "SELECT count(*) FROM customers WHERE CAST(phone AS BIGINT) > 0", PII_REFUSAL, False),
    ("pii-in-having", "SELECT gender FROM customers GROUP BY gender HAVING max(phone) > '1'", PII_REFUSAL, False),
    ("star-pii", "SELECT * FROM customers", "SELECT * over table customers would show personal data (PII)", False),
    ("star-qualified", "SELECT c.* FROM customers AS c", "SELECT * over table customers would show personal data", False),
    ("star-exclude", "SELECT * EXCLUDE (name) FROM customers", "SELECT * over table customers", False),
    ("star-from-first", "FROM customers", "SELECT * over table customers", False),
    ("star-non-pii", "SELECT * FROM loans", "SELECT * over table loans may show columns outside the allow-list", False),
    ("star-inside-cte", "WITH x AS (SELECT * FROM customers) SELECT customer_id FROM x", "SELECT * over table customers", False),
    ("star-in-scalar-subquery", "SELECT (SELECT * FROM customers LIMIT 1) AS x", "SELECT * over table customers", False),
    ("table-column-aliases", "SELECT c.gender FROM customers AS c(customer_id, gender)", "renaming the columns of table customers by position", False),
    ("columns-expression", "SELECT COLUMNS('.*') FROM customers", "function columns is not on the allow-list", False),
    ("whole-row", "SELECT c FROM customers AS c", "names a whole row", False),
    ("whole-row-by-name", "SELECT customers FROM customers", "names a whole row", False),
    ("whole-row-subscript", "SELECT c['phone'] FROM customers AS c", "names a whole row", False),
    ("dotted-method", "SELECT phone.coalesce('') FROM customers", "construct dot", False),
    ("positional-column", "SELECT #3 FROM customers", "construct positionalcolumn", False),
    ("positional-column-in-function", "SELECT upper(#2) AS x FROM customers", "construct positionalcolumn", False),
    ("lambda", "SELECT list_filter([1, 2], lambda x: x > 1) AS x", "is not on the allow-list", False),
    ("placeholder", "SELECT gender FROM customers WHERE customer_id = ?", "construct placeholder", True),
    ("limit-percent", "SELECT customer_id FROM customers LIMIT 10 PERCENT", "LIMIT must be a whole number", False),
    ("limit-subquery", "SELECT customer_id FROM customers LIMIT (SELECT 5)", "LIMIT must be a whole number", False),
]  # fmt: skip

ACCEPTED: list[tuple[str, str, str]] = [
    ("comment-with-semicolon", "SELECT 1 /* ; DROP TABLE x */", f"SELECT 1 LIMIT {MAX_ROWS}"),
    ("line-comment-closing-block", "SELECT 1 -- */ ; DROP TABLE x", f"SELECT 1 LIMIT {MAX_ROWS}"),
    ("main-qualified", "SELECT loan_id FROM main.loans", f"SELECT loan_id FROM main.loans LIMIT {MAX_ROWS}"),
    ("cte-shadows-table", "WITH customers AS (SELECT 1 AS phone) SELECT phone FROM customers", f"WITH customers AS (SELECT 1 AS phone) SELECT phone FROM customers LIMIT {MAX_ROWS}"),
    ("star-over-cte", "WITH x AS (SELECT gender FROM customers) SELECT * FROM x", f"WITH x AS (SELECT gender FROM customers) SELECT * FROM x LIMIT {MAX_ROWS}"),
    ("exists", "SELECT c.gender FROM customers AS c WHERE EXISTS (SELECT 1 FROM loans AS l WHERE l.customer_id = c.customer_id)", f"SELECT c.gender FROM customers AS c WHERE EXISTS(SELECT 1 FROM loans AS l WHERE l.customer_id = c.customer_id) LIMIT {MAX_ROWS}"),
    ("cte-column-aliases", "WITH x(id, g) AS (SELECT customer_id, gender FROM customers) SELECT t.g FROM x AS t(i, g)", f"WITH x(id, g) AS (SELECT customer_id, gender FROM customers) SELECT t.g FROM x AS t(i, g) LIMIT {MAX_ROWS}"),
    ("count-star", "SELECT gender, COUNT(*) AS n FROM customers GROUP BY gender ORDER BY n DESC", f"SELECT gender, COUNT(*) AS n FROM customers GROUP BY gender ORDER BY n DESC LIMIT {MAX_ROWS}"),
    ("limit-kept", "SELECT loan_id FROM loans LIMIT 5", "SELECT loan_id FROM loans LIMIT 5"),
    ("limit-lowered", "SELECT loan_id FROM loans LIMIT 50000", f"SELECT loan_id FROM loans LIMIT {MAX_ROWS}"),
    ("limit-offset", "SELECT loan_id FROM loans LIMIT 50000 OFFSET 10", f"SELECT loan_id FROM loans LIMIT {MAX_ROWS} OFFSET 10"),
    ("fetch-first", "SELECT loan_id FROM loans FETCH FIRST 3 ROWS ONLY", "SELECT loan_id FROM loans LIMIT 3"),
    ("union", "SELECT customer_id FROM loans UNION SELECT customer_id FROM balances_monthly", f"SELECT customer_id FROM loans UNION SELECT customer_id FROM balances_monthly LIMIT {MAX_ROWS}"),
    ("union-limit-lowered", "SELECT 1 AS x UNION ALL SELECT 2 LIMIT 99999", f"SELECT 1 AS x UNION ALL SELECT 2 LIMIT {MAX_ROWS}"),
    ("recursive-cte", "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < 3) SELECT n FROM r", f"WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < 3) SELECT n FROM r LIMIT {MAX_ROWS}"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("sql", "fragment"), [pytest.param(sql, frag, id=i) for i, sql, frag, _ in HOSTILE]
)
def test_hostile_sql_is_refused_by_the_rule_that_catches_it(sql: str, fragment: str) -> None:
    with pytest.raises(UnsafeSQLError) as refused:
        validate_sql(sql, POLICY)
    assert fragment in refused.value.en
    assert refused.value.zh and refused.value.zh != refused.value.en


@pytest.mark.parametrize(
    ("sql", "expected"), [pytest.param(sql, out, id=i) for i, sql, out in ACCEPTED]
)
def test_safe_sql_is_accepted_as_written_with_a_row_cap(sql: str, expected: str) -> None:
    assert validate_sql(sql, POLICY).sql(dialect="duckdb") == expected


@pytest.mark.parametrize("sql", [CUSTOMER_TAGS_SQL, LOAN_FUNNEL_SQL], ids=["tags", "funnel"])
def test_realistic_analytic_queries_pass_unchanged_but_for_the_limit(sql: str) -> None:
    checked = validate_sql(sql, POLICY)

    expected = parse_one(sql, read="duckdb")
    assert isinstance(expected, exp.Select)
    assert checked.sql(dialect="duckdb") == expected.limit(MAX_ROWS).sql(dialect="duckdb")


def test_a_tree_is_checked_like_text_and_not_modified() -> None:
    tree = parse_one("SELECT loan_id FROM loans", read="duckdb")

    checked = validate_sql(tree, POLICY)

    assert checked.sql() == f"SELECT loan_id FROM loans LIMIT {MAX_ROWS}"
    assert tree.args.get("limit") is None


def test_a_tree_hiding_raw_sql_in_a_var_is_checked_as_rendered() -> None:
    tree = exp.select(exp.Var(this="1; DROP TABLE customers"))

    with pytest.raises(UnsafeSQLError, match="exactly one SQL statement"):
        validate_sql(tree, POLICY)


def test_refusals_suggest_close_names() -> None:
    with pytest.raises(UnsafeSQLError) as refused:
        validate_sql("SELECT gender FROM custmers", POLICY)

    assert refused.value.suggestions == ["customers"]
    assert "Did you mean: customers?" in refused.value.message("en")


def test_known_columns_make_resolution_match_the_engine() -> None:
    # DuckDB binds overdue_days to loans (the inner scope) first. Knowing only the
    # allowed columns, sqlglot binds it to the outer derived table instead, so without
    # known_columns the hidden column would slip through (SafeRunner always fills them).
    sql = HIDDEN_COLUMN_PROBE

    assert validate_sql(sql, mart_policy(known_columns=False))
    with pytest.raises(UnsafeSQLError, match="loans.overdue_days is not on the allow-list"):
        validate_sql(sql, POLICY)


def test_policy_names_are_case_insensitive() -> None:
    policy = SqlPolicy(allowed_columns={"Loans": frozenset({"Loan_ID"})}, max_rows=10)

    assert (
        validate_sql("select LOAN_id from LOANS", policy).sql()
        == "SELECT LOAN_id FROM LOANS LIMIT 10"
    )


def test_a_rule_that_breaks_refuses_instead_of_passing(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken_rule(check: object) -> None:
        raise RuntimeError("bug")

    monkeypatch.setattr(guard, "RULES", (*guard.RULES[:1], broken_rule))

    with pytest.raises(
        UnsafeSQLError, match=r"safety check \(broken_rule\) could not be completed"
    ):
        validate_sql("SELECT loan_id FROM loans", POLICY)



def test_a_masked_policy_allows_only_hashes_of_personal_data() -> None:
    from dataclasses import replace

    masked = replace(POLICY, pii_masked=True)
    assert "SHA256(id_number)" in validate_sql("SELECT sha256(id_number) FROM customers", masked).sql(dialect="duckdb")
    with pytest.raises(UnsafeSQLError):
        validate_sql("SELECT count(*) FROM customers WHERE phone LIKE '139%'", masked)
