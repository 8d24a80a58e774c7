"""``wenshu eval``: execution accuracy of the assistant on questions with gold answers.

Each JSON line has ``id``, ``question``, ``category``, optional ``session`` (lines of
one session form a conversation, in file order) or ``follow_up_of`` (the id of an earlier line
whose conversation it continues) and one gold form:
``gold_sql`` (run as is), ``gold_query`` (a SemanticQuery, compiled by the semantic
layer), or ``expect_status`` (``clarify`` / ``refused``, or a list of either). Results match when every gold
column equals some predicted column as a multiset of values (rounded), and — when the
question asks for a ranking (``ordered: true``) — in the same row order; a year may be
given as its first day. A period
comparison is answered in one row per group (the figure, the previous period's, the
change); a gold with one row per period matches when both figures are its rows. A group
comparison answered one row per group matches a gold that pivots the groups into one row
(with or without the gap between them), and a top-N gold whose N-th row ties with the next
accepts any of the tied rows.
"""

from __future__ import annotations

import itertools
import json
import re
import uuid
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from assistant.answer import Answer, Assistant
from assistant.describe import answer_roles
from semantic_layer.query import SemanticQuery


def _norm(v: Any) -> Any:
    if isinstance(v, datetime):
        return v.date().isoformat() if v.time() == datetime.min.time() else v.isoformat()
    if isinstance(v, date):
        return v.isoformat()
    if isinstance(v, bool) or v is None:
        return v
    if isinstance(v, int | float | Decimal):
        f = float(f"{float(v):.12g}")  # float noise first (0.044317499999999996 is 0.0443175), then the rounding
        return round(f, 6) if abs(f) < 1e6 else round(f, 2)
    return str(v)


def _at_gold_precision(gold: list[Any], pred: list[Any]) -> list[Any]:
    """A gold column its writer rounded (ROUND(x, 2): 155972.59, 0.0272) compared at that precision: the predicted
    figures rounded to the gold's decimals, when every gold figure is a non-whole number of 1-4 decimals."""
    decimals = [len(repr(v).split(".")[1]) for v in gold if isinstance(v, float) and not v.is_integer() and "e" not in repr(v)]
    if not decimals or len(decimals) != len(gold) or not 1 <= max(decimals) <= 4:
        return pred
    d = max(decimals)
    return [round(v, d) if isinstance(v, float) else v for v in pred]


def columns_match(gold_cols: list[list[Any]], pred_cols: list[list[Any]], ordered: bool) -> bool:
    """Each gold column equals a distinct predicted column (as multiset, or as sequence if ordered)."""
    if not gold_cols:
        return not pred_cols or all(len(c) == 0 for c in pred_cols)
    if not pred_cols or len(gold_cols[0]) != len(pred_cols[0]):
        return False
    parts = _period_parts(pred_cols)
    first_part = len(pred_cols)
    pred_cols = [*pred_cols, *parts]
    mapping: list[int] = []
    matched: list[list[Any]] = []
    unmatched: list[list[Any]] = []
    read: dict[int, list[Any]] = {}  # each matched predicted column as compared
    for g in gold_cols:
        gn = [_norm(v) for v in g]
        hit = None
        for i, p in enumerate(pred_cols):
            if i in mapping:
                continue
            pn = _at_gold_precision(gn, _years_like(gn, [_norm(v) for v in p]))
            same = gn == pn if ordered else Counter(map(repr, gn)) == Counter(map(repr, pn))
            if same:
                hit, read[i] = i, pn
                break
        if hit is None:
            unmatched.append(g)
            continue
        mapping.append(hit)
        matched.append(g)
    # a gold key column beside its name (branch_id with branch_name) need not be shown too
    if not matched:
        return False
    # the year and the quarter or month within it only together: Q4 2024 and Q1 2025 are not quarters 4 and 1, nor
    # February 2024 and 2025 the years
    if any((first_part + i + 1 in mapping) != (first_part + i in mapping) for i in range(0, len(parts), 2)):
        return False
    if not all(any(_aliases(u, m) for m in matched) for u in unmatched):
        # …and a key shown as its name alone ("CMP2510M" as 2025秋季贷款客户存款礼): another name, row by row
        spare = [p for i, p in enumerate(pred_cols) if i not in mapping and not _keys(p)]
        if not all(_keys(u) and any(_aliases(*_paired(u, p, matched, [read[i] for i in mapping], ordered)) for p in spare)
                   for u in unmatched if not any(_aliases(u, m) for m in matched)):
            return False
    # the rows must pair up too, not only each column on its own
    gold_rows = Counter(repr(tuple(_norm(c[r]) for c in matched)) for r in range(len(gold_cols[0])))
    pred_rows = Counter(repr(tuple(read[i][r] for i in mapping)) for r in range(len(pred_cols[0])))
    return gold_rows == pred_rows


