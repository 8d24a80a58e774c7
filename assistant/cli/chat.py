"""``wenshu chat``: the chat page in the browser (Chainlit)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer


def chat_command(
    host: Annotated[str, typer.Option(help="Address to listen on. 监听地址")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port. 端口")] = 8000,
    db: Annotated[
        Path, typer.Option(help="DuckDB file (the demo mart is built there if missing).")
    ] = Path("data/bank.duckdb"),
    model: Annotated[
        Path | None, typer.Option(help="Semantic model directory (default: the bank model).")
    ] = None,
    users: Annotated[
        Path | None, typer.Option(help="YAML/JSON users file with password hashes; enables login.")
    ] = None,
    warm: Annotated[bool, typer.Option(help="Work out every goal's target segments in the background at start "
                                            "(kept on disk: later starts need not). 启动后在后台预先计算目标客群。")] = True,
) -> None:
    """Open the chat page. 打开问数对话页面。"""
    from assistant.chat.server import serve

    code = serve(db=db, host=host, port=port, model=model, users=users, warm=warm)
    if code:
        raise typer.Exit(code)
