"""Starting the desktop the way `daftar` does (run_gui = start_gui + the event loop):
login first, then the window."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from desktop.app import language_for, start_gui
from desktop.i18n import LANGUAGE_FACT
from desktop.login import LoginDialog
from desktop.qt import QApplication, QTimer


def _when(condition: Callable[[], Any], then: Callable[[Any], None]) -> QTimer:
    """Poll the event loop (no sleeps) and act once `condition` gives something."""
    timer = QTimer()
    timer.setInterval(10)

    def check() -> None:
        found = condition()
        if found:
            timer.stop()
            then(found)

    timer.timeout.connect(check)
    timer.start()
    return timer


def _top(kind: type) -> Any:
    return next(
        (w for w in QApplication.topLevelWidgets() if isinstance(w, kind) and w.isVisible()), None
    )


def test_run_gui_asks_who_is_working_then_opens_the_window(qtbot, store, operator, password):
    def log_in(dialog: LoginDialog) -> None:
        dialog.username.setText("amina")
        dialog.password.setText(password)
        dialog.ok.click()

    timer = _when(lambda: _top(LoginDialog), log_in)
    session = start_gui(store, None)
    try:
        assert session is not None and session.window is not None
        assert session.window.isVisible()
        assert session.window.windowTitle() == "Daftar — Amina Bibi (t)"
        assert "no server configured" in session.window.status.connectivity.text()
        qtbot.waitUntil(lambda: session.window.licences.model.complete)
    finally:
        if session is not None:
            session.close()
    del timer


def test_quitting_at_the_login_ends_the_program(qtbot, store, operator):
    timer = _when(lambda: _top(LoginDialog), lambda dialog: dialog.cancel.click())
    assert start_gui(store, None) is None
    del timer


def test_the_language_remembered_in_the_profile_is_used_unless_one_is_asked_for(store):
    assert language_for(store, None) == "en"
    store.set_facts(**{LANGUAGE_FACT: "ur"})
    assert language_for(store, None) == "ur"
    assert language_for(store, "en") == "en"
