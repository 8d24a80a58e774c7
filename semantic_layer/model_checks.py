"""Validation rules over a whole semantic model.

Each rule is a small function returning *all* the problems it finds, naming the
file, line and element. ``check_model`` runs them in order (MetricFlow style).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator

import sqlglot
from sqlglot import exp

from semantic_layer.errors import ModelProblem, did_you_mean
from semantic_layer.semantic_model import SemanticModel

Schema = dict[str, set[str]]


def parse_snippet(sql: str) -> exp.Expr:
    """Parse a model SQL snippet (an expression, not a statement)."""
    return sqlglot.parse_one(sql, read="duckdb")


def _problem(model: SemanticModel, element: object, name: str, en: str, zh: str, suggestions: list[str] | None = None) -> ModelProblem:
    loc = model.located(element)
    return ModelProblem(loc.file if loc else "(model)", loc.line if loc else None, name, en, zh, suggestions or [])


def _snippets(model: SemanticModel) -> Iterator[tuple[object, str, str, str, list[str]]]:
    """(element, element name, sql, home table, extra names it may use)."""
    for d in model.dimension_list:
        yield d, f"dimension {d.table}.{d.name}", d.expr, d.table, []
    for s in model.source_list:
        for part in [s.where, s.key, s.rank_by, *s.measures.values()]:
            if part:
                yield s, f"tag_source {s.name}", part, s.table, list(s.joins)
    for m in model.metric_list:
        if m.measure:
            for part in (m.measure.expr, m.measure.where):
                if part and part != "*":
                    yield m, f"metric {m.name}", part, m.measure.table, []


def rule_duplicates(model: SemanticModel, schema: Schema | None) -> list[ModelProblem]:
    problems = []
    groups: list[tuple[str, list[tuple[object, str]]]] = [
        ("table", [(t, t.name) for t in model.table_list]),
        ("metric", [(m, m.name) for m in model.metric_list]),
        ("tag", [(t, t.name) for t in model.tag_list]),
        ("tag_source", [(s, s.name) for s in model.source_list]),
        ("dimension", [(d, f"{d.table}.{d.name}") for d in model.dimension_list]),
    ]
    for kind, items in groups:
        counts = Counter(name for _, name in items)
        seen: set[str] = set()
        for element, name in items:
            if counts[name] > 1 and name in seen:
                problems.append(_problem(model, element, f"{kind} {name}", f"duplicate {kind} name '{name}'", f"{kind} 名称重复: “{name}”"))
            seen.add(name)
    return problems


def rule_tables_exist(model: SemanticModel, schema: Schema | None) -> list[ModelProblem]:
    known = list(model.tables)
    refs: list[tuple[object, str, str]] = []
    refs += [(d, f"dimension {d.name}", d.table) for d in model.dimension_list]
    refs += [(s, f"tag_source {s.name}", t) for s in model.source_list for t in (s.table, *s.joins)]
    refs += [(j, f"join {j.table}->{j.to}", t) for j in model.join_list for t in (j.table, j.to)]
    for m in model.metric_list:
        if m.measure:
            refs.append((m, f"metric {m.name}", m.measure.table))
        if m.base and m.base.snapshot_before:
            refs.append((m, f"metric {m.name}", m.base.snapshot_before.table))
        if m.base and m.base.event_in_period:
            refs.append((m, f"metric {m.name}", m.base.event_in_period.table))
        if m.converted:
            refs += [(m, f"metric {m.name}", e.table) for e in m.converted.events]
    if model.customer:
        refs.append((model.customer, "customer", model.customer.table))
    return [
        _problem(model, el, name, f"unknown table '{t}'", f"未知的表 “{t}”", did_you_mean(t, known))
        for el, name, t in refs
        if t not in model.tables
    ]


def rule_schema(model: SemanticModel, schema: Schema | None) -> list[ModelProblem]:
    """With a database schema: every modelled table and column exists."""
    if schema is None:
        return []
    problems = []
    for t in model.table_list:
        if t.name not in schema:
            problems.append(_problem(model, t, f"table {t.name}", f"table '{t.name}' is not in the database", f"数据库中没有表 “{t.name}”", did_you_mean(t.name, list(schema))))
            continue
        for c in t.columns:
            if c not in schema[t.name]:
                problems.append(_problem(model, t, f"table {t.name}", f"column '{c}' is not in database table '{t.name}'", f"数据库表 “{t.name}” 中没有列 “{c}”", did_you_mean(c, schema[t.name])))
    return problems


def rule_columns(model: SemanticModel, schema: Schema | None) -> list[ModelProblem]:
    """Columns used in snippets exist in their table or a joined table."""
    problems = []
    for element, name, sql, home, joined in _snippets(model):
        try:
            tree = parse_snippet(sql)
        except sqlglot.errors.ParseError as exc:
            problems.append(_problem(model, element, name, f"cannot parse SQL '{sql}': {str(exc).splitlines()[0]}", f"无法解析表达式 “{sql}”"))
            continue
        if home not in model.tables:
            continue
        scope = [home, *joined]
        for col in tree.find_all(exp.Column):
            table = col.table or None
            candidates = [table] if table else scope
            if table and table not in model.tables:
                problems.append(_problem(model, element, name, f"unknown table '{table}' in '{sql}'", f"表达式中有未知的表 “{table}”", did_you_mean(table, list(model.tables))))
                continue
            if not any(t in model.tables and col.name in model.tables[t].columns for t in candidates if t):
                pool = {c for t in candidates if t in model.tables for c in model.tables[t].columns}
                problems.append(_problem(model, element, name, f"unknown column '{col.sql()}'", f"未知的列 “{col.sql()}”", did_you_mean(col.name, pool)))
            elif table and table != home and table not in joined:
                try:
                    model.join_path(home, table)
                except Exception:
                    problems.append(_problem(model, element, name, f"no join from '{home}' to '{table}'", f"缺少从 “{home}” 到 “{table}” 的关联(join)"))
    return problems


def rule_joins(model: SemanticModel, schema: Schema | None) -> list[ModelProblem]:
    problems = []
    for j in model.join_list:
        for table, column in ((j.table, j.keys[0]), (j.to, j.keys[1])):
            if table in model.tables and column not in model.tables[table].columns:
                problems.append(_problem(model, j, f"join {j.table}->{j.to}", f"join column '{table}.{column}' does not exist", f"关联列 “{table}.{column}” 不存在"))
    graph: dict[str, list[str]] = {}
    for j in model.join_list:
        graph.setdefault(j.table, []).append(j.to)
    for cycle in _cycles(graph):
        first = next(j for j in model.join_list if j.table == cycle[0])
        path = " -> ".join(cycle + [cycle[0]])
        problems.append(_problem(model, first, f"join {first.table}->{first.to}", f"cyclic joins: {path}", f"关联关系成环: {path}"))
    return problems


def rule_table_checks(model: SemanticModel, schema: Schema | None) -> list[ModelProblem]:
    """Columns named by a table's data-quality ``checks`` are columns of that table."""
    problems = []
    for t in model.table_list:
        c = t.checks
        named = [*c.key, *c.not_null, *c.values, *c.range]
        for col in dict.fromkeys(named):
            if col not in t.columns:
                problems.append(_problem(model, t, f"table {t.name} checks", f"unknown column '{col}'", f"未知的列 “{col}”", did_you_mean(col, list(t.columns))))
    return problems


