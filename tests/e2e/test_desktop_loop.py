"""An operator's day through the real desktop, against a real server and gateway.

Everything the operator does goes through the widgets `daftar` shows: the login
dialog (`start_gui`), the licence workspace's toolbar, the new-application form, the
save dialog of "Print challan", the status bar's "Sync now". The server and the
sandbox gateway are child processes on 127.0.0.1 (tests/e2e/conftest.py); the desk is
an enrolled store with the sync engine `daftar` builds for it (`engine_for`).

The story: log in (a wrong password first); a form with mistakes, corrected and
saved; a voucher with a leased PSID and its challan; the server goes away — the
status bar says so and work goes on (a second application, pending goes up); the
server comes back on the same port and database — online, pending 0; a bank pays
the PSID at the gateway, and after a sync the operator sees the fee paid.

Assertions are on what a person sees: label texts, table cells, field messages, the
detail pane's text. Waits are qtbot.waitUntil / waitSignal, never sleeps.
"""

from __future__ import annotations

import gc
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from daftar_cli.commands import engine_for
from desktop.app import Session, start_gui
from desktop.licences.forms import NewApplicationForm, today_karachi
from desktop.licences.table_model import COLUMNS
from desktop.login import LoginDialog
from desktop.qt import QApplication, QFileDialog, QLabel, QLineEdit, QPoint, Qt, QTimer, QWidget
from sync.transport import Transport

pytestmark = pytest.mark.slow

PASSWORD = "amina-pass-1"
COLUMN = {key: i for i, (key, _) in enumerate(COLUMNS)}


@pytest.fixture(scope="module")
def office(make_services: Any) -> Any:
    return make_services("desk-loop")


# -- what a person sees ------------------------------------------------------------------
def shown(label: QLabel) -> str:
    """A label's text as it reads on screen (rich-text tags removed)."""
    return re.sub(r"<[^>]+>", "", label.text()).replace("\u00a0", " ").strip()


def plain(text: str) -> str:
    """Without the invisible left-to-right marks put around numbers."""
    return text.replace("\u200e", "")


def cell(window: Any, row: int, column: str) -> str:
    model = window.licences.model
    return str(model.data(model.index(row, COLUMN[column])) or "")


def row_of(window: Any, application_no: str) -> int | None:
    """The table row showing `application_no`, or None while it is not there."""
    model = window.licences.model
    for row in range(model.rowCount()):
        if cell(window, row, "application_no") == application_no:
            return row
    return None


def click(qtbot: Any, widget: QWidget) -> None:
    qtbot.mouseClick(widget, Qt.LeftButton)


def toolbar_button(window: Any, key: str) -> QWidget:
    view = window.licences.view
    return view.toolbar.widgetForAction(view.actions_by_key[key])


def type_into(qtbot: Any, edit: QLineEdit, text: str) -> None:
    edit.selectAll()
    qtbot.keyClick(edit, Qt.Key_Backspace)
    qtbot.keyClicks(edit, text)


def when_shown(kind: type, answer: Callable[[Any], None], failures: list[BaseException]) -> None:
    """Answer the next visible top-level `kind` (a modal dialog the code under test runs
    with exec(), so the test cannot reach it between the statements that open it).
    A failing answer is kept in `failures` and the dialog is closed, so nothing hangs."""

    def look() -> None:
        dialog = next(
            (w for w in QApplication.topLevelWidgets() if isinstance(w, kind) and w.isVisible()),
            None,
        )
        if dialog is None:
            QTimer.singleShot(20, look)
            return
        try:
            answer(dialog)
        except BaseException as exc:  # noqa: BLE001 - reported by the test afterwards
            failures.append(exc)
            dialog.reject()

    QTimer.singleShot(0, look)


def fill_application(
    qtbot: Any, form: NewApplicationForm, *, cnic: str, name: str, father: str, born: str
) -> None:
    type_into(qtbot, form.cnic, cnic)
    type_into(qtbot, form.name_en, name)
    type_into(qtbot, form.father_en, father)
    type_into(qtbot, form.birth, born)


