"""The search and ranking on a synthetic history with one planted interaction, no database."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
import pytest

from assistant.segments.goals import Target, load_goals
from assistant.segments.pull import Frames
from assistant.segments.suggest import SegmentSearch, search_frames, settings_for
from semantic_layer.load import load_model

N = 40_000


@pytest.fixture(scope="module")
def synthetic() -> SegmentSearch:
    """Conversion 6 % for payroll customers with volatile deposits, 1 % for everyone else;
    gender and age band are noise."""
    rng = np.random.default_rng(11)
    frame = pd.DataFrame(
        {
            "is_payroll": rng.random(N) < 0.5,
            "high_deposit_volatility": rng.random(N) < 0.5,
            "gender": rng.choice(["male", "female"], N),
            "age_band": rng.choice(["<25", "25-34", "35-44", "45-54", "55+"], N),
        }
    )
    both = (frame["is_payroll"] & frame["high_deposit_volatility"]).to_numpy()
    history = frame.assign(converted=rng.random(N) < np.where(both, 0.06, 0.01))
    current = frame.iloc[: N // 4].assign(customer_id=np.arange(N // 4))
    touches = pd.DataFrame(columns=["channel", "clicked", "send_period", *frame.columns])
    book = load_goals()
    frames = Frames(history, current, touches, date(2025, 12, 31))
    return search_frames(
        load_model(), book, Target(book.goal("deposit_to_loan")), settings_for(book, {}), frames, 5
    )


def test_interaction_is_the_first_suggestion(synthetic: SegmentSearch) -> None:
    first = {(c.field, c.value) for c in synthetic.conditions(synthetic.picks[0])}
    assert first == {("is_payroll", True), ("high_deposit_volatility", True)}


def test_noise_fields_never_refine_a_suggestion(synthetic: SegmentSearch) -> None:
    for i in synthetic.picks:
        assert not {c.field for c in synthetic.conditions(i)} & {"gender", "age_band"}


def test_sizes_and_scores(synthetic: SegmentSearch) -> None:
    i = synthetic.index(("is_payroll", "=", True), ("high_deposit_volatility", "=", True))
    members = (
        synthetic.frames.current["is_payroll"] & synthetic.frames.current["high_deposit_volatility"]
    )
    assert synthetic.scored.size[i] == members.sum()
    assert synthetic.scored.score[i] == pytest.approx(
        members.sum() * (synthetic.scored.rate[i] - synthetic.scored.base_rate)
    )
    assert synthetic.scored.effect[i] == pytest.approx(
        synthetic.scored.rate[i] / synthetic.scored.base_rate
    )


def test_shuffled_synthetic_outcome_gives_nothing(synthetic: SegmentSearch) -> None:
    assert synthetic.rerun(shuffle_outcome=5).picks == []


@pytest.mark.parametrize(
    ("option", "value"), [("min_size", 10**9), ("alpha", 1e-300), ("max_share", 0.01)]
)
def test_settings_can_silence_the_finder(
    synthetic: SegmentSearch, option: str, value: float
) -> None:
    assert synthetic.rerun(**{option: value}).picks == []


def test_unknown_option_is_refused() -> None:
    from semantic_layer.errors import QueryError

    with pytest.raises(QueryError):
        settings_for(load_goals(), {"mnths": 3})
