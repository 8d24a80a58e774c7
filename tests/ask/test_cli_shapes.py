"""Every query shape through the command line (``wenshu ask --batch … --json``, run as
``python -m assistant.cli`` so the code under test is this checkout's): the semantic
query the answer reports, and for a few of them the numbers, checked against SQL written
by hand from the spec."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from test_glossary_numbers import ensure_ref_tags, ref_con  # noqa: F401
from test_rule_parser import SHAPES, _shape

from semantic_layer.query import SemanticQuery

pytestmark = pytest.mark.slow  # one CLI batch of every shape; test_rule_parser checks the shapes in process
ROOT = Path(__file__).parents[2]
D = "2025-12-31"

# question → SQL over {tags} (the independent reference tags as of D) or the raw tables
NUMBERS = {
    "代发客户里女性占几成": "SELECT count(*) FILTER (WHERE gender = 'female') / count(*) FROM {tags} WHERE is_payroll",
    "贷款余额比上个月多了多少": "SELECT sum(loan_balance) FILTER (WHERE month = DATE '2025-12-01') - sum(loan_balance) FILTER (WHERE month = DATE '2025-11-01') FROM balances_monthly",
    "沉睡客户平均多大年纪": "SELECT avg(age) FROM {tags} WHERE lifecycle_stage = 'dormant'",
    # (the answer's last figure: 华东's rate minus the bank's)
    "华东2025年的贷款审批通过率跟全行比,高还是低?": "SELECT count(*) FILTER (WHERE l.status IN ('approved', 'disbursed', 'settled') AND b.region = '华东') "
                                        "/ count(*) FILTER (WHERE b.region = '华东') - count(*) FILTER (WHERE l.status IN "
                                        "('approved', 'disbursed', 'settled')) / count(*) FROM loans l JOIN customers c USING (customer_id) "
                                        "JOIN branches b USING (branch_id) WHERE l.decision_date BETWEEN DATE '2025-01-01' AND DATE '2025-12-31'",
    "满意度4分及以上的问卷有多少份": "SELECT count(*) FROM survey_responses WHERE satisfaction >= 4",
    "理财余额占AUM的比例": "SELECT sum(wealth_balance) / sum(deposit_balance + wealth_balance) FROM balances_monthly WHERE month = DATE '2025-12-01'",
    "从来没申请过贷款的客户有多少": "SELECT count(*) FROM {tags} t WHERE NOT EXISTS (SELECT 1 FROM loans l WHERE l.customer_id = t.customer_id)",
    "上个月交易金额超过1万的客户有多少个": "SELECT count(*) FROM (SELECT customer_id FROM transactions WHERE txn_time >= DATE '2025-11-01' "
                                    "AND txn_time < DATE '2025-12-01' GROUP BY customer_id HAVING sum(amount) > 10000)",
}


@pytest.fixture(scope="module")
def answers(mart_path: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict]:
    folder = tmp_path_factory.mktemp("cli")
    batch = folder / "shapes.jsonl"
    batch.write_text("\n".join(json.dumps({"id": i, "question": q}, ensure_ascii=False) for i, (q, _) in enumerate(SHAPES)), encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "assistant.cli", "ask", "--batch", str(batch), "--db", str(mart_path), "--json"],
                         capture_output=True, text=True, cwd=folder, timeout=600)
    assert run.returncode == 0, run.stderr
    lines = [json.loads(line) for line in run.stdout.splitlines()]
    return {SHAPES[line["id"]][0]: line for line in lines}


@pytest.mark.parametrize(("question", "expected"), SHAPES, ids=[s[0] for s in SHAPES])
def test_each_shape_answers_the_question_asked(answers: dict[str, dict], question: str, expected: dict) -> None:
    answer = answers[question]
    assert answer["status"] == "answered", answer["message"]
    assert _shape(SemanticQuery.model_validate(answer["semantic_query"])) == expected
    assert answer["applied"] is not None and answer["summary"]


@pytest.mark.parametrize(("question", "sql"), NUMBERS.items())
def test_numbers_match_hand_written_sql(answers: dict[str, dict], ref_con, question: str, sql: str) -> None:  # noqa: F811
    from datetime import date

    expected = ref_con.execute(sql.format(tags=ensure_ref_tags(ref_con, date(2025, 12, 31)))).fetchone()[0]
    answer = answers[question]
    figures = [c for c, role in zip(answer["columns"], answer["column_roles"], strict=True) if role != "operand"]  # not a rate's parts or its n
    principal = next(i for i, c in enumerate(answer["columns"]) if c.endswith(("_share", "_change")) or "__of__" in c or c == figures[-1])
    got = answer["rows"][0][principal]
    assert got == pytest.approx(float(expected), rel=1e-9)
