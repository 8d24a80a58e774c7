"""docs/own-data.md end to end: import a CSV, draft and check a model, ask questions;
answers are checked against hand-written SQL on the imported table."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from assistant.answer import Assistant
from semantic_layer.errors import QueryError
from semantic_layer.importer import import_file
from semantic_layer.load import load_model
from semantic_layer.runner import open_read_only
from semantic_layer.scaffold import draft_model

ROOT = Path(__file__).resolve().parents[2]
CSV = ROOT / "docs/examples/card_spend/card_spend.csv"
MODEL = ROOT / "docs/examples/card_spend/model"
WENSHU = (sys.executable, "-m", "assistant.cli")  # this checkout's command, not whatever is on PATH


@pytest.fixture(scope="module")
def cards_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("cards") / "cards.duckdb"
    assert import_file(CSV, "card_spend", db) == 40
    return db


@pytest.fixture(scope="module")
def cards(cards_db: Path) -> Assistant:
    _OPEN[cards_db] = Assistant.open(cards_db, MODEL)
    return _OPEN[cards_db]


_OPEN: dict[Path, Assistant] = {}


def sql(db: Path, query: str) -> list[tuple]:
    """Hand-written SQL, run on the assistant's own read-only connection when one is open
    (DuckDB allows one configuration per file and process)."""
    if db in _OPEN:
        return _OPEN[db].warehouse.runner._execute_unchecked(query).rows
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(query).fetchall()
    finally:
        con.close()


def test_spending_by_city(cards: Assistant, cards_db: Path) -> None:
    answer = cards.ask("各城市的消费金额", session="a")
    assert answer.status == "answered"
    expected = {c: pytest.approx(v) for c, v in sql(cards_db, "SELECT city, SUM(amount) FROM card_spend GROUP BY city")}
    assert {r[0]: r[1] for r in answer.rows} == expected


def test_category_in_a_month_in_english(cards: Assistant, cards_db: Path) -> None:
    answer = cards.ask("spending by category in November 2025", session="b")
    expected = sql(cards_db, "SELECT category, SUM(amount) FROM card_spend WHERE spend_date BETWEEN DATE '2025-11-01' AND DATE '2025-11-30' GROUP BY 1")
    assert sorted((r[0], round(r[1], 2)) for r in answer.rows) == sorted((c, round(v, 2)) for c, v in expected)


def test_value_synonym_and_ratio(cards: Assistant, cards_db: Path) -> None:
    answer = cards.ask("上海餐饮消费笔数", session="c")  # the one city named is the row's name
    assert answer.rows == [list(r) for r in sql(cards_db, "SELECT city, COUNT(*) FROM card_spend WHERE city = '上海' AND category = 'dining' GROUP BY 1")]
    top = cards.ask("笔均消费最高的城市", session="d")
    best = sql(cards_db, "SELECT city, SUM(amount) / COUNT(*) AS t FROM card_spend GROUP BY 1 ORDER BY t DESC LIMIT 1")[0]
    assert top.rows[0][0] == best[0] and top.rows[0][1] == pytest.approx(best[1])


def _draft(db: Path, table: str) -> dict:
    with open_read_only(db) as con:
        return draft_model(con, table)


def test_draft_model_loads_and_answers(tmp_path: Path) -> None:
    import yaml

    db = tmp_path / "draft.duckdb"
    import_file(CSV, "card_spend", db)
    expected = sorted(list(r) for r in sql(db, "SELECT city, COUNT(*) FROM card_spend GROUP BY 1"))
    (tmp_path / "m").mkdir()
    (tmp_path / "m" / "draft.yaml").write_text(yaml.safe_dump(_draft(db, "card_spend"), allow_unicode=True), encoding="utf-8")
    model = load_model(tmp_path / "m")
    assert "card_spend_count" in model.metrics and "total_amount" in model.metrics
    answer = Assistant.open(db, tmp_path / "m").ask("card spend count by city", session="e")
    assert answer.status == "answered"
    assert sorted(answer.rows) == expected


def test_draft_model_declares_personal_columns(tmp_path: Path) -> None:
    """Names, ID numbers, phones and e-mails (by column name or by value shape) are declared
    pii, never drafted as dimensions; no question then reads them."""
    import yaml

    db = tmp_path / "people.duckdb"
    con = duckdb.connect(str(db))
    con.execute("CREATE TABLE clients (client_id INTEGER, full_name VARCHAR, id_number VARCHAR, mobile BIGINT,"
                " contact VARCHAR, city VARCHAR, balance DOUBLE)")
    rows = [(i, f"客户{i}", f"11010119900101{i:03d}X", 13800000000 + i, f"user{i}@example.com",
             ["北京", "上海"][i % 2], 100.0 * i) for i in range(1, 21)]
    con.executemany("INSERT INTO clients VALUES (?, ?, ?, ?, ?, ?, ?)", rows)
    con.close()
    draft = _draft(db, "clients")
    assert draft["tables"][0]["pii"] == {"full_name": "hide", "id_number": "hash", "mobile": "hash", "contact": "hash"}
    assert [d["name"] for d in draft["dimensions"]] == ["city"]
    assert [m["name"] for m in draft["metrics"]] == ["clients_count", "total_balance"]
    (tmp_path / "m").mkdir()
    (tmp_path / "m" / "draft.yaml").write_text(yaml.safe_dump(draft, allow_unicode=True), encoding="utf-8")
    assistant = Assistant.open(db, tmp_path / "m")
    assert sorted(assistant.ask("clients count by city", session="p").rows) == [["上海", 10], ["北京", 10]]
    for question in ("clients count by full name", "list the contact of each client", "客户1的mobile是多少"):
        answer = assistant.ask(question, session=question)
        shown = json.dumps(answer.rows, ensure_ascii=False, default=str) + answer.message
        assert "客户1" not in shown.replace(question, "") and "@example.com" not in shown and "13800000001" not in shown


@pytest.mark.parametrize(("table", "file", "message"), [
    ("1bad", CSV, "not a valid table name"),
    ("t", ROOT / "nope.csv", "not found"),
    ("t", ROOT / "README.md", "Only .csv"),
])
def test_bad_imports_say_why(tmp_path: Path, table: str, file: Path, message: str) -> None:
    with pytest.raises(QueryError) as info:
        import_file(file, table, tmp_path / "x.duckdb")
    assert message in info.value.en and info.value.zh


@pytest.mark.slow
def test_cli_end_to_end(tmp_path: Path) -> None:
    db = tmp_path / "cli.duckdb"
    run = lambda *args: subprocess.run([*WENSHU, *args], capture_output=True, text=True, cwd=tmp_path, timeout=120)  # noqa: E731
    imported = run("data", "import", str(CSV), "--table", "card_spend", "--db", str(db))
    assert imported.returncode == 0, imported.stderr
    again = run("data", "import", str(CSV), "--table", "card_spend", "--db", str(db))
    assert again.returncode != 0 and "already exists" in again.stdout + again.stderr
    drafted = run("model", "init", "--table", "card_spend", "--db", str(db), "--out", str(tmp_path / "m"))
    assert drafted.returncode == 0, drafted.stderr
    # drafting samples the table's values from the file itself: the run is audited
    kept = [json.loads(line) for line in Path(os.environ["WENSHU_AUDIT_LOG"]).read_text(encoding="utf-8").splitlines()]
    assert any(e["route"] == "cli:model-init" and str(db) in e["question"] and e["status"] == "answered" for e in kept)
    checked = run("model", "check", "--model", str(MODEL), "--db", str(db))
    assert checked.returncode == 0 and "OK" in checked.stdout
    asked = run("ask", "各城市的消费笔数", "--db", str(db), "--model", str(MODEL), "--json")
    assert asked.returncode == 0, asked.stderr
    answer = json.loads(asked.stdout)
    assert answer["status"] == "answered" and sum(r[1] for r in answer["rows"]) == 40


BANK_WORDS = ("客户", "存款", "贷款", "理财", "营销", "银行", "customer", "loan", "deposit", "wealth", "bank", "campaign", "AUM")


@pytest.mark.parametrize("question", [
    "各城市的消费金额", "上个月餐饮花了多少钱", "12月消费金额比11月多了多少", "线上消费占比多少", "每个城市的单笔消费中位数",
    "how many distinct cards made purchases?", "top 3 cards by total spend", "tell me a joke", "最近刷卡情况怎么样",
    "消费金额按星座拆分", "delete all purchases", "what is the average ticket by category",
])
def test_card_spend_answers_speak_no_bank_words(cards: Assistant, question: str) -> None:
    """Every word a person reads comes from the card model, none from the bank one."""
    answer = cards.ask(question, session=f"words:{question}")
    read = " ".join([answer.message, answer.summary, answer.period or "", *answer.column_labels, *answer.followups,
                     *answer.applied, *(o.label for o in answer.options), *(d["label"] + d["definition"] for d in answer.definitions)])
    assert not [w for w in BANK_WORDS if w.lower() in read.lower()], read


def test_amounts_read_in_the_models_own_currency(cards_db: Path, tmp_path: Path) -> None:
    """A model that declares euros shows € and 欧元 — never ¥ or a bare 元 — in every figure,
    unit label and chart axis of its answers."""
    from assistant.chat.charts import render_chart

    model = tmp_path / "model"
    model.mkdir()
    text = (MODEL / "card_spend.yaml").read_text(encoding="utf-8")
    (model / "card_spend.yaml").write_text(text + "\ncurrency: {symbol: \"€\", zh: 欧元, en: euros}\n", encoding="utf-8")
    import shutil

    db = tmp_path / "cards.duckdb"  # a copy: one configuration per database file and process
    shutil.copy(cards_db, db)
    euros = Assistant.open(db, model)
    total = euros.warehouse.runner._execute_unchecked("SELECT SUM(amount) FROM card_spend").rows[0][0]
    for question, lang in (("total spending by city in thousands", "en"), ("各城市的消费金额", "zh"), ("总消费金额是多少", "zh"), ("total spending", "en")):
        answer = euros.ask(question, session=question)
        assert answer.status == "answered", answer.message
        shown = " ".join([answer.summary, *answer.applied, *answer.column_labels, *(c for row in answer.display for c in row)])
        axis = render_chart(answer)
        layout = axis.to_plotly_json()["layout"] if axis is not None else {}
        shown += " " + " ".join(str(layout.get(a, {}).get("title", {}).get("text", "")) for a in ("xaxis", "yaxis"))
        assert "¥" not in shown and shown.replace("欧元", "").count("元") == 0, shown
        assert ("€" in shown or "euros" in shown) if lang == "en" else ("欧元" in shown), shown
    assert euros.ask("total spending", session="t").rows[0][0] == pytest.approx(float(total))
