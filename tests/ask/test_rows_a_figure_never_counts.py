"""Rows a figure never counts: "审批中的贷款总金额", "loans pending or approved but not yet disbursed — total
amount" named the disbursed amount (pending loans have no disburse date: 0) or the approvals' amount with the
status dropped. A status outside the values a figure's rows can have (the model's ``row_values``, or the values
its condition fixes) leaves that figure out: the amount is the sum of the named loans' own amount. And "and the top 3
cities?" after a branch ranking ranks cities, not cities within each branch. Each answer on
the small generated mart is checked against hand-written SQL."""

from __future__ import annotations

import pytest
from test_rates_rows_and_bases import ask, rows

from assistant.answer import Assistant


@pytest.mark.parametrize(("question", "statuses"), [
    ("审批中和已批未放的贷款总金额是多少", ("pending", "approved")),
    ("What is the total amount of loans that are still pending or approved but not yet disbursed?", ("pending", "approved")),
    ("已批未放的贷款金额合计", ("approved",)),
    ("What is the total amount on loans that are either still pending or approved but not yet disbursed?", ("pending", "approved")),
])
def test_the_amount_of_loans_in_a_state_no_figure_counts(assistant: Assistant, question: str, statuses: tuple[str, ...]) -> None:
    listed = ", ".join(f"'{s}'" for s in statuses)
    (total,), = rows(assistant, f"SELECT sum(amount) FROM loans WHERE status IN ({listed})")
    answer = ask(assistant, question)
    assert len(answer.rows) == 1 and answer.rows[0][0] == pytest.approx(float(total))


def test_a_product_left_out_beside_the_states(assistant: Assistant) -> None:
    (total,), = rows(assistant, "SELECT sum(l.amount) FROM loans l JOIN products p USING (product_id) "
                                "WHERE l.status IN ('pending', 'approved') AND p.product_type <> 'mortgage'")
    answer = ask(assistant, "What is the total amount on loans that are either still pending or approved but not yet "
                            "disbursed, excluding mortgage products?")
    assert answer.rows[0][0] == pytest.approx(float(total))


def test_a_state_among_a_figures_own_rows_still_narrows_them(assistant: Assistant) -> None:
    (n,), = rows(assistant, "SELECT count(*) FROM loans WHERE status = 'settled' AND "
                            "disburse_date BETWEEN DATE '2025-01-01' AND DATE '2025-12-31'")
    assert ask(assistant, "2025年放款的贷款里已结清的有几笔").rows[0][0] == n


def test_a_ranking_of_other_groups_after_a_ranking_replaces_it(assistant: Assistant) -> None:
    want = rows(assistant, "SELECT b.city, count(*) FROM customers c JOIN branches b USING (branch_id) "
                           "WHERE c.acquisition_channel = 'app' GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 3")
    assistant.ask("top 5 branches by number of customers acquired via the app?", session="ranked")
    answer = assistant.ask("and the top 3 cities?", session="ranked")
    assert answer.columns[0] == "city" and [(r[0], r[1]) for r in answer.rows] == [tuple(w) for w in want]
