"""Compiled SQL snapshots: one named ``SemanticQuery`` per file in ``snapshots/``.

Each file holds the query (as a JSON comment) and the pretty DuckDB SQL the compiler
makes of it, as of 2025-12-31 with the data starting 2024-01-01. A changed compiler
shows up as a diff here; ``pytest tests/semantic --update-snapshots`` rewrites them.
Every compiled tree must also parse back from its DuckDB text and transpile to the
other engines the project targets.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import sqlglot
from sqlglot.errors import ErrorLevel

from semantic_layer.compile import CompiledQuery, Context, compile_query
from semantic_layer.load import load_model
from semantic_layer.query import Filter, GroupBy, OrderBy, SemanticQuery, TimeRange

SNAPSHOTS = Path(__file__).parent / "snapshots"
AS_OF = date(2025, 12, 31)
DATA_START = date(2024, 1, 1)
DIALECTS = ("postgres", "spark", "trino", "snowflake")


def q(
    *metrics: str,
    by: tuple[str, ...] = (),
    grain: str | None = None,
    time: tuple[str, str] | None = None,
    **rest: object,
) -> SemanticQuery:
    group_by = tuple(GroupBy(field=b) for b in by)
    if grain:
        group_by = (GroupBy(field="time", grain=grain), *group_by)  # type: ignore[arg-type]
    time_range = (
        TimeRange(start=date.fromisoformat(time[0]), end=date.fromisoformat(time[1]))
        if time
        else None
    )
    return SemanticQuery(metrics=metrics, group_by=group_by, time_range=time_range, **rest)  # type: ignore[arg-type]


F = Filter
QUERIES: dict[str, SemanticQuery] = {
    # customers and balances
    "customer_count": q("customer_count"),
    "customer_count_by_region_share": q("customer_count", by=("region",), share_of_total=True),
    "customer_count_by_lifecycle_as_of_june": q("customer_count", by=("lifecycle_stage",), as_of=date(2025, 6, 30)),
    "customer_count_behaviour_tags": q("customer_count", by=("preferred_channel", "active_period")),
    "customer_count_filter_combo": q("customer_count", by=("age_band",), filters=(
        F(field="age", op="between", value=(30, 45)), F(field="deposit_volatility", op="is_null"),
        F(field="annual_income", op=">", value=80000), F(field="is_payroll", value=True))),
    "customer_count_by_branch_having": q("customer_count", by=("branch",), filters=(
        F(field="customer_count", op=">=", value=50),), order_by=(OrderBy(field="customer_count", direction="asc"),)),
    "deposit_balance_by_value_tier": q("deposit_balance", by=("value_tier",)),
    "deposit_avg_daily_by_month_2025": q("deposit_avg_daily", grain="month", time=("2025-01-01", "2025-12-31")),
    "aum_by_quarter_2025": q("aum", "wealth_balance", grain="quarter", time=("2025-01-01", "2025-12-31")),
    "avg_aum_top5_branches": q("avg_aum_per_customer", by=("branch",), order_by=(OrderBy(field="avg_aum_per_customer"),), limit=5),
    "customers_and_aum_by_lifecycle": q("customer_count", "aum", "loan_balance", by=("lifecycle_stage",)),
    # product flow
    "new_deposit_accounts_by_channel_2025q3": q("new_deposit_accounts", by=("channel",), time=("2025-07-01", "2025-09-30")),
    "loan_applications_by_week_2025q4": q("loan_applications", grain="week", time=("2025-10-01", "2025-12-31")),
    "loan_approval_rate_by_product_type": q("loan_approval_rate", by=("product_type",), filters=(F(field="channel", op="in", value=("app", "wechat")),)),
    "loan_disbursement_amount_by_day_dec": q("loan_disbursements", "loan_disbursement_amount", grain="day", time=("2025-12-01", "2025-12-31")),
    "overdue_rate_by_region": q("overdue_rate", by=("region",), filters=(F(field="has_loan", value=True),)),
    "txn_amount_by_year_out_not_pos": q("txn_amount", "txn_count", grain="year", filters=(
        F(field="direction", value="out"), F(field="channel", op="not_in", value=("pos", "atm")))),
    "app_events_by_platform_active": q("app_event_count", by=("platform",), filters=(F(field="activity_level", op="in", value=("high", "medium")),)),
    # conversion
    "deposit_to_loan_by_month_2025": q("deposit_to_loan_conversion_rate", grain="month", time=("2025-01-01", "2025-12-31")),
    "loan_to_deposit_default": q("loan_to_deposit_conversion_rate"),
    "wealth_repurchase_by_value_tier_q3": q("wealth_repurchase_rate", by=("value_tier",), time=("2025-07-01", "2025-09-30")),
    "dormant_wakeup_by_month_h1": q("dormant_wakeup_rate", grain="month", time=("2025-01-01", "2025-03-31")),
    # campaigns
    "touches_delivery_by_channel": q("touches", "delivery_rate", by=("channel",)),
    "campaign_funnel_by_campaign": q("open_rate", "click_rate", "campaign_conversion_rate", by=("campaign",)),
    "uplift_by_objective_payroll": q("uplift", by=("objective",), filters=(F(field="is_payroll", value=True),)),
    "roi_cost_per_conversion_by_month": q("roi", "cost_per_conversion", "campaign_cost", grain="month", time=("2025-01-01", "2025-12-31")),
    "campaign_conversion_by_value_tier_2025": q("campaign_conversion_rate", "control_conversion_rate", "conversion_amount",
                                                by=("value_tier",), time=("2025-01-01", "2025-12-31"), order_by=(OrderBy(field="value_tier", direction="asc"),)),
}  # fmt: skip


@pytest.fixture(scope="module")
def context() -> Context:
    return Context(load_model(), AS_OF, DATA_START)


_COMPILED: dict[str, CompiledQuery] = {}


def compiled(name: str, context: Context) -> CompiledQuery:
    """Compile once per session; the tree is copied so no test can alter another's."""
    if name not in _COMPILED:
        _COMPILED[name] = compile_query(QUERIES[name], context)
    return _COMPILED[name]


