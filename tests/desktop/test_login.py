"""Logging in: accounts come from the server; every command is signed by whoever is
logged in; a desk lets in offline only operators who logged in online on it."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import select, update

from desktop.login import LoginDialog
from desktop.operators import LoginRefused, known_operators, log_in
from desktop.qt import Qt
from domain.ids import new_id, utcnow
from sync import signing
from sync.store.client_models import OperatorCredential, OutboxCommand
from sync.store.local import LocalStore
from sync.store.signer import NotSignedIn
from sync.transport import Offline, Refused

GUL = {
    "id": "0193f0c2-0000-7000-8000-0000000000b2",
    "username": "gul",
    "full_name": "Gul Khan",
    "full_name_ur": "گل خان",
    "roles": ["licence_operator"],
    "scope": {"districts": ["PSH"]},
    "active": True,
}


class FakeServer:
    """`/auth/login` as the protocol describes it: right password → the account,
    wrong → 401 bad_credentials; a public key sent is registered for this device."""

    def __init__(self, accounts: dict[str, tuple[dict[str, Any], str]]):
        self.accounts = accounts
        self.keys: dict[str, str] = {}
        self.calls: list[dict[str, Any]] = []
        self.down = False

    def login(self, username: str, password: str, public_key: str | None = None) -> dict[str, Any]:
        self.calls.append({"username": username, "public_key": public_key})
        if self.down:
            raise Offline("no route to host")
        profile, right = self.accounts.get(username, (None, None))
        if profile is None or password != right:
            raise Refused(401, {"code": "bad_credentials"})
        if public_key is not None:
            self.keys[profile["id"]] = public_key
        return {"operator": profile, "server_time": utcnow().isoformat()}


def _type_and_submit(qtbot: Any, dialog: LoginDialog, username: str, password: str) -> None:
    dialog.username.clear()
    qtbot.keyClicks(dialog.username, username)
    dialog.password.clear()
    qtbot.keyClicks(dialog.password, password)
    qtbot.mouseClick(dialog.ok, Qt.LeftButton)


def _enrolled(store: LocalStore) -> LocalStore:
    store.set_facts(
        device_id="0193f0c2-0000-7000-8000-00000000de51",
        device_no=7,
        office_code="DC-PSH",
        district_code="PSH",
    )
    return store


def _a_command(store: LocalStore) -> OutboxCommand:
    store.execute(
        "open_visit_slot",
        {
            "slot_id": new_id(),
            "prison_code": "CP-PSH",
            "starts_at": (utcnow() + timedelta(days=3))
            .replace(second=0, microsecond=0)
            .isoformat(),
            "minutes": 30,
            "capacity": 2,
            "seat_quotas": {},
        },
    )
    with store.sessions() as s:
        return s.scalars(select(OutboxCommand).order_by(OutboxCommand.device_seq.desc())).first()


@pytest.mark.real_signing
def test_first_online_login_registers_a_key_and_every_command_is_signed_with_it(store):
    store = _enrolled(store)
    server = FakeServer({"gul": (GUL, "gul-pass-1")})
    operator = log_in(store, "Gul", "gul-pass-1", server)  # type: ignore[arg-type]

    assert operator.full_name == "Gul Khan" and operator.roles == ("licence_operator",)
    registered = server.keys[GUL["id"]]
    assert server.calls[-1]["public_key"] == registered
    command = _a_command(store)
    assert command.operator_id == GUL["id"] and command.actor == "gul"
    me = store.identity()
    message = signing.canonical_command(
        me.device_id, 7, command.device_seq, command.command_id, command.name, command.args
    )
    assert signing.verify(registered, message, command.signature)
    # Claiming another device number (or any other change) breaks the signature.
    assert not signing.verify(
        registered,
        signing.canonical_command(
            me.device_id, 8, command.device_seq, command.command_id, command.name, command.args
        ),
        command.signature,
    )

    # The second online login on this desk sends no new key: the one kept here is used.
    store.sign_out()
    log_in(store, "gul", "gul-pass-1", server)  # type: ignore[arg-type]
    assert server.calls[-1]["public_key"] is None
    assert signing.verify(registered, *_signed(store, _a_command(store)))


def _signed(store: LocalStore, command: OutboxCommand) -> tuple[bytes, str]:
    me = store.identity()
    return (
        signing.canonical_command(
            me.device_id,
            me.device_no or 0,
            command.device_seq,
            command.command_id,
            command.name,
            command.args,
        ),
        command.signature or "",
    )


@pytest.mark.real_signing
def test_the_desk_keeps_no_password_and_no_usable_key_without_it(store):
    store = _enrolled(store)
    log_in(store, "gul", "gul-pass-1", FakeServer({"gul": (GUL, "gul-pass-1")}))  # type: ignore[arg-type]
    with store.sessions() as s:
        row = s.scalar(select(OperatorCredential))
    raw = repr((row.verifier, row.wrapped_key, row.salt, row.profile))
    assert "gul-pass-1" not in raw
    assert row.verifier.startswith("$argon2id$")
    assert len(signing.b64decode(row.wrapped_key)) == 12 + 32 + 16  # nonce, key, GCM tag


@pytest.mark.real_signing
def test_offline_login_uses_the_verifier_and_needs_an_earlier_online_login(store):
    store = _enrolled(store)
    server = FakeServer({"gul": (GUL, "gul-pass-1")})
    server.down = True
    with pytest.raises(LoginRefused) as refused:
        log_in(store, "gul", "gul-pass-1", server)  # type: ignore[arg-type]
    assert refused.value.code == "not_on_this_desk"

    server.down = False
    log_in(store, "gul", "gul-pass-1", server)  # type: ignore[arg-type]
    store.sign_out()
    server.down = True
    with pytest.raises(LoginRefused) as refused:
        log_in(store, "gul", "not her password", server)  # type: ignore[arg-type]
    assert refused.value.code == "wrong_password"
    operator = log_in(store, "gul", "gul-pass-1", server)  # type: ignore[arg-type]
    assert operator.username == "gul" and operator.full_name_ur == "گل خان"
    assert signing.verify(server.keys[GUL["id"]], *_signed(store, _a_command(store)))
    assert [o.username for o in known_operators(store)] == ["gul"]


@pytest.mark.real_signing
def test_five_wrong_passwords_lock_the_account_on_this_desk_for_fifteen_minutes(store):
    store = _enrolled(store)
    server = FakeServer({"gul": (GUL, "gul-pass-1")})
    log_in(store, "gul", "gul-pass-1", server)  # type: ignore[arg-type]
    store.sign_out()
    server.down = True
    for attempt in range(1, 5):
        with pytest.raises(LoginRefused) as refused:
            log_in(store, "gul", f"guess {attempt}", server)  # type: ignore[arg-type]
        assert refused.value.code == "wrong_password"
    with pytest.raises(LoginRefused) as refused:
        log_in(store, "gul", "guess 5", server)  # type: ignore[arg-type]
    assert refused.value.code == "locked" and refused.value.values["minutes"] == 15
    # Locked: even the right password, even online, is not tried.
    server.down = False
    calls = len(server.calls)
    with pytest.raises(LoginRefused) as refused:
        log_in(store, "gul", "gul-pass-1", server)  # type: ignore[arg-type]
    assert refused.value.code == "locked"
    assert len(server.calls) == calls and store.signer is None

    with store.sessions.begin() as s:  # fifteen minutes later
        s.execute(update(OperatorCredential).values(locked_until=utcnow() - timedelta(seconds=1)))
    assert log_in(store, "gul", "gul-pass-1", server).username == "gul"  # type: ignore[arg-type]


@pytest.mark.real_signing
def test_the_lock_out_limits_are_settings_of_the_profile(store):
    store = _enrolled(store)
    store.set_facts(login_max_attempts=2, login_lockout_minutes=30)
    server = FakeServer({"gul": (GUL, "gul-pass-1")})
    log_in(store, "gul", "gul-pass-1", server)  # type: ignore[arg-type]
    with pytest.raises(LoginRefused):
        log_in(store, "gul", "wrong", server)  # type: ignore[arg-type]  (online: counted too)
    with pytest.raises(LoginRefused) as refused:
        log_in(store, "gul", "wrong", server)  # type: ignore[arg-type]
    assert refused.value.code == "locked" and refused.value.values["minutes"] == 30


@pytest.mark.real_signing
def test_with_nobody_logged_in_no_command_can_be_made(store):
    with pytest.raises(NotSignedIn, match="log in"):
        _a_command(store)
    with store.sessions() as s:
        assert s.scalar(select(OutboxCommand)) is None


@pytest.mark.real_signing
def test_a_command_cannot_be_recorded_under_another_name(store, operator):
    with pytest.raises(ValueError, match="cannot be recorded as 'tariq'"):
        store.execute("open_visit_slot", {}, actor="tariq")


def test_wrong_password_says_so_then_the_right_one_logs_in(
    qtbot, store, operator, worker, password
):
    store.sign_out()
    dialog = LoginDialog(store, worker)
    qtbot.addWidget(dialog)
    dialog.show()
    _type_and_submit(qtbot, dialog, "amina", "wrong password")
    qtbot.waitUntil(lambda: dialog.error.isVisible())
    assert "Wrong password" in dialog.error.text()
    assert dialog.password.text() == ""  # cleared, the username kept
    assert dialog.username.text() == "amina"

    with qtbot.waitSignal(dialog.accepted, timeout=5000):
        _type_and_submit(qtbot, dialog, "amina", password)
    assert dialog.operator is not None
    assert dialog.operator.full_name == "Amina Bibi"
    assert dialog.operator.role == "supervisor"
    assert store.signer is not None and store.signer.username == "amina"


def test_someone_who_never_logged_in_here_is_told_to_connect_first(
    qtbot, store, operator, worker, password
):
    dialog = LoginDialog(store, worker)
    qtbot.addWidget(dialog)
    dialog.show()
    _type_and_submit(qtbot, dialog, "nobody", password)
    qtbot.waitUntil(lambda: dialog.error.isVisible())
    assert "not logged in on this computer before" in dialog.error.text()


def test_the_login_has_no_first_account_shortcut_and_names_its_fields(qtbot, store, worker):
    dialog = LoginDialog(store, worker)
    qtbot.addWidget(dialog)
    named = {
        field.objectName(): dialog.form.labelForField(field).text()
        for field in (dialog.username, dialog.password)
    }
    assert named == {"username": "Username", "password": "Password"}
    assert dialog.form.rowCount() == 2
    assert dialog.ok.text() == "Log in"
    assert "district administrator" in dialog.intro.text()
    assert not dialog.hint.isVisibleTo(dialog)


def test_the_demo_profile_says_which_account_to_use(qtbot, store, worker):
    store.set_facts(demo_login_hint="demo/demo1234")
    dialog = LoginDialog(store, worker)
    qtbot.addWidget(dialog)
    assert dialog.hint.isVisibleTo(dialog)
    assert dialog.hint.text() == "Demo: log in as demo / demo1234"


def test_a_revoked_computer_says_so_at_the_login_and_lets_no_one_in(
    qtbot, store, operator, worker, password
):
    store.lock_revoked()
    assert store.signer is None
    dialog = LoginDialog(store, worker)
    qtbot.addWidget(dialog)
    assert not dialog.ok.isEnabled()
    assert "revoked" in dialog.error.text() and "enrol it again" in dialog.error.text()
    with pytest.raises(LoginRefused) as refused:
        log_in(store, "amina", password)
    assert refused.value.code == "revoked"
