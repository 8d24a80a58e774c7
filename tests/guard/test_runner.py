"""SafeRunner on a real (tiny) DuckDB file: results, engine-level locks, timeouts, errors."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal
from pathlib import Path
from typing import Any

import duckdb
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlglot import exp

# Shared test data; pytest puts this directory on sys.path (rootdir-relative imports).
from test_guard import (
    CUSTOMER_TAGS_SQL,
    HIDDEN_COLUMN_PROBE,
    HOSTILE,
    LOAN_FUNNEL_SQL,
    MART_COLUMNS,
    MAX_ROWS,
    mart_policy,
)

from semantic_layer.errors import InternalError, QueryError, QueryTimeoutError, UnsafeSQLError
from semantic_layer.guard import SqlPolicy
from semantic_layer.runner import QueryResult, SafeRunner, to_plain

D = dt.date  # short for the row tables below

MART_ROWS: dict[str, list[tuple[Any, ...]]] = {
    "branches": [
        ("B001", "上海浦东支行", "上海", "上海", "华东"),
        ("B002", "北京朝阳支行", "北京", "北京", "华北"),
        ("B003", "成都高新支行", "成都", "四川", "西南"),
    ],
    "customers": [
        (1, "张伟", "male", D(1985, 3, 12), "110101198503121234", "13800000001", "B001", "employee", Decimal("120000.00"), D(2019, 5, 10), True),
        (2, "李娜", "female", D(1992, 7, 1), "310101199207011236", "13900000002", "B002", "civil_servant", Decimal("80000.00"), D(2021, 2, 1), False),
        (3, "王芳", "female", D(2001, 11, 20), "440301200111201248", "13700000003", "B001", "student", Decimal("20000.00"), D(2025, 11, 15), False),
        (4, "刘洋", "male", D(1968, 1, 30), "510104196801301232", "13600000004", "B003", "business_owner", Decimal("450000.00"), D(2015, 8, 20), True),
    ],
    "loans": [
        (101, 1, "L01", D(2025, 10, 3), "app", D(2025, 10, 5), D(2025, 10, 8), "disbursed", Decimal("200000.00"), 36, Decimal("0.0385"), 0),
        (102, 2, "L01", D(2025, 11, 12), "wechat", D(2025, 11, 13), None, "rejected", Decimal("50000.00"), 12, Decimal("0.0420"), 0),
        (103, 4, "L02", D(2025, 11, 20), "counter", D(2025, 11, 25), D(2025, 12, 2), "disbursed", Decimal("1000000.00"), 60, Decimal("0.0360"), 15),
        (104, 3, "L01", D(2025, 12, 15), "app", None, None, "pending", Decimal("30000.00"), 12, Decimal("0.0450"), 0),
        (105, 1, "L01", D(2025, 12, 20), "app", D(2025, 12, 21), D(2025, 12, 22), "disbursed", Decimal("80000.00"), 24, Decimal("0.0400"), 0),
    ],
    "balances_monthly": [
        (D(2025, m, 1), customer, Decimal(deposit), Decimal(deposit), Decimal(wealth), Decimal(loan))
        for customer, series in {
            1: [(300000, 250000, 0), (320000, 250000, 0), (310000, 250000, 0),
                (305000, 250000, 200000), (315000, 250000, 195000), (330000, 250000, 270000)],
            2: [(10000, 0, 0), (50000, 0, 0), (5000, 0, 0), (60000, 0, 0), (8000, 0, 0), (40000, 0, 0)],
            4: [(0, 0, 0)] * 5 + [(0, 0, 1000000)],
        }.items()
        for m, (deposit, wealth, loan) in zip(range(7, 13), series, strict=True)
    ] + [
        (D(2025, 11, 1), 3, Decimal(2000), Decimal(2000), Decimal(0), Decimal(0)),
        (D(2025, 12, 1), 3, Decimal(1500), Decimal(1500), Decimal(0), Decimal(0)),
    ],
    "app_events": [
        (1, 1, dt.datetime(2025, 12, 1, 8, 0), "login", "app", None),
        (2, 1, dt.datetime(2025, 12, 2, 9, 30), "login", "app", None),
        (3, 1, dt.datetime(2025, 12, 2, 20, 0), "login", "app", None),
        (4, 1, dt.datetime(2025, 12, 10, 12, 0), "login", "wechat_mini", None),
        (5, 2, dt.datetime(2025, 12, 31, 22, 0), "login", "app", None),
        (6, 3, dt.datetime(2025, 12, 20, 10, 0), "loan_inquiry", "app", "L01"),
        (7, 3, dt.datetime(2025, 12, 21, 10, 0), "loan_calculator", "app", "L01"),
        (8, 3, dt.datetime(2025, 12, 22, 10, 0), "loan_inquiry", "app", "L01"),
        (9, 4, dt.datetime(2025, 9, 1, 9, 0), "login", "online_banking", None),
    ],
    "staff_salaries": [(1, Decimal("99999.00"))],
}  # fmt: skip


def build_mart(path: Path) -> Path:
    """Write the tiny mart to ``path`` with a plain (writable) connection, then close it."""
    with duckdb.connect(str(path)) as con:
        for table, columns in MART_COLUMNS.items():
            ddl = exp.Schema(
                this=exp.to_table(table),
                expressions=[
                    exp.ColumnDef(this=exp.to_identifier(c), kind=exp.DataType.build(t))
                    for c, t in columns.items()
                ],
            )
            con.execute(exp.Create(this=ddl, kind="TABLE").sql(dialect="duckdb"))
            row = exp.Tuple(expressions=[exp.Placeholder() for _ in columns])
            insert = exp.insert(exp.Values(expressions=[row]), table)
            con.executemany(insert.sql(dialect="duckdb"), MART_ROWS[table])
    return path


def sha256_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def mart(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Built once: every runner opens it read-only, and one test proves it stays unchanged."""
    return build_mart(tmp_path_factory.mktemp("mart") / "mart.duckdb")


