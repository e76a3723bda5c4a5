"""The payments workspace: the district's vouchers and its payment exceptions ledger.

Vouchers: PSID, payer, amount, due and expiry dates, status (unpaid, paid with bank,
time and transaction id, expired, cancelled), filtered by status and searched by
PSID, CNIC, name or bank transaction id; a challan is printed again, an unpaid
voucher is cancelled with a reason (`cancel_voucher`). Exceptions: each with its
kind, voucher, amounts and dates, and who cleared it; a supervisor clears one with a
note (`clear_payment_exception`, applied by the server). Both lists are read from
the local store; the exceptions come by the ordinary pull, never over HTTP from here.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from desktop.action_dialog import NoteDialog
from desktop.changes import Changes
from desktop.formatting import VOUCHER_LABELS, cnic, day, karachi_time, label, ltr, rupees
from desktop.i18n import N_, tr
from desktop.payments import queries
from desktop.payments.queries import STATUSES, VoucherFilter
from desktop.qt import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFileDialog,
    QFont,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QObject,
    QStandardPaths,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)
from desktop.step_workspace import StepWorkspace
from desktop.widgets import ErrorLabel
from desktop.workspace import ActionSpec, Desk
from domain.models import VoucherException

ACTIONS: tuple[ActionSpec, ...] = (
    ActionSpec("reprint", N_("Print challan again"), "Ctrl+Alt+P"),
    ActionSpec("cancel_voucher", N_("Cancel voucher…"), "Ctrl+Alt+X"),
    ActionSpec("clear", N_("Clear exception with a note…"), "Ctrl+Alt+C", separator=True),
)
STATUS_WORDS = {
    "all": N_("All"),
    "unpaid": N_("Unpaid"),
    "paid": N_("Paid"),
    "expired": N_("Expired"),
    "cancelled": N_("Cancelled"),
}
VOUCHER_COLUMNS = (
    N_("PSID"),
    N_("Payer"),
    N_("CNIC"),
    N_("Amount"),
    N_("Due date"),
    N_("Expiry date"),
    N_("Status"),
    N_("Payment"),
)
EXCEPTION_COLUMNS = (
    N_("Kind"),
    N_("PSID"),
    N_("Expected"),
    N_("Paid"),
    N_("Bank"),
    N_("Raised"),
    N_("State"),
    N_("Note"),
)
KIND_WORDS = {
    "partial": N_("Partial payment"),
    "over": N_("Over payment"),
    "late": N_("Late payment"),
    "duplicate": N_("Duplicate payment"),
    "paid_cancelled": N_("Paid for a cancelled voucher"),
}
EXCEPTION_STATES = (("open", N_("Open")), ("cleared", N_("Cleared")), ("all", N_("All")))


def _table(name: str, columns: int, parent: QWidget) -> QTableWidget:
    t = QTableWidget(0, columns, parent)
    t.setObjectName(name)
    t.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    t.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    t.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    t.verticalHeader().hide()
    t.horizontalHeader().setStretchLastSection(True)
    return t


class PaymentsView(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("payments")
        self.toolbar = QToolBar(self)
        self.message = ErrorLabel(self)
        self.message.setObjectName("payments_message")
        self.tabs = QTabWidget(self)
        vouchers = QWidget(self)
        self.status = QComboBox(vouchers)
        self.status.setObjectName("voucher_status")
        self.search = QLineEdit(vouchers)
        self.search.setObjectName("voucher_search")
        self.search.setClearButtonEnabled(True)
        self.search.hide()  # the window's search box fills it (`PaymentsWorkspace.search`)
        self.status_caption = QLabel(vouchers)
        self.count = QLabel(vouchers)
        self.count.setObjectName("voucher_count")
        self.vouchers = _table("vouchers_table", len(VOUCHER_COLUMNS), vouchers)
        bar = QHBoxLayout()
        bar.addWidget(self.status_caption)
        bar.addWidget(self.status)
        bar.addWidget(self.search, 1)
        bar.addWidget(self.count)
        lay = QVBoxLayout(vouchers)
        lay.addLayout(bar)
        lay.addWidget(self.vouchers, 1)
        ledger = QWidget(self)
        self.state = QComboBox(ledger)
        self.state.setObjectName("exception_state")
        self.state_caption = QLabel(ledger)
        self.exception_count = QLabel(ledger)
        self.exception_count.setObjectName("exception_count")
        self.exceptions = _table("exceptions_table", len(EXCEPTION_COLUMNS), ledger)
        bar2 = QHBoxLayout()
        bar2.addWidget(self.state_caption)
        bar2.addWidget(self.state)
        bar2.addStretch(1)
        bar2.addWidget(self.exception_count)
        lay2 = QVBoxLayout(ledger)
        lay2.addLayout(bar2)
        lay2.addWidget(self.exceptions, 1)
        self.tabs.addTab(vouchers, "")
        self.tabs.addTab(ledger, "")
        layout = QVBoxLayout(self)
        layout.addWidget(self.toolbar)
        layout.addWidget(self.message)
        layout.addWidget(self.tabs, 1)


class CancelVoucherDialog(NoteDialog):
    reason: QLineEdit
    command = "cancel_voucher"
    title = N_("Cancel voucher")
    button = N_("Cancel voucher")
    record_arg = "voucher_id"
    field = "reason"
    label = N_("Reason")
    required = N_("Write why the voucher is cancelled.")


class ClearExceptionDialog(NoteDialog):
    note: QLineEdit
    command = "clear_payment_exception"
    name = "clear_exception"
    title = N_("Clear exception")
    button = N_("Clear")
    record_arg = "exception_id"
    field = "note"
    label = N_("Note")
    required = N_("Write a note saying how the exception was settled.")


class PaymentsWorkspace(StepWorkspace):
    key = "payments"
    title = N_("Payments")
    menu_title = N_("Pa&yments")
    ACTIONS = ACTIONS
    searchable = True
    search_hint = N_("Search vouchers: PSID, CNIC, payer's name or bank transaction id")

    def __init__(self, desk: Desk, parent: QObject | None = None):
        super().__init__(desk, parent)
        self.view = view = PaymentsView()
        self.page = view
        handlers: dict[str, Callable[[], Any]] = {
            "reprint": self.reprint,
            "cancel_voucher": self.cancel_voucher,
            "clear": self.clear,
        }
        self.wire_actions(view, view.toolbar, handlers)
        self.step_message = view.message
        self.vouchers: list[Any] = []
        self.total = 0
        self.exceptions: list[Any] = []
        self.loaded = False
        self.choose_path: Callable[[str], Path | None] = self._ask_path
        self._fill_choices()
        view.status.currentIndexChanged.connect(lambda _=0: self.refresh())
        view.state.currentIndexChanged.connect(lambda _=0: self.refresh_exceptions())
        view.search.returnPressed.connect(lambda: self.search(view.search.text()))
        view.vouchers.currentCellChanged.connect(lambda *_: self._enable())
        view.exceptions.currentCellChanged.connect(lambda *_: self._enable())
        view.tabs.currentChanged.connect(lambda _=0: self._enable())
        self._retitle()
        self._enable()

    def _fill_choices(self) -> None:
        v = self.view
        for combo, items in (
            (v.status, [(s, STATUS_WORDS[s]) for s in STATUSES]),
            (v.state, list(EXCEPTION_STATES)),
        ):
            current = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            for code, text in items:
                combo.addItem(tr(text), code)
            combo.setCurrentIndex(max(combo.findData(current), 0))
            combo.blockSignals(False)

    # -- loading --------------------------------------------------------------------------------
    def start(self) -> None:
        self.refresh(then=self.ready.emit)
        self.refresh_exceptions()

    def current_filter(self) -> VoucherFilter:
        return VoucherFilter(self.view.status.currentData() or "all", self.view.search.text())

    def refresh(self, then: Callable[[], None] | None = None) -> None:
        store, f = self.store, self.current_filter()

        def done(found: tuple[list[Any], int]) -> None:
            self.show_vouchers(*found)
            if then is not None:
                then()

        self.worker.submit(lambda: queries.load_vouchers(store, f), on_done=done, key="vouchers")

    def refresh_exceptions(self) -> None:
        store, state = self.store, self.view.state.currentData() or "open"
        self.worker.submit(
            lambda: queries.load_exceptions(store, state),
            on_done=self.show_exceptions,
            key="voucher-exceptions",
        )

    def search(self, text: str) -> bool:
        if self.view.search.text() != text:
            self.view.search.setText(text)
        self.refresh()
        return True

    def on_records_changed(self, changes: Changes) -> None:
        if changes.touches("vouchers"):
            self.refresh()
        if changes.touches("voucher_exceptions"):
            self.refresh_exceptions()

    def show_vouchers(self, rows: list[Any], total: int) -> None:
        self.vouchers, self.total = rows, total
        t = self.view.vouchers
        t.setUpdatesEnabled(False)
        t.clearContents()
        t.setRowCount(len(rows))
        for r, v in enumerate(rows):
            for c, text in enumerate(self._voucher_cells(v)):
                t.setItem(r, c, QTableWidgetItem(text))
        t.setUpdatesEnabled(True)
        self.loaded = True
        shown = (
            tr("{shown} of {total} vouchers").format(shown=len(rows), total=f"{total:,}")
            if total > len(rows)
            else tr("{total} vouchers").format(total=f"{total:,}")
        )
        self.view.count.setText(shown)
        self._enable()

    def _voucher_cells(self, v: Any) -> tuple[str, ...]:
        status = queries.shown_status(v)
        paid = ""
        if v.status == "paid":
            paid = tr("{bank}, {time}, transaction {tran}").format(
                bank=v.bank_code or "?",
                time=karachi_time(v.paid_at),
                tran=ltr(v.tran_auth_id or "?"),
            )
        elif v.status == "cancelled":
            paid = v.cancel_reason
        return (
            ltr(v.psid or tr("provisional")),
            v.consumer_name,
            ltr(cnic(v.cnic)),
            ltr(rupees(v.amount_within_due_paisa)),
            ltr(day(v.due_date)),
            ltr(day(v.expiry_date)),
            label(VOUCHER_LABELS, status),
            paid,
        )

    def show_exceptions(self, rows: list[Any]) -> None:
        self.exceptions = rows
        t = self.view.exceptions
        t.clearContents()
        t.setRowCount(len(rows))
        for r, e in enumerate(rows):
            for c, text in enumerate(self._exception_cells(e)):
                t.setItem(r, c, QTableWidgetItem(text))
        opened = sum(1 for e in rows if e.status == "open")
        self.view.exception_count.setText(tr("{n} open").format(n=opened))
        self.view.tabs.setTabText(
            1, tr("Exceptions ({n})").format(n=opened) if opened else tr("Exceptions")
        )
        self._enable()

    def _exception_cells(self, e: VoucherException) -> tuple[str, ...]:
        money = lambda p: ltr(rupees(p)) if p is not None else ""  # noqa: E731
        if e.status == "cleared":
            state = tr("Cleared by {who}, {when}").format(
                who=e.cleared_by or "?", when=karachi_time(e.cleared_at)
            )
        else:
            state = tr("Open")
        bank = f"{e.bank_code or ''} {ltr(e.tran_auth_id or '')}".strip()
        return (
            tr(KIND_WORDS.get(e.kind, e.kind)),
            ltr(e.psid or ""),
            money(e.expected_paisa),
            money(e.paid_paisa),
            bank,
            karachi_time(e.raised_at),
            state,
            e.note or e.detail,
        )

    # -- selection and actions -----------------------------------------------------------------
    def current_voucher(self) -> Any | None:
        row = self.view.vouchers.currentRow()
        return self.vouchers[row] if 0 <= row < len(self.vouchers) else None

    def current_exception(self) -> Any | None:
        row = self.view.exceptions.currentRow()
        return self.exceptions[row] if 0 <= row < len(self.exceptions) else None

    def _enable(self) -> None:
        on_vouchers = self.view.tabs.currentIndex() == 0
        v = self.current_voucher() if on_vouchers else None
        e = self.current_exception() if not on_vouchers else None
        a = self.actions_by_key
        a["reprint"].setEnabled(
            v is not None
            and queries.shown_status(v) == "unpaid"
            and v.subject_type == "licence_application"
        )
        a["cancel_voucher"].setEnabled(v is not None and v.status == "unpaid")
        a["clear"].setEnabled(
            e is not None and e.status == "open" and "supervisor" in self.operator.roles
        )

    def cancel_voucher(self) -> QDialog | None:
        v = self.current_voucher()
        if v is None or v.status != "unpaid":
            return None
        return self._open(
            CancelVoucherDialog(self.store, self.worker, self.operator, v.id, self.view.window())
        )

    def clear(self) -> QDialog | None:
        e = self.current_exception()
        if e is None or e.status != "open":
            return None
        return self._open(
            ClearExceptionDialog(self.store, self.worker, self.operator, e.id, self.view.window())
        )

    def reprint(self) -> None:
        v = self.current_voucher()
        if v is None or v.subject_type != "licence_application":
            return
        path = self.choose_path(f"challan-{v.psid or v.id[:8]}.pdf")
        if path is None:
            return
        from desktop.licences import documents

        store, app_id = self.store, v.subject_id
        self.worker.submit(
            lambda: documents.print_challan(store, app_id, path),
            on_done=lambda p: self.message.emit(tr("Saved {path}").format(path=p)),
            on_error=self._failed,
            label=tr("Printing challan…"),
        )

    def _ask_path(self, suggested: str) -> Path | None:
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        name, _ = QFileDialog.getSaveFileName(
            self.view.window(), tr("Save challan"), str(Path(folder) / suggested), "PDF (*.pdf)"
        )
        return Path(name) if name else None

    def focus_target(self) -> QWidget:
        return self.view.vouchers

    def _retitle(self) -> None:
        v = self.view
        v.vouchers.setHorizontalHeaderLabels([tr(c) for c in VOUCHER_COLUMNS])
        v.exceptions.setHorizontalHeaderLabels([tr(c) for c in EXCEPTION_COLUMNS])
        v.tabs.setTabText(0, tr("Vouchers"))
        v.status_caption.setText(tr("Status"))
        v.state_caption.setText(tr("Exceptions"))
        v.search.setPlaceholderText(tr(self.search_hint))

    def retranslate(self, lang: str, latin_font: QFont | None = None) -> None:
        super().retranslate(lang, latin_font)
        self._fill_choices()
        self._retitle()
        if self.loaded:
            self.show_vouchers(self.vouchers, self.total)
            self.show_exceptions(self.exceptions)
