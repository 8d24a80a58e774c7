"""Fixtures for the Slack bot: a mart of its own, the fake Slack Web API, and the real
``wenshu slack`` server in a subprocess, pointed at the fake by WENSHU_SLACK_API_URL,
with its team store in a temporary SQLite file that the tests open too.

The bot runs in its own process, so the expected numbers can be read here with a
plain DuckDB connection (a locked-down one on the same file may not share a process);
an assistant in this process works on a copy of the mart for the same reason.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb
import pytest
from fake_slack_api import FakeSlack
from slack_setup import CHANNELS, END, PROJECT, ROLES, Bot, free_port, slack_env, wait_until_serving


@pytest.fixture(scope="session")
def slack_mart(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from demo_mart.generate import generate_mart

    path = tmp_path_factory.mktemp("slack_mart") / "bank.duckdb"
    generate_mart(path, customers=3000, seed=7, end_date=END, months=24)
    return path


@pytest.fixture(scope="session")
def expected(slack_mart: Path):
    """Rows of a hand-written SQL query on the mart, as a dict of first column → second."""

    def query(sql: str) -> dict[Any, Any]:
        with duckdb.connect(str(slack_mart), read_only=True) as con:
            return dict(con.execute(sql).fetchall())

    return query


@pytest.fixture(scope="session")
def fake_slack() -> Iterator[FakeSlack]:
    with FakeSlack(CHANNELS) as fake:
        yield fake


@pytest.fixture(scope="session")
def roles_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """alice may export, bob may not, anyone else is unknown."""
    path = tmp_path_factory.mktemp("slack_roles") / "roles.yaml"
    path.write_text(ROLES, encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def bot(slack_mart: Path, fake_slack: FakeSlack, roles_file: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Bot]:
    """``wenshu slack`` with the roles file and a team store of its own."""
    tmp = tmp_path_factory.mktemp("slack_bot")
    port, log, audit_log = free_port(), tmp / "bot.log", tmp / "audit.jsonl"
    store_url = f"sqlite:///{tmp / 'store.db'}"
    command = [sys.executable, "-m", "assistant.cli", "slack", "--port", str(port), "--db", str(slack_mart),
               "--roles", str(roles_file), "--store", store_url]
    with log.open("wb") as out:
        process = subprocess.Popen(command, cwd=PROJECT, env=slack_env(fake_slack, audit_log), stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/slack/events"
    try:
        wait_until_serving(url, process, log)
        yield Bot(url, audit_log, log, store_url)
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture(scope="session")
def bot_store(bot: Bot) -> Iterator[Any]:
    """The bot's team store, opened here to look at what Slack saved."""
    from assistant.store.store import Store

    store = Store.open(bot.store_url)
    yield store
    store.close()


@pytest.fixture(scope="session")
def mart_assistant(slack_mart: Path, roles_file: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """An assistant in this process on a copy of the bot's mart, with the same roles
    (for schedules run with a controlled clock); it never needs the question parser."""
    from assistant.answer import Assistant

    copy = shutil.copy(slack_mart, tmp_path_factory.mktemp("slack_mart_copy") / "bank.duckdb")
    assistant = Assistant.open(copy, roles=roles_file)
    yield assistant
    assistant.warehouse.close()
