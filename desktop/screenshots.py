"""Render the main screens to PNG so a person can look at them (`make screenshots`).

`render_screenshots(out_dir, store)` fills the store with ~200 realistic applications
(English and Urdu names) when it has fewer, walks one application through the whole
workflow so its history is long, marks another as refused by the server, and saves:

- main_window.png          the licence list with the detail pane
- new_application_errors.png   the new-application form showing its field errors
- detail_history.png       the detail pane of the walked-through application
- detail_rejected.png      a record the server refused: why, and what to do
- urdu_main_window.png     the same window in Urdu, right to left
- urdu_new_application.png the form in Urdu
- dashboard.png, urdu_dashboard.png  the dashboard (figures, charts) in both languages
- known_applicant.png, urdu_known_applicant.png   the form filled from a CNIC on record,
  with what the office knows of the applicant (in English and Urdu)
"""

from __future__ import annotations

import secrets
import sys
import time
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any, cast

from sqlalchemy import func, select, update

from desktop.app import Session, application, open_main_window
from desktop.db import read_rows
from desktop.demo_rows import insert_demo_applications
from desktop.form_dialog import DESK_SCREEN
from desktop.licences.controller import LicenceController
from desktop.licences.detail import DetailPane
from desktop.licences.workflow import issue_voucher, next_psid, submit_application
from desktop.operators import Operator
from desktop.qt import QApplication, Qt, QWidget
from domain.errors import Duplicate, msg
from domain.ids import new_id, utcnow
from domain.models import LicenceApplication, PsidLease, Voucher
from sync.store.client_models import OutboxCommand
from sync.store.local import LocalStore

SPECIMEN_PSID_PREFIX = "1003626"  # then ten digits: a 17-digit PSID
OPERATOR = Operator("amina", "Amina Bibi", "supervisor")
APPLICANT = {
    "cnic": "17301-1234567-9",
    "name_en": "Muhammad Imran Khan",
    "name_ur": "محمد عمران خان",
    "father_name_en": "Gul Zaman Khan",
    "father_name_ur": "گل زمان خان",
    "date_of_birth": "1984-03-15",
    "mobile": "03001234567",
    "address": "House 12, Hayatabad Phase 3, Peshawar",
}


def wait_until(condition: Callable[[], bool], timeout: float = 10.0) -> None:
    """Run the event loop until `condition` holds (worker results arrive by signal)."""
    app = QApplication.instance()
    assert app is not None
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("the window did not reach the expected state")
        app.processEvents()
        time.sleep(0.005)
    for _ in range(5):
        app.processEvents()


def _lease_specimen_psid(store: LocalStore) -> None:
    """A one-PSID lease for this store's device, as the server's pull would bring it."""
    me, now = store.identity(), utcnow()
    psid = f"{SPECIMEN_PSID_PREFIX}{secrets.randbelow(10**10):010d}"
    with store.write_lock, store.sessions.begin() as s:
        s.add(
            PsidLease(
                id=new_id(),
                device_id=me.device_id,
                psids=[psid],
                next_index=0,
                expires_at=now + timedelta(days=30),
                district_code=me.district_code,
                office_code=me.office_code,
                created_at=now,
                updated_at=now,
                sync_state="synced",
            )
        )


def _as(store: LocalStore, username: str) -> None:
    """Sign what follows as `username`, with a key made here and registered nowhere: the
    screenshots' store never talks to a server, so no login is needed, but every
    command is still signed (`LocalStore.execute` requires it)."""
    from domain.ids import new_id
    from sync import signing
    from sync.store.signer import Signer

    if store.signer is None or store.signer.username != username:
        store.sign_in(Signer(new_id(), username, signing.new_key_pair()[0]))


