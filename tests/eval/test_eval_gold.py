"""The evaluation set itself: well-formed lines, balanced, covering the glossary, and gold
answers that run on the small demo mart.

``questions.jsonl`` holds one question per line with one gold form: ``gold_sql`` (hand-written
DuckDB SQL, straight from the spec), ``gold_query`` (a ``SemanticQuery``) or ``expect_status``
(``clarify`` / ``refused``). Lines sharing a ``session`` are one conversation, in file order.
"""

from __future__ import annotations

import json
import re
import shutil
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb
import pytest
import sqlglot
from sqlglot import exp

from semantic_layer.guard import SqlPolicy, validate_sql
from semantic_layer.load import load_model
from semantic_layer.query import SemanticQuery

QUESTIONS = Path(__file__).with_name("questions.jsonl")

CATEGORIES = frozenset({
    "customer", "balance", "flow", "conversion", "campaign", "tag_filter", "time", "ranking",
    "share", "multi_metric", "followup", "clarify", "refusal",
})  # fmt: skip
GOLD_FORMS = ("gold_sql", "gold_query", "expect_status")
STATUSES = frozenset({"clarify", "refused"})
KEYS = frozenset({"id", "lang", "category", "question", "session", "ordered", *GOLD_FORMS})
MIN_LINES = 220
MIN_GOLD_SQL = 80
MIN_SESSIONS = 15  # conversations with follow-ups (not counting clarification ones)
MIN_CLARIFY_SESSIONS = 3
MAX_WEAK_SHARE = 0.05  # gold SQL answers that are empty or all NULL on the demo data

# Spec section 4: every glossary metric.
METRICS = (
    "customer_count", "deposit_balance", "deposit_avg_daily", "loan_balance", "wealth_balance",
    "aum", "avg_aum_per_customer", "new_deposit_accounts", "loan_applications",
    "loan_approval_rate", "loan_disbursements", "loan_disbursement_amount", "overdue_rate",
    "deposit_to_loan_conversion_rate", "loan_to_deposit_conversion_rate",
    "wealth_repurchase_rate", "dormant_wakeup_rate", "touches", "delivery_rate", "open_rate",
    "click_rate", "campaign_conversion_rate", "control_conversion_rate", "uplift",
    "conversion_amount", "campaign_cost", "cost_per_conversion", "roi",
)  # fmt: skip
# Spec section 3: every customer tag.
TAGS = (
    "age", "age_band", "gender", "city", "region", "branch", "occupation", "education",
    "marital_status", "risk_level", "is_payroll", "income_band", "aum", "value_tier",
    "holding_structure", "deposit_volatility", "high_deposit_volatility", "login_days_30d",
    "activity_level", "txn_count_90d", "preferred_channel", "active_period", "wealth_activity",
    "loan_inquiry_30d", "loan_intent", "wealth_intent", "time_deposit_maturing_30d",
    "lifecycle_stage",
)  # fmt: skip
# How a tag shows in the outer query of hand-written SQL when it is not named as such.
TAG_IN_SQL: dict[str, str] = {
    "branch": r"\bbranch_name\b",
    "high_deposit_volatility": r"\bdeposit_volatility\s*>=\s*0?\.30?\b",
    "time_deposit_maturing_30d": r"\bmaturing\b",
}
# Output columns a gold SQL may have besides metric names: breakdowns as the spec stores them.
BREAKDOWN_COLUMNS = frozenset({
    "month", "quarter", "share", "campaign_name", "branch_name", "product_name", "product_type",
    "objective", "channel", "apply_channel", "open_channel", "target_product_type", "province",
    "acquisition_channel", *(t for t in TAGS if t not in METRICS),
})  # fmt: skip


def _load() -> list[dict[str, Any]]:
    lines = QUESTIONS.read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


CASES = _load()
SQL_CASES = [c for c in CASES if "gold_sql" in c]
QUERY_CASES = [c for c in CASES if "gold_query" in c]


def _ids(cases: list[dict[str, Any]]) -> list[str]:
    return [c["id"] for c in cases]


