"""The login dialog: who is working is recorded with what they do."""

from __future__ import annotations

from typing import Any

from desktop.login import LoginDialog
from desktop.operators import check_login, operators
from desktop.qt import Qt


def _type_and_submit(qtbot: Any, dialog: LoginDialog, username: str, password: str) -> None:
    dialog.username.clear()
    qtbot.keyClicks(dialog.username, username)
    dialog.password.clear()
    qtbot.keyClicks(dialog.password, password)
    qtbot.mouseClick(dialog.ok, Qt.LeftButton)


def test_wrong_password_says_so_then_the_right_one_logs_in(qtbot, store, operator, worker, password):
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


def test_unknown_username_is_told_apart_from_a_wrong_password(qtbot, store, operator, worker, password):
    dialog = LoginDialog(store, worker)
    qtbot.addWidget(dialog)
    dialog.show()
    _type_and_submit(qtbot, dialog, "nobody", password)
    qtbot.waitUntil(lambda: dialog.error.isVisible())
    assert "no operator with this username" in dialog.error.text()


def test_a_new_profile_creates_its_first_operator_as_supervisor(qtbot, store, worker):
    dialog = LoginDialog(store, worker)
    qtbot.addWidget(dialog)
    assert dialog.first_run
    qtbot.keyClicks(dialog.username, "gul")
    qtbot.keyClicks(dialog.full_name, "Gul Khan")
    qtbot.keyClicks(dialog.password, "secret-1")
    qtbot.keyClicks(dialog.confirm, "secret-2")
    qtbot.mouseClick(dialog.ok, Qt.LeftButton)
    assert "not the same" in dialog.error.text()

    dialog.password.clear()
    dialog.confirm.clear()
    qtbot.keyClicks(dialog.password, "secret-1")
    qtbot.keyClicks(dialog.confirm, "secret-1")
    with qtbot.waitSignal(dialog.accepted, timeout=5000):
        qtbot.mouseClick(dialog.ok, Qt.LeftButton)
    assert [o.username for o in operators(store)] == ["gul"]
    assert check_login(store, "GUL", "secret-1").role == "supervisor"


def test_the_password_is_not_stored_in_clear(store, operator, password):
    raw = store.fact("operator:amina")
    assert raw is not None
    assert password not in raw
    assert '"hash"' in raw and '"salt"' in raw


def test_every_field_of_the_login_has_its_name_beside_it(qtbot, store, operator, worker):
    dialog = LoginDialog(store, worker)
    qtbot.addWidget(dialog)
    named = {field.objectName(): dialog.form.labelForField(field).text()
             for field in (dialog.username, dialog.password)}
    assert named == {"username": "Username", "password": "Password"}
    first = LoginDialog(store, worker, first_run=True)
    qtbot.addWidget(first)
    assert first.form.labelForField(first.confirm).text() == "Password again"


def test_a_first_operator_with_a_bad_username_or_short_password_is_told_why(qtbot, store, worker):
    dialog = LoginDialog(store, worker)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.username, "gul khan")
    qtbot.keyClicks(dialog.password, "secret-1")
    qtbot.keyClicks(dialog.confirm, "secret-1")
    qtbot.mouseClick(dialog.ok, Qt.LeftButton)
    qtbot.waitUntil(lambda: dialog.error.isVisible() and dialog.ok.isEnabled())
    assert "2 to 30 lower-case English letters" in dialog.error.text()
    assert dialog.username.hasFocus()

    dialog.username.clear()
    qtbot.keyClicks(dialog.username, "gul")
    for field in (dialog.password, dialog.confirm):
        qtbot.keyClicks(field, "abc")
    qtbot.mouseClick(dialog.ok, Qt.LeftButton)
    qtbot.waitUntil(lambda: "at least 6 characters" in dialog.error.text())
    assert operators(store) == []