def _walk_through(store: LocalStore) -> str:
    """One application taken from submission to an issued licence, by three people."""
    _as(store, "amina")
    values = {
        "kind": "new",
        "applicant": APPLICANT,
        "district_code": "PSH",
        "weapon_type": "pistol",
        "bore": ".30",
        "validity": "district",
        "documents": ["cnic_copy", "affidavit", "police_clearance"],
    }
    app_id = submit_application(store, "amina", values).data["application_id"]
    # A bank can pay only a voucher with a PSID: print this one with a leased PSID (a
    # provisional voucher shown as paid would tell the office something impossible).
    if next_psid(store) is None:
        _lease_specimen_psid(store)
    voucher_id = issue_voucher(store, "amina", app_id).data["voucher_id"]
    due = read_rows(store, select(Voucher.amount_within_due_paisa).where(Voucher.id == voucher_id))
    _as(store, "gateway")
    store.execute(
        "record_payment",
        {
            "voucher_id": voucher_id,
            "amount_paisa": due[0][0],
            "paid_at": utcnow().isoformat(),
            "bank_code": "BOK",
            "tran_auth_id": "BOK8841207",
        },
        actor="gateway",
    )
    _as(store, "tariq")
    store.execute(
        "record_verification",
        {
            "application_id": app_id,
            "result": "cleared",
            "agency": "police",
            "remarks": "SHO Gulbahar: nothing adverse",
        },
        actor="tariq",
    )
    _as(store, "dc.peshawar")
    store.execute("approve_application", {"application_id": app_id}, actor="dc.peshawar")
    _as(store, "amina")
    store.execute(
        "enter_weapon_details",
        {"application_id": app_id, "weapon_number": "PK-30-778812", "weapon_make": "Daudsons"},
        actor="amina",
    )
    return app_id


def _refused(store: LocalStore) -> str:
    _as(store, "amina")
    values = {
        "kind": "new",
        "district_code": "PSH",
        "weapon_type": "revolver",
        "bore": ".32",
        "validity": "provincial",
        "documents": ["cnic_copy", "affidavit", "police_clearance"],
        "applicant": {
            "cnic": "15401-7654321-3",
            "name_en": "Sajid Yousafzai",
            "name_ur": "ساجد یوسفزئی",
            "father_name_en": "Fazal Yousafzai",
            "date_of_birth": "1979-08-02",
        },
    }
    app_id = submit_application(store, "amina", values).data["application_id"]
    with store.write_lock, store.sessions.begin() as s:
        seq = s.scalar(select(func.max(OutboxCommand.device_seq)))
        s.execute(
            update(OutboxCommand)
            .where(OutboxCommand.device_seq == seq)
            .values(
                state="rejected",
                # as a server answers it: template and params, so the desk shows it in Urdu
                answer={
                    "status": "rejected",
                    **Duplicate(
                        msg(
                            "Application number {number} is already in use.",
                            number="PSH-26-T000001",
                        )
                    ).as_dict(),
                },
            )
        )
        s.execute(
            update(LicenceApplication)
            .where(LicenceApplication.id == app_id)
            .values(sync_state="rejected")
        )
    return app_id


def _conflict(store: LocalStore) -> None:
    """An open field conflict on an applicant's mobile, as a pull brings one (inbox shot)."""
    from domain.models import FieldConflict, Person

    with store.write_lock, store.sessions.begin() as s:
        person = s.scalars(select(Person).order_by(Person.id).limit(1)).one()
        at = datetime(2026, 11, 22, 9, 5, tzinfo=timezone.utc)
        s.merge(
            FieldConflict(
                id="00000000-0000-4000-8000-00000000c0f1",
                table_name="persons",
                row_id=person.id,
                field="mobile",
                theirs="03111111111",
                ours="03222222222",
                their_author="bilal",
                our_author="amina",
                command_id="00000000-0000-4000-8000-00000000c0f2",
                status="open",
                district_code=person.district_code,
                office_code="DC-PSH",
                sync_state="synced",
                version=1,
                created_at=at,
                updated_at=at,
            )
        )
        person.sync_state = "conflict"


def _payment_exception(store: LocalStore) -> None:
    """A partial payment on one unpaid voucher, as the pull brings it (payments shot)."""
    from domain.models import VoucherException

    with store.write_lock, store.sessions.begin() as s:
        voucher = s.scalars(
            select(Voucher)
            .where(Voucher.psid.is_not(None))
            .order_by(Voucher.issued_at.desc())
            .limit(1)
        ).first()
        if voucher is None:
            return
        at = datetime(2026, 11, 24, 6, 40, tzinfo=timezone.utc)
        s.merge(
            VoucherException(
                id="00000000-0000-4000-8000-00000000e0f1",
                ledger_key="partial|specimen",
                kind="partial",
                voucher_id=voucher.id,
                psid=voucher.psid,
                bank_code="HBL",
                tran_auth_id="HBL5521907",
                expected_paisa=voucher.amount_within_due_paisa,
                paid_paisa=voucher.amount_within_due_paisa // 2,
                raised_at=at,
                status="open",
                detail="Half the fee paid at HBL: collect the balance or refund.",
                district_code=voucher.district_code,
                office_code="DC-PSH",
                sync_state="synced",
                version=1,
                created_at=at,
                updated_at=at,
            )
        )


