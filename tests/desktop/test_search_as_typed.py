"""Search as operators search: any part of a name in English or Urdu, part of a CNIC,
numbers; results while typing, exact matches first."""

from __future__ import annotations

from desktop.demo_rows import insert_demo_applications
from desktop.qt import QApplication, QEvent, QKeyEvent, Qt
from tests.desktop.test_licence_workspace import _status, _submit_application


def _names(qtbot, model) -> list[str]:
    rows = range(min(model.rowCount(), 50))
    qtbot.waitUntil(lambda: all(model.data(model.index(r, 1)) not in (None, "…") for r in rows))
    return [model.data(model.index(r, 1)) for r in rows]


def test_results_come_as_the_operator_types_any_part_of_a_name_or_number(qtbot, session):
    insert_demo_applications(session.window.store, 300)
    _submit_application(qtbot, session)  # Imran Khan, 17301-1234567-9
    qtbot.waitUntil(lambda: _status(session) == "submitted", timeout=5000)
    number = session.window.licences.detail.app.application_no
    window, model = session.window, session.window.licences.model
    window.activateWindow()
    qtbot.waitActive(window)
    qtbot.keyClick(window.windowHandle(), Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)

    def typed(text: str) -> None:
        window.search.clear()
        for ch in text:  # no Enter: the pause searches
            if ch.isascii():
                qtbot.keyClick(window.search, ch)
            else:  # QTest knows only ASCII keys: an Urdu keyboard's key, as Qt gets it
                for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                    QApplication.sendEvent(
                        window.search, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, ch)
                    )

    typed("ran kha")  # the middle of both words
    qtbot.waitUntil(lambda: model.complete and 0 < model.rowCount() < 301, timeout=5000)
    assert window.search.hasFocus()  # still typing
    assert "Imran Khan" in _names(qtbot, model)

    typed("imran khan")
    qtbot.waitUntil(lambda: model.complete and model.rowCount() < 301, timeout=5000)
    qtbot.waitUntil(lambda: _names(qtbot, model)[:1] == ["Imran Khan"], timeout=5000)

    for part in ("45679", "17301123"):  # last digits, first digits
        typed(part)
        qtbot.waitUntil(lambda: model.complete and 0 < model.rowCount() < 301, timeout=5000)
        assert "Imran Khan" in _names(qtbot, model)

    typed("مران خ")
    qtbot.waitUntil(lambda: model.complete and 0 < model.rowCount() < 301, timeout=5000)
    assert "Imran Khan" in _names(qtbot, model)

    typed(number)
    qtbot.waitUntil(lambda: model.complete and model.rowCount() == 1, timeout=5000)

    typed("17")  # not yet a search: nothing said while typing
    qtbot.keyClick(window.search, Qt.Key.Key_Return)
    assert window.licences.view.message.text() == "Type at least three digits."
