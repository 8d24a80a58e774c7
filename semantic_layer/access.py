"""Who may see what: roles with a row scope, a minimum group size and export rights,
and the users who hold them. One YAML file serves every front end (CLI ``--user``,
the chat page's login, Slack user ids).

    roles:
      - name: east_manager
        label: {zh: 华东区经理, en: East China manager}
        scope: [{field: region, op: in, value: [华东]}]   # customer tags; rows outside never leave the database
        min_group_size: 10                               # a cell covering fewer customers is hidden (default: the model's, 5)
        may_export: false                                # customer lists (segment exports)
        may_inspect_data: false                          # raw rows: `wenshu data check`, `wenshu model init`
    users:
      - username: alice
        role: east_manager
        password_hash: "scrypt$…"                        # the chat page's login (python -m assistant.chat.auth)
        slack_id: U0123ABCD                              # the Slack bot's mapping

Without a file every user has the default role: no row scope, the model's minimum
group size (5), exports and data inspection allowed (one person on their own machine);
with a file, only where the file says so. The scope is applied by the compiler to every query on
every route, never by a parser.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal, NamedTuple

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from semantic_layer.errors import (
    ModelDefinitionError,
    ModelProblem,
    QueryError,
    RefusedError,
    did_you_mean,
)
from semantic_layer.load import read_yaml
from semantic_layer.model import Label
from semantic_layer.query import Filter
from semantic_layer.semantic_model import SemanticModel

DEFAULT_ROLE = "default"

#: what a role may be refused: suggesting target segments (whole populations), exporting a
#: customer list, reading the database file itself (every row, outside the semantic layer)
Action = Literal["segments", "export", "inspect"]

#: (action, the permission lacking) → the refusal, zh and en
_REFUSALS: dict[tuple[str, str], tuple[str, str]] = {
    ("segments", "scope"): ("目标客群推荐需要看全量客户,您的角色只能查看部分数据范围,暂不提供。可以改问范围内的指标和分布。",
                            "Target segments need the whole customer base; your role sees part of it, so they are not "
                            "offered. Ask for figures within your scope instead."),
    ("export", "scope"): ("客户名单需要看全量客户,您的角色只能查看部分数据范围。",
                          "Customer lists need the whole customer base; your role sees only part of it."),
    ("export", "may_export"): ("您的角色不能导出客户名单(may_export)。请联系管理员。",
                               "Your role may not export customer lists (may_export). Ask an administrator."),
    ("inspect", "scope"): ("您的角色只能查看部分数据范围,不能直接读取数据库文件(数据检查、模型草稿)。",
                           "Your role sees only part of the data; it may not read the database file itself "
                           "(data check, model drafts)."),
    ("inspect", "may_inspect_data"): ("您的角色不能直接读取数据库文件(may_inspect_data)。请联系管理员。",
                                      "Your role may not read the database file itself (may_inspect_data). Ask an administrator."),
}


class Refusal(NamedTuple):
    """Why a role may not do something: the permission it lacks (for the audit) and the message."""

    reason: str
    error: RefusedError


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Role(Strict):
    name: str
    label: Label | None = None
    scope: tuple[Filter, ...] = ()
    min_group_size: int | None = Field(default=None, ge=1, le=10_000)  # None: the model's (5 unless it says)
    may_export: bool = False
    may_inspect_data: bool = False  # read the database file itself (data check, model init): every row, no scope

    def refusal(self, action: Action) -> Refusal | None:
        """Why this role may not do ``action``, or None when it may. A row scope refuses every
        action here (each reads whole populations or the file itself, which no scope bounds)."""
        lacking = ("scope" if self.scope
                   else "may_export" if action == "export" and not self.may_export
                   else "may_inspect_data" if action == "inspect" and not self.may_inspect_data
                   else None)
        if lacking is None:
            return None
        zh, en = _REFUSALS[action, lacking]
        return Refusal(lacking, RefusedError(zh=zh, en=en))

    def describe(self, lang: str) -> str:
        if self.label is not None:
            return self.label.zh if lang == "zh" else self.label.en
        return self.name


class User(Strict):
    username: str = Field(min_length=1, max_length=200)
    role: str = DEFAULT_ROLE
    password_hash: str | None = None
    slack_id: str | None = None

    @model_validator(mode="before")
    @classmethod
    def _roles_list(cls, data: Any) -> Any:
        """The chat page's older ``roles: [analyst]`` means the first role."""
        if isinstance(data, dict) and "roles" in data and "role" not in data:
            data = dict(data)
            roles = data.pop("roles") or [DEFAULT_ROLE]
            data["role"] = roles if isinstance(roles, str) else str(roles[0])
        return data


