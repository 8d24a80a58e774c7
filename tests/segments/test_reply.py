"""Segment answers as people read them, checked against numbers computed again here with
hand-written SQL (``tests/mart/mart_sql.py``'s tags) on the test mart:

* every code is shown by its label in the answer's language (no ``phone`` or ``app_push``
  in a Chinese answer);
* an uplift is in percentage points (个百分点 / pp), never a %;
* each rate shows the converted count and the rows it is made of;
* the expected conversions are one whole number, the same in the table and the text;
* the channel column is named for the campaign touch channel, not 申请渠道.
"""

from __future__ import annotations

import math
import re
import shutil
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
import pytest
import yaml

from assistant.answer import Answer, Assistant
from assistant.segments import find_segments
from assistant.segments.reply import Found, segments_reply

MODEL = Path(__file__).parents[2] / "semantic_layer" / "models" / "bank"
QUESTIONS = {"zh": "哪些客户适合营销贷款?", "en": "Who should we target to take out a loan?"}
# loosened so that the 3,000-customer mart has campaign segments to show
CAMPAIGN_OPTIONS = {"correction": "bh", "alpha": 0.2, "min_size": 50}
CUSTOMER_COLUMNS = "c.gender, c.occupation, c.education, c.marital_status, c.risk_level"


def _dimension(table: str, name: str) -> dict[str, Any]:
    dims = yaml.safe_load((MODEL / "dimensions.yaml").read_text(encoding="utf-8"))["dimensions"]
    return next(d for d in dims if d["table"] == table and d["name"] == name)


TOUCH_CHANNEL = _dimension("campaign_touches", "channel")
LOAN_CHANNEL = _dimension("loans", "channel")
PERIODS = next(
    t
    for t in yaml.safe_load((MODEL / "tags.yaml").read_text(encoding="utf-8"))["tags"]
    if t["name"] == "active_period" and "values" in t
)["values"]


# -- the numbers again, by hand ------------------------------------------------------