@pytest.fixture(scope="module")
def mart(
    mart_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[duckdb.DuckDBPyConnection]:
    """The demo mart, read-only. A private copy: the session's ``warehouse`` fixture may hold
    the original open with a locked configuration, which DuckDB will not mix in one process."""
    copy = tmp_path_factory.mktemp("eval") / mart_path.name
    shutil.copyfile(mart_path, copy)
    con = duckdb.connect(str(copy), read_only=True)
    yield con
    con.close()


@pytest.fixture(scope="module")
def policy(mart: duckdb.DuckDBPyConnection) -> SqlPolicy:
    """The guard's policy, as ``wenshu eval`` applies it when it runs a gold SQL."""
    model = load_model(None)
    known: dict[str, set[str]] = {}
    for table, column in mart.execute(
        "SELECT table_name, column_name FROM duckdb_columns() WHERE schema_name = 'main'"
    ).fetchall():
        known.setdefault(table.lower(), set()).add(column.lower())
    return SqlPolicy(
        allowed_columns=model.allowed_columns(),
        pii_columns=model.pii_columns(),
        known_columns={t: frozenset(c) for t, c in known.items()},
    )


# -- the file ------------------------------------------------------------------------------


def test_every_line_is_a_well_formed_case() -> None:
    problems = []
    for c in CASES:
        forms = [f for f in GOLD_FORMS if f in c]
        if len(forms) != 1:
            problems.append(f"{c.get('id')}: needs exactly one of {GOLD_FORMS}, has {forms}")
        if set(c) - KEYS:
            problems.append(f"{c.get('id')}: unknown keys {sorted(set(c) - KEYS)}")
        if not re.fullmatch(r"(zh|en)-\d{3}", str(c.get("id"))) or c["id"][:2] != c.get("lang"):
            problems.append(f"{c.get('id')}: id must be '<lang>-NNN' with lang zh or en")
        if c.get("category") not in CATEGORIES:
            problems.append(f"{c['id']}: unknown category {c.get('category')!r}")
        if not str(c.get("question", "")).strip():
            problems.append(f"{c['id']}: empty question")
        has_han = re.search(r"[\u4e00-\u9fff]", c.get("question", "")) is not None
        if c.get("lang") == "en" and re.fullmatch(r"[\u4e00-\u9fff\d\W]+", c["question"]):
            problems.append(f"{c['id']}: lang en but the question has no English")
        if c.get("lang") == "zh" and not has_han and not c["question"].strip().isdigit():
            problems.append(f"{c['id']}: lang zh but the question has no Chinese")
        if "expect_status" in c and c["expect_status"] not in STATUSES:
            problems.append(f"{c['id']}: expect_status must be one of {sorted(STATUSES)}")
        if "ordered" in c and (c["ordered"] is not True or "expect_status" in c):
            problems.append(f"{c['id']}: 'ordered' is only `true`, on cases with a gold answer")
    assert not problems, "\n".join(problems)


def test_ids_are_unique() -> None:
    repeated = [i for i, n in Counter(_ids(CASES)).items() if n > 1]
    assert not repeated


def test_size_and_language_balance() -> None:
    assert len(CASES) >= MIN_LINES
    langs = Counter(c["lang"] for c in CASES)
    assert set(langs) == {"zh", "en"}
    assert 0.4 <= langs["zh"] / len(CASES) <= 0.6, langs


def test_every_category_is_used() -> None:
    used = Counter(c["category"] for c in CASES)
    assert set(used) == CATEGORIES, sorted(CATEGORIES - set(used))
    assert {c["expect_status"] for c in CASES if "expect_status" in c} == STATUSES


def test_gold_forms_mix() -> None:
    assert len(SQL_CASES) >= MIN_GOLD_SQL
    assert QUERY_CASES


def test_refusal_and_clarify_categories_match_their_status() -> None:
    for c in CASES:
        if c["category"] == "refusal":
            assert c.get("expect_status") == "refused", c["id"]
        if c["category"] == "clarify":
            assert c.get("expect_status") == "clarify", c["id"]


# -- conversations -------------------------------------------------------------------------


def _sessions() -> dict[str, list[dict[str, Any]]]:
    sessions: dict[str, list[dict[str, Any]]] = {}
    for c in CASES:
        if c.get("session"):
            sessions.setdefault(c["session"], []).append(c)
    return sessions


def test_conversations_are_contiguous_and_start_fresh() -> None:
    order = [c.get("session") for c in CASES]
    for name, turns in _sessions().items():
        first = order.index(name)
        assert order[first : first + len(turns)] == [name] * len(turns), f"{name} is split"
        assert 2 <= len(turns) <= 3, name
        assert turns[0]["category"] != "followup", f"{name} opens with a follow-up"
        assert all(t["category"] == "followup" for t in turns[1:]), name
        assert all("expect_status" not in t for t in turns[1:]), name
    assert all(c.get("session") for c in CASES if c["category"] == "followup")


def test_enough_conversations() -> None:
    sessions = _sessions().values()
    clarifying = [t for t in sessions if t[0].get("expect_status") == "clarify"]
    assert len(clarifying) >= MIN_CLARIFY_SESSIONS
    assert len(sessions) - len(clarifying) >= MIN_SESSIONS


# -- gold queries --------------------------------------------------------------------------


@pytest.mark.parametrize("case", QUERY_CASES, ids=_ids(QUERY_CASES))
def test_gold_query_validates(case: dict[str, Any]) -> None:
    query = SemanticQuery.model_validate(case["gold_query"])
    model = load_model(None)
    fields = model.field_names() | {"time"}
    assert set(query.metrics) <= set(model.metrics), query.metrics
    assert {g.field for g in query.group_by} <= fields
    assert {f.field for f in query.filters} <= fields
    assert {o.field for o in query.order_by} <= fields | set(query.metrics)
    assert bool(case.get("ordered")) == bool(query.order_by), "ranking needs order_by and ordered"


# -- gold SQL ------------------------------------------------------------------------------


def _output_columns(sql: str) -> list[str]:
    tree = sqlglot.parse_one(sql, read="duckdb")
    assert isinstance(tree, exp.Query), "gold SQL must be a query"
    return list(tree.named_selects)


@pytest.mark.parametrize("case", SQL_CASES, ids=_ids(SQL_CASES))
def test_gold_sql_passes_the_guard_and_runs(
    case: dict[str, Any], mart: duckdb.DuckDBPyConnection, policy: SqlPolicy
) -> None:
    sql = case["gold_sql"]
    checked = validate_sql(sql, policy).sql(dialect="duckdb")  # what `wenshu eval` runs
    cursor = mart.execute(checked)
    columns = [d[0] for d in cursor.description]
    assert columns == _output_columns(sql)
    assert len(set(columns)) == len(columns), columns
    unknown = [c for c in columns if c not in METRICS and c not in BREAKDOWN_COLUMNS]
    assert not unknown, f"columns neither metric nor breakdown: {unknown}"
    metrics = [i for i, c in enumerate(columns) if c in METRICS]
    assert metrics, "no metric column"
    breakdowns = [i for i, c in enumerate(columns) if i not in metrics and c != "share"]
    assert all(b < min(metrics) for b in breakdowns), "breakdown columns come first"
    if case.get("ordered"):
        assert re.search(r"\border\s+by\b", sql, re.I), "a ranking needs ORDER BY"


def _weak(rows: list[tuple[Any, ...]]) -> bool:
    """No rows, or a column that is NULL on every row: the demo data cannot judge it."""
    if not rows:
        return True
    return any(all(r[i] is None for r in rows) for i in range(len(rows[0])))


def test_gold_sql_answers_are_not_empty(
    mart: duckdb.DuckDBPyConnection, capsys: pytest.CaptureFixture[str]
) -> None:
    weak = [c["id"] for c in SQL_CASES if _weak(mart.execute(c["gold_sql"]).fetchall())]
    with capsys.disabled():
        print(f"\neval gold SQL with no usable rows on the demo mart: {weak or 'none'}")
    assert len(weak) <= MAX_WEAK_SHARE * len(SQL_CASES), weak


# -- coverage ------------------------------------------------------------------------------


def _outer_sql(sql: str) -> str:
    """The query without its CTE definitions (those hold the shared tag logic)."""
    tree = sqlglot.parse_one(sql, read="duckdb")
    for with_ in list(tree.find_all(exp.With)):
        with_.pop()
    return tree.sql(dialect="duckdb")


def _query_names(query: dict[str, Any]) -> tuple[set[str], set[str]]:
    q = SemanticQuery.model_validate(query)
    fields = {g.field for g in q.group_by} | {f.field for f in q.filters}
    return set(q.metrics), fields


def _coverage() -> tuple[Counter[str], Counter[str], Counter[str]]:
    metrics: Counter[str] = Counter()
    metrics_sql: Counter[str] = Counter()
    tags: Counter[str] = Counter()
    for c in CASES:
        if "gold_sql" in c:
            outputs = set(_output_columns(c["gold_sql"])) & set(METRICS)
            metrics.update(outputs)
            metrics_sql.update(outputs)
            outer = _outer_sql(c["gold_sql"])
            tags.update(t for t in TAGS if re.search(TAG_IN_SQL.get(t, rf"\b{t}\b"), outer, re.I))
        elif "gold_query" in c:
            used_metrics, fields = _query_names(c["gold_query"])
            metrics.update(used_metrics & set(METRICS))
            tags.update(fields & set(TAGS))
    return metrics, metrics_sql, tags


def test_every_glossary_metric_appears_twice_and_once_in_gold_sql() -> None:
    metrics, metrics_sql, _ = _coverage()
    assert [m for m in METRICS if metrics[m] < 2] == []
    assert [m for m in METRICS if metrics_sql[m] < 1] == []


def test_every_tag_appears_twice() -> None:
    _, _, tags = _coverage()
    assert [t for t in TAGS if tags[t] < 2] == []


def test_the_metric_and_tag_lists_match_the_semantic_model() -> None:
    model = load_model(None)
    assert set(METRICS) <= set(model.metrics)
    assert set(TAGS) <= set(model.tags)
