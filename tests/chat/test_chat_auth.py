"""Users file: salted scrypt hashes, roles, and plain-text passwords refused."""

from __future__ import annotations

import json

import pytest

from assistant.chat.auth import (
    UsersFileError,
    authenticate,
    hash_password,
    load_users,
    verify_password,
)

FAST_N = 2**10  # a small scrypt cost keeps the tests quick; the hash records it


def test_hash_is_salted_and_verifies():
    first, second = hash_password("s3cret", n=FAST_N), hash_password("s3cret", n=FAST_N)
    assert first != second and first.startswith("scrypt$1024$8$1$")
    assert verify_password("s3cret", first) and verify_password("s3cret", second)
    assert not verify_password("wrong", first)


@pytest.mark.parametrize(
    "encoded", ["", "plain", "md5$1$2$3$4$5", "scrypt$x$8$1$AA==$AA==", "scrypt$1024$8$1$!!$!!"]
)
def test_malformed_hashes_never_verify(encoded):
    assert not verify_password("anything", encoded)


def test_load_yaml_and_authenticate(tmp_path):
    path = tmp_path / "users.yaml"
    path.write_text(
        f"users:\n  - username: alice\n    password_hash: '{hash_password('pw', n=FAST_N)}'\n"
        f"    roles: [analyst, admin]\n  - username: bob\n    password_hash: '{hash_password('pw2', n=FAST_N)}'\n"
        "    role: viewer\n",
        encoding="utf-8",
    )
    users = load_users(path)
    assert users["alice"].roles == ("analyst", "admin") and users["bob"].roles == ("viewer",)
    assert authenticate(users, "alice", "pw") == users["alice"]
    assert authenticate(users, "alice", "pw2") is None
    assert authenticate(users, "nobody", "pw") is None


def test_load_json(tmp_path):
    path = tmp_path / "users.json"
    path.write_text(
        json.dumps([{"username": "a", "password_hash": hash_password("x", n=FAST_N)}]),
        encoding="utf-8",
    )
    assert list(load_users(path)) == ["a"]


@pytest.mark.parametrize(
    ("body", "words"),
    [
        ("users:\n  - username: eve\n    password: hunter2\n", "plain-text password"),
        (
            "users:\n  - username: eve\n    password_hash: hunter2\n",
            "password_hash of the form scrypt$",
        ),
        ("users:\n  - password_hash: x\n", "needs a username"),
        ("users: []\n", "non-empty `users` list"),
        ("users: [\n", "Cannot read the users file"),
    ],
)
def test_bad_users_files_are_refused(tmp_path, body, words):
    path = tmp_path / "users.yaml"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(UsersFileError) as err:
        load_users(path)
    assert words in err.value.message("en") and str(path) in err.value.message("en")


def test_missing_users_file(tmp_path):
    with pytest.raises(UsersFileError):
        load_users(tmp_path / "absent.yaml")