def open_form(qtbot: Any, window: Any) -> NewApplicationForm:
    click(qtbot, toolbar_button(window, "new"))
    form = window.licences.dialog
    assert isinstance(form, NewApplicationForm) and form.isVisible()
    qtbot.waitUntil(lambda: form.intro.text().startswith("Application number"), timeout=5000)
    return form


def application_number(form: NewApplicationForm) -> str:
    match = re.match(r"Application number (\S+)$", form.intro.text())
    assert match, form.intro.text()  # an enrolled desk: no "provisional (T)" note
    return match.group(1)


def save(qtbot: Any, form: NewApplicationForm) -> None:
    with qtbot.waitSignal(form.done_with, timeout=10000):
        click(qtbot, form.submit_button)
    assert not form.isVisible()


def pending_shown(window: Any) -> int:
    match = re.fullmatch(r"Pending: (\d+)", shown(window.status.pending))
    assert match, shown(window.status.pending)
    return int(match.group(1))


def sync_now(qtbot: Any, window: Any) -> None:
    """The status bar's "Sync now" button, as an operator clicks it."""
    button = window.status.sync_button
    assert button.text() == "Sync now" and button.isEnabled()
    click(qtbot, button)


def years_ago(years: int) -> date:
    today = today_karachi()
    try:
        return today.replace(year=today.year - years)
    except ValueError:  # 29 February
        return today.replace(year=today.year - years, day=28)


