"""Business words live in the model, not in Python: the bank model with every metric and
tag renamed (m01, t01 …) reads every question the same way, and answers with the same
numbers. If Python code named a metric or tag, the renamed model would read differently.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
import sqlglot
import yaml
from sqlglot import exp
from test_rule_parser import CASES, SHAPES, VALUES, D

from assistant.answer import Assistant
from assistant.parse.parser import RuleParser
from assistant.understanding import Conversation
from semantic_layer.load import BANK_MODEL_DIR, load_model
from semantic_layer.warehouse import Warehouse

EVAL = Path(__file__).parents[1] / "eval"


def _rename_sql(sql: str, names: dict[str, str]) -> str:
    tree = sqlglot.parse_one(sql, read="duckdb")
    out = tree.transform(lambda n: exp.column(names[n.name]) if isinstance(n, exp.Column) and not n.table and n.name in names else n)
    return out.sql(dialect="duckdb")


def renamed_model(target: Path) -> tuple[Path, dict[str, str]]:
    """A copy of the bank model with new names for every metric and tag, references included."""
    source = {f.name: yaml.safe_load(f.read_text(encoding="utf-8")) for f in Path(BANK_MODEL_DIR).glob("*.yaml")}
    model = load_model()
    metrics = {m.name: f"m{i:02d}" for i, m in enumerate(model.metric_list)}
    # a tag named like a metric (aum) keeps sharing its name: the model says the two go together
    tag_renames = {t.name: metrics.get(t.name, f"t{i:02d}") for i, t in enumerate(model.tag_list)}
    # a bare name in a tag expression that is also a source measure or customer column keeps meaning that
    keep = set(model.source_outputs) | (set(model.tables[model.customer.table].columns) if model.customer else set())
    tag_refs = {k: v for k, v in tag_renames.items() if k not in keep}
    fields = dict(tag_renames)

    def field(name: Any) -> Any:
        return fields.get(name, name) if isinstance(name, str) else name

    for doc in source.values():
        for m in doc.get("metrics", []):
            m["name"] = metrics[m["name"]]
            for key in ("numerator", "denominator"):
                if key in m:
                    m[key] = metrics[m[key]]
            if m.get("kind") == "derived":
                m["expr"] = _rename_sql(m["expr"], metrics)
            m["ambiguous_with"] = [metrics[x] for x in m.get("ambiguous_with", [])]
            m["implies"] = [field(x) for x in m.get("implies", [])]
            if "without_period" in m:
                m["without_period"]["metric"] = metrics[m["without_period"]["metric"]]
                m["without_period"]["field"] = field(m["without_period"]["field"])
            base = m.get("base") or {}
            if "tag_before" in base:
                base["tag_before"]["where"] = _rename_sql(base["tag_before"]["where"], tag_refs)
        for t in doc.get("tags", []):
            t["name"] = tag_renames[t["name"]]
            if "expr" in t:
                t["expr"] = _rename_sql(t["expr"], tag_refs).replace("?", ":as_of") if ":as_of" not in t["expr"] else t["expr"]
            for case in t.get("cases", []):
                case["when"] = _rename_sql(case["when"], tag_refs)
        for t in doc.get("tables", []):
            if "held_by" in t:
                t["held_by"] = metrics[t["held_by"]]
        if "headline_metrics" in doc:
            doc["headline_metrics"] = [metrics[x] for x in doc["headline_metrics"]]
        if "default_metric" in doc:
            doc["default_metric"] = metrics[doc["default_metric"]]
        if "suggested_breakdowns" in doc:
            doc["suggested_breakdowns"] = [field(x) for x in doc["suggested_breakdowns"]]
    target.mkdir(parents=True, exist_ok=True)
    for name, doc in source.items():
        (target / name).write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return target, {**metrics, **tag_renames}


@pytest.fixture(scope="module")
def renamed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    return renamed_model(tmp_path_factory.mktemp("renamed") / "model")


def _mapped(query: Any, names: dict[str, str]) -> str:
    """A query's JSON with the original names replaced by the new ones."""
    text = json.dumps(query.model_dump(mode="json", exclude_defaults=True), ensure_ascii=False, sort_keys=True)
    for old, new in sorted(names.items(), key=lambda kv: -len(kv[0])):
        text = text.replace(f'"{old}"', f'"{new}"').replace(f'"{old}_', f'"{new}_').replace(f'_{old}"', f'_{new}"')
    return text


def test_the_renamed_model_loads_and_keeps_no_old_name(renamed: tuple[Path, dict[str, str]]) -> None:
    path, names = renamed
    model = load_model(path)
    assert all(n.startswith("m") for n in model.metrics)
    assert all(n.startswith(("m", "t")) for n in model.tags)
    assert len(model.metrics) == len(load_model().metrics) and len(model.tags) == len(load_model().tags)


QUESTIONS = [q for q, _ in CASES + SHAPES]


@pytest.fixture(scope="module")
def parsers(renamed: tuple[Path, dict[str, str]]) -> tuple[RuleParser, RuleParser]:
    path, names = renamed
    return RuleParser(load_model(), VALUES), RuleParser(load_model(path), {names.get(k, k): v for k, v in VALUES.items()})


@pytest.mark.parametrize("question", QUESTIONS)
def test_every_question_reads_the_same_with_renamed_names(parsers: tuple[RuleParser, RuleParser],
                                                          renamed: tuple[Path, dict[str, str]], question: str) -> None:
    _, names = renamed
    original = parsers[0].understand(question, Conversation(), D)
    again = parsers[1].understand(question, Conversation(), D)
    assert again.status == original.status
    if original.query is not None:
        assert again.query is not None
        assert json.dumps(again.query.model_dump(mode="json", exclude_defaults=True), ensure_ascii=False, sort_keys=True) == \
            _mapped(original.query, names)


@pytest.fixture(scope="module")
def twin(mart_path: Path, tmp_path_factory: pytest.TempPathFactory, renamed: tuple[Path, dict[str, str]]) -> Assistant:
    """The renamed model on its own copy of the mart (one in-process connection per configuration)."""
    copy = tmp_path_factory.mktemp("twin") / "bank.duckdb"
    shutil.copy(mart_path, copy)
    return Assistant(Warehouse(copy, load_model(renamed[0])))


@pytest.mark.parametrize("question", [
    "上个月各区域的存贷转化率是多少?", "高价值客户里女性占几成", "贷款余额比上个月多了多少", "沉睡客户平均多大年纪",
    "how many distinct customers made a wealth purchase in December 2025", "本月沉睡客户的换醒率",
])
def test_answers_have_the_same_numbers(assistant: Assistant, twin: Assistant, question: str) -> None:
    first, second = assistant.ask(question, session=f"renamed:{question}"), twin.ask(question, session=f"renamed:{question}")
    assert first.status == second.status == "answered"
    assert first.rows == second.rows
    assert first.summary == second.summary
