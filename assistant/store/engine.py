"""Where the team store lives and how it is opened.

SQLite at ``<state dir>/wenshu.db`` by default (one person, or a small team on one
machine); PostgreSQL when ``WENSHU_STATE_URL`` names one, e.g.
``postgresql+psycopg://wenshu@db.internal/wenshu`` (psycopg 3).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from semantic_layer.errors import QueryError

URL_ENV = "WENSHU_STATE_URL"
STATE_DIR_ENV = "WENSHU_STATE_DIR"


def state_dir() -> Path:
    """Where local state goes: ``WENSHU_STATE_DIR``, else ``.wenshu`` in the working directory."""
    return Path(os.environ.get(STATE_DIR_ENV) or ".wenshu")


def store_url(url: str | None = None) -> str:
    """The given URL, else ``WENSHU_STATE_URL``, else SQLite in the state directory."""
    chosen = url or os.environ.get(URL_ENV, "").strip()
    if chosen:
        return chosen
    return f"sqlite:///{(state_dir() / 'wenshu.db').resolve()}"


def _foreign_keys_on(dbapi_connection: Any, _record: Any) -> None:
    """SQLite enforces foreign keys (and so deletes a saved answer's schedules) only when asked."""
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def make_engine(url: str) -> Engine:
    """An engine for ``url``; a malformed URL or a missing driver is a bilingual error."""
    try:
        parsed = make_url(url)
        if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(parsed, pool_pre_ping=parsed.get_backend_name() != "sqlite")
    except (ArgumentError, ValueError) as exc:
        raise QueryError(zh=f"存储地址 {URL_ENV} 无法识别:{exc}。应形如 postgresql+psycopg://用户@主机/库名 或 sqlite:///路径。",
                         en=f"The store URL ({URL_ENV}) is not valid: {exc}. Use postgresql+psycopg://user@host/db or sqlite:///path.") from None
    except OSError as exc:
        raise QueryError(zh=f"无法创建团队存储的目录:{exc.strerror}。请检查 WENSHU_STATE_DIR 或 --store。",
                         en=f"Cannot create the team store's directory: {exc.strerror}. Check WENSHU_STATE_DIR or --store.") from None
    except ImportError as exc:
        raise QueryError(zh=f"缺少数据库驱动:{exc.name}。PostgreSQL 请使用 postgresql+psycopg://。",
                         en=f"Missing database driver: {exc.name}. For PostgreSQL use postgresql+psycopg://.") from None
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _foreign_keys_on)
    return engine