_KEY = re.compile(r"[A-Za-z]{1,6}[-_]?\d{2,}[A-Za-z]{0,2}")


def _keys(column: list[Any]) -> bool:
    """Is every value a code of letters and digits ("CMP2510M", "B042"): a key, never a name or a period?"""
    return bool(column) and all(isinstance(v, str) and _KEY.fullmatch(v) for v in column)


def _paired(key: list[Any], name: list[Any], gold: list[list[Any]], pred: list[list[Any]],
            ordered: bool = False) -> tuple[list[Any], list[Any]]:
    """A gold column and a predicted one, their rows paired by the columns that matched (which must tell every row
    apart); nothing paired when they do not. In a ranking the columns matched in order: rows pair by place (rows
    tied on the figure too — an order among them that differs leaves the key no alias of the name)."""
    if ordered:
        return [str(v) for v in key], list(name)
    # rows tied on every matched figure pair up in any order: they hold the same figures (CMP2403B and CMP2501H at 0.2)
    at: dict[tuple, list[int]] = {}
    by: dict[tuple, list[int]] = {}
    for r in range(len(gold[0])):
        at.setdefault(tuple(_norm(c[r]) for c in gold), []).append(r)
    for r in range(len(pred[0])):
        by.setdefault(tuple(c[r] for c in pred), []).append(r)
    if at.keys() != by.keys() or any(len(at[k]) != len(by[k]) for k in at):
        return [], [0]
    pairs = [(g, p) for k in at for g, p in zip(sorted(at[k], key=lambda r: str(key[r])), sorted(by[k], key=lambda r: str(name[r])), strict=True)]
    return [str(key[g]) for g, _ in pairs], [name[p] for _, p in pairs]


