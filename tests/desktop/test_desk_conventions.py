"""Desk conventions every workspace inherits: shortcuts shown where the action is,
menus that open from the keyboard in Urdu too, no keyboard trap, Esc asks before a
filled form is thrown away, everything fits a 1366×768 laptop in both languages,
Enter on a row moves the record on, printing goes where the office chose."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from desktop import i18n_tools
from desktop.form_dialog import DESK_SCREEN, FormDialog
from desktop.licences.actions import DIALOGS, AppState
from desktop.licences.forms import NewApplicationForm
from desktop.printing import destinations
from desktop.printing.destinations import PrinterChoice, PrinterDialog
from desktop.qt import QApplication, QKeySequence, QMessageBox, QSettings, Qt, QWidget
from desktop.status_bar import elide_words
from desktop.workspace import shortcut_text

MNEMONIC = re.compile(r"&([^&\s])")
CNIC = "17301-1234567-9"


# -- menus and shortcuts -------------------------------------------------------------------
def test_every_translated_menu_text_keeps_its_mnemonic_letter():
    """Alt+F, Alt+L… open the same menus in Urdu: each text with an & letter keeps
    that letter in its translation (as "(&F)", so the Urdu letters stay joined)."""
    checked = 0
    for message in ET.parse(i18n_tools.ts_path("ur")).getroot().iter("message"):
        source = message.findtext("source") or ""
        translation = message.findtext("translation") or ""
        wanted = MNEMONIC.findall(source.replace("&&", ""))
        if not wanted or (message.find("translation").get("type") == "vanished"):
            continue
        checked += 1
        got = MNEMONIC.findall(translation.replace("&&", ""))
        assert [w.lower() for w in wanted] == [g.lower() for g in got], (source, translation)
    assert checked >= 6


@pytest.mark.parametrize("lang", ["en", "ur"])
def test_every_action_has_a_shortcut_shown_in_its_menu_and_tooltip(session, lang):
    window = session.window
    window.set_language(lang)
    try:
        menus = [
            window.menu_file,
            window.menu_view,
            window.menu_sync,
            *window.workspace_menus.values(),
        ]
        for menu in menus:
            assert MNEMONIC.search(menu.title()), menu.title()
        for workspace in window.workspaces.values():
            for spec in workspace.ACTIONS:
                action = workspace.actions_by_key[spec.key]
                assert spec.shortcut, f"{workspace.key}.{spec.key} has no shortcut"
                assert action.shortcut() == QKeySequence(spec.shortcut)  # shown in the menu
                assert shortcut_text(spec.shortcut) in action.toolTip()
        shortcuts = [s.shortcut for w in window.workspaces.values() for s in w.ACTIONS]
        assert len(shortcuts) == len(set(shortcuts))  # no two actions share keys
    finally:
        window.set_language("en")


# -- keyboard traps -------------------------------------------------------------------------
def _tab_round(qtbot: Any, start: QWidget, limit: int = 80) -> list[QWidget]:
    """Press Tab from `start` until the focus comes back to it; the widgets passed."""
    start.setFocus(Qt.TabFocusReason)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is start, timeout=3000)
    seen: list[QWidget] = []
    for _ in range(limit):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key_Tab)
        focus = QApplication.focusWidget()
        if focus is start:
            return seen
        seen.append(focus)
    raise AssertionError(
        f"Tab never came back to {start.objectName() or start}; stuck at "
        f"{[w.objectName() or type(w).__name__ for w in seen[-5:]]}"
    )


def test_tab_goes_round_the_licence_workspace_through_the_dates_and_the_list(qtbot, session):
    from desktop.demo_rows import insert_demo_applications

    window = session.window
    insert_demo_applications(window.store, 30)
    with qtbot.waitSignal(window.licences.model.loaded, timeout=5000):
        window.licences.refresh()
    window.activateWindow()
    qtbot.waitActive(window)
    view = window.licences.view
    view.table.selectRow(3)
    seen = _tab_round(qtbot, window.search)
    for widget in (view.status, view.date_from, view.date_to, view.table):
        assert widget in seen or any(widget.isAncestorOf(w) for w in seen), widget.objectName()
    assert seen.count(view.table) == 1  # Tab leaves the list instead of walking its cells


def _dialogs(session: Any) -> Iterator[FormDialog]:
    """Every form of the workspace, opened one at a time (close each before the next)."""
    controller = session.window.licences
    app = AppState(
        "01a2056d-f463-7201-9db0-8c855b81c65b", "fee_paid", "new", "pistol", ".30", False, False
    )
    yield controller.new_application()
    yield controller.renewal()
    for cls in DIALOGS.values():
        dialog = cls(
            session.window.store, session.worker, session.window.operator, app, session.window
        )
        dialog.open()
        yield dialog


def test_tab_goes_round_every_dialog(qtbot, session):
    for dialog in _dialogs(session):
        qtbot.waitActive(dialog)
        first = dialog._chain[0]
        target = (
            first
            if first.focusPolicy() & Qt.TabFocus
            else first.focusWidget()
            or next(w for w in first.findChildren(QWidget) if w.focusPolicy() & Qt.TabFocus)
        )
        seen = _tab_round(qtbot, target)
        assert dialog.submit_button in seen and dialog.cancel_button in seen, dialog.objectName()
        dialog.reject()
    choice = PrinterChoice(session.window, QSettings())
    printers = PrinterDialog(choice, ["Counter laser"], session.window)
    printers.open()
    qtbot.waitActive(printers)
    _tab_round(qtbot, printers.combos["challan"])
    printers.reject()


# -- Esc asks -----------------------------------------------------------------------------------
def test_esc_on_a_filled_form_asks_before_throwing_it_away(qtbot, session):
    form = session.window.licences.new_application()
    qtbot.waitActive(form)
    qtbot.keyClicks(form.cnic, CNIC)
    qtbot.keyClick(form.cnic, Qt.Key_Escape)
    box = form.discard_box
    assert isinstance(box, QMessageBox) and box.isVisible()
    assert form.isVisible()
    qtbot.keyClick(box, Qt.Key_Escape)  # Esc again: keep editing
    qtbot.waitUntil(lambda: form.discard_box is None)
    assert form.isVisible() and form.cnic.text() == CNIC
    qtbot.mouseClick(form.cancel_button, Qt.LeftButton)
    box = form.discard_box
    assert box is not None
    discard = next(b for b in box.buttons() if box.buttonRole(b) == QMessageBox.DestructiveRole)
    qtbot.mouseClick(discard, Qt.LeftButton)
    qtbot.waitUntil(lambda: not form.isVisible())


def test_esc_on_an_untouched_form_closes_it_at_once(qtbot, session):
    form = session.window.licences.renewal()
    qtbot.waitActive(form)
    qtbot.keyClick(form.licence_no, Qt.Key_Escape)
    assert not form.isVisible() and form.discard_box is None


# -- 1366 × 768 -----------------------------------------------------------------------------------
@pytest.mark.parametrize("lang", ["en", "ur"])
def test_the_window_and_every_dialog_fit_a_1366_by_768_screen(qtbot, session, lang):
    window = session.window
    window.set_language(lang)
    try:
        hint = window.minimumSizeHint()
        assert hint.width() <= 1366 and hint.height() <= 768, hint
        for dialog in _dialogs(session):
            if isinstance(dialog, NewApplicationForm):
                qtbot.waitUntil(lambda d=dialog: d.intro.text() != "", timeout=5000)
            size = dialog.fit_to(DESK_SCREEN)
            assert size.width() <= 1366 and size.height() <= DESK_SCREEN.height()
            if isinstance(dialog, NewApplicationForm):
                # the whole form shows without scrolling, in Urdu too
                assert dialog.sizeHint().height() <= DESK_SCREEN.height(), dialog.sizeHint()
            dialog.attempt()  # every field's message shown: still on screen, Submit reachable
            QApplication.processEvents()
            assert dialog.height() <= DESK_SCREEN.height() and dialog.width() <= 1366
            submit = dialog.submit_button.geometry()
            assert dialog.rect().contains(submit), (dialog.objectName(), submit, dialog.rect())
            dialog.reject()
    finally:
        window.set_language("en")


def test_a_long_status_message_is_cut_after_a_whole_word(session):
    status = session.window.status
    text = (
        "The server refused the change to PSH-26-T000002 because the applicant's CNIC "
        "already has an open application in Dera Ismail Khan; open the Inbox to see both."
    )
    fm = status.fontMetrics()
    shown = elide_words(text, 300, fm)
    assert shown.endswith("…") and fm.horizontalAdvance(shown) <= 300
    assert text.startswith(shown[:-1].rstrip(",;:—-")) and text[len(shown) - 1] in " ,;:"
    status.showMessage(text)
    assert status.currentMessage() == elide_words(text, status.message_room(), fm)
    assert status.toolTip() == text


# -- Enter on a row --------------------------------------------------------------------------------
def _new_application(qtbot: Any, session: Any) -> None:
    form = session.window.licences.new_application()
    qtbot.waitUntil(lambda f=form: f.intro.text() != "")
    form.cnic.setText(CNIC)
    form.name_en.setText("Imran Khan")
    form.father_en.setText("Gul Khan")
    form.birth.setText("15-03-1985")
    for box in form.documents.boxes.values():
        box.setChecked(True)
    with qtbot.waitSignal(form.done_with, timeout=5000):
        form.attempt()


def test_enter_on_a_row_runs_its_next_step(qtbot, session):
    controller = session.window.licences
    _new_application(qtbot, session)
    qtbot.waitUntil(
        lambda: controller.detail is not None and controller.detail.app.status == "submitted",
        timeout=5000,
    )
    table = controller.view.table
    table.setFocus()
    qtbot.keyClick(table, Qt.Key_Return)
    box = controller.confirm  # a command with no dialog asks first
    assert box.isVisible() and controller.detail.app.application_no in box.text()
    qtbot.keyClick(box, Qt.Key_Return)
    qtbot.waitUntil(lambda: controller.detail.app.status == "voucher_issued", timeout=5000)


# -- printing --------------------------------------------------------------------------------------
def test_each_kind_of_document_goes_to_the_printer_chosen_for_it(
    qtbot, session, tmp_path, monkeypatch
):
    sent: list[tuple[str, str]] = []
    monkeypatch.setattr(
        "desktop.licences.controller.send_to_printer",
        lambda path, printer: sent.append((str(path), printer)),
    )
    monkeypatch.setattr(
        destinations, "available_printers", lambda: ["Counter laser", "Card printer"]
    )
    controller = session.window.licences
    settings = QSettings(str(tmp_path / "printers.ini"), QSettings.IniFormat)
    controller.printers = PrinterChoice(controller.view, settings)
    saved: list[str] = []
    controller.choose_path = lambda what, name: saved.append(name) or tmp_path / name

    dialog = controller.printers.choose_all()
    assert dialog.combos["challan"].itemText(0) == "Save as PDF"  # one of the choices
    dialog.combos["challan"].setCurrentIndex(dialog.combos["challan"].findData("Counter laser"))
    dialog.accept()
    again = PrinterChoice(
        controller.view, QSettings(str(tmp_path / "printers.ini"), QSettings.IniFormat)
    )
    assert again.destination("challan") == "Counter laser"  # remembered
    assert again.destination("card") == ""  # not chosen: Save as PDF

    for cnic, name in (("17301-1234567-9", "Imran Khan"), ("17301-7654321-1", "Zahid Khan")):
        form = controller.new_application()
        qtbot.waitUntil(lambda f=form: f.intro.text() != "")
        form.cnic.setText(cnic)
        form.name_en.setText(name)
        form.father_en.setText("Gul Khan")
        form.birth.setText("15-03-1985")
        for box in form.documents.boxes.values():
            box.setChecked(True)
        with qtbot.waitSignal(form.done_with, timeout=5000):
            form.attempt()
        qtbot.waitUntil(
            lambda: controller.detail is not None and controller.detail.app.status == "submitted",
            timeout=5000,
        )
        controller.view.actions_by_key["voucher"].trigger()
        qtbot.waitUntil(lambda: controller.detail.app.status == "voucher_issued", timeout=5000)

    controller.view.actions_by_key["challan"].trigger()
    qtbot.waitUntil(lambda: len(sent) == 1, timeout=10000)
    assert sent[0][1] == "Counter laser" and not saved  # no save dialog for a chosen printer
    assert Path(sent[0][0]).read_bytes().startswith(b"%PDF")

    # a batch: both rows selected, one document with a challan each
    table = controller.view.table
    table.selectAll()
    assert len(table.selected_ids()) == 2
    controller.view.actions_by_key["challan"].trigger()
    qtbot.waitUntil(lambda: len(sent) == 2, timeout=10000)
    pdf = Path(sent[1][0]).read_bytes()
    assert len(re.findall(rb"/Type\s*/Page\b", pdf)) == 2