@pytest.fixture
def runner(mart: Path) -> Iterator[SafeRunner]:
    with SafeRunner(mart, mart_policy(known_columns=False), timeout_s=10) as r:
        yield r


def test_runner_returns_plain_values_with_types(runner: SafeRunner) -> None:
    result = runner.run(
        "SELECT gender, COUNT(*) AS customers, SUM(annual_income) AS income, MIN(open_date) AS first_open "
        "FROM customers GROUP BY gender ORDER BY gender"
    )

    assert result.columns == ["gender", "customers", "income", "first_open"]
    assert result.types == ["VARCHAR", "BIGINT", "DECIMAL(38,2)", "DATE"]
    assert result.rows == [
        ("female", 2, 100000.0, D(2021, 2, 1)),
        ("male", 2, 570000.0, D(2015, 8, 20)),
    ]
    assert result.sql.endswith(f"LIMIT {MAX_ROWS}")
    assert result.elapsed_ms > 0


def test_customer_tags_query_gives_hand_computed_tags(runner: SafeRunner) -> None:
    result = runner.run(CUSTOMER_TAGS_SQL)

    assert result.columns == [
        "customer_key", "customer_id", "region", "age", "value_tier", "holding_structure",
        "high_deposit_volatility", "login_days_30d", "loan_inquiry_30d", "active_period",
    ]  # fmt: skip
    keys = [hashlib.sha256(str(row[0]).encode()).hexdigest() for row in MART_ROWS["customers"]]
    assert result.rows == [
        (keys[0], 1, "华东", 40, "high", "both", False, 2, 0, "morning"),
        (keys[1], 2, "华北", 33, "low", "deposit_only", True, 1, 0, "evening"),
        (keys[2], 3, "华东", 24, "low", "deposit_only", False, 0, 3, None),
        (keys[3], 4, "西南", 57, "low", "loan_only", False, 0, 0, None),
    ]


def test_loan_funnel_full_outer_join_using(runner: SafeRunner) -> None:
    result = runner.run(LOAN_FUNNEL_SQL)

    assert result.rows == [
        (D(2025, 10, 1), 1, 1, 200000.0, 0, 1.0),
        (D(2025, 11, 1), 2, 0, 0.0, 1, 0.0),
        (D(2025, 12, 1), 2, 2, 1080000.0, 0, 9.8182),
    ]


