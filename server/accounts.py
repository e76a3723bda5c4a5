"""Operator accounts on the server: who may sign commands, with which roles, where.

The `operators` row is synced (it reaches the desks of the operator's districts by
the ordinary pull); the password hash is kept apart in `operator_secrets`, which no
pull reads. Passwords are hashed with argon2id (argon2-cffi's defaults). Accounts are
made and changed only here (`daftar admin`), never by a command from a desk.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from domain import reference
from domain.errors import NotFound, ValidationError, msg
from domain.ids import new_id, utcnow
from domain.models import Operator
from domain.roles import role
from server.models import OperatorSecret
from sync import signing

_hasher = PasswordHasher()
#: Verified against when the username is unknown, so a wrong name costs as long as a
#: wrong password and the answer time does not tell which names exist.
_DUMMY_HASH = _hasher.hash("not a password of anyone")
MIN_PASSWORD = 8
SCOPE_KINDS = ("districts", "offices", "tehsils", "prisons")


def hash_password(password: str) -> str:
    if len(password) < MIN_PASSWORD:
        raise ValidationError(
            msg("A password needs at least {count} characters.", count=MIN_PASSWORD),
            field="password",
        )
    return _hasher.hash(password)


def password_matches(stored: str | None, password: str) -> bool:
    try:
        return _hasher.verify(stored or _DUMMY_HASH, password) and stored is not None
    except (VerificationError, InvalidHashError):
        return False


def make_scope(
    office_code: str,
    districts: Iterable[str] = (),
    offices: Iterable[str] = (),
    tehsils: Iterable[str] = (),
    prisons: Iterable[str] = (),
) -> dict[str, list[str]]:
    """A checked scope: every code known to the reference data, every tehsil and prison
    within the scope's districts (the home office's district when none are given)."""
    home = reference.office(office_code)
    scope = {
        "districts": list(dict.fromkeys(districts)) or [home.district_code],
        "offices": list(dict.fromkeys(offices)),
        "tehsils": list(dict.fromkeys(tehsils)),
        "prisons": list(dict.fromkeys(prisons)),
    }
    for code in scope["districts"]:
        reference.district(code)
    for code in scope["offices"]:
        _within(reference.office(code).district_code, scope, f"office {code}")
    for code in scope["tehsils"]:
        _within(reference.tehsil(code).district_code, scope, f"tehsil {code}")
    for code in scope["prisons"]:
        _within(reference.prison(code).district_code, scope, f"prison {code}")
    return scope


def _within(district: str, scope: dict[str, list[str]], what: str) -> None:
    if district not in scope["districts"]:
        raise ValidationError(
            msg(
                "{what} is in district {district}, outside this account's districts {districts}.",
                what=what,
                district=district,
                districts=", ".join(scope["districts"]),
            ),
            field="scope",
        )


@dataclass(frozen=True)
class OperatorView:
    """An operator as /auth/login answers it and `daftar admin list` shows it."""

    id: str
    username: str
    full_name: str
    full_name_ur: str
    roles: list[str]
    scope: dict[str, Any]
    active: bool
    office_code: str
    devices: list[str]

    @classmethod
    def of(cls, op: Operator) -> OperatorView:
        return cls(
            op.id,
            op.username,
            op.full_name,
            op.full_name_ur,
            list(op.roles),
            dict(op.scope),
            bool(op.active),
            op.office_code,
            sorted(op.public_keys or {}),
        )

    def as_login(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "username": self.username,
            "full_name": self.full_name,
            "full_name_ur": self.full_name_ur,
            "roles": self.roles,
            "scope": self.scope,
            "active": self.active,
        }


def _check_username(username: str) -> str:
    name = username.strip().lower()
    if not (2 <= len(name) <= 30) or not all(c.isalnum() or c in "._-" for c in name):
        raise ValidationError(
            msg(
                "A username has 2 to 30 letters, digits, dots, dashes or "
                "underscores; you typed {name}.",
                name=repr(username),
            ),
            field="username",
        )
    return name


def _check_roles(roles: Iterable[str]) -> list[str]:
    keys = list(dict.fromkeys(roles))
    if not keys:
        raise ValidationError(msg("An account needs at least one role."), field="roles")
    for key in keys:
        role(key)
    return keys


def find(session: Session, username: str) -> Operator | None:
    return session.scalars(
        select(Operator).where(Operator.username == username.strip().lower())
    ).first()


def get(session: Session, username: str) -> Operator:
    op = find(session, username)
    if op is None:
        raise NotFound(
            msg("There is no account {username}.", username=repr(username)),
            hints={"kind": "operator", "code": username},
        )
    return op


def add(
    session: Session,
    username: str,
    password: str,
    full_name: str,
    roles: Iterable[str],
    office_code: str,
    *,
    full_name_ur: str = "",
    districts: Iterable[str] = (),
    offices: Iterable[str] = (),
    tehsils: Iterable[str] = (),
    prisons: Iterable[str] = (),
) -> Operator:
    """A new active account (the caller commits)."""
    name = _check_username(username)
    if find(session, name) is not None:
        raise ValidationError(
            msg("The username {username} is taken.", username=repr(name)),
            field="username",
            code="duplicate",
        )
    keys = _check_roles(roles)
    scope = make_scope(office_code, districts, offices, tehsils, prisons)
    office = reference.office(office_code)
    now = utcnow()
    op = Operator(
        id=new_id(),
        username=name,
        full_name=full_name.strip()[:120],
        full_name_ur=full_name_ur.strip()[:120],
        roles=keys,
        scope=scope,
        public_keys={},
        active=True,
        district_code=office.district_code,
        office_code=office.code,
        created_at=now,
        updated_at=now,
        sync_state="synced",
    )
    session.add(op)
    session.add(
        OperatorSecret(operator_id=op.id, password_hash=hash_password(password), changed_at=now)
    )
    return op


def set_active(session: Session, username: str, active: bool) -> Operator:
    op = get(session, username)
    op.active = active
    op.updated_at = utcnow()
    return op


def set_roles(session: Session, username: str, roles: Iterable[str]) -> Operator:
    op = get(session, username)
    op.roles = _check_roles(roles)
    op.updated_at = utcnow()
    return op


def reset_password(
    session: Session, username: str, password: str, *, forget_keys: bool = True
) -> Operator:
    """A new password; the keys registered under the old one are forgotten (a desk
    makes a new key pair at the next online login), unless told otherwise."""
    op = get(session, username)
    secret = session.get(OperatorSecret, op.id)
    if secret is None:
        secret = OperatorSecret(operator_id=op.id, password_hash="")
        session.add(secret)
    secret.password_hash = hash_password(password)
    secret.changed_at = utcnow()
    if forget_keys:
        op.public_keys = {}
    op.updated_at = utcnow()
    return op


def check_password(session: Session, username: str, password: str) -> Operator | None:
    """The operator if the password is theirs (active or not); None otherwise."""
    op = find(session, username) if isinstance(username, str) else None
    secret = session.get(OperatorSecret, op.id) if op is not None else None
    ok = password_matches(secret.password_hash if secret else None, password)
    return op if ok else None


def register_key(op: Operator, device_id: str, public_key: str) -> None:
    """Record the public key the operator's desk made on this device (replacing an
    older one of the same device)."""
    try:
        raw = signing.b64decode(public_key)
    except ValueError:
        raw = b""
    if len(raw) != 32:
        raise ValidationError(
            msg("The public key is not an Ed25519 key (32 bytes, base64)."),
            field="public_key",
            code="bad_public_key",
        )
    op.public_keys = {**(op.public_keys or {}), device_id: public_key}
    op.updated_at = utcnow()


def listing(session: Session) -> list[OperatorView]:
    return [
        OperatorView.of(op) for op in session.scalars(select(Operator).order_by(Operator.username))
    ]
