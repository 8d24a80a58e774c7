"""Words that sets cv (a cross-sell planner in team chat) and cw (a strategy analyst writing the annual review) answered
another question with, or asked back about: "2025年通过app申请、…最后被拒掉的贷款" counted the rejections of 2025 by the
day of the decision, where the period is said at the applying; "已经实际放款的有多少笔" of the loans applied for in 2025
counted the disbursements of 2025; "共有多少笔？合计金额是多少？" dropped the total, and "支出总额是多少？平均每笔…又是多少？"
the total too. Each answer on the small generated mart is checked against hand-written SQL, or must be asked back."""

from __future__ import annotations

import pytest
from test_rates_rows_and_bases import ask, rows

from assistant.answer import Assistant


def test_a_figure_fixing_a_state_is_counted_among_the_rows_the_period_dates(assistant: Assistant) -> None:
    """Rejections said of the loans applied for in 2025: those applications that were rejected, by the day of applying."""
    (n,), = rows(assistant, "SELECT count(*) FROM loans WHERE apply_channel = 'app' AND amount > 100000 AND status = 'rejected' "
                            "AND apply_date BETWEEN DATE '2025-01-01' AND DATE '2025-12-31'")
    answer = ask(assistant, "2025年通过app申请、申请金额超过10万、最后被拒掉的贷款有几笔")
    assert answer.rows[0][0] == n and "apply_date" in answer.sql and "decision_date" not in answer.sql


@pytest.mark.parametrize("question", ["2025年通过微信渠道申请的消费贷中,截至目前已经实际放款的有多少笔?",
                                      "how many of the consumer loans applied for through wechat in 2025 have been disbursed?"])
def test_a_period_at_another_event_of_the_rows_is_asked_about(assistant: Assistant, question: str) -> None:
    """Disbursements have no state a field fixes: which day the period is of is asked, never the disbursing day taken."""
    answer = assistant.ask(question)
    assert answer.status == "clarify"
    assert "2025" in answer.message


@pytest.mark.parametrize("question", ["今年一共拒了多少笔贷款申请？", "How many loan applications got rejected last quarter?",
                                      "Which 5 branches rejected the most loan applications in 2025?"])
def test_a_period_at_the_figures_own_event_dates_it(assistant: Assistant, question: str) -> None:
    """The rejecting said between the period and the applications (or right before the period): rejections by their day."""
    answer = ask(assistant, question)
    assert "decision_date" in (answer.sql or "") and "apply_date" not in (answer.sql or "")


@pytest.mark.parametrize("question", ["2025年经营贷申请共有多少笔?合计金额是多少?",
                                      "How many business loan applications were submitted in 2025 and what was their total amount?"])
def test_a_count_and_the_total_of_its_rows_with_no_figure_of_their_own(assistant: Assistant, question: str) -> None:
    sql = ("SELECT count(*), sum(l.amount) FROM loans l JOIN products p USING (product_id) WHERE p.product_type = 'business_loan' "
           "AND l.apply_date BETWEEN DATE '2025-01-01' AND DATE '2025-12-31'")
    (n, total), = rows(assistant, sql)
    answer = ask(assistant, question)
    assert answer.rows[0][:2] == [n, pytest.approx(float(total))]


def test_by_how_much_asks_for_a_difference_not_a_total(assistant: Assistant) -> None:
    answer = ask(assistant, "Q4 loan applications vs Q3 — up or down, and by how much?")
    assert answer.columns[0] == "loan_applications" and "sum" not in answer.sql.lower()


def test_a_total_in_a_clause_before_an_average_is_asked_too(assistant: Assistant) -> None:
    (total, avg), = rows(assistant, "SELECT sum(amount), avg(amount) FROM transactions WHERE txn_type = 'consumption' "
                                    "AND txn_time >= TIMESTAMP '2025-01-01' AND txn_time < TIMESTAMP '2026-01-01'")
    answer = ask(assistant, "2025年全年客户消费类交易的支出总额是多少?平均每笔消费金额又是多少?")
    values = [v for v in answer.rows[0] if isinstance(v, float)]
    assert pytest.approx(float(total)) in values and pytest.approx(avg) in values


def test_brought_in_through_a_channel_is_the_acquiring_channel(assistant: Assistant) -> None:
    """"APP拉新来的客户": app names how they came in (not the app's events); with a period, the new customers of it."""
    (n,), = rows(assistant, "SELECT count(*) FROM customers WHERE acquisition_channel = 'app' AND open_date <= DATE '2025-12-31'")
    assert ask(assistant, "APP拉新来的客户有多少").rows[0][0] == n
    (new,), = rows(assistant, "SELECT count(*) FROM customers WHERE open_date BETWEEN DATE '2025-11-01' AND DATE '2025-11-30'")
    assert ask(assistant, "上个月拉新的客户有多少").rows[0][0] == new