def test_runner_fills_known_columns_from_the_file(runner: SafeRunner) -> None:
    raw = runner._connection.cursor().execute(HIDDEN_COLUMN_PROBE).fetchall()
    assert raw == [(15,)]  # the engine reads the hidden loans.overdue_days

    assert runner.policy.known_columns["loans"] == frozenset(MART_COLUMNS["loans"])
    with pytest.raises(UnsafeSQLError, match="loans.overdue_days is not on the allow-list"):
        runner.run(HIDDEN_COLUMN_PROBE)


def test_limit_caps_rows_on_the_engine(mart: Path) -> None:
    policy = SqlPolicy(allowed_columns={"loans": frozenset({"loan_id"})}, max_rows=2)
    with SafeRunner(mart, policy) as capped:
        result = capped.run("SELECT loan_id FROM loans ORDER BY loan_id LIMIT 50")

    assert result.rows == [(101,), (102,)]
    assert result.sql == "SELECT loan_id FROM loans ORDER BY loan_id LIMIT 2"


@pytest.mark.parametrize(("sql", "fragment"), [pytest.param(s, f, id=i) for i, s, f, _ in HOSTILE])
def test_runner_refuses_hostile_sql_before_the_engine(
    runner: SafeRunner, sql: str, fragment: str
) -> None:
    with pytest.raises(UnsafeSQLError) as refused:
        runner.run(sql)
    assert fragment in refused.value.en


ENGINE_BLOCKED = [
    pytest.param(sql, id=i) for i, sql, _, blocked in HOSTILE if blocked and sql.strip()
]


@pytest.mark.parametrize("sql", ENGINE_BLOCKED)
def test_engine_alone_refuses_writes_files_and_settings(runner: SafeRunner, sql: str) -> None:
    cursor = runner._connection.cursor()  # straight to DuckDB, no validator
    with pytest.raises(duckdb.Error):
        cursor.execute(sql).fetchall()


def test_database_file_is_unchanged_after_every_hostile_statement(mart: Path) -> None:
    before = sha256_of(mart)
    with SafeRunner(mart, mart_policy()) as r:
        for _, sql, _, _ in HOSTILE:
            with pytest.raises(UnsafeSQLError):
                r.run(sql)
            cursor = r._connection.cursor()
            try:
                cursor.execute(sql)
                cursor.fetchall()
            except duckdb.Error:
                pass

    assert sha256_of(mart) == before
    assert sorted(p.name for p in mart.parent.iterdir()) == ["mart.duckdb"]
    assert not Path("/tmp/wenshu_leak.csv").exists()
    assert not Path("/tmp/wenshu_export").exists()


@pytest.mark.parametrize(
    "sql",
    ["SET enable_external_access = true", "SET memory_limit = '8GB'", "RESET threads",
     "PRAGMA threads = 8", "SET lock_configuration = false"],
)  # fmt: skip
def test_configuration_is_locked(runner: SafeRunner, sql: str) -> None:
    cursor = runner._connection.cursor()
    with pytest.raises(duckdb.InvalidInputException, match="configuration has been locked"):
        cursor.execute(sql)


def test_settings_are_applied(mart: Path) -> None:
    with SafeRunner(mart, mart_policy(), memory_limit="512MiB", threads=1) as r:
        settings = r._connection.execute(
            "SELECT current_setting('memory_limit'), current_setting('threads'), "
            "current_setting('enable_external_access'), current_setting('lock_configuration'), "
            "current_setting('autoload_known_extensions'), "
            "current_setting('autoinstall_known_extensions'), "
            "current_setting('allow_community_extensions')"
        ).fetchone()

    assert settings == ("512.0 MiB", 1, False, True, False, False, False)


def test_slow_query_is_interrupted(mart: Path) -> None:
    with SafeRunner(mart, mart_policy(), timeout_s=0.5) as r:
        # hours of work if nothing stops it: the timeout error is the proof it was interrupted
        with pytest.raises(QueryTimeoutError) as stopped:
            r._execute_unchecked(
                "SELECT count(*) FROM range(100000000) AS a CROSS JOIN range(100000) AS b "
                "WHERE (a.range + b.range) % 7 = 3"
            )

        assert "0.5 s" in stopped.value.en and "0.5 秒" in stopped.value.zh
        assert r.run("SELECT count(*) AS n FROM loans").rows == [(5,)]  # still usable


