"""Goal names, campaign targets and segment questions resolve as the table says."""

from __future__ import annotations

import pytest

from assistant.segments.goals import load_goals, match_goal, resolve_target
from semantic_layer.errors import QueryError
from semantic_layer.load import load_model

CAMPAIGNS = {"2024新春消费贷推广": "deposit_to_loan", "2025夏季理财复购季": "wealth_repurchase"}


@pytest.fixture(scope="module")
def model():
    return load_model()


@pytest.mark.parametrize(
    ("text", "goal", "objective", "campaign", "key"),
    [
        ("deposit_to_loan", "deposit_to_loan", None, None, "deposit_to_loan"),
        ("存转贷", "deposit_to_loan", None, None, "deposit_to_loan"),
        ("Dormant wake-up", "dormant_wakeup", None, None, "dormant_wakeup"),
        ("理财复购", "wealth_repurchase", None, None, "wealth_repurchase"),
        (
            "campaign:deposit_to_loan",
            "deposit_to_loan",
            "deposit_to_loan",
            None,
            "campaign:deposit_to_loan",
        ),
        ("campaign:存转贷", "deposit_to_loan", "deposit_to_loan", None, "campaign:deposit_to_loan"),
        (
            "campaign:新客激活",
            "new_customer_activation",
            "new_customer_activation",
            None,
            "campaign:new_customer_activation",
        ),
        (
            "campaign:2024新春消费贷推广",
            "deposit_to_loan",
            "deposit_to_loan",
            "2024新春消费贷推广",
            "campaign:2024新春消费贷推广",
        ),
        (
            "2025夏季理财复购季",
            "wealth_repurchase",
            "wealth_repurchase",
            "2025夏季理财复购季",
            "campaign:2025夏季理财复购季",
        ),
    ],
)
def test_resolve_target(
    model, text: str, goal: str, objective: str | None, campaign: str | None, key: str
) -> None:
    target = resolve_target(load_goals(), model, text, CAMPAIGNS)
    assert (target.goal.name, target.objective, target.campaign_name, target.key) == (
        goal,
        objective,
        campaign,
        key,
    )


@pytest.mark.parametrize(
    ("text", "suggestion"),
    [
        ("deposit_to_lone", "deposit_to_loan"),
        ("campaign:deposit_to_lone", "deposit_to_loan"),
        ("new_customer_activation", None),
    ],
)
def test_unknown_goal_suggests(model, text: str, suggestion: str | None) -> None:
    with pytest.raises(QueryError) as err:
        resolve_target(load_goals(), model, text, CAMPAIGNS)
    assert (suggestion in err.value.suggestions) if suggestion else "campaign:" in err.value.en


@pytest.mark.parametrize(
    ("question", "goal"),
    [
        ("哪些客户适合营销贷款?", "deposit_to_loan"),
        ("存转贷活动应该找哪些客户", "campaign:deposit_to_loan"),
        ("Which customers should we target to take out a loan?", "deposit_to_loan"),
        ("who should we contact in the next deposit-to-loan campaign?", "campaign:deposit_to_loan"),
        ("沉睡客户唤醒推荐客群", "dormant_wakeup"),
        ("新客激活目标客户", "campaign:new_customer_activation"),
        ("存贷转化率是多少", None),  # a metric question, not a segment question
        ("哪些客户的存款余额最高", None),  # a ranking question without a goal
        ("哪些区域的存贷转化率最高", None),  # an analytic question about conversion, not a recommendation
        ("which customers had a deposit-to-loan conversion last month", None),
    ],
)
def test_match_goal(question: str, goal: str | None) -> None:
    assert match_goal(question) == goal


def test_goal_book_fields_are_model_tags(model) -> None:
    book = load_goals()
    for spec in book.fields:
        tag = model.tag(spec.name)
        assert (tag.type == "number") == bool(spec.at_least), spec.name
    for name in book.export_tags:
        assert model.tag(name).type != "number"
    for goal in book.goals:
        for f in goal.base.filters:
            model.tag(f.field)
        if goal.outcome and goal.outcome.metric:
            assert model.metric(goal.outcome.metric).kind == "conversion"
