"""Users of the chat page: a YAML/JSON file of salted scrypt password hashes and roles.

File format (YAML or JSON)::

    users:
      - username: alice
        password_hash: "scrypt$16384$8$1$<salt>$<hash>"   # from: python -m assistant.chat.auth
        roles: [analyst]

Plain-text passwords are refused at load time. Make a hash with
``python -m assistant.chat.auth`` (asks for the password twice, prints the hash).
"""

from __future__ import annotations

import base64
import getpass
import hashlib
import hmac
import json
import secrets
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from semantic_layer.errors import WenshuError

SCHEME = "scrypt"
N, R, P = 2**14, 8, 1
DKLEN = 32


class UsersFileError(WenshuError):
    """The users file is missing, unreadable or holds something unsafe."""


@dataclass(frozen=True)
class ChatUser:
    username: str
    password_hash: str
    roles: tuple[str, ...] = ()


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def hash_password(
    password: str, salt: bytes | None = None, n: int = N, r: int = R, p: int = P
) -> str:
    """``scrypt$n$r$p$salt$hash`` with a fresh 16-byte salt."""
    salt = salt if salt is not None else secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode("utf-8"), salt=salt, n=n, r=r, p=p, dklen=DKLEN)
    return f"{SCHEME}${n}${r}${p}${_b64(salt)}${_b64(digest)}"


def verify_password(password: str, encoded: str) -> bool:
    """Constant-time check of ``password`` against a :func:`hash_password` string."""
    try:
        scheme, n, r, p, salt, digest = encoded.split("$")
        if scheme != SCHEME:
            return False
        expected = base64.b64decode(digest)
        got = hashlib.scrypt(
            password.encode("utf-8"),
            salt=base64.b64decode(salt),
            n=int(n),
            r=int(r),
            p=int(p),
            dklen=len(expected),
        )
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(got, expected)


# Checked against when the user name is unknown, so both cases take the same time.
_DUMMY_HASH = hash_password(secrets.token_hex(8))


def _user(item: Any, where: str) -> ChatUser:
    if not isinstance(item, dict) or not item.get("username"):
        raise UsersFileError(
            zh=f"{where}: 每个用户需要 username。", en=f"{where}: every user needs a username."
        )
    name = str(item["username"])
    if "password" in item:
        raise UsersFileError(
            zh=f"{where}: 用户 {name} 写了明文密码;请改用 password_hash(python -m assistant.chat.auth 生成)。",
            en=f"{where}: user {name} has a plain-text password; use password_hash "
            "(make one with `python -m assistant.chat.auth`).",
        )
    encoded = str(item.get("password_hash") or "")
    if not encoded.startswith(SCHEME + "$") or encoded.count("$") != 5:
        raise UsersFileError(
            zh=f"{where}: 用户 {name} 的 password_hash 格式不对,应为 scrypt$…。",
            en=f"{where}: user {name} needs a password_hash of the form scrypt$….",
        )
    roles = item.get("roles") or item.get("role") or ()
    return ChatUser(
        name, encoded, tuple([roles] if isinstance(roles, str) else (str(x) for x in roles))
    )


def load_users(path: Path) -> dict[str, ChatUser]:
    """All users in ``path``; raises :class:`UsersFileError` naming the file and the user."""
    try:
        text = path.read_text(encoding="utf-8")
        data = json.loads(text) if path.suffix == ".json" else yaml.safe_load(text)
    except (OSError, ValueError, yaml.YAMLError) as err:
        raise UsersFileError(
            zh=f"无法读取用户文件 {path}: {err}", en=f"Cannot read the users file {path}: {err}"
        ) from None
    items = data.get("users") if isinstance(data, dict) else data
    if not isinstance(items, list) or not items:
        raise UsersFileError(
            zh=f"{path}: 需要一个非空的 users 列表。", en=f"{path}: needs a non-empty `users` list."
        )
    users = [_user(item, str(path)) for item in items]
    return {u.username: u for u in users}


def authenticate(users: dict[str, ChatUser], username: str, password: str) -> ChatUser | None:
    user = users.get(username)
    ok = verify_password(password, user.password_hash if user else _DUMMY_HASH)
    return user if user and ok else None


def main() -> None:
    """Print a password hash for the users file (``python -m assistant.chat.auth``)."""
    first = getpass.getpass("Password 密码: ")
    if not first or first != getpass.getpass("Again 再输一次: "):
        sys.exit("Passwords are empty or differ. 密码为空或两次不一致。")
    print(hash_password(first))


if __name__ == "__main__":
    main()
