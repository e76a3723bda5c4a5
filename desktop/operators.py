"""Logging an operator in on this desk: online against the server, offline with what
this desk keeps (DESIGN.md "Identity, roles and audit").

Accounts live on the server. At an operator's first online login on a desk, the desk
makes an Ed25519 key pair, registers the public key with the login, and keeps the
private key wrapped under the operator's password, with an argon2id verifier for
offline logins (`sync.store.credentials`). Offline, only an operator who has logged in
online on this desk can log in. Wrong passwords count per account on this desk: after
`LoginPolicy.max_attempts` the account is locked here for `lockout` minutes. A login
puts the operator's unlocked key on the store (`LocalStore.sign_in`), which signs
every command made until the session locks or ends.

No Qt here; the dialog runs these in the database worker (argon2id takes about a
tenth of a second on purpose).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select

from domain.ids import utcnow
from sync import signing
from sync.store import credentials
from sync.store.client_models import OperatorCredential
from sync.store.local import LocalStore
from sync.store.signer import Signer
from sync.transport import DeviceRevoked, Offline, Refused, ServerFault, Transport

#: A sync fact the demo sets ("user/password"), shown on the login so a visitor knows
#: what to type (`daftar demo`); never set on a real profile.
DEMO_HINT_FACT = "demo_login_hint"
_USERNAME = re.compile(r"^[a-z0-9._-]{2,30}$")


class LoginRefused(Exception):
    """A login refused. The message says what the operator can do about it; `code`
    lets the dialog show it in the interface language; `values` fill its blanks."""

    def __init__(self, code: str, message: str, **values: Any):
        super().__init__(message)
        self.code = code
        self.message = message
        self.values = values


@dataclass(frozen=True)
class Operator:
    """Who is logged in, as the server's account says (`roles`, first one as `role`)."""

    username: str
    full_name: str
    role: str = ""
    id: str = ""
    full_name_ur: str = ""
    roles: tuple[str, ...] = field(default=())

    @classmethod
    def from_profile(cls, profile: dict[str, Any]) -> Operator:
        roles = tuple(str(r) for r in profile.get("roles") or ())
        return cls(
            username=str(profile["username"]),
            full_name=str(profile.get("full_name") or profile["username"]),
            role=roles[0] if roles else "",
            id=str(profile["id"]),
            full_name_ur=str(profile.get("full_name_ur") or ""),
            roles=roles,
        )


@dataclass(frozen=True)
class LoginPolicy:
    """How many wrong passwords lock an account on this desk and for how long, and
    how long the session may sit idle before it locks. Each is a sync fact of the
    profile (`login_max_attempts`, `login_lockout_minutes`, `idle_lock_minutes`), so
    an office can set its own; these are the defaults."""

    max_attempts: int = 5
    lockout: timedelta = timedelta(minutes=15)
    idle: timedelta = timedelta(minutes=15)

    @classmethod
    def of(cls, store: LocalStore) -> LoginPolicy:
        def number(key: str, default: float) -> float:
            try:
                value = float(store.fact(key) or default)
            except ValueError:
                return default
            return value if value > 0 else default

        return cls(
            max_attempts=int(number("login_max_attempts", 5)),
            lockout=timedelta(minutes=number("login_lockout_minutes", 15)),
            idle=timedelta(minutes=number("idle_lock_minutes", 15)),
        )


def known_operators(store: LocalStore) -> list[Operator]:
    """Operators who have logged in online on this desk (and so may log in offline)."""
    with store.sessions() as s:
        return [
            Operator.from_profile({**c.profile, "id": c.operator_id, "username": c.username})
            for c in s.scalars(select(OperatorCredential).order_by(OperatorCredential.username))
        ]


