"""The session locks: after idle time (the password opens it, the work underneath is
as it was) and for good when the server revoked this computer."""

from __future__ import annotations

import pytest

from desktop.app import open_main_window
from desktop.qt import Qt
from sync.status import SyncStatus


@pytest.fixture
def idle_session(qtbot, store, operator):
    store.set_facts(idle_lock_minutes=0.003)  # ~0.2 s: the setting an office can change
    session = open_main_window(store, operator, lang="en")
    qtbot.waitUntil(lambda: session.window.licences.model.complete, timeout=5000)
    yield session
    session.close()


def test_an_idle_session_locks_and_only_the_operators_password_opens_it(
    qtbot, store, idle_session, password
):
    window, guard = idle_session.window, idle_session.guard
    window.search.setText("17301-1234567-1")  # half-done work
    qtbot.waitUntil(lambda: guard.screen.locked, timeout=5000)
    guard.idle.timer.setInterval(60_000)  # no second lock while the test looks
    assert store.signer is None  # the key is dropped: nothing can be signed while locked
    assert not window.centralWidget().isEnabled() and not window.search.isEnabled()
    assert not window.sync_action.isEnabled()
    assert guard.screen.geometry() == window.rect()
    assert "Amina Bibi" in guard.screen.message.text()

    qtbot.keyClicks(guard.screen.password, "not it")
    qtbot.mouseClick(guard.screen.ok, Qt.LeftButton)
    qtbot.waitUntil(lambda: guard.screen.error.isVisible())
    assert "Wrong password" in guard.screen.error.text() and guard.screen.locked

    qtbot.keyClicks(guard.screen.password, password)
    with qtbot.waitSignal(guard.screen.unlocked, timeout=5000):
        qtbot.mouseClick(guard.screen.ok, Qt.LeftButton)
    assert not guard.screen.locked
    assert store.signer is not None and store.signer.username == "amina"
    assert window.search.isEnabled() and window.search.text() == "17301-1234567-1"
    assert window.centralWidget().isEnabled() and window.sync_action.isEnabled()


def test_a_revoked_computer_locks_the_window_and_says_why_in_english_and_urdu(
    qtbot, store, operator, fake_engine
):
    session = open_main_window(store, operator, engine=fake_engine, lang="en")
    try:
        guard = session.guard
        fake_engine.report(SyncStatus(state="revoked", message="revoked"))
        qtbot.waitUntil(lambda: guard.screen.locked)
        assert store.revoked() and store.signer is None
        assert not guard.screen.password.isVisibleTo(guard.screen)
        assert not guard.screen.ok.isVisibleTo(guard.screen)
        assert guard.screen.title.text() == "This computer has been revoked"
        assert "enrol this computer again" in guard.screen.message.text()
        assert "Revoked" in session.window.status.connectivity.text()
        session.window.set_language("ur")
        assert "منسوخ" in guard.screen.title.text()
        assert guard.screen.layoutDirection() == Qt.RightToLeft
    finally:
        session.close()
