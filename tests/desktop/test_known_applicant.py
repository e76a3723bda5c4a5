"""A CNIC already on record fills the new-application form and says what is known."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from desktop.db import read_rows
from desktop.licences.detail import load_detail
from desktop.licences.forms import NewApplicationForm, RenewalForm, dashed_cnic
from desktop.qt import Qt
from domain.ids import new_id, utcnow
from domain.models import Person
from tests.desktop.test_licence_workspace import CNIC, _status, _submit_application


def _issue_licence(store: Any, app_id: str, number: str) -> None:
    store.execute(
        "issue_voucher", {"application_id": app_id, "voucher_id": new_id()}, actor="amina"
    )
    v = load_detail(store, app_id).vouchers[0]
    store.execute(
        "record_payment",
        {
            "voucher_id": v.id,
            "amount_paisa": v.amount_within_due_paisa,
            "paid_at": utcnow().isoformat(),
            "tran_auth_id": "X1",
        },
        actor="gateway",
    )
    store.execute(
        "record_verification", {"application_id": app_id, "result": "cleared"}, actor="amina"
    )
    store.execute("approve_application", {"application_id": app_id}, actor="amina")
    store.execute(
        "enter_weapon_details",
        {"application_id": app_id, "weapon_number": "N1", "weapon_make": "Daudsons"},
        actor="amina",
    )
    store.execute(
        "issue_licence",
        {"application_id": app_id, "licence_no": number, "licence_id": new_id()},
        actor="amina",
    )


def _lease_psid(store: Any, psid: str) -> None:
    """A PSID the server leased to this desk (a voucher issued now takes it)."""
    from domain.models import PsidLease

    device_id = store.identity().device_id  # read before the write: a second connection
    with store.write_lock, store.engine.begin() as conn:
        conn.execute(
            PsidLease.__table__.insert().values(
                id=new_id(),
                device_id=device_id,
                psids=[psid],
                created_at=utcnow(),
                expires_at=utcnow().replace(year=utcnow().year + 1),
                version=1,
                office_code="PSH-DC",
                district_code="PSH",
                sync_state="synced",
            )
        )


def _open_form(qtbot: Any, session: Any) -> NewApplicationForm:
    form = session.window.licences.new_application()
    qtbot.waitUntil(lambda: form.intro.text() != "")
    return form


def test_the_cnic_shows_its_dashes_as_it_is_typed(qtbot, session):
    form = _open_form(qtbot, session)
    qtbot.keyClicks(form.cnic, "173011234567")
    assert form.cnic.text() == "17301-1234567"
    qtbot.keyClicks(form.cnic, "9")
    assert form.cnic.text() == "17301-1234567-9"
    assert dashed_cnic("1730") == "1730"


def test_a_known_cnic_fills_the_form_and_says_an_application_is_open(qtbot, session, store):
    _submit_application(qtbot, session)
    qtbot.waitUntil(lambda: _status(session) == "submitted", timeout=5000)
    number = session.window.licences.detail.app.application_no
    form = _open_form(qtbot, session)
    qtbot.keyClicks(form.cnic, CNIC.replace("-", ""))
    qtbot.waitUntil(lambda: form.known_label.isVisible(), timeout=5000)
    assert form.name_en.text() == "Imran Khan"
    assert form.father_en.text() == "Gul Khan"
    assert form.birth.text() == "15-03-1985"
    assert f"Application {number} is still open (Submitted)." in form.known_label.text()
    assert not form.renew_button.isVisible()  # no licence held yet
    assert form.focusWidget() is form.weapon  # the details are there: on to the weapon

    # A changed detail is an edit of the stored person, not a blank over the rest.
    qtbot.keyClicks(form.mobile, "03001234567")
    for box in form.documents.boxes.values():
        box.setChecked(True)
    with qtbot.waitSignal(form.done_with, timeout=5000):
        qtbot.keyClick(form.cnic, Qt.Key_Return, Qt.ControlModifier)
    person = read_rows(store, select(Person).where(Person.cnic == CNIC.replace("-", "")))[0]
    assert (person.name_en, person.father_name_en, person.mobile) == (
        "Imran Khan",
        "Gul Khan",
        "03001234567",
    )


def test_a_licence_held_offers_renewal_instead(qtbot, session, store):
    controller = session.window.licences
    _submit_application(qtbot, session)
    qtbot.waitUntil(lambda: _status(session) == "submitted", timeout=5000)
    _issue_licence(store, controller.detail.app.id, "PSH-26-LT000077")
    form = _open_form(qtbot, session)
    qtbot.keyClicks(form.cnic, CNIC)
    qtbot.waitUntil(lambda: form.renew_button.isVisible(), timeout=5000)
    text = form.known_label.text()
    assert "Already holds licence PSH-26-LT000077" in text and "Renew instead?" in text
    qtbot.keyClick(form.name_ur, Qt.Key_R, Qt.ControlModifier)
    qtbot.waitUntil(lambda: isinstance(controller.dialog, RenewalForm), timeout=5000)
    renewal = controller.dialog
    qtbot.waitUntil(lambda: "Imran Khan" in renewal.intro.text(), timeout=5000)
    assert renewal.licence_no.text() == "PSH-26-LT000077"


def test_renewal_starts_from_the_cnic(qtbot, session, store):
    controller = session.window.licences
    _submit_application(qtbot, session)
    qtbot.waitUntil(lambda: _status(session) == "submitted", timeout=5000)
    _issue_licence(store, controller.detail.app.id, "PSH-26-LT000078")
    form = controller.renewal()
    qtbot.keyClicks(form.licence_no, CNIC)
    qtbot.keyClick(form.licence_no, Qt.Key_Return)
    qtbot.waitUntil(lambda: "Imran Khan" in form.intro.text(), timeout=5000)
    assert form.licence_no.text() == "PSH-26-LT000078"


def test_an_unactivated_psid_says_so_on_the_challan_until_synced(qtbot, session, store, tmp_path):
    from sqlalchemy import update

    from desktop.licences import documents
    from domain.models import Voucher

    controller = session.window.licences
    _submit_application(qtbot, session)
    qtbot.waitUntil(lambda: _status(session) == "submitted", timeout=5000)
    app_id = controller.detail.app.id
    _lease_psid(store, "1003000000000001")
    from desktop.licences import workflow

    workflow.issue_voucher(store, "amina", app_id)
    data = documents.challan_data(store, app_id)
    assert data.psid == "1003000000000001" and data.awaiting_activation
    documents.print_challan(store, app_id, tmp_path / "before.pdf")
    with store.engine.begin() as conn:  # the server has it: activated
        conn.execute(update(Voucher).values(sync_state="synced"))
    assert not documents.challan_data(store, app_id).awaiting_activation


def test_an_unactivated_psid_says_so_on_the_screen_until_synced(qtbot, session, store):
    from sqlalchemy import update

    from desktop.licences import workflow
    from desktop.licences.detail import detail_html
    from domain.models import Voucher

    controller = session.window.licences
    _submit_application(qtbot, session)
    qtbot.waitUntil(lambda: _status(session) == "submitted", timeout=5000)
    app_id = controller.detail.app.id
    _lease_psid(store, "1003000000000002")
    workflow.issue_voucher(store, "amina", app_id)
    line = "Payable after this office's next sync"
    controller.load_detail(app_id)
    qtbot.waitUntil(lambda: line in controller.view.detail.toPlainText(), timeout=5000)
    with store.engine.begin() as conn:  # the server has it: activated
        conn.execute(update(Voucher).values(sync_state="synced"))
    assert line not in detail_html(load_detail(store, app_id), "en")
