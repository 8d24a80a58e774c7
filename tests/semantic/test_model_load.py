"""Loading the semantic model: the bank model is valid; broken models report every
problem at once, with file, line and suggestions."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from semantic_layer.errors import ModelDefinitionError
from semantic_layer.load import BANK_MODEL_DIR, load_model

SPEC_METRICS = {
    "customer_count", "deposit_balance", "deposit_avg_daily", "loan_balance", "wealth_balance", "aum",
    "avg_aum_per_customer", "new_deposit_accounts", "loan_applications", "loan_approval_rate",
    "loan_disbursements", "loan_disbursement_amount", "overdue_rate", "deposit_to_loan_conversion_rate",
    "loan_to_deposit_conversion_rate", "wealth_repurchase_rate", "dormant_wakeup_rate", "touches",
    "delivery_rate", "open_rate", "click_rate", "campaign_conversion_rate", "control_conversion_rate",
    "uplift", "conversion_amount", "campaign_cost", "cost_per_conversion", "roi",
}
SPEC_TAGS = {
    "age", "age_band", "gender", "city", "region", "branch", "occupation", "education", "marital_status",
    "risk_level", "is_payroll", "income_band", "aum", "value_tier", "holding_structure", "deposit_volatility",
    "high_deposit_volatility", "login_days_30d", "activity_level", "txn_count_90d", "preferred_channel",
    "active_period", "wealth_activity", "loan_inquiry_30d", "loan_intent", "wealth_intent",
    "time_deposit_maturing_30d", "lifecycle_stage",
}


def test_bank_model_covers_the_glossary() -> None:
    model = load_model()
    assert set(model.metrics) >= SPEC_METRICS
    assert set(model.tags) >= SPEC_TAGS
    for name in SPEC_METRICS:
        m = model.metrics[name]
        assert m.label.zh and m.label.en and m.description.zh and m.description.en


@pytest.fixture
def model_copy(tmp_path: Path) -> Path:
    target = tmp_path / "model"
    shutil.copytree(BANK_MODEL_DIR, target)
    return target


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def problems_of(path: Path) -> list[str]:
    with pytest.raises(ModelDefinitionError) as info:
        load_model(path)
    return [p.render() for p in info.value.problems]


def test_malformed_yaml_names_file_and_line(model_copy: Path) -> None:
    edit(model_copy / "metrics.yaml", "  - name: loan_applications\n", "  - name: [loan_applications\n")
    found = problems_of(model_copy)
    assert len(found) == 1
    assert found[0].startswith("metrics.yaml:")
    assert "malformed YAML" in found[0]


def test_unknown_key_suggests_the_right_one(model_copy: Path) -> None:
    edit(model_copy / "metrics.yaml", "    default_period: as_of_month\n", "    default_perod: as_of_month\n")
    found = problems_of(model_copy)
    assert any("unknown key 'default_perod'" in p and "default_period" in p for p in found)


def test_all_problems_reported_at_once(model_copy: Path) -> None:
    edit(model_copy / "metrics.yaml", "measure: {table: loans, agg: count, expr: loans.loan_id}", "measure: {table: loanz, agg: count, expr: loans.loan_id}")
    edit(model_copy / "tags.yaml", "expr: customers.occupation", "expr: customers.ocupation")
    edit(model_copy / "metrics.yaml", "numerator: overdue_loans", "numerator: overdue_loan")
    found = "\n".join(problems_of(model_copy))
    assert "unknown table 'loanz'" in found and "Did you mean: loans" in found
    assert "unknown name" in found or "unknown column" in found
    assert "ocupation" in found and "occupation" in found
    assert "refers to unknown metric 'overdue_loan'" in found and "overdue_loans" in found


def test_duplicate_names(model_copy: Path) -> None:
    edit(model_copy / "metrics.yaml", "  - name: loan_applications\n", "  - name: loan_disbursements\n")
    found = problems_of(model_copy)
    assert any("duplicate metric name 'loan_disbursements'" in p and p.startswith("metrics.yaml:") for p in found)


@pytest.mark.parametrize("held_by", ["loan_approval_rate", "txn_count", "no_such_metric"])
def test_held_by_must_count_the_tables_own_rows(model_copy: Path, held_by: str) -> None:
    edit(model_copy / "model.yaml", "    held_by: outstanding_loans\n", f"    held_by: {held_by}\n")
    found = problems_of(model_copy)
    assert any(f"held_by '{held_by}' is no count metric of the table's rows" in p and p.startswith("model.yaml:") for p in found)


def test_row_values_are_values_of_a_field_the_metric_implies(model_copy: Path) -> None:
    edit(model_copy / "metrics.yaml", "row_values: {loan_status: [disbursed, settled]}", "row_values: {loan_status: [disbursed, paid], channel: [app]}")
    found = problems_of(model_copy)
    assert any("row_values: 'paid' is no value of 'loan_status'" in p and p.startswith("metrics.yaml:") for p in found)
    assert any("row_values names 'channel', which it does not imply" in p for p in found)


def test_cyclic_joins(model_copy: Path) -> None:
    edit(model_copy / "model.yaml", "joins:\n", "joins:\n  - {table: branches, to: customers, keys: [branch_id, branch_id]}\n")
    found = problems_of(model_copy)
    assert any("cyclic joins" in p for p in found)


def test_missing_join(model_copy: Path) -> None:
    edit(model_copy / "model.yaml", "  - {table: loans, to: products, keys: [product_id, product_id]}\n", "")
    found = problems_of(model_copy)
    assert any("no join from 'loans' to 'products'" in p for p in found)


def test_cyclic_metrics(model_copy: Path) -> None:
    edit(model_copy / "metrics.yaml", "denominator: outstanding_loans", "denominator: overdue_rate")
    found = problems_of(model_copy)
    assert any("cycle" in p and "overdue_rate" in p for p in found)


def test_unknown_column_against_database_schema(model_copy: Path) -> None:
    model = load_model(model_copy)
    schema = {t.name: set(t.columns) for t in model.table_list}
    schema["loans"].discard("overdue_days")
    with pytest.raises(ModelDefinitionError) as info:
        load_model(model_copy, schema=schema)
    assert any("column 'overdue_days' is not in database table 'loans'" in p.render() for p in info.value.problems)


def test_not_a_mapping(tmp_path: Path) -> None:
    (tmp_path / "m.yaml").write_text("- just\n- a list\n", encoding="utf-8")
    found = problems_of(tmp_path)
    assert "must be a mapping" in found[0]


def test_missing_path(tmp_path: Path) -> None:
    found = problems_of(tmp_path / "nope")
    assert "does not exist" in found[0]


def test_a_model_that_passed_is_not_checked_again_until_a_file_changes(
    model_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The cross-reference rules (every SQL snippet parsed) run once per version of the files:
    a start on unchanged files skips them; an edit, even one that breaks the model, is checked."""
    import semantic_layer.model_checks as rules

    monkeypatch.setenv("WENSHU_CACHE_DIR", str(tmp_path))
    runs: list[int] = []
    real = rules.check_model

    def counting(*args: object, **kwargs: object) -> list:
        runs.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(rules, "check_model", counting)
    load_model(model_copy)
    load_model(model_copy)
    assert len(runs) == 1
    edit(model_copy / "metrics.yaml", "expr: loans.loan_id}", "expr: loans.loan_idd}")
    assert any("loan_idd" in p for p in problems_of(model_copy))
    assert len(runs) == 2
    with pytest.raises(ModelDefinitionError):  # a model with problems is never remembered as passed
        load_model(model_copy)
    assert len(runs) == 3