def _save(widget: QWidget, path: Path) -> Path:
    app = QApplication.instance()
    if app is not None:
        app.processEvents()
    if not widget.grab().save(str(path)):
        raise OSError(f"could not write {path}")
    return path


def _save_whole_detail(pane: DetailPane, path: Path, width: int = 560) -> Path:
    """The detail pane at the height of its whole content (history included)."""
    full = DetailPane()
    full.lang = pane.lang
    full.setLayoutDirection(pane.layoutDirection())
    full.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    full.show_detail(pane.detail)
    full.document().setTextWidth(width - 12)
    full.resize(width, int(full.document().size().height()) + 16)
    try:
        return _save(full, path)
    finally:
        full.deleteLater()


def _known_applicant(controller: LicenceController, path: Path) -> Path:
    """The new-application form after typing a CNIC on record: filled in, with a warning."""
    from PySide6.QtTest import QTest

    form = controller.new_application()
    wait_until(lambda: form.intro.text() != "")
    QTest.keyClicks(form.cnic, str(APPLICANT["cnic"]))  # typed: the lookup runs as it would
    wait_until(lambda: form.known_label.isVisible())
    form.fit_to(DESK_SCREEN)
    saved = _save(form, path)
    form.changed = False
    form.reject()
    return saved


def render_screenshots(out_dir: Path | str, store: LocalStore) -> list[Path]:
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    application()
    with store.sessions() as s:
        have = s.scalar(select(func.count()).select_from(LicenceApplication)) or 0
    if have < 200:
        insert_demo_applications(store, 200 - have, seed=11, variety=True)
    refused = _refused(store)
    _conflict(store)
    walked = _walk_through(store)
    _payment_exception(store)
    saved: list[Path] = []
    session = open_main_window(store, OPERATOR, lang="en")
    try:
        window = session.window
        assert window is not None
        controller = cast(LicenceController, window.workspaces["licences"])
        controller.open_after_print = False
        wait_until(
            lambda: (
                (controller.model.complete and controller.detail is None)
                or controller.model.complete
            )
        )

        def choose(app_id: str) -> None:
            row = controller.model.ids.index(app_id)
            assert row is not None
            controller.view.table.selectRow(row)
            wait_until(lambda: controller.detail is not None and controller.detail.app.id == app_id)
            model = controller.model
            wait_until(lambda: all(model.data(model.index(r, 0)) != "…" for r in range(25)))

        choose(walked)
        saved.append(_save(window, out / "main_window.png"))
        saved.append(_edit_form(controller, out / "edit_details.png"))
        saved.append(_save_whole_detail(controller.view.detail, out / "detail_history.png"))
        choose(refused)
        saved.append(_save_whole_detail(controller.view.detail, out / "detail_rejected.png"))
        saved.append(_inbox(window, out / "inbox.png"))
        saved += _payments(window, out, "")
        window.show_workspace("licences")

        form = controller.new_application()
        wait_until(lambda: form.intro.text() != "")
        form.cnic.setText("17301-123456")
        form.birth.setText("02-05-2008")
        form.name_ur.setText("زاہد آفریدی")
        form.attempt()
        form.fit_to(DESK_SCREEN)
        saved.append(_save(form, out / "new_application_errors.png"))
        form.reject()
        saved.append(_known_applicant(controller, out / "known_applicant.png"))

        choose(walked)
        window.set_language("ur")
        wait_until(lambda: controller.detail is not None)
        model = controller.model
        wait_until(lambda: all(model.data(model.index(r, 0)) != "…" for r in range(25)))
        saved.append(_save(window, out / "urdu_main_window.png"))
        saved.append(_edit_form(controller, out / "urdu_edit_details.png"))
        saved.append(_inbox(window, out / "urdu_inbox.png"))
        saved += _payments(window, out, "urdu_")
        window.show_workspace("licences")
        form = controller.new_application()
        wait_until(lambda: form.intro.text() != "")
        form.fit_to(DESK_SCREEN)
        saved.append(_save(form, out / "urdu_new_application.png"))
        form.reject()
        saved.append(_known_applicant(controller, out / "urdu_known_applicant.png"))
        from desktop.mutations.screenshots import render_mutation_screenshots
        from desktop.visits.screenshots import render_visit_screenshots

        window.set_language("en")
        saved += render_mutation_screenshots(window, store, out, wait_until, _save)
        window.set_language("en")
        saved += render_visit_screenshots(
            window, cast(Any, window.workspaces["visits"]), out, wait_until, _save
        )
        window.set_language("ur")
        saved += _dashboard(window, out)
        saved += _login_and_lock(session, out)
        window.set_language("en")
    finally:
        session.close()
    return saved


