"""Starter questions and follow-ups come from the semantic model: the bank model's own
starters are all answered (through ``wenshu ask --json``, in both languages), and a
model that declares none (the card-spend example) gets starters and breakdown follow-ups
made of its own labels, with no bank words."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from assistant.answer import Assistant
from assistant.suggest import breakdown_fields, page_starters, starter_questions, starters
from semantic_layer.errors import ModelDefinitionError
from semantic_layer.importer import import_file
from semantic_layer.load import BANK_MODEL_DIR, load_model

ROOT = Path(__file__).resolve().parents[2]
CARDS = ROOT / "docs/examples/card_spend"
WENSHU = (sys.executable, "-m", "assistant.cli")  # this checkout's command, not whatever is on PATH
BANK_WORDS = ("客户", "存款", "贷款", "理财", "营销", "银行", "区域", "customer", "loan", "deposit", "wealth", "bank",
              "campaign", "AUM", "region")

BANK_STARTERS = [(lang, q) for s in load_model().starters for lang, q in (("zh", s.zh), ("en", s.en))]


def test_the_bank_model_declares_starters() -> None:
    assert len(BANK_STARTERS) >= 6


@pytest.mark.parametrize(("lang", "question"), BANK_STARTERS)
def test_every_bank_starter_is_answered(mart_path: Path, tmp_path: Path, lang: str, question: str) -> None:
    run = subprocess.run([*WENSHU, "ask", question, "--db", str(mart_path), "--json"],
                         capture_output=True, text=True, cwd=tmp_path, timeout=300)
    assert run.returncode == 0, run.stderr
    answer = json.loads(run.stdout)
    assert (answer["status"], answer["lang"]) == ("answered", lang), answer.get("message")
    assert answer["rows"]


@pytest.fixture(scope="module")
def cards(tmp_path_factory: pytest.TempPathFactory) -> Assistant:
    db = tmp_path_factory.mktemp("cards") / "cards.duckdb"
    import_file(CARDS / "card_spend.csv", "card_spend", db)
    return Assistant.open(db, CARDS / "model")


def test_card_spend_starters_are_built_from_its_labels() -> None:
    model = load_model(CARDS / "model")
    assert not model.starters
    assert [(s.zh, s.en) for s in starters(model)] == [
        ("消费金额", "spending"),
        ("各城市的消费金额", "spending by city"),
        ("各消费类别的消费笔数", "number of purchases by spending category"),
    ]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_card_spend_starters_are_answered_without_bank_words(cards: Assistant, lang: str) -> None:
    for question in starter_questions(cards.warehouse.model, lang):
        answer = cards.ask(question, session=f"starter:{question}")
        assert answer.status == "answered", (question, answer.message)
        read = " ".join([question, answer.summary, *answer.followups]).lower()
        assert not [w for w in BANK_WORDS if w.lower() in read], read


@pytest.mark.parametrize(("question", "followups"), [
    ("消费金额", ["按城市拆分呢?", "按月看趋势呢?", "按消费类别拆分呢?"]),
    ("number of purchases by city", ["Split by spending category?", "What about the monthly trend?"]),
])
def test_card_spend_followups_split_by_its_labelled_categories(cards: Assistant, question: str, followups: list[str]) -> None:
    answer = cards.ask(question, session=f"follow:{question}")
    assert answer.followups == followups
    follow = cards.ask(followups[0], session=f"follow:{question}")
    assert follow.status == "answered", follow.message


def test_declared_breakdowns_come_first() -> None:
    bank = load_model()
    assert breakdown_fields(bank, ("loan_balance",)) == list(bank.suggested_breakdowns)
    assert breakdown_fields(load_model(CARDS / "model"), ("spend_amount",)) == ["city", "category"]


def test_page_offers_the_browser_language_first_then_some_of_the_other() -> None:
    model = load_model()
    zh_first = page_starters(model, "zh")
    declared = model.starters
    assert zh_first[:len(declared)] == [(s.label.zh if s.label else s.zh, s.zh) for s in declared]
    assert [q for _, q in zh_first[len(declared):]] == [s.en for s in declared[:2]]
    assert page_starters(model, "en")[0] == (declared[0].label.en if declared[0].label else declared[0].en, declared[0].en)


@pytest.mark.parametrize(("starter", "problem"), [
    ("  - zh: 各区域的客户数\n", "[starters.0.en] Field required"),
    ("  - {zh: '', en: customers}\n", "[starters.0.zh]"),
    ("  - {zh: 客户数, en: customers, lable: {zh: a, en: b}}\n", "lable"),
])
def test_a_malformed_starter_is_reported_with_its_file(tmp_path: Path, starter: str, problem: str) -> None:
    target = tmp_path / "model"
    target.mkdir()
    for f in BANK_MODEL_DIR.glob("*.yaml"):
        (target / f.name).write_text(f.read_text(encoding="utf-8"), encoding="utf-8")
    (target / "starters.yaml").write_text("starters:\n" + starter, encoding="utf-8")
    with pytest.raises(ModelDefinitionError) as info:
        load_model(target)
    found = [p.render() for p in info.value.problems]
    assert any(p.startswith("starters.yaml:2") and problem in p for p in found), found
