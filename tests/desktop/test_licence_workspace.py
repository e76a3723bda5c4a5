"""An operator's day with one application, driven through the real window and forms."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from PySide6.QtCore import QPoint
from PySide6.QtWidgets import QAbstractItemView
from sqlalchemy import update

from desktop.licences.actions import ApproveDialog, RejectDialog, VerificationDialog, WeaponDialog
from desktop.licences.detail import load_detail
from desktop.licences.forms import NewApplicationForm
from desktop.licences.table_model import COLUMNS
from desktop.qt import QApplication, Qt
from desktop.record_table import ID_ROLE
from domain.ids import new_id, utcnow
from domain.models import LicenceApplication, PsidLease
from sync.store.client_models import OutboxCommand

SYNC_COLUMN = [key for key, _ in COLUMNS].index("sync")
CNIC = "17301-1234567-9"


def _type(qtbot: Any, widget: Any, text: str) -> None:
    widget.clear()
    qtbot.keyClicks(widget, text)


def _status(session: Any) -> str | None:
    detail = session.window.licences.detail
    return detail.app.status if detail is not None else None


def _submit_application(qtbot: Any, session: Any) -> NewApplicationForm:
    controller = session.window.licences
    form = controller.new_application()
    assert isinstance(form, NewApplicationForm)
    qtbot.waitUntil(lambda: form.intro.text() != "")  # the number it will get
    _type(qtbot, form.cnic, CNIC)
    _type(qtbot, form.name_en, "Imran Khan")
    form.name_ur.setText("عمران خان")
    _type(qtbot, form.father_en, "Gul Khan")
    _type(qtbot, form.birth, "15-03-1985")
    for box in form.documents.boxes.values():
        box.setChecked(True)
    qtbot.keyClick(form.cnic, Qt.Key_Return)  # Enter on a field moves to the next one
    assert form.focusWidget() is form.name_en and form.isVisible()
    form.remarks.setFocus()
    with qtbot.waitSignal(form.done_with, timeout=5000):
        qtbot.keyClick(form.remarks, Qt.Key_Return)  # Enter on the last field submits
    return form


def test_bad_input_is_shown_beside_each_field_then_good_input_is_saved(qtbot, session):
    controller = session.window.licences
    form = controller.new_application()
    qtbot.waitUntil(lambda: form.intro.text() != "")
    assert "provisional" in form.intro.text()  # not enrolled: the T series
    _type(qtbot, form.cnic, "1730112345")
    _type(qtbot, form.birth, "01-01-2010")
    _type(qtbot, form.mobile, "12345")
    qtbot.mouseClick(form.submit_button, Qt.LeftButton)

    assert form.fields["cnic"].error.text() == "CNIC must have 13 digits; you typed 10"
    assert form.fields["name_en"].error.text() == "Type the applicant's name in English."
    assert (
        "an arms licence needs an applicant of 21 or older"
        in form.fields["date_of_birth"].error.text()
    )
    assert form.fields["mobile"].error.text() == "A mobile number has 11 digits and starts with 03."
    assert form.fields["documents"].error.text().startswith("Missing documents: Copy of CNIC")
    assert form.isVisible()  # nothing was saved
    form.reject()

    _submit_application(qtbot, session)
    model = controller.model
    qtbot.waitUntil(lambda: controller.detail is not None, timeout=5000)
    assert model.rowCount() == 1
    qtbot.waitUntil(lambda: model.data(model.index(0, 0)) != "…")
    assert model.data(model.index(0, SYNC_COLUMN)) == "pending"
    assert model.data(model.index(0, 1)) == "Imran Khan"
    assert model.data(model.index(0, 2)) == CNIC
    assert controller.detail.app.application_no.startswith("PSH-")
    assert "Application submitted" in session.window.licences.view.detail.toPlainText()
    qtbot.waitUntil(lambda: session.bridge.status.pending == 1)
    assert "Pending: 1" in session.window.status.pending.text()


def test_application_goes_from_voucher_to_licence_card(qtbot, session, store, tmp_path):
    controller = session.window.licences
    controller.choose_path = lambda what, name: tmp_path / name
    device = store.identity().device_id
    with store.write_lock, store.sessions.begin() as s:
        s.add(
            PsidLease(
                id=new_id(),
                device_id=device,
                psids=["10020269990000001", "10020269990000002"],
                expires_at=utcnow() + timedelta(days=30),
                district_code="PSH",
                office_code="UNENROLLED",
            )
        )
    _submit_application(qtbot, session)
    qtbot.waitUntil(lambda: _status(session) == "submitted", timeout=5000)
    actions = session.window.licences.view.actions_by_key
    assert actions["voucher"].isEnabled() and not actions["approve"].isEnabled()

    actions["voucher"].trigger()
    qtbot.waitUntil(lambda: _status(session) == "voucher_issued", timeout=5000)
    voucher = controller.detail.vouchers[0]
    assert voucher.psid == "10020269990000001" and not voucher.provisional

    actions["challan"].trigger()
    challan = tmp_path / f"challan-{controller.detail.app.application_no}.pdf"
    qtbot.waitUntil(challan.exists, timeout=10000)
    assert challan.read_bytes().startswith(b"%PDF")

    # The payment arrives from the gateway through sync; here it is applied directly.
    store.execute(
        "record_payment",
        {
            "voucher_id": voucher.id,
            "amount_paisa": voucher.amount_within_due_paisa,
            "paid_at": utcnow().isoformat(),
            "bank_code": "HBL",
            "tran_auth_id": "T123",
        },
        actor="gateway",
    )
    actions["refresh"].trigger()
    qtbot.waitUntil(lambda: _status(session) == "fee_paid", timeout=5000)
    assert not actions["challan"].isEnabled()  # paid: no second challan to pay twice

    actions["verify"].trigger()
    dialog = controller.dialog
    assert isinstance(dialog, VerificationDialog)
    dialog.result.setCurrentIndex(dialog.result.findData("adverse"))
    qtbot.mouseClick(dialog.submit_button, Qt.LeftButton)
    assert dialog.fields["remarks"].error.text() == "Write what the adverse report says."
    dialog.result.setCurrentIndex(dialog.result.findData("cleared"))
    qtbot.mouseClick(dialog.submit_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: _status(session) == "verified", timeout=5000)

    actions["approve"].trigger()
    assert isinstance(controller.dialog, ApproveDialog)
    controller.dialog.remarks.setFocus()
    qtbot.keyClick(controller.dialog.remarks, Qt.Key_Return)
    qtbot.waitUntil(lambda: _status(session) == "approved", timeout=5000)

    actions["weapon"].trigger()
    dialog = controller.dialog
    assert isinstance(dialog, WeaponDialog)
    _type(qtbot, dialog.number, "PK-30-778812")
    _type(qtbot, dialog.make, "Daudsons")
    qtbot.mouseClick(dialog.submit_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: _status(session) == "weapon_entered", timeout=5000)

    actions["issue"].trigger()
    qtbot.waitUntil(lambda: _status(session) == "licence_issued", timeout=5000)
    licence = controller.detail.licence
    assert licence.licence_no.startswith("PSH-") and "-LT" in licence.licence_no

    actions["card"].trigger()
    card = tmp_path / f"licence-card-{controller.detail.app.application_no}.pdf"
    qtbot.waitUntil(card.exists, timeout=10000)
    assert card.read_bytes().startswith(b"%PDF")
    history = session.window.licences.view.detail.toPlainText()
    for step in (
        "Licence issued",
        "Approved",
        "Verification recorded",
        "Voucher issued",
        "Payment recorded",
        "Application submitted",
    ):
        assert step in history
    assert history.index("Licence issued") < history.index("Application submitted")  # newest first


def test_reject_needs_a_reason(qtbot, session):
    controller = session.window.licences
    _submit_application(qtbot, session)
    qtbot.waitUntil(lambda: _status(session) == "submitted", timeout=5000)
    session.window.licences.view.actions_by_key["reject"].trigger()
    dialog = controller.dialog
    assert isinstance(dialog, RejectDialog)
    qtbot.mouseClick(dialog.submit_button, Qt.LeftButton)
    assert "Write the reason" in dialog.fields["reason"].error.text()
    _type(qtbot, dialog.reason, "Adverse police report")
    qtbot.mouseClick(dialog.submit_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: _status(session) == "rejected", timeout=5000)
    assert "Rejected: Adverse police report" in session.window.licences.view.detail.toPlainText()


def test_search_by_cnic_with_or_without_dashes_finds_it(qtbot, session):
    from desktop.demo_rows import insert_demo_applications

    insert_demo_applications(session.window.store, 300)
    _submit_application(qtbot, session)
    window = session.window
    window.activateWindow()
    qtbot.waitActive(window)
    qtbot.keyClick(window.windowHandle(), Qt.Key_F, Qt.ControlModifier)
    assert window.search.hasFocus()
    _type(qtbot, window.search, "1730112345679")
    qtbot.keyClick(window.search, Qt.Key_Return)
    model = window.licences.model
    qtbot.waitUntil(lambda: model.complete and model.rowCount() == 1, timeout=5000)
    qtbot.waitUntil(
        lambda: (
            window.licences.detail is not None
            and window.licences.detail.app.cnic == "1730112345679"
        ),
        timeout=5000,
    )

    _type(qtbot, window.search, "17")
    qtbot.keyClick(window.search, Qt.Key_Return)
    assert window.licences.view.message.text() == "Type at least three digits."

    _type(qtbot, window.search, "imran k")
    qtbot.keyClick(window.search, Qt.Key_Return)
    qtbot.waitUntil(lambda: model.complete and model.rowCount() >= 1, timeout=5000)
    qtbot.waitUntil(lambda: model.data(model.index(0, 1)) not in (None, "…"))
    names = [model.data(model.index(r, 1)) for r in range(min(model.rowCount(), 50))]
    qtbot.waitUntil(
        lambda: all(
            n not in (None, "…", "")
            for n in [model.data(model.index(r, 1)) for r in range(min(model.rowCount(), 50))]
        )
    )
    names = [model.data(model.index(r, 1)) for r in range(min(model.rowCount(), 50))]
    assert names and all("imran" in n.lower() and "k" in n.lower() for n in names)
    assert names[0] == "Imran Khan"  # the exact match first

    number = window.licences.detail.app.application_no if window.licences.detail else None
    _type(qtbot, window.search, "")
    qtbot.keyClick(window.search, Qt.Key_Return)
    qtbot.waitUntil(lambda: model.complete and model.rowCount() == 301, timeout=5000)
    assert number is not None


def test_a_refused_record_says_why_and_what_to_do(qtbot, session, store):
    _submit_application(qtbot, session)
    controller = session.window.licences
    qtbot.waitUntil(lambda: controller.detail is not None, timeout=5000)
    app_id = controller.detail.app.id
    with store.write_lock, store.sessions.begin() as s:
        s.execute(
            update(OutboxCommand).values(
                state="rejected",
                answer={
                    "status": "rejected",
                    "code": "duplicate",
                    "message": "CNIC 17301-1234567-9 already has an open application in Mardan.",
                },
            )
        )
        s.execute(
            update(LicenceApplication)
            .where(LicenceApplication.id == app_id)
            .values(sync_state="rejected")
        )
    controller.refresh()
    qtbot.waitUntil(
        lambda: controller.detail is not None and controller.detail.app.sync_state == "rejected",
        timeout=5000,
    )
    text = session.window.licences.view.detail.toPlainText()
    assert "already has an open application in Mardan" in text
    assert "What to do" in text
    model = controller.model
    qtbot.waitUntil(lambda: model.data(model.index(0, SYNC_COLUMN)) == "rejected", timeout=5000)
    QApplication.processEvents()


def test_keyboard_shortcuts_open_the_forms(qtbot, session):
    window = session.window
    window.activateWindow()
    qtbot.waitActive(window)
    qtbot.keyClick(window.windowHandle(), Qt.Key_N, Qt.ControlModifier)
    form = window.licences.dialog
    assert isinstance(form, NewApplicationForm)
    assert form.cnic.hasFocus()  # typing starts at once
    qtbot.keyClick(form, Qt.Key_Escape)
    assert not form.isVisible()
    window.activateWindow()
    qtbot.waitActive(window)
    qtbot.keyClick(window.windowHandle(), Qt.Key_R, Qt.ControlModifier)
    assert window.licences.dialog is not None and window.licences.dialog.objectName() == "renewal"
    window.licences.dialog.reject()


def test_a_licence_number_finds_its_application_and_renewal_uses_it(qtbot, session, store):
    controller = session.window.licences
    _submit_application(qtbot, session)
    qtbot.waitUntil(lambda: _status(session) == "submitted", timeout=5000)
    app_id = controller.detail.app.id
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
        {"application_id": app_id, "licence_no": "PSH-26-LT000077", "licence_id": new_id()},
        actor="amina",
    )
    window = session.window
    window.search.setText("psh-26-lt000077")
    qtbot.keyClick(window.search, Qt.Key_Return)
    qtbot.waitUntil(
        lambda: (
            controller.detail is not None
            and controller.detail.app.id == app_id
            and controller.detail.licence is not None
        ),
        timeout=5000,
    )
    assert controller.model.rowCount() == 1

    form = controller.renewal()
    _type(qtbot, form.licence_no, "PSH-26-LT000077")
    qtbot.keyClick(form.licence_no, Qt.Key_Return)
    qtbot.waitUntil(lambda: "Imran Khan" in form.intro.text(), timeout=5000)
    qtbot.mouseClick(form.submit_button, Qt.LeftButton)
    assert form.fields["documents"].error.text() == "Missing documents: Copy of CNIC, Old licence."
    for box in form.documents.boxes.values():
        box.setChecked(True)
    with qtbot.waitSignal(form.done_with, timeout=5000):
        qtbot.mouseClick(form.submit_button, Qt.LeftButton)
    qtbot.waitUntil(
        lambda: controller.detail is not None and controller.detail.app.kind == "renewal",
        timeout=5000,
    )
    assert controller.detail.licence.licence_no == "PSH-26-LT000077"
    assert window.search.text() == ""  # the list shows everything again, the renewal selected


def test_reading_the_list_again_keeps_the_rows_in_view_when_none_is_selected(qtbot, session):
    """A sync round that brings applications reads the list again; an operator who
    had scrolled down without picking a row must not be thrown back to the top."""
    from desktop.demo_rows import insert_demo_applications

    insert_demo_applications(session.window.store, 400)
    controller = session.window.licences
    model, table = controller.model, session.window.licences.view.table
    with qtbot.waitSignal(model.loaded, timeout=5000):
        controller.refresh()
    assert model.rowCount() == 400
    QApplication.processEvents()  # the view lays out the rows just added (its scroll range)
    table.selectionModel().clear()
    table.scrollTo(model.index(250, 0), QAbstractItemView.PositionAtTop)
    QApplication.processEvents()
    top = table.indexAt(QPoint(1, 1)).data(ID_ROLE)
    assert top is not None and table.indexAt(QPoint(1, 1)).row() > 200

    with qtbot.waitSignal(model.loaded, timeout=5000):
        controller.refresh()
    qtbot.waitUntil(lambda: table.indexAt(QPoint(1, 1)).data(ID_ROLE) == top, timeout=5000)
    assert controller.selected_id() is None
