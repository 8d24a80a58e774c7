"""``wenshu slack``: the Slack bot, over HTTP (Events API) or Socket Mode, with the team
store for Save, ``/wenshu saved`` and the scheduled pushes and alerts."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from assistant.cli.store_options import StoreOption


def slack_command(
    port: Annotated[int, typer.Option(help="Port for Slack's requests (HTTP mode). 端口")] = 3000,
    host: Annotated[str, typer.Option(help="Address to listen on (HTTP mode). 监听地址")] = "127.0.0.1",
    db: Annotated[Path, typer.Option(help="DuckDB file (the demo mart is built there if missing).")] = Path("data/bank.duckdb"),
    model: Annotated[Path | None, typer.Option(help="Semantic model directory (default: the bank model).")] = None,
    roles: Annotated[Path | None, typer.Option(envvar="WENSHU_ROLES", help="Roles and users file with slack_id (docs/governance.md). 角色文件")] = None,
    store: StoreOption = None,
    socket: Annotated[bool, typer.Option("--socket", help="Socket Mode (SLACK_APP_TOKEN) instead of HTTP. 使用 Socket Mode")] = False,
) -> None:
    """Answer questions in Slack and push scheduled answers and alerts. 在 Slack 里回答问题并推送定时结果与预警。
    Tokens come from the environment (docs/slack.md)."""
    from assistant.slack.server import run
    from assistant.slack.settings import SlackSettings

    settings = SlackSettings.from_env(socket=socket)  # before anything slow: a missing token fails at once
    run(settings, db=db, model=model, roles=roles, store_url=store, host=host, port=port, socket=socket)