def log_in(
    store: LocalStore,
    username: str,
    password: str,
    transport: Transport | None = None,
    *,
    policy: LoginPolicy | None = None,
) -> Operator:
    """Check the password (with the server when `transport` reaches it, else with this
    desk's verifier), unlock the operator's key and sign them in on `store`."""
    policy = policy or LoginPolicy.of(store)
    username = username.strip().lower()
    if not username:
        raise LoginRefused("no_username", "Type your username.")
    if not password:
        raise LoginRefused("no_password", "Type your password.")
    if not _USERNAME.match(username):
        raise LoginRefused("unknown_user", "There is no operator with this username.")
    if store.revoked():
        raise LoginRefused("revoked", "This computer's enrolment was revoked by the server.")
    cred = _credential(store, username=username)
    _refuse_if_locked(cred)
    if transport is not None:
        try:
            return _online(store, transport, username, password, cred, policy)
        except (Offline, ServerFault):
            pass  # no link, or the server is in trouble: this desk's verifier decides
    return _offline(store, username, password, cred, policy, online=transport is not None)


def unlock(
    store: LocalStore, operator: Operator, password: str, *, policy: LoginPolicy | None = None
) -> Operator:
    """The lock screen: the same operator's password, checked on this desk."""
    policy = policy or LoginPolicy.of(store)
    cred = _credential(store, username=operator.username)
    _refuse_if_locked(cred)
    if not password:
        raise LoginRefused("no_password", "Type your password.")
    return _offline(store, operator.username, password, cred, policy, online=False)


# -- online ------------------------------------------------------------------------------
def _online(
    store: LocalStore,
    transport: Transport,
    username: str,
    password: str,
    cred: OperatorCredential | None,
    policy: LoginPolicy,
) -> Operator:
    device_id = store.identity().device_id
    key = _unwrap(cred, password, device_id) if cred is not None else None
    # A first login here, or a password the server has reset since: a new key pair,
    # registered with this login (the old wrapped key cannot be opened any more).
    new_key = signing.new_key_pair()[0] if key is None else None
    try:
        answer = transport.login(
            username, password, signing.public_key_text(new_key) if new_key is not None else None
        )
    except DeviceRevoked as exc:
        store.lock_revoked()
        raise LoginRefused(
            "revoked", "This computer's enrolment was revoked by the server."
        ) from exc
    except Refused as exc:
        if exc.code == "bad_credentials":
            _count_failure(store, cred, policy)
            raise LoginRefused("wrong_password", "Wrong password for this username.") from exc
        if exc.code == "operator_disabled":
            raise LoginRefused("disabled", "This account has been disabled on the server.") from exc
        if exc.code == "out_of_scope":
            raise LoginRefused(
                "out_of_scope", "This account does not work at this office."
            ) from exc
        if exc.code == "throttled":
            seconds = _seconds(exc.body.get("retry_after"))
            raise LoginRefused(
                "throttled",
                "Too many login attempts; wait and try again.",
                minutes=max(1, round(seconds / 60)),
            ) from exc
        raise LoginRefused(
            "server_refused", f"The server refused the login: {exc}", error=str(exc)
        ) from exc
    profile = dict(answer["operator"])
    if not profile.get("active", True):
        raise LoginRefused("disabled", "This account has been disabled on the server.")
    signer_key = key if key is not None else new_key
    assert signer_key is not None
    remember(store, profile, password, signer_key, fresh=new_key is not None)
    store.sign_in(Signer(str(profile["id"]), username, signer_key))
    return Operator.from_profile(profile)


def remember(
    store: LocalStore, profile: dict[str, Any], password: str, key: Any, *, fresh: bool = True
) -> None:
    """Keep what an online login taught this desk: the account record and, for a new
    key, the verifier and the wrapped key (`fresh`); failed attempts start again."""
    device_id = store.identity().device_id
    operator_id = str(profile["id"])
    now = utcnow()
    with store.write_lock, store.sessions.begin() as s:
        for old in s.scalars(
            select(OperatorCredential).where(
                (OperatorCredential.username == profile["username"])
                | (OperatorCredential.operator_id == operator_id)
            )
        ):
            if fresh or old.operator_id != operator_id:
                s.delete(old)
        s.flush()
        row = s.get(OperatorCredential, operator_id)
        if row is None:
            sealed = credentials.seal(password, key, operator_id, device_id)
            row = OperatorCredential(
                operator_id=operator_id,
                username=str(profile["username"]),
                verifier=sealed.verifier,
                salt=sealed.salt,
                kdf=sealed.kdf,
                wrapped_key=sealed.wrapped_key,
                public_key=sealed.public_key,
            )
            s.add(row)
        row.profile = {
            k: profile.get(k)
            for k in ("username", "full_name", "full_name_ur", "roles", "scope", "active")
        }
        row.failed_attempts = 0
        row.locked_until = None
        row.last_online_login = now


