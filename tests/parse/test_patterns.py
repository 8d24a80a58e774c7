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

    import assistant.parse.parser  # noqa: F401 - imports every module of the parser

    found = [value for name, module in list(sys.modules.items())
             if name.startswith(("assistant.parse", "assistant.recognise", "assistant.language"))
             for value in vars(module).values() if isinstance(value, re.Pattern)]
    assert len(found) > 100
    for pattern in found:
        _same(_sre.compile(pattern.pattern, *patterns._program(pattern.pattern, pattern.flags)), pattern)


def test_every_pattern_of_the_parser_is_the_same_text_in_every_run() -> None:
    """A pattern whose text depends on set order (the hash seed) is a new entry in the file
    on every start: the file grows without end and is written again by every run."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    listing = ("import re, sys, assistant.parse.parser\n"
               "print('\\n'.join(sorted(repr(v.pattern) for n, m in list(sys.modules.items())"
               " if n.startswith(('assistant.parse', 'assistant.recognise', 'assistant.language'))"
               " for v in vars(m).values() if isinstance(v, re.Pattern))))")
    root = str(Path(__file__).resolve().parents[2])
    runs = [subprocess.run([sys.executable, "-c", listing], capture_output=True, text=True, check=True, cwd=root,
                           env={**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": root}).stdout
            for seed in ("1", "2")]
    first, second = (set(run.splitlines()) for run in runs)
    assert len(first) > 100
    assert sorted(first ^ second) == []


def test_a_file_cut_short_is_compiled_as_usual(fresh, monkeypatch) -> None:
    """Only the code of the patterns a start compiles is read, after the index: code the
    index points to past the file's end is compiled from source, and dropped from the file."""
    for p, f in CASES:
        patterns.compile(p, f)
    patterns._store()
    kept = next(fresh.glob("wenshu-patterns-*.marshal"))
    kept.write_bytes(kept.read_bytes()[:-4])  # the last program's code is cut short
    monkeypatch.setattr(patterns, "_kept", None)
    monkeypatch.setattr(patterns, "_added", False)
    for p, f in CASES:
        _same(patterns.compile(p, f), re.compile(p, f))
    assert patterns._added, "the damaged entry is written again"


def test_no_source_file_holds_a_control_character() -> None:
    """A "\\b" written in a plain (not raw) string is a backspace: the pattern then never matches
    ("plus the bank-wide total" went unread that way). No source file holds one."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    found = [f"{path.relative_to(root)}:{n}" for base in ("assistant", "semantic_layer") for path in sorted((root / base).rglob("*.py"))
             for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
             if re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", line)]
    assert found == []
