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


def test_a_rates_numerator_said_again_is_its_definition(assistant: Assistant) -> None:
    """Sets cx (a BI analyst): "numerator = those with overdue_days > 0" restates the rate — never a condition that makes it 1."""
    (rate,), = rows(assistant, "SELECT avg(CASE WHEN overdue_days > 0 THEN 1.0 ELSE 0 END) FROM loans WHERE status = 'disbursed'")
    for question in ("what's the overdue_rate as of the data date? denominator = outstanding loans only (status = disbursed), "
                     "numerator = those with overdue_days > 0", "逾期率是多少？分子是逾期天数大于0的在贷贷款"):
        assert ask(assistant, question).rows[0][0] == pytest.approx(rate), question


def test_a_group_counted_too_with_its_own_words_between(assistant: Assistant) -> None:
    """"(对照组成本是0也算在内)": the control touches are in the total, not the only rows — and "成本是0" no condition."""
    (cost,), = rows(assistant, "SELECT sum(t.cost) FROM campaign_touches t JOIN campaigns c USING (campaign_id) "
                               "WHERE c.start_date BETWEEN DATE '2025-01-01' AND DATE '2025-12-31'")
    answer = ask(assistant, "2025年启动的营销活动,营销成本一共花了多少?(对照组成本是0也算在内)")
    assert answer.rows[0][0] == pytest.approx(float(cost))


def test_a_chinese_character_more_or_less_is_another_word_not_a_typo(assistant: Assistant) -> None:
    """"想推贷款" is not a slip of 想贷款 (loan intent); 放宽 is one of 放款 (the same sound); 比较高 is 高."""
    answer = assistant.ask("想推贷款，全行现在只存不贷的客户有多少")
    assert answer.status != "answered" or "loan_intent" not in (answer.sql or "")
    (n,), = rows(assistant, "SELECT count(*) FROM loans WHERE disburse_date BETWEEN DATE '2025-01-01' AND DATE '2025-12-31'")
    assert ask(assistant, "今年一共放宽了多少笔贷款？").rows[0][0] == n
    high = ask(assistant, "理财意向高的客户有几个").rows[0][0]
    for question in ("理财意向比较高的客户有几个", "理财意向很高的客户有几个"):
        assert ask(assistant, question).rows[0][0] == high, question


def test_how_much_salary_received_is_the_amount_of_those_rows(assistant: Assistant) -> None:
    (total,), = rows(assistant, "SELECT sum(t.amount) FROM transactions t JOIN customers c USING (customer_id) JOIN branches b USING (branch_id) "
                                "WHERE t.txn_type = 'salary' AND c.is_payroll AND b.region = '华南' "
                                "AND t.txn_time >= TIMESTAMP '2025-01-01' AND t.txn_time < TIMESTAMP '2026-01-01'")
    answer = ask(assistant, "今年华南大区的代发客户一共收到多少工资?")
    assert answer.rows[0][0] == pytest.approx(float(total))


def test_amounts_split_by_a_field_are_summed_per_its_groups(assistant: Assistant) -> None:
    got = ask(assistant, "show me last year's transfer-out amounts split by channel")
    want = rows(assistant, "SELECT channel, sum(amount) FROM transactions WHERE txn_type = 'transfer_out' "
                           "AND txn_time >= TIMESTAMP '2024-01-01' AND txn_time < TIMESTAMP '2025-01-01' GROUP BY 1")
    assert got.columns[0] == "channel" and {r[0]: pytest.approx(r[1]) for r in got.rows} == {c: float(v) for c, v in want}


def test_two_functions_of_one_row_each_said_with_the_field(assistant: Assistant) -> None:
    (avg, top), = rows(assistant, "SELECT avg(amount), max(amount) FROM transactions WHERE txn_type = 'cash_deposit' "
                                  "AND txn_time >= TIMESTAMP '2025-01-01' AND txn_time < TIMESTAMP '2026-01-01'")
    answer = ask(assistant, "2025年现金存入的单笔平均金额和单笔最高金额各是多少?")
    assert answer.rows[0][:2] == [pytest.approx(avg), pytest.approx(float(top))]


def test_the_kinds_of_campaigns_are_the_kinds_just_named(assistant: Assistant) -> None:
    answer = ask(assistant, "按活动目标分一下，各类营销活动的营销转化率")
    assert answer.columns[0] == "objective" and "campaign" not in answer.columns


def test_a_period_of_another_condition_is_not_the_acquiring_one(assistant: Assistant) -> None:
    """"app拉新进来的、近30天活跃度是高的女性客户": the 30 days are the activity's window — the customers the app brought in
    at any time, never the new customers of those 30 days."""
    answer = ask(assistant, "25-34岁、app拉新进来的、近30天活跃度是高的女性客户，一共多少个？")
    assert answer.columns[0] == "customer_count" and "acquisition_channel" in answer.sql