# -- offline -----------------------------------------------------------------------------
def _offline(
    store: LocalStore,
    username: str,
    password: str,
    cred: OperatorCredential | None,
    policy: LoginPolicy,
    *,
    online: bool,
) -> Operator:
    if cred is None:
        if online:
            raise LoginRefused(
                "not_on_this_desk",
                "You have not logged in on this computer before, and the server cannot be reached.",
            )
        raise LoginRefused(
            "not_on_this_desk",
            "You have not logged in on this computer before; "
            "it must be connected to the server for your first login here.",
        )
    if not credentials.password_matches(cred.verifier, password):
        _count_failure(store, cred, policy)
        raise LoginRefused("wrong_password", "Wrong password for this username.")
    key = _unwrap(cred, password, store.identity().device_id)
    if key is None:  # the verifier took it, the key did not: the row was altered or moved
        raise LoginRefused(
            "damaged",
            "Your key on this computer cannot be opened; log in once "
            "while connected to the server.",
        )
    _reset_failures(store, cred)
    store.sign_in(Signer(cred.operator_id, username, key))
    return Operator.from_profile({**cred.profile, "id": cred.operator_id, "username": username})


# -- the store's rows -------------------------------------------------------------------
def _credential(store: LocalStore, *, username: str) -> OperatorCredential | None:
    with store.sessions() as s:
        return s.scalar(select(OperatorCredential).where(OperatorCredential.username == username))


def _unwrap(cred: OperatorCredential, password: str, device_id: str) -> Any:
    return credentials.unwrap(
        password, cred.salt, cred.kdf, cred.wrapped_key, cred.operator_id, device_id
    )


def _refuse_if_locked(cred: OperatorCredential | None) -> None:
    if cred is None or cred.locked_until is None:
        return
    left = cred.locked_until - utcnow()
    if left > timedelta(0):
        raise LoginRefused(
            "locked",
            "This account is locked on this computer after too many wrong passwords.",
            minutes=max(1, -(-int(left.total_seconds()) // 60)),
        )


def _count_failure(store: LocalStore, cred: OperatorCredential | None, policy: LoginPolicy) -> None:
    """One more wrong password for a known account; at the limit it locks here and the
    refusal says so (the attempt that locks it is told, not the next one)."""
    if cred is None:
        return  # nothing kept here: the server throttles logins of accounts new to this desk
    locked_until: datetime | None = None
    with store.write_lock, store.sessions.begin() as s:
        row = s.get(OperatorCredential, cred.operator_id)
        if row is None:
            return
        row.failed_attempts = (row.failed_attempts or 0) + 1
        if row.failed_attempts >= policy.max_attempts:
            row.failed_attempts = 0
            row.locked_until = locked_until = utcnow() + policy.lockout
    if locked_until is not None:
        raise LoginRefused(
            "locked",
            "This account is locked on this computer after too many wrong passwords.",
            minutes=max(1, int(policy.lockout.total_seconds() // 60)),
        )


def _reset_failures(store: LocalStore, cred: OperatorCredential) -> None:
    if not cred.failed_attempts and cred.locked_until is None:
        return
    with store.write_lock, store.sessions.begin() as s:
        row = s.get(OperatorCredential, cred.operator_id)
        if row is not None:
            row.failed_attempts = 0
            row.locked_until = None


def _seconds(value: Any) -> float:
    try:
        return float(value)
    except (TypeError, ValueError):
        return 60.0
