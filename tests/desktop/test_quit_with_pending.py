"""Quitting with unsent work says how much waits and that it is safe on this computer."""

from __future__ import annotations

from desktop.qt import QMessageBox, Qt
from tests.desktop.test_licence_workspace import _status, _submit_application


def test_quit_with_pending_work_says_it_is_safe_then_quits(qtbot, session):
    window = session.window
    _submit_application(qtbot, session)
    qtbot.waitUntil(lambda: _status(session) == "submitted", timeout=5000)
    qtbot.waitUntil(lambda: window.bridge.status.pending > 0, timeout=5000)
    window.quit_action.trigger()
    box = window.quit_box
    assert isinstance(box, QMessageBox) and window.isVisible()
    assert "1 change waits for the next sync" in box.text()  # one change, not "1 changes"
    assert "safe" in box.text()
    qtbot.keyClick(box, Qt.Key.Key_Escape)  # Stay
    assert window.isVisible() and window.quit_box is None
    window.quit_action.trigger()
    qtbot.keyClick(window.quit_box, Qt.Key.Key_Return)  # Quit, the default
    qtbot.waitUntil(lambda: not window.isVisible())


def test_quit_with_nothing_pending_just_quits(qtbot, session):
    window = session.window
    window.quit_action.trigger()
    assert window.quit_box is None
    qtbot.waitUntil(lambda: not window.isVisible())