# -- the day -----------------------------------------------------------------------------
def test_an_operator_works_through_an_outage_and_sees_the_fee_paid(qtbot, office, tmp_path):
    desk = office.desktop("counter")  # enrolled with the server, key in a file
    # Her account is made on the server, as an administrator would; her first login on
    # this desk is online and registers her signing key.
    subprocess.run(
        [
            sys.executable,
            "-m",
            "daftar_cli.main",
            "admin",
            "--db",
            f"sqlite:///{office.folder / 'server.sqlite3'}",
            "add",
            "amina",
            "--name",
            "Amina Bibi",
            "--office",
            "DC-PSH",
            "--role",
            "licence_operator",
            "--role",
            "licence_officer",
            "--password",
            PASSWORD,
        ],
        check=True,
        env=office.env,
        capture_output=True,
    )
    engine = engine_for(desk.store)  # what `daftar` builds for an enrolled profile
    assert engine is not None
    failures: list[BaseException] = []
    session: Session | None = None
    try:
        # 1. The login dialog: a wrong password is refused in words, the right one opens
        #    the window.
        def log_in(dialog: LoginDialog) -> None:
            assert dialog.windowTitle() == "Daftar — log in"
            assert dialog.username.isVisible() and dialog.form.rowCount() == 2
            qtbot.keyClicks(dialog.username, "amina")
            qtbot.keyClicks(dialog.password, "amina-pass-2")
            qtbot.keyClick(dialog.password, Qt.Key_Return)
            qtbot.waitUntil(lambda: dialog.error.isVisible(), timeout=5000)
            assert dialog.error.text().startswith("Wrong password for this username.")
            assert dialog.username.text() == "amina" and dialog.password.text() == ""
            qtbot.keyClicks(dialog.password, PASSWORD)
            assert dialog.ok.text() == "Log in"
            click(qtbot, dialog.ok)
            qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=5000)  # accepted

        when_shown(LoginDialog, log_in, failures)
        session = start_gui(desk.store, engine, lang="en")
        assert not failures, failures
        assert session is not None and session.window is not None
        window = session.window
        assert window.windowTitle() == "Daftar — Amina Bibi (counter)"
        status = window.status
        # The first round runs at once: online, and the desk leases PSIDs from the server.
        qtbot.waitUntil(lambda: shown(status.connectivity) == "● Online", timeout=15000)
        assert shown(status.last_sync) != "Last sync: never"
        assert status.attention.text() == "Needs attention: 0"

        # 2. A new application with mistakes: each message beside its field, nothing saved.
        form = open_form(qtbot, window)
        first_no = application_number(form)
        too_young = years_ago(18)
        fill_application(
            qtbot,
            form,
            cnic="17301-123456-7",
            name="Imran Khan",
            father="Gul Khan",
            born=too_young.strftime("%d-%m-%Y"),
        )
        click(qtbot, form.submit_button)
        errors = {
            name: box.error.text() for name, box in form.fields.items() if box.error.isVisible()
        }
        assert errors == {
            "cnic": "CNIC must have 13 digits; you typed 12",
            "date_of_birth": "The applicant is 18; an arms licence needs an applicant of 21 or older.",
            "documents": "Missing documents: Copy of CNIC, Affidavit, Police clearance.",
        }
        assert form.isVisible() and form.focusWidget() is form.cnic  # the first wrong field
        assert row_of(window, first_no) is None

        type_into(qtbot, form.cnic, "17301-1234567-9")
        type_into(qtbot, form.birth, "15-03-1985")
        type_into(qtbot, form.mobile, "0300-1234567")
        for box in form.documents.boxes.values():  # the keyboard way: Space on each box
            qtbot.keyClick(box, Qt.Key_Space)
        assert all(box.isChecked() for box in form.documents.boxes.values())
        save(qtbot, form)
        qtbot.waitUntil(
            lambda: (
                row_of(window, first_no) is not None
                and cell(window, row_of(window, first_no), "applicant") == "Imran Khan"
            ),
            timeout=5000,
        )
        row = row_of(window, first_no)
        assert cell(window, row, "cnic") == "17301-1234567-9"
        assert cell(window, row, "status") == "Submitted"
        assert cell(window, row, "sync") == "pending"
        qtbot.waitUntil(
            lambda: (
                window.licences.detail is not None
                and window.licences.detail.app.application_no == first_no
            ),
            timeout=5000,
        )
        assert first_no in window.licences.view.detail.toPlainText()  # selected, shown

        # 3. A voucher with a leased PSID, and its challan saved as a PDF.
        assert toolbar_button(window, "voucher").isEnabled()
        click(qtbot, toolbar_button(window, "voucher"))
        qtbot.waitUntil(
            lambda: cell(window, row_of(window, first_no), "status") == "Voucher issued",
            timeout=5000,
        )
        qtbot.waitUntil(
            lambda: "Vouchers" in window.licences.view.detail.toPlainText(), timeout=5000
        )
        detail_text = plain(window.licences.view.detail.toPlainText())
        found = re.search(r"PSID (\d{17}) · (Rs [\d,]+) · Unpaid", detail_text)
        assert found, detail_text  # not "provisional (no PSID yet)": the lease had arrived
        psid, fee = found.groups()

        challan = tmp_path / f"challan-{first_no}.pdf"

        def save_as(dialog: QFileDialog) -> None:
            name = dialog.findChild(QLineEdit, "fileNameEdit")
            assert name.text() == challan.name  # the suggested file name
            name.setText(str(challan))
            qtbot.keyClick(name, Qt.Key_Return)
            qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=5000)

        window.licences.open_after_print = False  # no PDF viewer on a test machine
        when_shown(QFileDialog, save_as, failures)
        click(qtbot, toolbar_button(window, "challan"))
        assert not failures, failures
        qtbot.waitUntil(lambda: status.currentMessage() == f"Saved {challan}", timeout=15000)
        assert challan.read_bytes().startswith(b"%PDF")
        if shutil.which("pdfinfo"):
            info = subprocess.run(
                ["pdfinfo", str(challan)], capture_output=True, text=True, check=True
            ).stdout
            assert re.search(r"^Pages:\s+1$", info, re.M), info
        if shutil.which("pdftoppm") and shutil.which("zbarimg"):
            prefix = tmp_path / "challan"
            subprocess.run(
                ["pdftoppm", "-png", "-r", "150", "-singlefile", str(challan), str(prefix)],
                check=True,
            )
            scan = subprocess.run(
                ["zbarimg", "-q", "--raw", f"{prefix}.png"], capture_output=True, text=True
            )
            assert psid in scan.stdout.split(), scan.stdout  # what the bank's scanner reads

        # 4. The server goes away: the status bar says offline, work goes on.
        office.stop_server()
        sync_now(qtbot, window)
        qtbot.waitUntil(lambda: shown(status.connectivity) == "● Offline", timeout=15000)
        assert status.connectivity.toolTip() == "No link to the server; work is kept locally."
        pending_before = pending_shown(window)
        assert pending_before >= 1  # the application and voucher, unless a round took them

        form = open_form(qtbot, window)
        second_no = application_number(form)
        assert second_no != first_no
        fill_application(
            qtbot,
            form,
            cnic="17301-7654321-3",
            name="Bibi Zainab",
            father="Sher Ali",
            born="01-07-1979",
        )
        for box in form.documents.boxes.values():  # the mouse way: on the box or its text
            qtbot.mouseClick(box, Qt.LeftButton, pos=QPoint(8, box.height() // 2))
        assert all(box.isChecked() for box in form.documents.boxes.values())
        save(qtbot, form)
        qtbot.waitUntil(
            lambda: (
                row_of(window, second_no) is not None
                and cell(window, row_of(window, second_no), "sync") == "pending"
            ),
            timeout=5000,
        )
        qtbot.waitUntil(lambda: pending_shown(window) == pending_before + 1, timeout=5000)
        assert shown(status.connectivity) == "● Offline"

        # 5. The server is back (same port, same database): online, nothing pending.
        office.start_server()
        sync_now(qtbot, window)
        qtbot.waitUntil(
            lambda: shown(status.connectivity) == "● Online" and pending_shown(window) == 0,
            timeout=20000,
        )
        assert status.attention.text() == "Needs attention: 0"
        qtbot.waitUntil(
            lambda: (
                cell(window, row_of(window, second_no), "sync") == "synced"
                and cell(window, row_of(window, first_no), "sync") == "synced"
            ),
            timeout=5000,
        )

        # 6. The server activates the PSID at the gateway; a bank pays it there.
        qtbot.waitUntil(lambda: office.inquire(psid).get("bill_status") == "U", timeout=20000)
        paid = office.pay(psid)
        assert paid.returncode == 0 and ": 00 ok" in paid.stdout, paid.stdout + paid.stderr
        server = Transport(office.server_url, desk.store.fact("device_token"))
        qtbot.waitUntil(
            lambda: bool(server.get("/payments/ledger", {"psid": psid})["entries"]), timeout=20000
        )  # the gateway's signed intimation has arrived
        sync_now(qtbot, window)
        qtbot.waitUntil(
            lambda: cell(window, row_of(window, first_no), "status") == "Fee paid", timeout=20000
        )
        assert cell(window, row_of(window, second_no), "status") == "Submitted"
        table = window.licences.view.table
        row = row_of(window, first_no)
        table.scrollTo(window.licences.model.index(row, 0))
        qtbot.mouseClick(
            table.viewport(),
            Qt.LeftButton,
            pos=table.visualRect(window.licences.model.index(row, 1)).center(),
        )
        qtbot.waitUntil(
            lambda: (
                window.licences.detail is not None
                and window.licences.detail.app.application_no == first_no
                and "Paid" in window.licences.view.detail.toPlainText()
            ),
            timeout=5000,
        )
        detail_text = plain(window.licences.view.detail.toPlainText())
        assert "Fee paid · New" in detail_text
        assert re.search(
            rf"PSID {psid} · {fee} · Paid · due \d\d-\d\d-\d{{4}} · "
            r"paid on \d\d-\d\d-\d{4} \d\d:\d\d",
            detail_text,
        ), detail_text
        # A paid voucher's challan is not offered again (a second copy invites paying twice).
        assert not window.licences.view.actions_by_key["challan"].isEnabled()
        assert "Payment recorded" in detail_text  # in the history
        assert shown(status.connectivity) == "● Online" and pending_shown(window) == 0
        # The window as the operator sees it at the end, to look at (pytest's tmp folder).
        assert window.grab().save(str(tmp_path / "paid.png"))
    finally:
        if session is not None:
            session.close()
        gc.unfreeze()  # start_gui froze what existed then; let the rest of the run collect it
