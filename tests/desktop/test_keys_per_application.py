"""Keys and field stops for a typical new application, counted through the real form.

An operator doing a hundred applications a day feels every key. The same application
(a new applicant, pistol .30, provincial, all three documents) is typed twice: as the
form had to be typed before (dashes typed, weapon, bore and validity chosen each
time, each document ticked with Space and Tab, Enter through to the end), and with
what the desk now offers (dashes shown by themselves, the last weapon, bore and
validity remembered, Ctrl+D for all documents, Ctrl+Enter to submit). A returning
applicant, whose CNIC fills the rest in, is counted too. `python -m pytest -s` prints
the figures; the report of issue 16 quotes them.
"""

from __future__ import annotations

from typing import Any

from desktop.licences.forms import NewApplicationForm
from desktop.qt import QApplication, QEvent, QKeyEvent, Qt, QWidget

ADDRESS = "House 12, Street 4, Hayatabad"
APPLICANT = ["Imran Khan", "عمران خان", "Gul Khan", "گل خان", "15-03-1985", "03001234567", ADDRESS]


class Operator:
    """Presses keys where the focus is, counting keys (a chord is one key) and the
    fields the focus stopped in."""

    def __init__(self, qtbot: Any, form: NewApplicationForm):
        self.qtbot, self.form = qtbot, form
        self.keys = 0
        self.stops: list[QWidget] = []

    def _here(self) -> QWidget:
        focus = QApplication.focusWidget() or self.form.focusWidget()
        assert focus is not None
        field = next(
            (
                box.editor
                for box in self.form.fields.values()
                if box.editor is focus or box.editor.isAncestorOf(focus)
            ),
            focus,
        )
        if not self.stops or self.stops[-1] is not field:
            self.stops.append(field)
        return focus

    def type(self, text: str) -> None:
        target = self._here()
        for ch in text:
            if ch.isascii():
                self.qtbot.keyClick(target, ch)
            else:  # QTest knows only ASCII keys: an Urdu keyboard's key, as Qt gets it
                for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                    QApplication.sendEvent(
                        target, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, ch)
                    )
        self.keys += len(text)

    def key(self, key: Any, modifier: Any = Qt.KeyboardModifier.NoModifier, times: int = 1) -> None:
        for _ in range(times):
            self.qtbot.keyClick(self._here(), key, modifier)
            self.keys += 1


def _open(qtbot: Any, session: Any) -> tuple[NewApplicationForm, Operator]:
    form = session.window.licences.new_application()
    qtbot.waitUntil(lambda: form.intro.text() != "")
    form.activateWindow()
    qtbot.waitUntil(lambda: form.cnic.hasFocus())
    return form, Operator(qtbot, form)


def _type_applicant(op: Operator) -> None:
    for text in APPLICANT:
        op.type(text)
        op.key(Qt.Key.Key_Return)


def type_as_before(qtbot: Any, session: Any, cnic: str) -> Operator:
    form, op = _open(qtbot, session)
    op.type(cnic[:5] + "-" + cnic[5:12] + "-" + cnic[12])
    op.key(Qt.Key.Key_Return)
    _type_applicant(op)
    op.key(Qt.Key.Key_Return)  # district: this office's
    op.key(Qt.Key.Key_Return)  # weapon: pistol, the first
    op.key(Qt.Key.Key_Down, times=2)  # bore .30
    op.key(Qt.Key.Key_Return)
    op.key(Qt.Key.Key_Down)  # provincial
    op.key(Qt.Key.Key_Return)
    for _ in range(3):  # each document: Space, then on
        op.key(Qt.Key.Key_Space)
        op.key(Qt.Key.Key_Tab)
    with qtbot.waitSignal(form.done_with, timeout=5000):
        op.key(Qt.Key.Key_Return)  # remarks: empty, Enter submits
    return op


def type_as_now(qtbot: Any, session: Any, cnic: str) -> Operator:
    form, op = _open(qtbot, session)
    op.type(cnic)  # the dashes appear by themselves
    op.key(Qt.Key.Key_Return)
    _type_applicant(op)
    op.key(Qt.Key.Key_Return)  # district
    assert (form.weapon.currentData(), form.bore.currentData(), form.validity.currentData()) == (
        "pistol",
        ".30",
        "provincial",
    )  # the last application's choice
    op.key(Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)  # every document received
    with qtbot.waitSignal(form.done_with, timeout=5000):
        op.key(Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    return op


def type_returning(qtbot: Any, session: Any, cnic: str) -> Operator:
    form, op = _open(qtbot, session)
    op.type(cnic)
    qtbot.waitUntil(lambda: form.known_label.isVisible(), timeout=5000)
    op.key(Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    with qtbot.waitSignal(form.done_with, timeout=5000):
        op.key(Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    return op


def test_a_typical_application_takes_fewer_keys_and_stops_than_before(qtbot, session):
    before = type_as_before(qtbot, session, "1730112345679")
    controller = session.window.licences
    qtbot.waitUntil(lambda: controller.dialog is None)
    now = type_as_now(qtbot, session, "1730198765431")
    qtbot.waitUntil(lambda: controller.dialog is None)
    returning = type_returning(qtbot, session, "1730112345679")
    print(
        f"\nkeys/stops before: {before.keys}/{len(before.stops)}; "
        f"now: {now.keys}/{len(now.stops)}; returning applicant: "
        f"{returning.keys}/{len(returning.stops)}"
    )
    assert now.keys < before.keys and len(now.stops) < len(before.stops)
    assert returning.keys <= 16 and len(returning.stops) <= 3


def test_after_submitting_one_key_starts_the_next_application(qtbot, session):
    type_as_before(qtbot, session, "1730112345679")
    controller = session.window.licences
    qtbot.waitUntil(lambda: controller.dialog is None)
    window = session.window
    window.activateWindow()  # offscreen Qt does not hand it back by itself
    qtbot.waitActive(window)
    qtbot.keyClick(window.windowHandle(), Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: isinstance(controller.dialog, NewApplicationForm), timeout=5000)