def test_slow_validated_query_is_interrupted(tmp_path: Path) -> None:
    path = tmp_path / "big.duckdb"
    with duckdb.connect(str(path)) as con:
        con.execute("CREATE TABLE big AS SELECT range AS x FROM range(200000)")
    policy = SqlPolicy(allowed_columns={"big": frozenset({"x"})})

    with SafeRunner(path, policy, timeout_s=0.5) as r, pytest.raises(QueryTimeoutError):
        r.run("SELECT SUM(a.x * b.x) AS s FROM big AS a CROSS JOIN big AS b")


def test_engine_errors_become_fixed_bilingual_query_errors(runner: SafeRunner, mart: Path, caplog: pytest.LogCaptureFixture) -> None:
    """The engine's text can quote a value from the data ('Could not convert string "female"'):
    the user gets a fixed message, the log gets the detail."""
    caplog.set_level("INFO", logger="semantic_layer.runner")
    with pytest.raises(QueryError) as failed:
        runner.run("SELECT CAST(gender AS INTEGER) AS g FROM customers")

    assert failed.value.en == "the database could not run this query. Check the fields and filters, or rephrase the question."
    assert failed.value.zh.startswith("数据库无法执行这条查询")
    assert failed.value.__cause__ is None
    assert "male" not in failed.value.bilingual() and str(mart) not in failed.value.bilingual()
    assert "Conversion Error" in caplog.text


def test_engine_error_messages_hide_file_paths(runner: SafeRunner, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level("INFO", logger="semantic_layer.runner")
    with pytest.raises(QueryError) as failed:
        runner._execute_unchecked("SELECT * FROM read_csv('/etc/passwd')")

    assert "/etc/passwd" not in failed.value.bilingual()
    assert "/etc/passwd" not in caplog.text and "<path>" in caplog.text


def test_unchecked_execution_still_requires_one_select(runner: SafeRunner) -> None:
    with pytest.raises(UnsafeSQLError, match="exactly one read-only SELECT"):
        runner._execute_unchecked("SELECT 1; SELECT 2")
    with pytest.raises(UnsafeSQLError, match="exactly one read-only SELECT"):
        runner._execute_unchecked("CALL pragma_version()")


# run_frame: the same guard and engine walls as run, the rows fetched column by column.


def test_frame_holds_the_rows_of_run(runner: SafeRunner) -> None:
    sql = "SELECT customer_id, gender, annual_income, is_payroll FROM customers ORDER BY customer_id"
    frame = runner.run_frame(sql)

    assert list(frame.columns) == ["customer_id", "gender", "annual_income", "is_payroll"]
    assert [tuple(r) for r in frame.itertuples(index=False)] == runner.run(sql).rows
    assert str(frame["annual_income"].dtype) == "float64"  # DECIMAL, as run's to_plain


def test_frame_is_capped_by_the_policy(mart: Path) -> None:
    policy = SqlPolicy(allowed_columns={"loans": frozenset({"loan_id"})}, max_rows=2)
    with SafeRunner(mart, policy) as capped:
        frame = capped.run_frame("SELECT loan_id FROM loans ORDER BY loan_id LIMIT 50")

    assert frame["loan_id"].tolist() == [101, 102]


@pytest.mark.parametrize(("sql", "fragment"), [pytest.param(s, f, id=i) for i, s, f, _ in HOSTILE])
def test_frame_refuses_hostile_sql_before_the_engine(
    runner: SafeRunner, sql: str, fragment: str
) -> None:
    with pytest.raises(UnsafeSQLError) as refused:
        runner.run_frame(sql)
    assert fragment in refused.value.en


def test_slow_frame_is_interrupted(tmp_path: Path) -> None:
    path = tmp_path / "big.duckdb"
    with duckdb.connect(str(path)) as con:
        con.execute("CREATE TABLE big AS SELECT range AS x FROM range(200000)")
    policy = SqlPolicy(allowed_columns={"big": frozenset({"x"})})

    with SafeRunner(path, policy, timeout_s=0.5) as r, pytest.raises(QueryTimeoutError):
        r.run_frame("SELECT SUM(a.x * b.x) AS s FROM big AS a CROSS JOIN big AS b")


def test_runner_is_thread_safe(runner: SafeRunner) -> None:
    sql = "SELECT l.status, COUNT(*) AS n FROM loans AS l GROUP BY l.status ORDER BY l.status"
    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(lambda _: runner.run(sql).rows, range(32)))

    assert all(rows == [("disbursed", 3), ("pending", 1), ("rejected", 1)] for rows in results)