@pytest.fixture(scope="module")
def ref(mart_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """A plain connection to a copy of the test mart (the locked one may not share it)."""
    copy = tmp_path_factory.mktemp("reply_ref") / "bank.duckdb"
    shutil.copy(mart_path, copy)
    con = duckdb.connect(str(copy), read_only=True)
    yield con
    con.close()


@pytest.fixture(scope="module")
def tags_at(ref, mart_sql) -> Any:
    """Every customer's tags at a date (the spec's SQL), with the customer's attributes."""
    kept: dict[date, pd.DataFrame] = {}

    def at(d: date) -> pd.DataFrame:
        if d not in kept:
            sql = (
                f"WITH t AS ({mart_sql.TAGS}) SELECT t.*, {CUSTOMER_COLUMNS}, b.city, b.region "
                "FROM t JOIN customers c USING (customer_id) JOIN branches b USING (branch_id)"
            )
            kept[d] = ref.execute(sql, {"d": d}).df()
        return kept[d]

    return at


def _meets(frame: pd.DataFrame, conditions: list[dict[str, Any]]) -> pd.Series:
    keep = pd.Series(True, index=frame.index)
    for c in conditions:
        column = frame[c["field"]]
        keep &= (column >= c["value"]) if c["op"] == ">=" else (column == c["value"])
    return keep


def _month_end_after(d: date) -> date:
    first = (d + timedelta(days=1)).replace(day=1)
    return (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)


def _pooled_month_ends(period: str) -> list[date]:
    """The month-ends the period line names: 'from A to B' / 'A 至 B', every one between."""
    first, last = (date.fromisoformat(d) for d in re.findall(r"\d{4}-\d{2}-\d{2}", period)[1:3])
    ends = [first]
    while ends[-1] < last:
        ends.append(_month_end_after(ends[-1]))
    return ends


def _touches(ref, tags_at, as_of: date) -> pd.DataFrame:
    """Every touch of the deposit-to-loan campaigns started by ``as_of``, with the
    customer's tags at the month-end before the campaign's month."""
    campaigns = ref.execute(
        "SELECT campaign_id, start_date FROM campaigns "
        "WHERE objective = 'deposit_to_loan' AND start_date <= ? ORDER BY start_date",
        [as_of],
    ).fetchall()
    parts = []
    for campaign_id, start in campaigns:
        touches = ref.execute(
            "SELECT customer_id, group_type, coalesce(delivered, false) AS delivered, channel, "
            "clicked_at IS NOT NULL AS clicked, converted_at IS NOT NULL AS converted "
            "FROM campaign_touches WHERE campaign_id = ?",
            [campaign_id],
        ).df()
        parts.append(touches.merge(tags_at(start.replace(day=1) - timedelta(days=1)), on="customer_id"))
    return pd.concat(parts, ignore_index=True)


def _lift_numbers(s: dict[str, Any], answer: Answer, ref, tags_at) -> dict[str, int]:
    n = x = base_n = base_x = 0
    for m in _pooled_month_ends(answer.period or ""):
        base = tags_at(m)
        base = base[base["holding_structure"] == "deposit_only"]
        converted = {
            r[0]
            for r in ref.execute(
                "SELECT DISTINCT customer_id FROM loans WHERE disburse_date > ? AND disburse_date <= ?",
                [m, _month_end_after(m)],
            ).fetchall()
        }
        took = base["customer_id"].isin(converted)
        seg = _meets(base, s["conditions"])
        n, x = n + int(seg.sum()), x + int((seg & took).sum())
        base_n, base_x = base_n + len(base), base_x + int(took.sum())
    return {"n": n, "x": x, "base_n": base_n, "base_x": base_x}


def _today(s: dict[str, Any], answer: Answer, tags_at) -> int:
    today = tags_at(date.fromisoformat(answer.as_of or ""))
    return int((_meets(today, s["conditions"]) & (today["holding_structure"] == "deposit_only")).sum())


def _whole(v: float) -> int:
    return math.floor(v + 0.5)


# -- the answers ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def lift_answers(assistant: Assistant) -> dict[str, Answer]:
    answers = {lang: assistant.ask(q, session=f"reply-{lang}") for lang, q in QUESTIONS.items()}
    assert all(a.notes == ["segments:deposit_to_loan"] for a in answers.values())
    assert answers["zh"].segments, "the test mart has a deposit-to-loan segment to show"
    return answers


@pytest.fixture(scope="module")
def uplift_answers(warehouse) -> dict[str, Answer]:
    found = Found.of(find_segments(warehouse, "campaign:deposit_to_loan", **CAMPAIGN_OPTIONS))
    assert found.kind == "uplift" and found.segments["zh"]
    return {lang: segments_reply(warehouse.model, found, q, lang) for lang, q in QUESTIONS.items()}


def test_lift_rates_show_their_counts_computed_again(lift_answers, ref, tags_at) -> None:
    answer = lift_answers["zh"]
    rows = dict(zip(answer.columns, zip(*answer.display, strict=True), strict=True))
    for i, s in enumerate(answer.segments):
        got = _lift_numbers(s, answer, ref, tags_at)
        rate, base = got["x"] / got["n"], got["base_x"] / got["base_n"]
        size = _today(s, answer, tags_at)
        expected = _whole(size * rate)
        assert (s["history_rows"], s["converted"]) == (got["n"], got["x"])
        assert (s["base_rows"], s["base_converted"], s["size"]) == (got["base_n"], got["base_x"], size)
        assert rows["segment_rate"][i] == f"{rate * 100:.2f}% ({got['x']:,}/{got['n']:,})"
        assert rows["lift"][i] == f"{rate / base:.2f}"
        assert rows["expected_conversions"][i] == f"{expected:,}"
        line = answer.summary.splitlines()[i + 1]
        assert f"{size:,}人" in line and f"是平均的 {rate / base:.2f} 倍" in line
        assert f"转化率 {rate * 100:.2f}%(转化 {got['x']:,} / 样本 {got['n']:,})" in line
        assert f"预计转化 {expected:,}人" in line  # the table's number, rounded once
        head = answer.summary.splitlines()[0]
        assert f"平均转化率 {base * 100:.2f}%(转化 {got['base_x']:,} / 样本 {got['base_n']:,})" in head
        english = lift_answers["en"].summary.splitlines()[i + 1]
        assert f"converts at {rate * 100:.2f}% ({got['x']:,} of {got['n']:,} converted)" in english
        assert f"expected conversions {expected:,};" in english


def test_uplift_in_points_with_both_groups_counted_again(uplift_answers, ref, tags_at) -> None:
    answer = uplift_answers["zh"]
    touches = _touches(ref, tags_at, date.fromisoformat(answer.as_of or ""))
    rows = dict(zip(answer.columns, zip(*answer.display, strict=True), strict=True))
    for i, s in enumerate(answer.segments):
        seg = touches[_meets(touches, s["conditions"])]
        treated = seg[(seg["group_type"] == "treatment") & seg["delivered"]]
        control = seg[seg["group_type"] == "control"]
        nt, xt = len(treated), int(treated["converted"].sum())
        nc, xc = len(control), int(control["converted"].sum())
        uplift = xt / nt - xc / nc
        size = _today(s, answer, tags_at)
        expected = _whole(size * uplift)
        assert (s["treated"], s["treated_converted"], s["control"], s["control_converted"]) == (nt, xt, nc, xc)
        assert rows["treated_rate"][i] == f"{xt / nt * 100:.2f}% ({xt:,}/{nt:,})"
        assert rows["control_rate"][i] == f"{xc / nc * 100:.2f}% ({xc:,}/{nc:,})"
        assert rows["uplift"][i] == f"{uplift * 100:+.2f} 个百分点"
        assert rows["expected_conversions"][i] == f"{expected:,}"
        line = answer.summary.splitlines()[i + 1]
        assert f"增量 {uplift * 100:+.2f} 个百分点" in line and f"预计增量转化 {expected:,}人" in line
        assert f"实验组转化率 {xt / nt * 100:.2f}%(转化 {xt:,} / 样本 {nt:,})" in line
        assert f"对照组 {xc / nc * 100:.2f}%(转化 {xc:,} / 样本 {nc:,})" in line
        english = uplift_answers["en"]
        assert english.display[i][english.columns.index("uplift")] == f"{uplift * 100:+.2f} pp"
        assert f"uplift {uplift * 100:+.2f} pp;" in english.summary.splitlines()[i + 1]
        # the best touch channel: the most responsive among the segment's treated touches
        if s["channel"]:
            best = treated[treated["channel"] == s["channel"]["value"]]
            assert s["channel"]["touches"] == len(best)
            assert s["channel"]["response_rate"] == pytest.approx(best["clicked"].mean(), abs=1e-4)
    assert "%" not in "".join(row[answer.columns.index("uplift")] for row in answer.display)


@pytest.mark.parametrize("kind", ["lift", "uplift"])
def test_codes_are_shown_by_their_labels(kind, lift_answers, uplift_answers) -> None:
    answers = lift_answers if kind == "lift" else uplift_answers
    channels, periods = TOUCH_CHANNEL["values"], PERIODS
    for lang, answer in answers.items():
        shown = "\n".join([answer.summary, *answer.column_labels, *(c for r in answer.display for c in r)])
        for code, label in [*channels.items(), *periods.items()]:
            if code != label[lang]:
                assert not re.search(rf"\b{re.escape(code)}\b", shown), (lang, code)
        for s in answer.segments:
            for part, values in (("channel", channels), ("period", periods)):
                if s[part]:
                    assert s[part]["label"] == values[s[part]["value"]][lang]
                    assert all(c["label"] == values[c["value"]][lang] for c in s[part]["all"])
            for c in s["conditions"]:
                assert c["label"] in s["definition"]


@pytest.mark.parametrize("kind", ["lift", "uplift"])
def test_the_channel_column_is_the_campaign_touch_channel(kind, lift_answers, uplift_answers) -> None:
    answers = lift_answers if kind == "lift" else uplift_answers
    zh, en = answers["zh"], answers["en"]
    i = zh.columns.index("best_channel")
    assert zh.column_labels[i] == "最佳" + TOUCH_CHANNEL["label"]["zh"]  # 最佳触达渠道
    assert en.column_labels[i] == "best " + TOUCH_CHANNEL["label"]["en"]
    assert LOAN_CHANNEL["label"]["zh"] not in "".join(zh.column_labels) + zh.summary  # 申请渠道
    assert f"最佳{TOUCH_CHANNEL['label']['zh']}:" in zh.summary


def test_the_answer_says_where_its_rates_come_from(lift_answers, uplift_answers) -> None:
    lift, uplift = lift_answers["zh"], uplift_answers["zh"]
    months = _pooled_month_ends(lift.period or "")
    assert lift.period == (
        f"统计日 {lift.as_of};历史样本:{months[0]} 至 {months[-1]} 的 {len(months)} 个月末"
    )
    assert (uplift.period or "").startswith(f"统计日 {uplift.as_of};历史样本:")
    assert [d["label"] for d in lift.definitions] == ["转化", "提升倍数", "预计转化(人)", "检验"]
    assert [d["label"] for d in uplift.definitions] == ["增量", "预计增量转化(人)", "检验"]
    assert lift.definitions[0]["definition"] == "只存不贷客户下月获得贷款放款"