def _period_parts(pred_cols: list[list[Any]]) -> list[list[Any]]:
    """A breakdown by quarter or month over several years as the gold may split it: the year, and the quarter or
    month within it ("2025-04-01" as 2025 and 2, from ``year(d)``, ``quarter(d)``)."""
    out: list[list[Any]] = []
    for p in pred_cols:
        days = [_norm(v) for v in p]
        if not days or not all(isinstance(v, str) and re.fullmatch(r"\d{4}-\d\d-01", v) for v in days) or len({v[:4] for v in days}) < 2:
            continue
        months = [int(v[5:7]) for v in days]
        out.append([float(v[:4]) for v in days])
        out.append([float((m + 2) // 3) for m in months] if all(m % 3 == 1 for m in months) else [float(m) for m in months])
    return out


def _years_like(gold: list[Any], pred: list[Any]) -> list[Any]:
    """A period breakdown's first days as the numbers a gold column holds: years ("2024-01-01"
    as 2024), or, within one year, quarters ("2025-04-01" as 2, from ``quarter(d)``) and months
    ("2025-04-01" as 4, from ``month(d)``); or the text a gold writes for a month or a quarter ("2025-04",
    "2025Q2", "2025-Q2" for the period starting "2025-04-01")."""
    if pred and all(isinstance(g, str) for g in gold):
        return _period_labels(gold, pred)
    if not pred or not all(isinstance(g, float) and g.is_integer() for g in gold):
        return pred
    if not all(isinstance(v, str) and re.fullmatch(r"\d{4}-\d\d-01", v) for v in pred):
        return pred
    if all(v.endswith("-01-01") for v in pred) and all(1900 <= g <= 2100 for g in gold):
        return [float(v[:4]) for v in pred]
    if len({v[:4] for v in pred}) > 1 or not all(1 <= g <= 12 for g in gold):
        return pred
    months = [int(v[5:7]) for v in pred]
    quarters = [float((m + 2) // 3) for m in months]
    if all(m % 3 == 1 for m in months) and set(quarters) == set(gold):
        return quarters
    return [float(m) for m in months]


def _period_labels(gold: list[str], pred: list[Any]) -> list[Any]:
    """Periods' first days written as the gold writes a month ("2025-04") or a quarter ("2025Q2", "2025-Q2")."""
    if not all(isinstance(v, str) and re.fullmatch(r"\d{4}-\d\d-01", v) for v in pred):
        return pred
    if all(re.fullmatch(r"\d{4}-\d\d", g) for g in gold):
        return [v[:7] for v in pred]
    bare = [re.fullmatch(r"([Qq])([1-4])", g) for g in gold]  # "Q3", "Q4" of one year
    if all(bare) and len({v[:4] for v in pred}) == 1 and all(int(v[5:7]) % 3 == 1 for v in pred):
        return [f"{bare[0].group(1)}{(int(v[5:7]) + 2) // 3}" for v in pred]  # type: ignore[union-attr]
    quarter = [re.fullmatch(r"(\d{4})-?[Qq]([1-4])", g) for g in gold]
    if all(quarter) and all(int(v[5:7]) % 3 == 1 for v in pred):
        style = "-Q" if "-" in gold[0] else ("Q" if "Q" in gold[0] else "q")
        return [f"{v[:4]}{style}{(int(v[5:7]) + 2) // 3}" for v in pred]
    return pred


def _aliases(key: list[Any], name: list[Any]) -> bool:
    """Is ``key`` another name for ``name`` row by row (one text value per value, both ways)?"""
    if not all(isinstance(v, str) for v in (*key, *name)):
        return False
    pairs = set(zip(key, name, strict=True))
    return len(pairs) == len({k for k, _ in pairs}) == len({n for _, n in pairs})


def _period_rows(answer: Answer) -> list[list[Any]] | None:
    """A period comparison's rows as one row per period (previous first), in columns:
    the group columns, then each figure; change columns are left out."""
    cols = list(answer.columns)
    figures = [c for c in cols if f"{c}_previous" in cols]
    if not figures:
        return None
    derived = {f"{f}_{tail}" for f in figures for tail in ("previous", "change", "change_pct")}
    groups = [c for c in cols if c not in figures and c not in derived]
    rows = []
    for row in answer.rows:
        value = dict(zip(cols, row, strict=True))
        rows.append([value[g] for g in groups] + [value[f"{f}_previous"] for f in figures])
        rows.append([value[g] for g in groups] + [value[f] for f in figures])
    return _transpose(rows, len(groups) + len(figures))


def _transpose(rows: list[list[Any]] | list[tuple[Any, ...]], width: int) -> list[list[Any]]:
    return [[r[i] for r in rows] for i in range(width)]


@dataclass
class CaseResult:
    id: str
    category: str
    lang: str
    ok: bool
    status: str
    detail: str = ""


@dataclass
class EvalReport:
    results: list[CaseResult] = field(default_factory=list)

    def accuracy(self, key: str) -> dict[str, tuple[int, int]]:
        out: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        for r in self.results:
            k = getattr(r, key)
            out[k][0] += int(r.ok)
            out[k][1] += 1
        return {k: (v[0], v[1]) for k, v in sorted(out.items())}

    @property
    def overall(self) -> float:
        return sum(r.ok for r in self.results) / max(1, len(self.results))

    @property
    def answered_wrong(self) -> list[CaseResult]:
        """Answered with a number that is not the gold one: the worst outcome, counted apart
        from clarifications, refusals and errors (which at least do not mislead)."""
        return [r for r in self.results if not r.ok and r.status == "answered"]

    def outcomes(self) -> dict[str, int]:
        """correct / answered_wrong / not_answered (clarify, refused or error where an answer was due)."""
        wrong = len(self.answered_wrong)
        correct = sum(r.ok for r in self.results)
        return {"correct": correct, "answered_wrong": wrong, "not_answered": len(self.results) - correct - wrong}

    def to_json(self) -> dict[str, Any]:
        return {
            "overall": round(self.overall, 4),
            "total": len(self.results),
            **self.outcomes(),
            "by_lang": {k: {"correct": ok, "total": n} for k, (ok, n) in self.accuracy("lang").items()},
            "by_category": {k: {"correct": ok, "total": n} for k, (ok, n) in self.accuracy("category").items()},
            "failures": [{"id": r.id, "lang": r.lang, "category": r.category, "status": r.status, "detail": r.detail}
                         for r in self.results if not r.ok],
        }


def _gold_rows(assistant: Assistant, case: dict[str, Any], as_of: date | None) -> tuple[list[list[Any]], int]:
    if "gold_sql" in case:  # trusted test data, not user text: no allow-list, still read-only
        result = assistant.warehouse.runner.run_reference(case["gold_sql"])
        return _transpose(result.rows, len(result.columns)), len(result.rows)
    query = SemanticQuery.model_validate(case["gold_query"])
    answer = assistant.run_query(query, lang=case.get("lang", "zh"))
    return _transpose(answer.rows, len(answer.columns)), len(answer.rows)


def judge(assistant: Assistant, case: dict[str, Any], answer: Answer) -> tuple[bool, str]:
    expected = case.get("expect_status")
    if expected:  # one status, or a list of acceptable ones (a refusal or a clarification)
        allowed = [expected] if isinstance(expected, str) else list(expected)
        return answer.status in allowed, f"status {answer.status}, expected {' or '.join(allowed)}"
    if answer.status != "answered":
        return False, f"status {answer.status}: {answer.message[:120]}"
    gold, n = _gold_rows(assistant, case, None)
    pred = _transpose(answer.rows, len(answer.columns))
    if n == 2 * len(answer.rows) and (answer.semantic_query or {}).get("compare"):
        periods = _period_rows(answer)  # each answered figure must be a gold column
        ok = periods is not None and columns_match(periods, gold, ordered=False)
        return ok, "" if ok else "values differ (one row per period)"
    if n == 1 and len(answer.rows) >= 2 and _pivoted(gold, answer):
        return True, ""  # "男客户跟女客户的户均AUM比一比" written as one row of two columns
    if len(answer.rows) == 1 and n >= 2 and _pivoted_answer(gold, answer):
        return True, ""  # "treatment vs control conversion rate" answered as one row of the two figures
    roles = answer_roles(answer)
    if n < len(answer.rows):  # periods or groups with nothing in them, shown as 0, that the gold's GROUP BY leaves out
        figures = [i for i, r in enumerate(roles) if r not in ("dimension", "time")]
        kept = [r for r in answer.rows if not all(r[i] in (0, 0.0, None) for i in figures)]
        if figures and len(kept) == n and columns_match(gold, _transpose(kept, len(answer.columns)), bool(case.get("ordered"))):
            return True, ""
    if n != len(answer.rows):
        return False, f"{len(answer.rows)} rows, expected {n}"
    if gold == [[None]] and len(answer.rows) == 1 and answer.rows[0][0] in (0, 0.0) \
            and all(r == "operand" for r in roles[1:len(answer.rows[0])]):
        return True, ""  # a sum over no rows: SQL's NULL, the answer's 0 (over 0 rows)
    ok = columns_match(gold, pred, bool(case.get("ordered"))) or _tied_at_the_cut(assistant, case, pred) \
        or _in_yuan(gold, answer, bool(case.get("ordered"))) \
        or bool(case.get("ordered")) and columns_match(_ties_in_one_order(gold), _ties_in_one_order(pred), True)
    return ok, "" if ok else "values differ"


def _ties_in_one_order(columns: list[list[Any]]) -> list[list[Any]]:
    """A ranking's rows with rows of equal figures put in one order (by their words): rows that tie
    ("天津南开支行 521, 深圳福田支行 521") may come either way round."""
    if not columns or not columns[0]:
        return columns
    rows = [list(r) for r in zip(*columns, strict=True)]
    figures = [i for i, c in enumerate(columns) if all(isinstance(v, int | float | Decimal) and not isinstance(v, bool) for v in c)]
    words = [i for i in range(len(columns)) if i not in figures]
    if not figures or not words:
        return columns
    out: list[list[Any]] = []
    for _, run in itertools.groupby(rows, key=lambda r: tuple(_norm(r[i]) for i in figures)):
        out += sorted(run, key=lambda r: tuple(str(r[i]) for i in words))
    return _transpose(out, len(columns))


def _in_yuan(gold: list[list[Any]], answer: Answer, ordered: bool) -> bool:
    """"户均AUM大概多少万?" answered in 万 where the gold writes yuan: the amounts, each times the unit asked."""
    from semantic_layer.query import MONEY_UNITS

    unit = MONEY_UNITS.get(str((answer.semantic_query or {}).get("money_unit") or "yuan"), 1)
    if unit == 1:
        return False
    # (the amounts are the columns shown in the unit: numbers, not counts)
    scaled = [[v * unit if isinstance(v, float) else v for v in column] if fmt not in ("integer", "percent") else column
              for column, fmt in zip(_transpose(answer.rows, len(answer.columns)), answer.column_formats or [""] * len(answer.columns), strict=False)]
    return columns_match(gold, scaled, ordered)


def _pivoted(gold: list[list[Any]], answer: Answer) -> bool:
    """A gold of one row whose columns are the groups' (or periods') figures, answered one row per group:
    a figure column of the answer holds the gold row's values."""
    numbers = [i for i, c in enumerate(answer.columns) if all(isinstance(r[i], int | float | Decimal) and not isinstance(r[i], bool)
                                                            for r in answer.rows)]
    groups = (answer.semantic_query or {}).get("group_by") or []  # groups or periods ("分别列出两个月的数值")
    if not groups or not all(isinstance(c[0], int | float | Decimal) for c in gold):
        return False
    return any(_pivot_of(gold, [float(r[i]) for r in answer.rows]) for i in numbers)


def _pivoted_answer(gold: list[list[Any]], answer: Answer) -> bool:
    """A gold of one row per group, answered as one row holding each group's figure (the
    metric of each, side by side): a figure column of the gold holds the answer row's figures."""
    roles = answer_roles(answer)  # a rate's numerator and denominator beside it are not groups' figures, nor a change between two
    figures = [float(v) for i, v in enumerate(answer.rows[0])
               if isinstance(v, int | float | Decimal) and not isinstance(v, bool) and roles[i:i + 1] not in (["operand"], ["change"], ["change_pct"])]
    if len(figures) != len(gold[0]):
        return False  # (the one row's own groups — a breakdown that came out one row — name it, they hold no figure)
    columns = [c for c in gold if all(isinstance(v, int | float | Decimal) and not isinstance(v, bool) for v in c)]
    return any(Counter(repr(_norm(v)) for v in c) == Counter(repr(_norm(f)) for f in figures) for c in columns)


def _pivot_of(gold: list[list[Any]], figures: list[float]) -> bool:
    rest = Counter(repr(_norm(c[0])) for c in gold)
    rest.subtract(Counter(repr(_norm(f)) for f in figures))
    if any(v < 0 for v in rest.values()):
        return False
    # the gold may add the gap between two groups (a − b, b − a, a / b, (a − b) / b): never a figure of its own
    derived = {repr(_norm(x)) for a in figures for b in figures if a is not b
               for x in (a - b, a / b if b else None, (a - b) / b if b else None) if x is not None}
    return all(k in derived for k, v in rest.items() for _ in range(v))


def _tied_at_the_cut(assistant: Assistant, case: dict[str, Any], pred: list[list[Any]]) -> bool:
    """A top-N gold whose N-th row ties with the next: any of the tied rows may fill the cut.
    The gold is run without its LIMIT; the answer matches when it holds every row above the tie
    and the rest from the tied rows."""
    from itertools import combinations

    import sqlglot

    sql = case.get("gold_sql")
    tree = sqlglot.parse_one(sql, read="duckdb") if sql else None
    limit = tree.args.get("limit") if tree is not None else None
    if limit is None or not isinstance(limit.expression, sqlglot.exp.Literal):
        return False
    n = int(limit.expression.this)
    unlimited = tree.copy()  # type: ignore[union-attr]
    unlimited.set("limit", None)
    result = assistant.warehouse.runner.run_reference(unlimited.sql(dialect="duckdb"))
    rows = [list(r) for r in result.rows]
    if len(rows) <= n:
        return False
    figures = [i for i, v in enumerate(rows[n - 1]) if isinstance(v, int | float | Decimal)]
    # rows tie on what orders them ("worst wake-up rate": 0 of 5 and 0 of 3 dormant customers tie at 0), not on every figure
    ordered_by = [i for i in (_output_index(result.columns, o.this) for o in tree.args["order"].expressions)
                  if i is not None and i in figures] if tree.args.get("order") else []
    figures = ordered_by or figures
    key = lambda r: tuple(_norm(r[i]) for i in figures)  # noqa: E731
    if not figures or key(rows[n]) != key(rows[n - 1]):
        return False
    tied = [r for r in rows if key(r) == key(rows[n - 1])]
    above = [r for r in rows[:n] if key(r) != key(rows[n - 1])]
    if len(tied) > 12:
        return False
    return any(columns_match(_transpose(above + list(pick), len(rows[0])), pred, ordered=False)
               for pick in combinations(tied, n - len(above)))


def _output_index(columns: list[str], expression: Any) -> int | None:
    """Which output column of the gold an ORDER BY expression names: by its name, or by position."""
    import sqlglot

    if isinstance(expression, sqlglot.exp.Literal) and expression.is_int:
        return int(expression.this) - 1
    name = expression.alias_or_name if isinstance(expression, sqlglot.exp.Column | sqlglot.exp.Identifier) else None
    return columns.index(name) if name in columns else None


def evaluate(assistant: Assistant, path: Path, progress: Any = None) -> EvalReport:
    report = EvalReport()
    run = uuid.uuid4().hex[:8]  # this run's conversations: never continued by another file's line n
    sessions: dict[str, str] = {}  # each case's conversation, continued by a case that says it follows it up
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("//"):
            continue
        case = json.loads(line)
        session = sessions.get(str(case.get("follow_up_of"))) or f"__eval_{run}_{case.get('session') or n}"
        sessions[str(case.get("id", n))] = session
        answer = assistant.ask(case["question"], session=session)
        if case.get("skip_judge"):  # a setup turn of a conversation
            continue
        try:
            ok, detail = judge(assistant, case, answer)
        except Exception as exc:  # a broken gold answer is a failed case, not a crash
            ok, detail = False, f"gold failed: {exc}"
        lang = case.get("lang") or answer.lang
        report.results.append(CaseResult(str(case.get("id", n)), case.get("category", "other"), lang, ok, answer.status, detail))
        if progress:
            progress()
    return report
