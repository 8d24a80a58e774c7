"""The store's messages to users, in both languages: an id that does not exist, and a
saved answer (or its schedule or alert) that belongs to someone else."""

from __future__ import annotations

from semantic_layer.errors import QueryError, RefusedError

KINDS = {  # kind -> (zh name, en name, command that lists them)
    "saved": ("保存的回答", "saved answer", "wenshu saved list"),
    "schedule": ("定时推送", "schedule", "wenshu schedule list"),
    "alert": ("预警规则", "alert rule", "wenshu alert list"),
}


def not_found(kind: str, item_id: int) -> QueryError:
    zh, en, command = KINDS[kind]
    return QueryError(zh=f"没有编号为 {item_id} 的{zh}。用 `{command}` 查看现有的编号。",
                      en=f"There is no {en} with id {item_id}. See `{command}` for the ids there are.")


def not_yours(kind: str, item_id: int) -> RefusedError:
    zh, en, command = KINDS[kind]
    return RefusedError(zh=f"编号 {item_id} 的{zh}属于其他用户,您不能查看、运行或删除它。用 `{command}` 查看您自己的。",
                        en=f"The {en} {item_id} belongs to another user: you cannot see, run or delete it. See `{command}` for yours.")