class AccessFile(Strict):
    roles: tuple[Role, ...] = ()
    users: tuple[User, ...] = ()


class Access:
    """Roles and users, checked against the semantic model."""

    def __init__(self, roles: tuple[Role, ...] = (), users: tuple[User, ...] = (), *, local: bool = True):
        """``local``: no roles file (one person on their own machine), so the default role may
        export and inspect the data; with a file, the default role may not unless the file says so."""
        self.roles = {r.name: r for r in roles}
        self.roles.setdefault(DEFAULT_ROLE, Role(name=DEFAULT_ROLE, may_export=local, may_inspect_data=local))
        self.users = {u.username: u for u in users}
        self.by_slack = {u.slack_id: u for u in users if u.slack_id}

    @classmethod
    def load(cls, path: Path | str, model: SemanticModel) -> Access:
        """Read and check a roles file; every problem is reported at once."""
        import yaml

        where = str(path)
        try:
            data: Any = read_yaml(Path(path).read_text(encoding="utf-8")) or {}
        except OSError as exc:
            raise ModelDefinitionError([ModelProblem(where, None, "(file)", f"cannot read the roles file: {exc.strerror}",
                                                     f"无法读取角色文件:{exc.strerror}")]) from None
        except yaml.YAMLError as exc:
            line = getattr(getattr(exc, "problem_mark", None), "line", None)
            raise ModelDefinitionError([ModelProblem(where, line + 1 if line is not None else None, "(yaml)",
                                                     "not valid YAML", "不是合法的 YAML")]) from None
        try:
            parsed = AccessFile.model_validate(data)
        except ValidationError as err:
            raise ModelDefinitionError([
                ModelProblem(where, None, ".".join(str(p) for p in e["loc"]) or "(file)", e["msg"], e["msg"]) for e in err.errors()
            ]) from None
        problems = _check(parsed, model, where)
        if problems:
            raise ModelDefinitionError(problems)
        return cls(parsed.roles, parsed.users, local=False)

    def role_of(self, username: str | None) -> Role:
        """The user's role; an unknown user is refused, no user means the default role."""
        if username is None:
            return self.roles[DEFAULT_ROLE]
        user = self.users.get(username)
        if user is None:
            if not self.users:  # no users file: everyone has the default role
                return self.roles[DEFAULT_ROLE]
            raise QueryError(zh=f"未知用户 “{username}”,无权查询数据。请联系管理员开通。",
                             en=f"Unknown user '{username}': no access to the data. Ask an administrator for access.")
        return self.roles[user.role]


def _check(parsed: AccessFile, model: SemanticModel, where: str) -> list[ModelProblem]:
    from semantic_layer.compile.fields import normalize_value, resolve_field

    problems: list[ModelProblem] = []
    names = [r.name for r in parsed.roles]
    for dup in {n for n in names if names.count(n) > 1}:
        problems.append(ModelProblem(where, None, f"role {dup}", "role defined twice", "角色重复定义"))
    known = set(names) | {DEFAULT_ROLE}
    users = [u.username for u in parsed.users]
    for dup in {n for n in users if users.count(n) > 1}:
        problems.append(ModelProblem(where, None, f"user {dup}", "user defined twice", "用户重复定义"))
    for u in parsed.users:
        if u.role not in known:
            problems.append(ModelProblem(where, None, f"user {u.username}", f"unknown role '{u.role}'", f"未知角色 “{u.role}”",
                                         did_you_mean(u.role, sorted(known))))
        if u.password_hash is not None and not u.password_hash.startswith("scrypt$"):
            problems.append(ModelProblem(where, None, f"user {u.username}", "password_hash must be a scrypt hash, never a password",
                                         "password_hash 必须是 scrypt 哈希,不能写明文密码"))
    for r in parsed.roles:
        for f in r.scope:
            if f.field not in model.tags:
                problems.append(ModelProblem(where, None, f"role {r.name}", f"scope field '{f.field}' is not a customer tag",
                                             f"范围字段 “{f.field}” 不是客户标签", did_you_mean(f.field, list(model.tags))))
                continue
            ref = resolve_field(model, f.field, None, "scope")
            values = f.value if isinstance(f.value, tuple) else (f.value,)
            for v in values:
                try:
                    if v is not None:
                        normalize_value(ref, v)
                except QueryError as err:
                    problems.append(ModelProblem(where, None, f"role {r.name}", err.en, err.zh, err.suggestions))
    return problems
