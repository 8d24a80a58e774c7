"""Words that sets df (a collections lead) and dg (an operations analyst building the monthly dashboard) answered
another question with, or asked back about: "哪个月放款金额最高", "which month had the most …" (the months ranked) were
asked back; "which month had the highest …, and which had the lowest?" must not answer every month; "消费交易一共花了
多少钱" read the campaigns' cost; "customers who made at least one transaction in each month" was an error; "按消费贷、
房贷、经营贷分开统计" beside 每季度 dropped the split; "有逾期贷款的那些客户…的贷款余额" summed everyone's; "笔数和贷款金额
各多少" broke the count down by amount. Each answer on the small generated mart is checked against hand-written SQL."""

from __future__ import annotations

import pytest
from test_rates_rows_and_bases import ask, rows

from assistant.answer import Assistant

_2025 = "disburse_date BETWEEN DATE '2025-01-01' AND DATE '2025-12-31'"


@pytest.mark.parametrize("question", ["2025年哪个月放款金额最高", "2025年放款金额最高的是哪个月",
                                      "which month in 2025 had the highest loan disbursement amount"])
def test_the_month_with_the_most(assistant: Assistant, question: str) -> None:
    (month, amount), = rows(assistant, f"SELECT date_trunc('month', disburse_date), sum(amount) FROM loans WHERE {_2025} "
                                       "GROUP BY 1 ORDER BY 2 DESC LIMIT 1")
    answer = ask(assistant, question)
    assert len(answer.rows) == 1 and str(answer.rows[0][0]) == str(month)[:10] and answer.rows[0][1] == pytest.approx(float(amount))


def test_both_ends_of_the_months_asked_apart_are_asked_back(assistant: Assistant) -> None:
    answer = assistant.ask("Looking at 2025, which month had the highest loan disbursement amount, and which had the lowest?")
    assert answer.status == "clarify"


def test_spending_said_of_transactions_is_their_amount(assistant: Assistant) -> None:
    (jan,), = rows(assistant, "SELECT sum(t.amount) FROM transactions t JOIN customers c USING (customer_id) WHERE c.is_payroll "
                              "AND t.txn_type = 'consumption' AND t.txn_time >= TIMESTAMP '2025-01-01' AND t.txn_time < TIMESTAMP '2025-02-01'")
    answer = ask(assistant, "代发工资的客户,2025年每个月消费交易一共花了多少钱?")
    assert answer.columns[:2] == ["month", "txn_amount"] and answer.rows[0][1] == pytest.approx(float(jan))
    assert ask(assistant, "2025年的营销活动一共花了多少钱").columns[0] == "campaign_cost"


def test_customers_doing_rows_each_month_are_counted_per_month(assistant: Assistant) -> None:
    want = rows(assistant, "SELECT date_trunc('month', txn_time)::DATE, count(DISTINCT customer_id) FROM transactions "
                           "WHERE txn_time >= TIMESTAMP '2025-01-01' AND txn_time < TIMESTAMP '2026-01-01' GROUP BY 1 ORDER BY 1")
    answer = ask(assistant, "how many distinct customers made at least one transaction in each month of 2025?")
    assert [(str(r[0]), r[1]) for r in answer.rows] == [(str(m), n) for m, n in want]


def test_values_listed_for_a_split_beside_a_time_grain(assistant: Assistant) -> None:
    answer = ask(assistant, "2025年每季度的贷款申请笔数,按消费贷、房贷、经营贷分开统计")
    assert answer.columns[:2] == ["quarter", "product_type"] and len(answer.rows) == 12


def test_customers_holding_an_overdue_loan_and_their_balance(assistant: Assistant) -> None:
    (total,), = rows(assistant, "SELECT sum(loan_balance) FROM balances_monthly WHERE month = DATE '2025-12-01' AND customer_id IN "
                                "(SELECT customer_id FROM loans WHERE status = 'disbursed' AND overdue_days > 0)")
    answer = ask(assistant, "现在有逾期贷款的那些客户,2025年12月末的贷款余额加起来多少?")
    assert answer.rows[0][0] == pytest.approx(float(total))


def test_a_count_and_an_amount_each_asked(assistant: Assistant) -> None:
    (n, total), = rows(assistant, "SELECT count(*), sum(l.amount) FROM loans l JOIN products p USING (product_id) WHERE l.status = 'disbursed' "
                                  "AND p.product_type = 'consumer_loan' AND l.overdue_days BETWEEN 1 AND 90")
    answer = ask(assistant, "消费贷里面逾期1到90天的,笔数和贷款金额各多少?")
    assert answer.rows[0][:2] == [n, pytest.approx(float(total or 0))]


@pytest.mark.parametrize("question", ["How many customers carry the high_deposit_volatility tag?",
                                      "how many customers are flagged high_deposit_volatility?", "存款波动大的客户有多少"])
def test_a_flags_own_name_says_its_state(assistant: Assistant, question: str) -> None:
    """The spec's names of the flags (high_deposit_volatility, time_deposit_maturing_30d) are the flag set."""
    (n,), = rows(assistant, "SELECT count(*) FROM (SELECT customer_id FROM balances_monthly WHERE month BETWEEN DATE '2025-07-01' AND DATE '2025-12-01' "
                            "GROUP BY 1 HAVING count(*) >= 3 AND avg(deposit_balance) > 0 AND stddev_samp(deposit_balance) / avg(deposit_balance) >= 0.30)")
    assert ask(assistant, question).rows[0][0] == n


def test_a_flag_name_ending_in_days_is_not_shorthand(assistant: Assistant) -> None:
    (n,), = rows(assistant, "SELECT count(DISTINCT d.customer_id) FROM deposit_accounts d JOIN products p USING (product_id) "
                            "WHERE p.product_type IN ('time_deposit', 'large_cd') AND d.maturity_date > DATE '2025-12-31' "
                            "AND d.maturity_date <= DATE '2026-01-30' AND (d.close_date IS NULL OR d.close_date > DATE '2025-12-31')")
    assert ask(assistant, "how many customers have time_deposit_maturing_30d").rows[0][0] == n


def test_the_customers_just_described_are_no_follow_up(assistant: Assistant) -> None:
    (total,), = rows(assistant, "SELECT sum(loan_balance) FROM balances_monthly WHERE month = DATE '2025-12-01' "
                                "AND deposit_balance > 0 AND loan_balance > 0")
    assert ask(assistant, "存贷双持(both)的这批客户,现在贷款余额合计是多少?", session="new").rows[0][0] == pytest.approx(float(total))


def test_acquired_through_a_channel_said_with_its_word(assistant: Assistant) -> None:
    """"通过微信渠道获客": the channel that brought them in, never the channel they prefer now."""
    (share,), = rows(assistant, "SELECT avg(CASE WHEN c.acquisition_channel = 'wechat' THEN 1.0 ELSE 0 END) FROM customers c "
                                "JOIN branches b USING (branch_id) WHERE b.city = '深圳'")
    answer = ask(assistant, "深圳的客户当中，通过微信渠道获客的比例是多少?")
    assert answer.columns[0] == "acquisition_channel" and answer.rows[0][1] == pytest.approx(share)


def test_a_period_at_maturing_is_asked_about(assistant: Assistant) -> None:
    """No figure is dated by maturity: "2026年1月到期的…账户" is asked back, never counted by the day accounts opened."""
    assert assistant.ask("2026年1月到期、现在状态还是有效(active)的定期和大额存单账户一共有几个?").status == "clarify"
    assert ask(assistant, "未来30天内到期的定期客户有多少").rows[0][0] > 0  # the tag of deposits maturing soon reads its own window
