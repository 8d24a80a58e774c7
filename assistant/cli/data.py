"""``wenshu data``: generate, check and import data marts."""

from __future__ import annotations

import typer

data_app = typer.Typer(help="Demo data mart: generate, check, import. 演示数据集市:生成、检查、导入。")