def _metric_refs(model: SemanticModel, m: object) -> list[str]:
    from semantic_layer.model import Metric

    assert isinstance(m, Metric)
    if m.kind == "ratio":
        return [r for r in (m.numerator, m.denominator) if r]
    if m.kind == "derived" and m.expr:
        try:
            return [c.name for c in parse_snippet(m.expr).find_all(exp.Column)]
        except sqlglot.errors.ParseError:
            return []
    return []


def rule_metric_refs(model: SemanticModel, schema: Schema | None) -> list[ModelProblem]:
    problems = []
    graph: dict[str, list[str]] = {}
    for m in model.metric_list:
        refs = _metric_refs(model, m)
        graph[m.name] = refs
        for r in refs:
            if r not in model.metrics:
                problems.append(_problem(model, m, f"metric {m.name}", f"refers to unknown metric '{r}'", f"引用了不存在的指标 “{r}”", did_you_mean(r, list(model.metrics))))
        if m.kind in ("simple", "snapshot") and m.time:
            home = m.measure.table if m.measure else ""
            t, _, c = m.time.rpartition(".")
            t = t or home
            if t in model.tables and c not in model.tables[t].columns:
                problems.append(_problem(model, m, f"metric {m.name}", f"unknown time column '{m.time}'", f"未知的时间列 “{m.time}”"))
    for cycle in _cycles(graph):
        problems.append(_problem(model, model.metrics[cycle[0]], f"metric {cycle[0]}", f"metrics refer to each other in a cycle: {' -> '.join(cycle)}", f"指标循环引用: {' -> '.join(cycle)}"))
    return problems