def snapshot_text(name: str, result: CompiledQuery) -> str:
    header = f"-- {name}\n-- {QUERIES[name].model_dump_json(exclude_defaults=True)}\n"
    return f"{header}{result.sql('duckdb', pretty=True)}\n"


@pytest.mark.parametrize("name", list(QUERIES))
def test_compiled_sql_matches_snapshot(name: str, context: Context, update_snapshots: bool) -> None:
    text = snapshot_text(name, compiled(name, context))
    path = SNAPSHOTS / f"{name}.sql"
    if update_snapshots:
        SNAPSHOTS.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return
    assert path.exists(), f"no snapshot {path.name}; run pytest tests/semantic --update-snapshots"
    assert text == path.read_text(encoding="utf-8")


@pytest.mark.parametrize("name", list(QUERIES))
def test_duckdb_sql_parses_back_to_the_same_tree(name: str, context: Context) -> None:
    result = compiled(name, context)
    text = result.sql("duckdb", pretty=True)
    reparsed = sqlglot.parse_one(text, read="duckdb")
    assert reparsed.sql(dialect="duckdb", pretty=True) == text


@pytest.mark.parametrize("dialect", DIALECTS)
@pytest.mark.parametrize("name", list(QUERIES))
def test_transpiles_to_other_engines(name: str, dialect: str, context: Context) -> None:
    tree = compiled(name, context).tree.copy()
    sql = tree.sql(dialect=dialect, unsupported_level=ErrorLevel.RAISE)
    assert sqlglot.parse_one(sql, read=dialect) is not None


def test_every_snapshot_file_has_a_query() -> None:
    """A renamed or deleted query must not leave a stale snapshot behind."""
    stale = sorted(p.stem for p in SNAPSHOTS.glob("*.sql") if p.stem not in QUERIES)
    assert stale == []
