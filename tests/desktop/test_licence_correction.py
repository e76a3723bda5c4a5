"""An issued licence is put right only by a correcting order (issue 14, point 6): the
licence workspace's "Correct licence…" for licence officers and supervisors, with the
domain's messages under the fields and the values before and after in the history."""

from __future__ import annotations

from typing import Any

import pytest

from desktop.db import read_rows
from desktop.licences.actions import CorrectLicenceDialog
from desktop.operators import Operator
from desktop.qt import Qt
from domain.commands.args import Args
from domain.commands.corrections import correction_reason
from domain.errors import ValidationError
from domain.models import Licence
from tests.desktop.test_known_applicant import _issue_licence
from tests.desktop.test_licence_workspace import _status, _submit_application, _type

NUMBER = "PSH-26-LT000093"


def _issued(qtbot: Any, session: Any, store: Any) -> Any:
    controller = session.window.licences
    _submit_application(qtbot, session)
    qtbot.waitUntil(lambda: _status(session) == "submitted", timeout=5000)
    app_id = controller.detail.app.id
    _issue_licence(store, app_id, NUMBER)
    controller.load_detail(app_id)
    qtbot.waitUntil(lambda: _status(session) == "licence_issued", timeout=5000)
    return controller


def _open(qtbot: Any, controller: Any) -> CorrectLicenceDialog:
    action = controller.view.actions_by_key["correct"]
    assert action.isEnabled()
    action.trigger()
    dialog = controller.dialog
    assert isinstance(dialog, CorrectLicenceDialog)
    qtbot.waitUntil(lambda: dialog.licence is not None, timeout=5000)  # licence read
    return dialog


def test_an_officer_corrects_the_weapon_number_and_the_history_shows_before_and_after(
    qtbot, session, store
):
    controller = session.window.licences
    assert not controller.view.actions_by_key["correct"].isEnabled()  # nothing issued yet
    controller = _issued(qtbot, session, store)
    action = controller.view.actions_by_key["correct"]
    assert action.text() == "Correct licence…"
    assert "Ctrl+Shift+C" in action.toolTip()
    assert action.shortcut().toString() == "Ctrl+Shift+C"
    dialog = _open(qtbot, controller)
    assert dialog.editors["weapon_number"].text() == "N1"
    assert dialog.editors["holder_name_en"].text() == "Imran Khan"
    assert dialog._labels["reason"][0].buddy() is dialog.reason  # Alt+R goes there

    _type(qtbot, dialog.editors["weapon_number"], "N1-778812")
    dialog.attempt()  # no reason: the domain's own message, under the field
    with pytest.raises(ValidationError) as refused:  # what the command itself says
        correction_reason(Args("correct_licence", {"reason": ""}))
    assert dialog.fields["reason"].error.text() == str(refused.value)
    assert str(refused.value) == "A correction needs its reason: what was wrong, on whose order."
    assert dialog.focusWidget() is dialog.reason
    _type(qtbot, dialog.reason, "Number misread from the weapon; DC order 14/2026")
    with qtbot.waitSignal(dialog.done_with, timeout=5000):
        qtbot.keyClick(dialog.reason, Qt.Key_Return)  # Enter on the last field submits

    (licence,) = read_rows(store, Licence.__table__.select())
    assert licence.weapon_number == "N1-778812"
    detail = controller.view.detail
    qtbot.waitUntil(lambda: "N1-778812" in detail.toPlainText(), timeout=5000)
    text = detail.toPlainText()
    assert "Licence corrected" in text
    assert "Weapon number: N1 \u200e→\u200e N1-778812" in text
    assert "Reason: Number misread from the weapon; DC order 14/2026" in text


def test_a_correction_that_changes_nothing_is_refused_above_the_fields(qtbot, session, store):
    dialog = _open(qtbot, _issued(qtbot, session, store))
    _type(qtbot, dialog.reason, "Checked against the register")
    dialog.attempt()
    assert dialog.form_error.text() == "The correction changes nothing."
    assert dialog.isVisible()


def test_a_licence_operator_sees_the_step_disabled_and_why(qtbot, session, store):
    controller = _issued(qtbot, session, store)
    controller.operator = Operator(
        username="sana",
        full_name="Sana",
        role="licence_operator",
        id="s",
        roles=("licence_operator",),
    )
    controller._enable_actions()
    action = controller.view.actions_by_key["correct"]
    assert not action.isEnabled()
    assert action.toolTip() == (
        "Correct licence… (Ctrl+Shift+C) — Only a licence officer or a supervisor may "
        "correct an issued licence."
    )
    assert controller.open_step("correct") is None
    controller.operator = Operator(
        username="dc", full_name="DC", role="licence_officer", id="o", roles=("licence_officer",)
    )
    controller._enable_actions()
    assert action.isEnabled()
