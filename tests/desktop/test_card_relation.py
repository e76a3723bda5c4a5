"""The holder's relation (S/O, D/O, W/O) is asked on the form for a woman, stored on
her record, edited like her other details, and printed on the card without a question."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from desktop.db import read_rows
from desktop.licences.detail import load_detail
from desktop.licences.edit import EditDetailsDialog
from desktop.licences.forms import NewApplicationForm
from desktop.printing.destinations import SAVE_AS_PDF
from domain.models import Person
from tests.desktop.test_known_applicant import _issue_licence
from tests.desktop.test_licence_workspace import _status, _type

WOMAN = "17301-1234567-8"  # even last digit
MAN = "17301-7654321-9"


def _fill(qtbot: Any, session: Any, cnic: str) -> NewApplicationForm:
    form = session.window.licences.new_application()
    assert isinstance(form, NewApplicationForm)
    qtbot.waitUntil(lambda: form.intro.text() != "")
    _type(qtbot, form.cnic, cnic)
    _type(qtbot, form.name_en, "Ayesha Bibi")
    form.name_ur.setText("عائشہ بی بی")
    return form


def _submit(qtbot: Any, form: NewApplicationForm) -> None:
    _type(qtbot, form.birth, "15-03-1985")
    form.documents.check_all()
    with qtbot.waitSignal(form.done_with, timeout=5000):
        form.attempt()


def _row_shown(form: NewApplicationForm) -> bool:
    return form.forms[0].isRowVisible(form.fields["relation"])


def _person(store: Any, cnic: str) -> Any:
    (person,) = read_rows(store, select(Person).where(Person.cnic == cnic.replace("-", "")))
    return person


def _card_text(qtbot: Any, session: Any, store: Any, tmp_path: Path, monkeypatch: Any) -> str:
    controller = session.window.licences
    app_id = controller.detail.app.id
    _issue_licence(store, app_id, "PSH-26-LT000091")
    monkeypatch.setattr(controller.printers, "destination", lambda kind: SAVE_AS_PDF)
    pdf = tmp_path / "card.pdf"
    controller.choose_path = lambda what, suggested: pdf
    controller.open_after_print = False
    controller.load_detail(app_id)
    qtbot.waitUntil(lambda: controller.detail.licence is not None, timeout=5000)
    controller.print_card()  # no question: the relation is on the record
    assert controller.confirm is None
    qtbot.waitUntil(pdf.exists, timeout=10000)
    if not shutil.which("pdftotext"):
        pytest.skip("needs poppler-utils")
    return subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout


def test_a_womans_form_asks_daughter_or_wife_and_her_card_prints_wife_of(
    qtbot, session, store, tmp_path, monkeypatch
):
    form = _fill(qtbot, session, WOMAN)
    assert _row_shown(form)
    assert form.relation.currentData() == "daughter_of"  # the usual case first
    assert [form.relation.itemText(i) for i in range(form.relation.count())] == [
        "Daughter of (D/O)",
        "Wife of (W/O)",
    ]
    assert form._labels["father_name_en"][0].text() == "Father's name (English)"
    form.relation.setFocus()
    qtbot.keyClick(form.relation, "w")  # the keyboard picks Wife of
    assert form.relation.currentData() == "wife_of"
    assert form._labels["father_name_en"][0].text() == "Husband's name (English)"
    form.attempt()  # no husband's name yet
    assert form.fields["father_name_en"].error.text() == "Type the husband's name in English."
    _type(qtbot, form.father_en, "Tariq Mehmood")
    form.father_ur.setText("طارق محمود")
    _submit(qtbot, form)
    qtbot.waitUntil(lambda: _status(session) == "submitted", timeout=5000)
    assert _person(store, WOMAN).relation == "wife_of"
    detail = session.window.licences.view.detail
    qtbot.waitUntil(lambda: "Husband's name" in detail.toPlainText(), timeout=5000)

    text = _card_text(qtbot, session, store, tmp_path, monkeypatch)
    assert "W/O" in text and "Tariq Mehmood" in text
    assert "S/O" not in text and "D/O" not in text


def test_a_mans_form_does_not_ask_and_his_card_prints_son_of(
    qtbot, session, store, tmp_path, monkeypatch
):
    form = _fill(qtbot, session, MAN)
    assert not _row_shown(form)
    assert form._labels["father_name_en"][0].text() == "Father's name (English)"
    _type(qtbot, form.father_en, "Gul Khan")
    _submit(qtbot, form)
    qtbot.waitUntil(lambda: _status(session) == "submitted", timeout=5000)
    assert _person(store, MAN).relation == "son_of"
    text = _card_text(qtbot, session, store, tmp_path, monkeypatch)
    assert "S/O" in text and "Gul Khan" in text


def test_a_daughter_becomes_a_wife_by_an_edit_of_her_details(qtbot, session, store, operator):
    form = _fill(qtbot, session, WOMAN)
    _type(qtbot, form.father_en, "Gul Khan")
    _submit(qtbot, form)
    qtbot.waitUntil(lambda: _status(session) == "submitted", timeout=5000)
    app_id = session.window.licences.detail.app.id
    dialog = EditDetailsDialog(
        store, session.window.licences.worker, operator, load_detail(store, app_id)
    )
    qtbot.addWidget(dialog)
    assert dialog.relation is not None and dialog.relation.currentData() == "daughter_of"
    dialog.relation.setCurrentIndex(dialog.relation.findData("wife_of"))
    assert dialog._labels["father_name_en"][0].text() == "Husband's name (English)"
    _type(qtbot, dialog.editors[("persons", "father_name_en")], "Tariq Mehmood")
    with qtbot.waitSignal(dialog.done_with, timeout=5000):
        dialog.attempt()
    person = _person(store, WOMAN)
    assert (person.relation, person.father_name_en) == ("wife_of", "Tariq Mehmood")


def test_a_mans_edit_form_has_no_relation_to_choose(qtbot, session, store, operator):
    form = _fill(qtbot, session, MAN)
    _type(qtbot, form.father_en, "Gul Khan")
    _submit(qtbot, form)
    qtbot.waitUntil(lambda: _status(session) == "submitted", timeout=5000)
    detail = load_detail(store, session.window.licences.detail.app.id)
    dialog = EditDetailsDialog(store, session.window.licences.worker, operator, detail)
    qtbot.addWidget(dialog)
    assert dialog.relation is None and "relation" not in dialog.fields


def test_a_refused_application_sent_again_from_the_inbox_keeps_her_relation(qtbot, session):
    from desktop.inbox.resend import fill_application

    form = session.window.licences.new_application()
    qtbot.waitUntil(lambda: form.intro.text() != "")
    applicant = {"cnic": WOMAN.replace("-", ""), "name_en": "Ayesha Bibi", "relation": "wife_of"}
    applicant.update(father_name_en="Tariq Mehmood", date_of_birth="1985-03-15")
    fill_application(form, {"applicant": applicant})
    assert _row_shown(form) and form.relation.currentData() == "wife_of"
    assert form._labels["father_name_en"][0].text() == "Husband's name (English)"
    assert form.values()["applicant"]["relation"] == "wife_of"
