"""Interval, test and correction helpers against values computed by hand or exactly."""

from __future__ import annotations

from fractions import Fraction
from math import comb

import numpy as np
import pytest

from assistant.segments.stats import (
    benjamini_hochberg,
    binomial_upper_tail,
    bonferroni,
    newcombe,
    rate_above_p,
    uplift_above_p,
    wilson,
)


def exact_tail(k: int, n: int, p: float) -> float:
    """P(Binomial(n, p) >= k) in exact rational arithmetic."""
    q = Fraction(str(p))
    return float(sum(comb(n, i) * q**i * (1 - q) ** (n - i) for i in range(k, n + 1)))


@pytest.mark.parametrize(
    ("x", "n", "z", "low", "high"),
    [
        (0, 10, 1.959964, 0.0, 0.277533),
        (5, 10, 1.959964, 0.236593, 0.763407),
        (81, 263, 1.959964, 0.255289, 0.366210),
        (10, 10, 1.959964, 0.722467, 1.0),
    ],
)
def test_wilson(x: int, n: int, z: float, low: float, high: float) -> None:
    lo, hi = wilson(np.array([x]), np.array([n]), z)
    assert (round(float(lo[0]), 5), round(float(hi[0]), 5)) == (round(low, 5), round(high, 5))


@pytest.mark.parametrize(
    ("x1", "n1", "x2", "n2", "low", "high"),
    [
        # Newcombe (1998), Statistics in Medicine 17:873, table II, method 10
        (56, 70, 48, 80, 0.0524, 0.3339),
        (9, 10, 3, 10, 0.1705, 0.8090),
        (5, 56, 0, 29, -0.0381, 0.1926),
        (0, 10, 0, 20, -0.1611, 0.2775),
        (10, 10, 0, 20, 0.6791, 1.0),
    ],
)
def test_newcombe(x1: int, n1: int, x2: int, n2: int, low: float, high: float) -> None:
    lo, hi = newcombe(np.array([x1]), np.array([n1]), np.array([x2]), np.array([n2]), 1.959964)
    assert (round(float(lo[0]), 4), round(float(hi[0]), 4)) == (low, high)


@pytest.mark.parametrize(
    ("k", "n", "p"),
    [
        (0, 10, 0.3),
        (1, 10, 0.01),
        (5, 100, 0.0106),
        (30, 1234, 0.0106),
        (12, 20, 0.5),
        (40, 50, 0.9),
        (50, 50, 0.97),
        (3, 2, 0.5),
    ],
)
def test_binomial_upper_tail_is_exact(k: int, n: int, p: float) -> None:
    expected = exact_tail(k, n, p) if k <= n else 0.0
    got = float(binomial_upper_tail(np.array([k]), np.array([n]), p)[0])
    assert got == pytest.approx(expected, rel=1e-9, abs=1e-300)


def test_binomial_upper_tail_far_in_the_tail() -> None:
    # z is about 7.8: the normal approximation would be off by orders of magnitude here
    assert float(binomial_upper_tail(np.array([25]), np.array([600]), 0.01)[0]) == pytest.approx(
        exact_tail(25, 600, 0.01), rel=1e-8
    )


def test_one_sided_tests() -> None:
    assert (
        rate_above_p(np.array([2]), np.array([100]), 0.05)[0] > 0.5
    )  # below the base: no evidence
    assert rate_above_p(np.array([20]), np.array([100]), 0.05)[0] < 1e-5
    # conditional test: 30 of 32 conversions among treated, who are 3/4 of the rows
    assert float(
        uplift_above_p(np.array([30]), np.array([300]), np.array([2]), np.array([100]))[0]
    ) == pytest.approx(exact_tail(30, 32, 0.75), rel=1e-9)


@pytest.mark.parametrize(
    ("p", "alpha", "expected"),
    [
        ([0.01, 0.04, 0.03, 0.005], 0.05, [True, True, True, True]),
        ([0.01, 0.04, 0.2, 0.005], 0.05, [True, False, False, True]),
        ([0.3, 0.2, 0.9], 0.05, [False, False, False]),
        ([], 0.05, []),
    ],
)
def test_benjamini_hochberg(p: list[float], alpha: float, expected: list[bool]) -> None:
    assert benjamini_hochberg(np.array(p), alpha).tolist() == expected


def test_bonferroni() -> None:
    assert bonferroni(np.array([0.01, 0.0125, 0.02, 0.5]), 0.05).tolist() == [
        True,
        True,
        False,
        False,
    ]