def _edit_form(controller: LicenceController, path: Path) -> Path:
    """ "Edit details" on the selected application, one field changed."""
    form = controller.edit_details()
    assert form is not None
    form.editors[("persons", "mobile")].setText("0345-1112223")
    form.fit_to(DESK_SCREEN)
    try:
        return _save(form, path)
    finally:
        form.reject()


def _payments(window: Any, out: Path, prefix: str) -> list[Path]:
    """The payments workspace: its vouchers, then its exceptions ledger."""
    payments = window.workspaces["payments"]
    window.show_workspace("payments")
    wait_until(lambda: payments.loaded)
    payments.view.tabs.setCurrentIndex(0)
    shots = [_save(window, out / f"{prefix}payments_vouchers.png")]
    payments.view.tabs.setCurrentIndex(1)
    shots.append(_save(window, out / f"{prefix}payments_exceptions.png"))
    payments.view.tabs.setCurrentIndex(0)
    return shots


def _inbox(window: Any, path: Path) -> Path:
    """The inbox as "Needs attention" opens it, its refused step selected."""
    inbox = window.workspaces["inbox"]
    window.show_attention()
    wait_until(lambda: inbox.loaded and inbox.row_count() > 0)
    inbox.select_row(0)
    return _save(window, path)


def _dashboard(window: Any, out: Path) -> list[Path]:
    """The dashboard in Urdu (the window's language now), then in English."""
    saved: list[Path] = []
    dash = window.workspaces["dashboard"]
    for lang in ("ur", "en"):
        window.set_language(lang)
        loads = dash.loads
        window.show_workspace("dashboard")
        dash.reload()
        wait_until(lambda: dash.loads > loads)  # noqa: B023 (waited on in this turn)
        saved.append(_save(window, out / f"{'urdu_' if lang == 'ur' else ''}dashboard.png"))
    window.set_language("ur")
    window.show_workspace("licences")
    return saved


def _login_and_lock(session: Session, out: Path) -> list[Path]:
    """The login dialog and the idle lock screen, in Urdu then English."""
    from desktop.login import LoginDialog

    window, guard = session.window, session.guard
    assert window is not None and guard is not None
    saved = []
    for lang in ("ur", "en"):
        window.set_language(lang)
        login = LoginDialog(window.store, session.worker)
        login.username.setText("amina")
        login.show()
        login.adjustSize()
        saved.append(_save(login, out / f"{'urdu_' if lang == 'ur' else ''}login.png"))
        login.close()
        login.deleteLater()
        guard.lock()
        saved.append(_save(window, out / f"{'urdu_' if lang == 'ur' else ''}lock_screen.png"))
    return saved


def main(argv: list[str] | None = None) -> int:
    """`python -m desktop.screenshots OUT_DIR`: a throwaway store, the screens as PNG."""
    import tempfile

    args = sys.argv[1:] if argv is None else argv
    out = Path(args[0] if args else "screenshots")
    with tempfile.TemporaryDirectory() as tmp:
        store = LocalStore.open("screenshots", path=Path(tmp) / "s.db", key="5" * 64)
        try:
            for path in render_screenshots(out, store):
                print(path)
        finally:
            store.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