def rule_tag_refs(model: SemanticModel, schema: Schema | None) -> list[ModelProblem]:
    problems = []
    graph: dict[str, list[str]] = {}
    base_cols = set()
    if model.customer and model.customer.table in model.tables:
        home = model.customer.table
        base_cols = set(model.tables[home].columns)
        for j in model.join_list:
            if j.table == home and j.to in model.tables:
                base_cols |= set(model.tables[j.to].columns)
    outputs = model.source_outputs
    for t in model.tag_list:
        snippets = [t.expr] if t.expr else [c.when for c in t.cases]
        deps: list[str] = []
        for sql in snippets:
            try:
                tree = parse_snippet(sql or "")
            except sqlglot.errors.ParseError:
                problems.append(_problem(model, t, f"tag {t.name}", f"cannot parse SQL '{sql}'", f"无法解析表达式 “{sql}”"))
                continue
            for col in tree.find_all(exp.Column):
                if col.table:
                    table = model.tables.get(col.table)
                    if table is None or col.name not in table.columns:
                        pool = table.columns if table else list(model.tables)
                        problems.append(_problem(model, t, f"tag {t.name}", f"unknown column '{col.sql()}'", f"未知的列 “{col.sql()}”", did_you_mean(col.name if table else col.table, list(pool))))
                    continue
                if col.name in outputs:
                    continue
                if col.name in model.tags:
                    deps.append(col.name)
                elif col.name not in base_cols:
                    pool = list(outputs) + list(model.tags) + sorted(base_cols)
                    problems.append(_problem(model, t, f"tag {t.name}", f"unknown name '{col.name}'", f"未知的名称 “{col.name}”", did_you_mean(col.name, pool)))
        graph[t.name] = deps
    for cycle in _cycles(graph):
        problems.append(_problem(model, model.tags[cycle[0]], f"tag {cycle[0]}", f"tags refer to each other in a cycle: {' -> '.join(cycle)}", f"标签循环引用: {' -> '.join(cycle)}"))
    return problems


def _cycles(graph: dict[str, list[str]]) -> list[list[str]]:
    """One representative cycle per strongly connected loop (simple DFS)."""
    found: list[list[str]] = []
    state: dict[str, int] = {}
    stack: list[str] = []
    reported: set[frozenset[str]] = set()

    def visit(node: str) -> None:
        state[node] = 1
        stack.append(node)
        for nxt in graph.get(node, []):
            if state.get(nxt) == 1:
                cycle = stack[stack.index(nxt):]
                if frozenset(cycle) not in reported:
                    reported.add(frozenset(cycle))
                    found.append(cycle)
            elif nxt not in state:
                visit(nxt)
        stack.pop()
        state[node] = 2

    for node in list(graph):
        if node not in state:
            visit(node)
    return found


def rule_headline_metrics(model: SemanticModel, schema: Schema | None) -> list[ModelProblem]:
    """The metrics offered for a vague question, the default metric and the suggested
    breakdowns must exist."""
    problems = [ModelProblem("model", None, "headline_metrics", f"unknown metric '{name}'", f"未知的指标 “{name}”",
                             did_you_mean(name, list(model.metrics)))
                for name in (*model.headline_metrics, *((model.default_metric,) if model.default_metric else ()))
                if name not in model.metrics]
    fields = model.field_names()
    problems += [ModelProblem("model", None, "suggested_breakdowns", f"unknown field '{name}'", f"未知的字段 “{name}”",
                              did_you_mean(name, sorted(fields)))
                 for name in model.suggested_breakdowns if name not in fields]
    return problems


def rule_held_by(model: SemanticModel, schema: Schema | None) -> list[ModelProblem]:
    """A table's ``held_by`` is a count metric over that table's own rows."""
    problems = []
    for table in model.tables.values():
        metric = model.metrics.get(table.held_by or "")
        if table.held_by and (metric is None or metric.measure is None or metric.measure.table != table.name
                              or metric.measure.agg != "count" or table.customer_key is None):
            problems.append(_problem(model, table, table.name, f"held_by '{table.held_by}' is no count metric of the table's rows "
                                     "(and the table needs a customer_key)",
                                     f"held_by “{table.held_by}” 不是本表行的计数指标(且表需有 customer_key)",
                                     did_you_mean(table.held_by, list(model.metrics))))
    return problems


def rule_row_values(model: SemanticModel, schema: Schema | None) -> list[ModelProblem]:
    """A metric's ``row_values`` are of fields it ``implies``, and each is a declared value of the field."""
    problems = []
    for m in model.metric_list:
        for field, codes in m.row_values.items():
            if field not in m.implies:
                problems.append(_problem(model, m, f"metric {m.name}", f"row_values names '{field}', which it does not imply",
                                         f"row_values 中的 “{field}” 不在 implies 里", list(m.implies)))
                continue
            known = model.field_values(field)
            problems += [_problem(model, m, f"metric {m.name}", f"row_values: '{code}' is no value of '{field}'",
                                  f"row_values: “{code}” 不是 “{field}” 的取值", did_you_mean(code, list(known)))
                         for code in codes if known and code not in known]
    return problems


RULES: tuple[Callable[[SemanticModel, Schema | None], list[ModelProblem]], ...] = (
    rule_duplicates,
    rule_tables_exist,
    rule_schema,
    rule_joins,
    rule_table_checks,
    rule_columns,
    rule_metric_refs,
    rule_tag_refs,
    rule_headline_metrics,
    rule_held_by,
    rule_row_values,
)


def check_model(model: SemanticModel, schema: Schema | None = None) -> list[ModelProblem]:
    problems: list[ModelProblem] = []
    for rule in RULES:
        problems += rule(model, schema)
    return problems
