"""A figure's governed definition said again right after its name is checked against the model and set aside
(set ca: "total AUM (deposits plus wealth holdings at the latest month-end)", "户均AUM（AUM=存款+理财，取2025年12月末）"
were asked back, or the words in the gloss became figures asked for). A gloss that says more than the model —
another group, a narrowing word, a number — is not set aside: it is read, or asked about, never dropped."""

from __future__ import annotations

import pytest
from test_glossary_numbers import ensure_ref_tags, ref_con  # noqa: F401
from test_rates_rows_and_bases import ask, rows

from assistant.answer import Assistant
from assistant.parse.reading.glosses import definition_glosses, definition_words


def test_what_a_definition_reads_follows_the_figures_it_is_made_of(assistant: Assistant) -> None:
    model = assistant.parser.model
    assert {"deposit_balance", "wealth_balance"} <= definition_words(model, "avg_aum_per_customer")
    click = definition_words(model, "click_rate")  # numerator and denominator, through to their SQL
    assert {"touches_clicked", "touches", "treatment", "delivered"} <= click
    assert "control" not in click
    assert "deposits" not in definition_words(model, "aum")  # words it is called by are no part of what it reads


def test_the_share_of_aum_with_its_sum_said_again(assistant: Assistant) -> None:
    (share, part, whole), = rows(assistant, """
        SELECT sum(b.deposit_balance + b.wealth_balance) FILTER (WHERE b.deposit_balance + b.wealth_balance >= 500000)
               / sum(b.deposit_balance + b.wealth_balance),
               sum(b.deposit_balance + b.wealth_balance) FILTER (WHERE b.deposit_balance + b.wealth_balance >= 500000),
               sum(b.deposit_balance + b.wealth_balance)
        FROM balances_monthly b JOIN customers c ON c.customer_id = b.customer_id
        WHERE b.month = DATE '2025-12-01' AND c.open_date <= DATE '2025-12-31'""")
    answer = ask(assistant, "What percentage of our total AUM (deposits plus wealth holdings at the latest month-end) "
                            "sits with high-value customers?")
    got = dict(zip(answer.columns, answer.rows[0], strict=True))
    assert got["aum_share"] == pytest.approx(float(share)) and got["aum"] == pytest.approx(float(part))
    assert got["aum_base"] == pytest.approx(float(whole))
    assert "wealth_balance" not in answer.columns  # the gloss names no figure asked for


def test_the_period_said_inside_the_gloss_is_kept(assistant: Assistant) -> None:
    expected = {channel: (n, pytest.approx(float(avg))) for channel, n, avg in rows(assistant, """
        SELECT c.acquisition_channel, count(*), avg(b.deposit_balance + b.wealth_balance)
        FROM customers c JOIN balances_monthly b ON b.customer_id = c.customer_id AND b.month = DATE '2025-11-01'
        WHERE c.open_date <= DATE '2025-11-30' GROUP BY 1""")}
    answer = ask(assistant, "按获客渠道统计一下客户数和户均AUM（AUM=存款+理财，取2025年11月末），每个渠道一行。")
    got = {r[0]: (r[answer.columns.index("customer_count")], r[answer.columns.index("avg_aum_per_customer")]) for r in answer.rows}
    assert got == expected


@pytest.mark.parametrize("question", [
    "click rate (clicks among the control touches)",  # another group than the figure's own
    "AUM (deposits only)",  # narrows
    "AUM (deposits plus wealth above 100k)",  # a bound
    "户均AUM（只算存款）",
])
def test_a_gloss_saying_more_than_the_model_is_not_set_aside(assistant: Assistant, question: str) -> None:
    parser = assistant.parser
    assert definition_glosses(question, parser.lexicon.find(question), parser.model) == []


def test_what_people_call_it_is_naming_no_phone_call(assistant: Assistant) -> None:
    """"(what some people call the response rate — …)": "call" there is no value of the channel (set ca: the
    click rate of phone touches only was answered)."""
    (clicked, touched, cost), = rows(assistant, """
        SELECT count(*) FILTER (WHERE group_type = 'treatment' AND delivered AND clicked_at IS NOT NULL),
               count(*) FILTER (WHERE group_type = 'treatment' AND delivered), sum(cost) FROM campaign_touches""")
    answer = ask(assistant, "Pooling all campaigns together, what's the overall click rate (what some people call the response rate "
                            "— clicks among the treatment touches that were actually delivered), and what did all the campaigns cost in total?")
    got = dict(zip(answer.columns, answer.rows[0], strict=True))
    assert got["click_rate"] == pytest.approx(clicked / touched) and got["campaign_cost"] == pytest.approx(float(cost))
    assert "phone" not in answer.sql


@pytest.mark.parametrize("question", ["What was the total loan disbursement amount in 2025, how many loans were disbursed that year, "
                                      "and what does that work out to per loan on average?",
                                      "2025年放款总额是多少，放了多少笔，平均每笔多少？"])
def test_a_total_a_count_and_the_average_they_make(assistant: Assistant, question: str) -> None:
    """The total asked in a clause of its own stays beside the average (it had been dropped for the average)."""
    (n, total), = rows(assistant, "SELECT count(*), sum(amount) FROM loans WHERE disburse_date BETWEEN DATE '2025-01-01' AND DATE '2025-12-31'")
    answer = ask(assistant, question)
    got = dict(zip(answer.columns, answer.rows[0], strict=True))
    assert got["loan_disbursement_amount"] == pytest.approx(float(total))
    assert got["avg_amount__loan_disbursements"] == pytest.approx(float(total) / n) and n in got.values()


def test_every_group_listed_after_the_breakdown_is_the_breakdown_said_again(assistant: Assistant) -> None:
    expected = dict(rows(assistant, """
        SELECT CASE WHEN n >= 15 THEN 'high' WHEN n >= 4 THEN 'medium' WHEN n >= 1 THEN 'low' ELSE 'inactive' END, count(*)
        FROM (SELECT c.customer_id, count(DISTINCT CAST(e.event_time AS DATE)) FILTER (WHERE e.event_type = 'login') AS n
              FROM customers c LEFT JOIN app_events e ON e.customer_id = c.customer_id
               AND e.event_time >= TIMESTAMP '2025-12-02' AND e.event_time < TIMESTAMP '2026-01-01'
              WHERE c.open_date <= DATE '2025-12-31' GROUP BY 1) GROUP BY 1"""))
    answer = ask(assistant, "Split our customers by activity level — high, medium, low and inactive. How many customers fall into each level?")
    assert dict(answer.rows) == expected


def test_some_of_the_groups_listed_are_not_set_aside(assistant: Assistant) -> None:
    """"high and medium only" names two of the four levels: a condition, read or asked about — never dropped."""
    answer = assistant.ask("customers by activity level, high and medium only", session="two levels")
    assert answer.status != "answered" or len(answer.rows) == 2
