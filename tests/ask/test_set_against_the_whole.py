"""One group set against the whole (set do: a branch manager): "杭州滨江支行的审批通过率跟全行比，高还是低？"
was asked back, and "X和全行的户均AUM" answered X's figure alone — a different question. The answer now
shows the group's figure, the same figure over everyone and the difference (``benchmark``); with a
breakdown and no group named, each group against the whole. Each number on the small generated mart
is checked against hand-written SQL."""

from __future__ import annotations

import pytest
from test_rates_rows_and_bases import ask, rows

from assistant.answer import Assistant
from semantic_layer.query import Benchmark, Filter, SemanticQuery

_APPROVED = "l.status IN ('approved', 'disbursed', 'settled')"
_DECIDED_2025 = "l.decision_date BETWEEN DATE '2025-01-01' AND DATE '2025-12-31'"
_BY_REGION = "FROM loans l JOIN customers c USING (customer_id) JOIN branches b USING (branch_id)"


@pytest.mark.parametrize("question", ["华东2025年的贷款审批通过率跟全行比,高还是低?", "2025年华东的贷款审批通过率和全行比怎么样",
                                      "Is East China's loan approval rate in 2025 higher or lower than the bank overall?"])
def test_a_region_against_the_bank(assistant: Assistant, question: str) -> None:
    (part, whole), = rows(assistant, f"SELECT count(*) FILTER (WHERE {_APPROVED} AND b.region = '华东') / count(*) FILTER (WHERE b.region = '华东'), "
                                     f"count(*) FILTER (WHERE {_APPROVED}) / count(*) {_BY_REGION} WHERE {_DECIDED_2025}")
    answer = ask(assistant, question)
    got = dict(zip(answer.columns, answer.rows[0], strict=True))
    assert got["loan_approval_rate"] == pytest.approx(part) and got["loan_approval_rate_overall"] == pytest.approx(whole)
    assert got["loan_approval_rate_vs_overall"] == pytest.approx(part - whole)
    word = ("高" if part > whole else "低") if answer.lang == "zh" else ("higher" if part > whole else "lower")
    assert word in answer.summary and answer.applied


def test_a_group_and_the_whole_named_together_is_not_the_group_alone(assistant: Assistant) -> None:
    (part, whole), = rows(assistant, "SELECT avg(b.deposit_balance + b.wealth_balance) FILTER (WHERE br.city = '上海'), "
                                     "avg(b.deposit_balance + b.wealth_balance) FROM balances_monthly b JOIN customers c USING (customer_id) "
                                     "JOIN branches br USING (branch_id) "
                                     "WHERE b.month = DATE '2025-12-01'")
    for question in ("上海和全行的户均AUM", "how does average AUM per customer in Shanghai stack up against the bank overall?"):
        answer = ask(assistant, question)
        got = dict(zip(answer.columns, answer.rows[0], strict=True))
        assert got["avg_aum_per_customer"] == pytest.approx(part) and got["avg_aum_per_customer_overall"] == pytest.approx(whole)


def test_each_group_of_a_breakdown_against_the_whole(assistant: Assistant) -> None:
    want = rows(assistant, "SELECT b.region, count(*) FILTER (WHERE l.overdue_days > 0) / count(*) FROM loans l JOIN customers c USING (customer_id) "
                           "JOIN branches b USING (branch_id) WHERE l.status = 'disbursed' GROUP BY 1 ORDER BY 1")
    (whole,), = rows(assistant, "SELECT count(*) FILTER (WHERE overdue_days > 0) / count(*) FROM loans WHERE status = 'disbursed'")
    answer = ask(assistant, "各区域的逾期率跟全行比")
    got = {r[0]: r[1:] for r in answer.rows}
    assert set(got) == {w[0] for w in want}
    for region, rate in want:
        assert got[region] == pytest.approx((rate, whole, rate - whole))


def test_each_period_against_the_whole_of_that_period(assistant: Assistant) -> None:
    want = rows(assistant, "SELECT date_trunc('quarter', l.disburse_date)::DATE, sum(l.amount) FILTER (WHERE b.region = '华东'), sum(l.amount) "
                           f"{_BY_REGION} WHERE l.disburse_date BETWEEN DATE '2025-01-01' AND DATE '2025-12-31' GROUP BY 1 ORDER BY 1")
    answer = ask(assistant, "2025年每个季度华东的放款金额和全行比")
    got = [(r[answer.columns.index("loan_disbursement_amount")], r[answer.columns.index("loan_disbursement_amount_overall")]) for r in answer.rows]
    assert got == [pytest.approx((float(p), float(w))) for _, p, w in want]


def test_a_benchmark_takes_no_share_or_comparison_beside_it() -> None:
    part = (Filter(field="region", op="in", value=("华东",)),)
    with pytest.raises(ValueError, match="benchmark"):
        SemanticQuery(metrics=("customer_count",), benchmark=Benchmark(part=part), share_of_total=True)
    with pytest.raises(ValueError, match="benchmark"):
        SemanticQuery(metrics=("customer_count",), benchmark=Benchmark())  # no group and nothing set against the whole


def test_a_share_of_one_groups_total_held_by_another(assistant: Assistant) -> None:
    (share,), = rows(assistant, "SELECT sum(b.deposit_balance) FILTER (WHERE br.city = '杭州') / sum(b.deposit_balance) FROM balances_monthly b "
                                "JOIN customers c USING (customer_id) JOIN branches br USING (branch_id) "
                                "WHERE br.region = '华东' AND b.month = DATE '2025-12-01'")
    answer = ask(assistant, "What fraction of the 华东 region's point-in-time deposit balance at end of December 2025 is held by customers in 杭州?")
    assert answer.rows[0][answer.columns.index("deposit_balance_share")] == pytest.approx(share)
