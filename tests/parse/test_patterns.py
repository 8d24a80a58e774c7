"""Patterns kept compiled between starts (assistant.patterns): a pattern built from the kept
program matches exactly as one compiled from its source; a damaged or foreign file is ignored."""

from __future__ import annotations

import re

import pytest

from assistant import patterns

SAMPLES = [
    "上个月各区域的存贷转化率是多少?",
    "What was last month's deposit-to-loan conversion rate by region?",
    "top 5 branches by new loans in 2025, excluding anyone with no logins",
    "近90天交易笔数 各渠道占比多少，剔除没登录过的",
    "2025年下半年（7月1日至12月31日）AUM超过50万的客户有几个？",
    "between 1 March and 31 May 2025 inclusive, how many loan applications (app/branch)?",
]
CASES = [(r"(?P<n>\d+)\s*(?:天|days?)", 0), (r"\bvs\.?\b|对比", re.I), (r"(?<![a-z])top\s+(\d+)", re.I | re.M), (r"[\u4e00-\u9fff]{2,4}", 0)]


@pytest.fixture
def fresh(monkeypatch, tmp_path):
    """The module as at a start, its file in ``tmp_path``."""
    monkeypatch.setenv("WENSHU_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(patterns, "_kept", None)
    monkeypatch.setattr(patterns, "_added", False)
    return tmp_path


def _same(a: re.Pattern[str], b: re.Pattern[str]) -> None:
    assert (a.pattern, a.flags, a.groups, a.groupindex) == (b.pattern, b.flags, b.groups, b.groupindex)
    for text in SAMPLES:
        assert [(m.span(), m.groups()) for m in a.finditer(text)] == [(m.span(), m.groups()) for m in b.finditer(text)]


def test_a_kept_pattern_is_built_from_the_file_and_matches_as_compiled(fresh, monkeypatch) -> None:
    first = [patterns.compile(p, f) for p, f in CASES]
    patterns._store()
    assert list(fresh.glob("wenshu-patterns-*.marshal")), "the programs were written"
    monkeypatch.setattr(patterns, "_kept", None)

    def never(*_: object) -> None:
        raise AssertionError("compiled from source although kept")

    monkeypatch.setattr(patterns, "_program", never)
    again = [patterns.compile(p, f) for p, f in CASES]
    for (p, f), a, b in zip(CASES, first, again, strict=True):
        _same(b, re.compile(p, f))
        _same(a, b)


def test_a_damaged_file_is_ignored(fresh) -> None:
    (fresh / patterns._path().rsplit("/", 1)[-1]).write_bytes(b"not marshal data")
    _same(patterns.compile(*CASES[0]), re.compile(*CASES[0]))


def test_every_pattern_of_the_parser_matches_as_compiled_from_source() -> None:
    import _sre
    import sys

    import assistant.parse.rules  # noqa: F401 - imports every module of the parser

    found = [value for name, module in list(sys.modules.items())
             if name.startswith(("assistant.parse", "assistant.recognise", "assistant.language"))
             for value in vars(module).values() if isinstance(value, re.Pattern)]
    assert len(found) > 100
    for pattern in found:
        _same(_sre.compile(pattern.pattern, *patterns._program(pattern.pattern, pattern.flags)), pattern)
