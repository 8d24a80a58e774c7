"""Property: for any valid query and any role scope, no row from outside the scope
reaches the answer. Queries are drawn like the compiler's own property tests; the
scope is checked three ways: the scoped answer equals the same query with the scope
written as an ordinary filter, every region it shows is in scope, and a scoped count of
customers never exceeds hand-written SQL's count of the customers in scope."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import duckdb
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_compile_properties import semantic_queries

from semantic_layer.compile import SUPPORT
from semantic_layer.errors import QueryError
from semantic_layer.query import Filter, SemanticQuery

SCOPES = [("华东",), ("华北", "西南"), ("东北",)]


@pytest.fixture(scope="module")
def in_scope_customers(mart_path: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, ...], int]:
    copy = tmp_path_factory.mktemp("scope") / "bank.duckdb"
    shutil.copy(mart_path, copy)
    con = duckdb.connect(str(copy), read_only=True)
    out = {}
    for regions in SCOPES:
        out[regions] = con.execute(
            "SELECT count(*) FROM customers c JOIN branches b USING (branch_id) WHERE c.open_date <= DATE '2025-12-31' "
            f"AND b.region IN ({', '.join('?' for _ in regions)})", list(regions)).fetchone()[0]
    con.close()
    return out


def _rows(answered) -> list[tuple]:
    keep = [i for i, c in enumerate(answered.compiled.columns) if c.name != SUPPORT]
    return sorted((tuple(r[i] for i in keep) for r in answered.result.rows), key=repr)


@pytest.mark.slow
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(query=semantic_queries(), regions=st.sampled_from(SCOPES))
def test_no_row_outside_the_scope(warehouse, in_scope_customers, query: SemanticQuery, regions: tuple[str, ...]) -> None:
    query = query.with_changes(share_of_total=False)
    scope = (Filter(field="region", op="in", value=regions),)
    try:
        scoped = warehouse.run(query, scope=scope)
    except QueryError:
        return  # a metric that cannot be limited to a scope is refused, never answered unscoped
    written = warehouse.run(query.with_changes(filters=(*query.filters, *scope)))
    assert _rows(scoped) == _rows(written)
    names = [c.name for c in scoped.compiled.columns]
    if "region" in names:
        at = names.index("region")
        assert {r[at] for r in scoped.result.rows} <= set(regions)
    if query.metrics == ("customer_count",) and not query.filters and not query.group_by and not query.time_range:
        assert scoped.result.rows[0][names.index("customer_count")] == in_scope_customers[regions]


def test_scope_reaches_composite_queries(warehouse, in_scope_customers) -> None:
    scope = (Filter(field="region", op="in", value=("华东",)),)
    share = warehouse.run(SemanticQuery.model_validate(
        {"metrics": ["customer_count"], "share": {"part": [{"field": "gender", "value": "female"}]}}), scope=scope)
    base = share.result.rows[0][[c.name for c in share.compiled.columns].index("customer_count_base")]
    assert base == in_scope_customers[("华东",)]
    compare = warehouse.run(SemanticQuery.model_validate(
        {"metrics": ["customer_count"], "group_by": [{"field": "region"}], "compare": {"to": "previous"}}), scope=scope)
    assert {r[[c.name for c in compare.compiled.columns].index("region")] for r in compare.result.rows} == {"华东"}
    assert date(2025, 12, 31) == compare.compiled.as_of