def test_closed_runner_refuses_to_run(mart: Path) -> None:
    r = SafeRunner(mart, mart_policy())
    r.close()

    with pytest.raises(InternalError):
        r.run("SELECT loan_id FROM loans")


def test_decimal_becomes_float_inside_lists_and_structs() -> None:
    value = {"a": [Decimal("1.50"), None], "b": (Decimal("2"), D(2025, 1, 1))}

    assert to_plain(value) == {"a": [1.5, None], "b": (2.0, D(2025, 1, 1))}


def test_query_result_is_frozen() -> None:
    result = QueryResult(
        columns=["x"], types=["INTEGER"], rows=[(1,)], elapsed_ms=1.0, sql="SELECT 1"
    )

    with pytest.raises(AttributeError):
        result.sql = "SELECT 2"  # type: ignore[misc]


# Property: whatever mix of PII columns, functions, subqueries, stars and wrappers the
# validator lets through, no raw name, ID number or phone comes back from the engine.
PII_VALUES = {str(row[i]) for row in MART_ROWS["customers"] for i in (1, 4, 5)}
LEAVES = st.sampled_from(
    ["c.gender", "c.phone", "c.name", "c.id_number", "c.customer_id", "l.amount", "phone",
     "name", "'x'", "1", "c.*", "*", "c"]
)  # fmt: skip
WRAPPERS = [
    "sha256({})", "md5({})", "upper({})", "count({})", "count(DISTINCT {})", "max({})",
    "string_agg({}, ',')", "substr({}, 1, 3)", "CAST({} AS VARCHAR)", "[{}][1]", "{{'k': {}}}",
    "(SELECT {} FROM customers AS c2 LIMIT 1)", "(SELECT {} LIMIT 1)",
    "first_value({}) OVER (PARTITION BY c.gender)", "CASE WHEN c.gender = 'male' THEN {} END",
]  # fmt: skip
EXPRESSIONS = st.recursive(
    LEAVES,
    lambda inner: st.one_of(
        st.builds(str.format, st.sampled_from(WRAPPERS), inner),
        st.builds("coalesce({}, {})".format, inner, inner),
    ),
    max_leaves=4,
)
SOURCES = st.sampled_from(
    ["customers AS c LEFT JOIN loans AS l ON l.customer_id = c.customer_id",
     "customers AS c, LATERAL (SELECT c.phone AS phone) AS t",
     "customers AS c JOIN customers AS c3 USING (customer_id)"]
)  # fmt: skip
CLAUSES = st.sampled_from(
    ["", "WHERE c.phone LIKE '13%'", "GROUP BY c.phone", "GROUP BY ALL", "ORDER BY c.name"]
)
QUERY_SHAPES = st.sampled_from(
    ["{}", "WITH t AS ({}) SELECT t.a, t.b FROM t", "SELECT * FROM ({}) AS s"]
)


@st.composite
def probing_queries(draw: st.DrawFn) -> str:
    core = f"SELECT {draw(EXPRESSIONS)} AS a, {draw(EXPRESSIONS)} AS b FROM {draw(SOURCES)} {draw(CLAUSES)}"
    return draw(QUERY_SHAPES).format(core)


@pytest.fixture(scope="module")
def shared_runner(mart: Path) -> Iterator[SafeRunner]:
    with SafeRunner(mart, mart_policy(known_columns=False)) as r:
        yield r


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(sql=probing_queries())
def test_no_raw_pii_ever_comes_back(shared_runner: SafeRunner, sql: str) -> None:
    try:
        rows = shared_runner.run(sql).rows
    except (UnsafeSQLError, QueryError):
        return
    cells = [str(cell) for row in rows for cell in row]
    assert not [cell for cell in cells if any(secret in cell for secret in PII_VALUES)]
