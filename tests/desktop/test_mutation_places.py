"""District, tehsil and mauza complete from any part of a name, English or Urdu, in
either case; keyboard only: Enter takes the place and moves on, Tab does too, and a
text naming no place goes back to the place shown."""

from __future__ import annotations

from typing import Any

from desktop.qt import QApplication, QEvent, QKeyEvent, Qt


def _keys(widget: Any, text: str) -> None:
    """Type `text` as key presses (QTest types ASCII only; Urdu comes as text)."""
    for char in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, char))


def _press(qtbot: Any, box: Any, key: Qt.Key) -> None:
    """A key as the keyboard sends it: to the offers' popup while it is open (it has
    the keyboard then), else to the field."""
    popup = box.offers.popup()
    qtbot.keyClick(popup if popup.isVisible() else box.lineEdit(), key)


def _typed(qtbot: Any, box: Any, text: str) -> Any:
    line = box.lineEdit()
    line.selectAll()
    _keys(line, text)
    return line


def test_places_complete_from_any_part_of_either_name_by_keyboard(qtbot, session):
    form = session.window.mutations.new_entry()
    qtbot.waitUntil(form.isVisible, timeout=5000)
    form.district.setFocus()
    qtbot.waitUntil(lambda: form.district.hasFocus(), timeout=5000)

    line = _typed(qtbot, form.district, "ARSAD")  # in Charsadda, any case
    offers = form.district.offers
    assert offers.completionCount() == 1 and offers.currentCompletion() == "Charsadda — چارسدہ"
    _press(qtbot, form.district, Qt.Key.Key_Return)
    assert form.district.currentData() == "CSD" and form.district.currentText() == "Charsadda"
    qtbot.waitUntil(lambda: form.tehsil.hasFocus(), timeout=5000)  # Enter moved on
    assert [form.tehsil.itemData(i) for i in range(form.tehsil.count())] == [
        "CSD-01",
        "CSD-02",
        "CSD-03",
    ]

    line = _typed(qtbot, form.tehsil, "تنگ")  # Urdu, in an English form
    assert form.tehsil.offers.currentCompletion() == "Tangi — تنگی"
    _press(qtbot, form.tehsil, Qt.Key.Key_Tab)
    assert form.tehsil.currentData() == "CSD-02" and form.tehsil.currentText() == "Tangi"
    qtbot.waitUntil(lambda: form.mauza.hasFocus(), timeout=5000)

    # A text naming no place goes back to the place shown.
    line = _typed(qtbot, form.tehsil, "Atlantis")
    form.tehsil.settle()
    assert form.tehsil.currentData() == "CSD-02" and line.text() == "Tangi"

    # Mauzas match any part too.
    model: Any = form.mauza_completer.model()
    model.setStringList(["Chamkani", "Pajaggi", "Pakha Ghulam"])
    form.mauza.setFocus()
    _keys(form.mauza, "GHU")
    assert form.mauza_completer.currentCompletion() == "Pakha Ghulam"
    form.changed = False
    form.reject()
    QApplication.processEvents()


def test_places_offer_the_urdu_name_first_in_urdu(qtbot, session):
    ws = session.window.mutations
    ws.lang = "ur"
    form = ws.new_entry()
    line = _typed(qtbot, form.district, "shaw")  # the English name still finds it
    assert form.district.offers.currentCompletion() == "پشاور — Peshawar"
    form.district.settle()
    assert form.district.currentData() == "PSH" and line.text() == "پشاور"
    form.changed = False
    form.reject()
