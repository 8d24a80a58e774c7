"""Options and openers shared by ``wenshu saved``, ``wenshu schedule`` and ``wenshu alert``."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from assistant.store.store import Store
    from semantic_layer.access import Access

DbOption = Annotated[Path, typer.Option(help="DuckDB file. 数据库文件")]
ModelOption = Annotated[Path | None, typer.Option(help="Semantic model directory (default: the bank model). 语义模型")]
UserOption = Annotated[str | None, typer.Option(envvar="WENSHU_USER", help="Act as this user. 用户")]
RolesOption = Annotated[Path | None, typer.Option(envvar="WENSHU_ROLES", help="Roles and users file (docs/governance.md). 角色文件")]
StoreOption = Annotated[str | None, typer.Option("--store", envvar="WENSHU_STATE_URL",
                                                 help="Team store URL (default: SQLite in .wenshu/). 团队存储地址")]
JsonOption = Annotated[bool, typer.Option("--json", help="JSON instead of tables.")]
IdArgument = Annotated[int, typer.Argument(help="The id, as listed. 编号", min=1)]


def load_access(roles: Path | None, model: Path | None) -> Access:
    """Who is who, without opening the database (listing and deleting need no data)."""
    from semantic_layer.access import Access  # the semantic model: only for a command that runs

    if roles is None:
        return Access()
    from semantic_layer.load import load_model

    return Access.load(roles, load_model(model))


@contextmanager
def opened(url: str | None) -> Iterator[Store]:
    """The store, opened (and migrated) on entry, closed on exit; SQLAlchemy and Alembic
    are imported only by the commands that use it."""
    from assistant.store.store import Store

    store = Store.open(url)
    try:
        yield store
    finally:
        store.close()
