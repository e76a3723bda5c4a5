"""Operator accounts of a profile, kept in the profile's own (encrypted) store.

Each operator is a sync fact `operator:<username>` holding JSON {full_name, role,
salt, hash, iterations}: PBKDF2-SHA256 of the password, never the password. The
store file is already encrypted with a key from the OS keychain; the login tells
the people sharing one office computer apart, so commands carry who did them.
Hashing takes a tenth of a second on purpose, so it runs in the database worker.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
import secrets
from dataclasses import dataclass

from sqlalchemy import select

from desktop.db import read_rows
from sync.store.client_models import SyncFact
from sync.store.local import LocalStore

PREFIX = "operator:"
ROLES = ("operator", "supervisor", "officer")
ITERATIONS = 200_000
_USERNAME = re.compile(r"^[a-z0-9._-]{2,30}$")


class LoginRefused(Exception):
    """A login, or the account made at the first one, refused. The message says what
    the operator can do about it; `code` lets the dialog show it in the interface
    language."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(frozen=True)
class Operator:
    username: str
    full_name: str
    role: str


def _hash(password: str, salt: bytes, iterations: int) -> bytes:
    return hashlib.pbkdf2_hmac("sha256", password.encode("utf-8"), salt, iterations)


def add_operator(store: LocalStore, username: str, password: str, full_name: str,
                 role: str = "operator", *, iterations: int = ITERATIONS) -> Operator:
    """Create or replace an operator account (usernames are lower-case)."""
    username = username.strip().lower()
    if not _USERNAME.match(username):
        raise LoginRefused("bad_username",
                           "A username has 2 to 30 lower-case letters, digits, '.', '_' or '-'.")
    if len(password) < 6:
        raise LoginRefused("short_password", "A password needs at least 6 characters.")
    if role not in ROLES:
        raise ValueError(f"Role must be one of {', '.join(ROLES)}.")  # a caller's mistake
    salt = secrets.token_bytes(16)
    record = {"full_name": full_name.strip() or username, "role": role, "salt": salt.hex(),
              "hash": _hash(password, salt, iterations).hex(), "iterations": iterations}
    store.set_facts(**{PREFIX + username: json.dumps(record)})
    return Operator(username, record["full_name"], role)


def operators(store: LocalStore) -> list[Operator]:
    rows = read_rows(store, select(SyncFact.key, SyncFact.value)
                     .where(SyncFact.key.startswith(PREFIX)).order_by(SyncFact.key))
    out = []
    for key, value in rows:
        data = json.loads(value)
        out.append(Operator(key[len(PREFIX):], data.get("full_name", ""), data.get("role", "")))
    return out


def check_login(store: LocalStore, username: str, password: str) -> Operator:
    """The operator if the password is right; `LoginRefused` with a clear message if not."""
    username = username.strip().lower()
    if not username:
        raise LoginRefused("no_username", "Type your username.")
    if not password:
        raise LoginRefused("no_password", "Type your password.")
    rows = read_rows(store, select(SyncFact.value).where(SyncFact.key == PREFIX + username))
    if not rows:
        raise LoginRefused("unknown_user", f"There is no operator called “{username}” in this profile. "
                           "Check the spelling, or ask a supervisor to add you.")
    data = json.loads(rows[0][0])
    expected = bytes.fromhex(data["hash"])
    got = _hash(password, bytes.fromhex(data["salt"]), int(data.get("iterations", ITERATIONS)))
    if not hmac.compare_digest(expected, got):
        raise LoginRefused("wrong_password", "Wrong password for this username. Check that Caps Lock is off "
                           "and the keyboard is set to English, then try again.")
    return Operator(username, data.get("full_name", username), data.get("role", "operator"))
