"""The campaign calendar: which campaigns run when, with Chinese names and budgets."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from demo_mart.calendar import Window
from demo_mart.codes import OBJECTIVES, PRODUCT_TYPES

DEPOSIT_TO_LOAN, LOAN_TO_DEPOSIT, WEALTH_REPURCHASE, DORMANT_WAKEUP, NEW_CUSTOMER = range(5)
# objective -> (target product type, theme name, selection share, channel mix)
PLAYBOOK: dict[int, tuple[tuple[str, str], ...]] = {
    DEPOSIT_TO_LOAN: (("consumer_loan", "消费贷推广"), ("consumer_loan", "薪易贷专享利率"),
                      ("business_loan", "经营贷助力计划")),
    LOAN_TO_DEPOSIT: (("time_deposit", "贷款客户存款礼"), ("large_cd", "大额存单专享")),
    WEALTH_REPURCHASE: (("wealth_management", "理财复购季"), ("fund", "基金定投节")),
    DORMANT_WAKEUP: (("demand_deposit", "沉睡客户唤醒行动"),),
    NEW_CUSTOMER: (("wealth_management", "新客激活礼"), ("fund", "新客理财体验")),
}  # fmt: skip
SELECT_SHARE = (0.35, 0.80, 0.70, 0.60, 0.80)
# rows: objective; columns: codes.TOUCH_CHANNELS (sms, app_push, wechat, phone, email)
CHANNEL_MIX = np.array([
    [0.30, 0.30, 0.15, 0.15, 0.10],
    [0.30, 0.20, 0.15, 0.25, 0.10],
    [0.20, 0.35, 0.25, 0.10, 0.10],
    [0.40, 0.15, 0.15, 0.20, 0.10],
    [0.25, 0.35, 0.25, 0.05, 0.10],
])  # fmt: skip
# objective order cycled through the window; dormant wake-up needs three past months
ROTATION = (DEPOSIT_TO_LOAN, WEALTH_REPURCHASE, LOAN_TO_DEPOSIT, NEW_CUSTOMER, DORMANT_WAKEUP)
BATCH = ("", "(二期)", "(三期)", "(四期)")


@dataclass(frozen=True)
class Campaign:
    """One campaign; days are day numbers, ``month`` the window month it starts in."""

    campaign_id: str
    name: str
    objective: int
    target_type: int
    start_day: int
    end_day: int
    month: int
    budget: float  # CNY


def _season(month: int) -> str:
    return {1: "新春", 2: "新春", 3: "春季", 4: "春季", 5: "春季", 6: "夏季", 7: "夏季", 8: "夏季",
            9: "秋季", 10: "秋季", 11: "秋季", 12: "冬季"}[month]  # fmt: skip


def campaign_calendar(window: Window, seed: int, customers: int) -> tuple[Campaign, ...]:
    """About one campaign every seven weeks, every objective repeated, ending by the last day."""
    rng = np.random.default_rng([seed, 7])
    months = window.months
    count = max(len(ROTATION), round(months * 0.6)) if months >= 4 else 0
    starts = window.starts
    out: list[Campaign] = []
    seen: dict[str, int] = {}
    for i in range(count):
        m = 1 + i * (months - 2) // max(count - 1, 1)
        objective = ROTATION[i % len(ROTATION)]
        if objective == DORMANT_WAKEUP and m < 3:
            objective = NEW_CUSTOMER
        options = PLAYBOOK[objective]
        target, theme = options[(i // len(ROTATION)) % len(options)]
        start = int(starts[m]) + int(rng.integers(0, 10))
        length = int(rng.choice([20, 30, 45, 60]))
        end = min(start + length, window.last_day)
        day = np.datetime64(start, "D").astype(object)
        base = f"{day.year}{_season(day.month)}{theme}"
        seen[base] = seen.get(base, -1) + 1
        budget = round(customers * 0.1 * (1 + rng.random()), -2) + 1000
        out.append(
            Campaign(
                campaign_id=f"CMP{day.year % 100:02d}{day.month:02d}{chr(65 + i % 26)}",
                name=base + BATCH[min(seen[base], len(BATCH) - 1)],
                objective=objective,
                target_type=PRODUCT_TYPES.index(target),
                start_day=start,
                end_day=end,
                month=m,
                budget=float(budget),
            )
        )
    return tuple(out)


def objective_code(campaign: Campaign) -> str:
    return OBJECTIVES[campaign.objective]
