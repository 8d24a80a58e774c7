"""The model's core metrics, compiled and run on the tiny hand-written mart
(tests/fixtures/tiny_bank.py), equal numbers worked out by hand from its rows.

Every expected value is arithmetic on the fixture's rows, written next to it; none comes
from SQL or from the product. The fixture's docstring lists the rows each one rests on.
D = 2025-12-31, so with no time a balance is December's month-end, the conversion rate
covers December, and loan and campaign metrics cover all the data (spec section 2).
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from test_glossary_numbers import assert_same_rows, shown

from semantic_layer.query import SemanticQuery
from semantic_layer.warehouse import Warehouse

sys.path.insert(0, str(Path(__file__).parents[1] / "fixtures"))
from tiny_bank import build_tiny_bank  # noqa: E402

D = date(2025, 12, 31)
DEC = {"start": "2025-12-01", "end": "2025-12-31"}
BY_REGION = [{"field": "region"}]
PREVIOUS = {"to": "previous"}  # with no time: D's month (December) against November


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Warehouse]:
    warehouse = Warehouse(build_tiny_bank(tmp_path_factory.mktemp("tiny_bank") / "tiny.duckdb"))
    yield warehouse
    warehouse.close()


def case(name: str, query: dict[str, Any], columns: list[str], rows: list[tuple[Any, ...]]):
    return pytest.param(query, columns, rows, id=name)


# fmt: off
CASES = [
    # -- customers and month-end balances (December's snapshot) ------------------------------
    case("customer-count", {"metrics": ["customer_count"]},
         ["customer_count"], [(16,)]),                                      # 8 + 6 + 2
    case("customer-count-by-region", {"metrics": ["customer_count"], "group_by": BY_REGION},
         ["region", "customer_count"], [("华东", 8), ("华北", 6), ("西南", 2)]),
    case("deposit-balance", {"metrics": ["deposit_balance"]},
         ["deposit_balance"], [(580_000,)]),                                # 360,000 + 120,000 + 100,000
    case("deposit-balance-november", {"metrics": ["deposit_balance"], "time_range": {"start": "2025-11-01", "end": "2025-11-30"}},
         ["deposit_balance"], [(500_000,)]),                                # 320,000 + 100,000 + 80,000
    case("aum-and-average", {"metrics": ["aum", "avg_aum_per_customer"]},
         ["aum", "avg_aum_per_customer"], [(890_000,                        # 580,000 deposits + 310,000 wealth
                                            55_625)]),                      # 890,000 / 16
    case("loan-balance", {"metrics": ["loan_balance"]},
         ["loan_balance"], [(600_000,)]),                                   # 20k + 25k + 260k + 40k + 15k + 200k + 40k
    case("aum-and-loan-balance-by-region", {"metrics": ["aum", "loan_balance"], "group_by": BY_REGION},
         ["region", "aum", "loan_balance"], [
             ("华东", 460_000, 45_000),      # 10k×(1+…+8) + 100k wealth of 8;   1: 20k + 5: 25k
             ("华北", 180_000, 315_000),     # 6 × 20k + 60k wealth of 13;       9: 260k + 10: 40k + 14: 15k
             ("西南", 250_000, 240_000),     # 2 × 50k + 150k wealth of 16;      15: 200k + 16: 40k
         ]),
    # -- 存贷转化率: base = deposit-only at November's month-end (1-8, 11, 12, 13, 15) ----------
    case("deposit-to-loan-conversion", {"metrics": ["deposit_to_loan_conversion_rate"]},
         ["deposit_to_loan_conversion_rate"], [(3 / 12,)]),                 # 1, 5, 15 of 12 (9 and 14 not in the base)
    case("deposit-to-loan-conversion-december", {"metrics": ["deposit_to_loan_conversion_rate"], "time_range": DEC},
         ["deposit_to_loan_conversion_rate"], [(3 / 12,)]),
    case("deposit-to-loan-conversion-by-region", {"metrics": ["deposit_to_loan_conversion_rate"], "group_by": BY_REGION},
         ["region", "deposit_to_loan_conversion_rate"], [
             ("华东", 2 / 8),                # 1 and 5 of 1-8
             ("华北", 0 / 3),                # none of 11, 12, 13
             ("西南", 1 / 1),                # 15 of 15
         ]),
    # -- loans ---------------------------------------------------------------------------------
    case("approval-rate-all-data", {"metrics": ["loan_approval_rate"]},
         ["loan_approval_rate"], [(10 / 12,)]),                             # 12 decided (13 pending), 4 and 12 rejected
    case("approval-rate-december", {"metrics": ["loan_approval_rate"], "time_range": DEC},
         ["loan_approval_rate"], [(4 / 5,)]),                               # decided 8 9 10 11 12, 12 rejected
    case("approval-rate-december-by-region", {"metrics": ["loan_approval_rate"], "time_range": DEC, "group_by": BY_REGION},
         ["region", "loan_approval_rate"], [
             ("华东", 2 / 3),                # loans 10 (cust 1), 11 (2) approved; 12 (3) rejected
             ("华北", 2 / 2),                # loans 8 (cust 9), 9 (14); 西南 decided nothing in December
         ]),
    case("overdue-rate", {"metrics": ["overdue_rate"]},
         ["overdue_rate"], [(1 / 8,)]),                                     # loan 2 of outstanding 1 2 5 6 7 8 9 10
    case("loan-flow-december", {"metrics": ["loan_applications", "loan_disbursements", "loan_disbursement_amount"], "time_range": DEC},
         ["loan_applications", "loan_disbursements", "loan_disbursement_amount"], [(
             6,                                                             # applied: 8 9 10 11 12 13
             5,                                                             # disbursed: 5 7 8 9 10
             270_000,                                                       # 200k + 25k + 10k + 15k + 20k
         )]),
    # -- campaigns: treated = treatment and delivered ------------------------------------------
    case("campaign-conversion-and-uplift", {"metrics": ["campaign_conversion_rate", "control_conversion_rate", "uplift"]},
         ["campaign_conversion_rate", "control_conversion_rate", "uplift"], [(
             3 / 8,                                                         # C1: 1, 5 of 1-5 (6 undelivered); C2: 8 of 7 8 3
             1 / 8,                                                         # C1: 14 of 11-14; C2: none of 15 16 9 10
             3 / 8 - 1 / 8,
         )]),
    case("campaign-conversion-and-uplift-by-campaign",
         {"metrics": ["campaign_conversion_rate", "control_conversion_rate", "uplift"], "group_by": [{"field": "campaign"}]},
         ["campaign", "campaign_conversion_rate", "control_conversion_rate", "uplift"], [
             ("存转贷消费贷", 2 / 5, 1 / 4, 2 / 5 - 1 / 4),
             ("理财复购", 1 / 3, 0 / 4, 1 / 3 - 0 / 4),
         ]),
    case("campaigns-started-in-december", {"metrics": ["campaign_conversion_rate", "uplift", "touches", "delivery_rate"], "time_range": DEC},
         ["campaign_conversion_rate", "uplift", "touches", "delivery_rate"], [(
             1 / 3,                                                         # C2 only: C1 started on 2025-11-15
             1 / 3 - 0 / 4,
             3,                                                             # 7 8 3
             3 / 3,
         )]),
    # -- deposit accounts opened --------------------------------------------------------------
    case("new-accounts-december", {"metrics": ["new_deposit_accounts"], "time_range": DEC},
         ["new_deposit_accounts"], [(3,)]),                                 # accounts 3 (12-05), 4 (12-12), 5 (12-20)
    case("new-accounts-december-by-region", {"metrics": ["new_deposit_accounts"], "time_range": DEC, "group_by": BY_REGION},
         ["region", "new_deposit_accounts"], [("华北", 2), ("西南", 1)]),   # 3: cust 9, 4: cust 10; 5: cust 15
    # -- month over month (December against November) -----------------------------------------
    case("deposit-balance-and-aum-vs-november", {"metrics": ["deposit_balance", "aum"], "compare": PREVIOUS},
         ["deposit_balance", "deposit_balance_previous", "deposit_balance_change", "deposit_balance_change_pct",
          "aum", "aum_previous", "aum_change", "aum_change_pct"], [(
             580_000, 500_000, 80_000, 80_000 / 500_000,
             890_000, 810_000, 80_000, 80_000 / 810_000,                    # wealth 310,000 in both months
         )]),
    case("deposit-balance-by-region-vs-november", {"metrics": ["deposit_balance"], "group_by": BY_REGION, "compare": PREVIOUS},
         ["region", "deposit_balance", "deposit_balance_previous", "deposit_balance_change", "deposit_balance_change_pct"], [
             ("华东", 360_000, 320_000, 40_000, 40_000 / 320_000),          # each of 1-8 up 5,000
             ("华北", 120_000, 100_000, 20_000, 20_000 / 100_000),          # 14 from 0 to 20,000
             ("西南", 100_000, 80_000, 20_000, 20_000 / 80_000),            # 15, 16 from 40,000 to 50,000
         ]),
    case("deposit-balance-by-month", {"metrics": ["deposit_balance"], "group_by": [{"field": "time", "grain": "month"}]},
         ["month", "deposit_balance"], [(date(2025, 11, 1), 500_000), (date(2025, 12, 1), 580_000)]),
    case("loan-balance-vs-november", {"metrics": ["loan_balance"], "compare": PREVIOUS},
         ["loan_balance", "loan_balance_previous", "loan_balance_change", "loan_balance_change_pct"], [(
             600_000, 334_000,                                              # Nov: 9: 252k + 10: 42k + 16: 40k
             266_000, 266_000 / 334_000,
         )]),
    case("approval-rate-vs-november", {"metrics": ["loan_approval_rate"], "time_range": DEC, "compare": PREVIOUS},
         ["loan_approval_rate", "loan_approval_rate_previous", "loan_approval_rate_change", "loan_approval_rate_change_pct"], [(
             4 / 5, 3 / 4,                                                  # Nov: decided 4 5 6 7, 4 rejected
             4 / 5 - 3 / 4, (4 / 5 - 3 / 4) / (3 / 4),
         )]),
    case("new-accounts-vs-november", {"metrics": ["new_deposit_accounts"], "compare": PREVIOUS},
         ["new_deposit_accounts", "new_deposit_accounts_previous", "new_deposit_accounts_change", "new_deposit_accounts_change_pct"],
         [(3, 1, 2, 2 / 1)]),                                               # Nov: account 2 (11-03)
]
# fmt: on


def test_the_data_window_is_november_and_december(tiny: Warehouse) -> None:
    """The month-over-month cases need November in the window (its first app event)."""
    assert (tiny.data_start, tiny.default_as_of) == (date(2025, 11, 1), D)


@pytest.mark.parametrize(("query", "columns", "rows"), CASES)
def test_metric_equals_the_hand_worked_number(
    tiny: Warehouse, query: dict[str, Any], columns: list[str], rows: list[tuple[Any, ...]]
) -> None:
    semantic = SemanticQuery.model_validate(query)
    answered = tiny.run(semantic)
    assert answered.compiled.as_of == D
    got_columns, got_rows = shown(answered)
    assert got_columns == columns
    assert_same_rows(got_rows, rows, len(semantic.group_by))


RATE = "deposit_to_loan_conversion_rate"


# fmt: off
@pytest.mark.parametrize(("group_by", "expected"), [
    pytest.param([], {(): (3, 12)}, id="all"),  # converted 1, 5, 15; base 1-8, 11, 12, 13, 15
    pytest.param(BY_REGION, {("华东",): (2, 8), ("华北",): (0, 3), ("西南",): (1, 1)}, id="by-region"),
])
# fmt: on
def test_conversion_counts_base_at_the_month_end_before_the_period(
    tiny: Warehouse, group_by: list[dict[str, str]], expected: dict[tuple[str, ...], tuple[int, int]]
) -> None:
    """存贷转化率's two counts, not only their ratio: the base is November's deposit-only
    customers (9, 10, 16 had a loan, 14 no deposit), and a December disbursement to a
    customer outside it (9, 14) converts no one."""
    answered = tiny.run(SemanticQuery.model_validate({"metrics": [RATE], "group_by": group_by}))
    names = answered.result.columns
    keys = [names.index(g["field"]) for g in group_by]
    converted, base = names.index(f"{RATE}_converted"), names.index(f"{RATE}_base")
    got = {tuple(row[k] for k in keys): (row[converted], row[base]) for row in answered.result.rows}
    assert got == expected
