"""Behaviour of the prison visits workspace (issue 18).

Help desk: find the inmate across the prisons this desk holds, pick a slot in the
day/week calendar (free seats per slot; "provisional" beyond this desk's leased
seats), book in `BookingDialog`. Prison side: the day roster per prison and terminal,
check-in against the booking's visitors, outcome, cancellation with a reason. Every
read and command goes through the database worker.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from desktop.changes import Changes
from desktop.form_fields import today_karachi
from desktop.i18n import N_, error_text, tr
from desktop.qt import (
    QDate,
    QFileDialog,
    QHeaderView,
    QInputDialog,
    QObject,
    Qt,
    QTableWidgetItem,
)
from desktop.visits import queries, workflow
from desktop.visits.booking import BookingDialog
from desktop.visits.queries import InmateRow, RosterRow, SlotRow
from desktop.visits.view import ACTIONS, VisitsView
from desktop.workspace import Desk, Workspace
from domain.commands import CommandResult
from domain.values import Cnic

WATCHED = {"visit_slots", "visit_bookings", "inmates", "approved_visitors"}
CANCEL_REASONS = (
    ("by_family", N_("By the family")),
    ("inmate_released", N_("Inmate released")),
    ("inmate_moved", N_("Inmate moved")),
    ("booked_in_error", N_("Booked in error")),
)
DAY_NAMES = (N_("Mon"), N_("Tue"), N_("Wed"), N_("Thu"), N_("Fri"), N_("Sat"), N_("Sun"))
STATUS_WORDS = {
    "booked": N_("confirmed"),
    "requested": N_("provisional"),
    "cancelled": N_("cancelled"),
    "withdrawn": N_("withdrawn"),
    "completed": N_("completed"),
    "no_show": N_("no-show"),
    "cut_short": N_("cut short"),
    "rejected": N_("rejected"),
}


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _day(q: QDate) -> date:
    return date(q.year(), q.month(), q.day())


class VisitsWorkspace(Workspace):
    key = "visits"
    title = N_("Prison visits")
    menu_title = N_("&Visits")
    ACTIONS = ACTIONS

    def __init__(self, desk: Desk, parent: QObject | None = None):
        super().__init__(desk, parent)
        self._step_note = ""  # what the last roster step did (kept through reloads)
        self._calendar_note = ""  # the last booking or lease, kept through reloads
        self.view = view = VisitsView()
        self.page = view
        actions = self.make_actions(view)
        for action in actions.values():
            view.addAction(action)
        actions["find"].triggered.connect(lambda *_: self.find())
        actions["book"].triggered.connect(lambda *_: self.open_booking())
        actions["refresh"].triggered.connect(lambda *_: self.refresh())
        actions["slip"].triggered.connect(lambda *_: self.ask_slip())
        self.inmates: list[InmateRow] = []
        self.slots: dict[str, SlotRow] = {}
        self.roster_rows: list[RosterRow] = []
        self.dialog: BookingDialog | None = None
        self.last_booking_id = ""
        self.today = today_karachi()
        view.first_day.setDate(_qdate(self.today))
        view.roster_day.setDate(_qdate(self.today))
        view.find_button.clicked.connect(self.find)
        view.search.returnPressed.connect(self.find)
        view.inmates.currentCellChanged.connect(lambda *_: self.load_calendar())
        view.week_mode.currentIndexChanged.connect(lambda _=0: self.load_calendar())
        view.first_day.dateChanged.connect(lambda _=None: self.load_calendar())
        view.prev_button.clicked.connect(lambda: self._shift(-1))
        view.next_button.clicked.connect(lambda: self._shift(1))
        view.book_button.clicked.connect(self.open_booking)
        view.slip_button.clicked.connect(self.ask_slip)
        view.calendar.cellDoubleClicked.connect(lambda *_: self.open_booking())
        view.roster_prison.currentIndexChanged.connect(lambda _=0: self.load_roster())
        view.roster_day.dateChanged.connect(lambda _=None: self.load_roster())
        view.roster_terminal.currentIndexChanged.connect(lambda _=0: self.load_roster())
        view.checkin_button.clicked.connect(self.check_in)
        view.completed_button.clicked.connect(lambda: self.record_outcome("completed"))
        view.no_show_button.clicked.connect(lambda: self.record_outcome("no_show"))
        view.cut_short_button.clicked.connect(self.cut_short)
        view.cancel_button.clicked.connect(self.cancel)
        view.move_button.clicked.connect(self.move)
        view.lease_button.clicked.connect(self.lease)

    def retranslate(self, lang: str, latin_font: Any = None) -> None:
        super().retranslate(lang, latin_font)
        self.view.retranslate()
        self._inmates_in(self.inmates)
        self.load_calendar()
        self.load_roster()

    # -- loading ---------------------------------------------------------------------------
    def start(self) -> None:
        self.find()
        self.load_roster()
        self.ready.emit()

    def refresh(self) -> None:
        self.load_calendar()
        self.load_roster()

    def on_records_changed(self, changes: Changes) -> None:
        if WATCHED & (set(changes.tables) | set(changes.ids)):
            self.refresh()

    def find(self) -> None:
        store, text, prison = self.store, self.view.search.text(), self.view.prison.currentData()
        self.worker.submit(
            lambda: queries.find_inmates(store, text, prison or None),
            on_done=self._inmates_in,
            key="visits:find",
        )

    def _inmates_in(self, rows: list[InmateRow]) -> None:
        self.inmates = rows
        table = self.view.inmates
        table.setRowCount(len(rows))
        for r, row in enumerate(rows):
            for c, text in enumerate(
                (
                    row.prison_code,
                    row.inmate_no,
                    row.name_ur if self.lang == "ur" and row.name_ur else row.name_en,
                    row.father_name_en,
                )
            ):
                table.setItem(r, c, QTableWidgetItem(text))
        table.resizeColumnsToContents()
        if rows and table.currentRow() < 0:
            table.setCurrentCell(0, 0)
            self.load_calendar()
        self.message.emit(tr("{count} inmates found").format(count=len(rows)))

    def selected_inmate(self) -> InmateRow | None:
        row = self.view.inmates.currentRow()
        return self.inmates[row] if 0 <= row < len(self.inmates) else None

    def _shift(self, direction: int) -> None:
        days = int(self.view.week_mode.currentData())
        self.view.first_day.setDate(self.view.first_day.date().addDays(direction * days))

    def load_calendar(self) -> None:
        inmate = self.selected_inmate()
        if inmate is None:
            self.view.calendar.setRowCount(0)
            return
        first, days = _day(self.view.first_day.date()), int(self.view.week_mode.currentData())
        store, office = self.store, self.store.identity().office_code
        self.worker.submit(
            lambda: queries.slots_between(store, inmate.prison_code, first, days, office),
            on_done=lambda rows: self._calendar_in(first, days, rows),
            key="visits:calendar",
        )

    def _calendar_in(self, first: date, days: int, rows: list[SlotRow]) -> None:
        """Rows: start time and terminal; columns: days. A cell: free seats, or full or
        closed; a slot beyond this desk's lease says its booking would be provisional."""
        self.slots = {r.id: r for r in rows}
        keys = sorted({(r.local_start.strftime("%H:%M"), r.terminal) for r in rows})
        table = self.view.calendar
        table.clear()
        table.setColumnCount(days)
        table.setRowCount(len(keys))
        heads = []
        for n in range(days):
            day = first + timedelta(days=n)
            none = not any(r.local_start.date() == day for r in rows)
            heads.append(
                f"{tr(DAY_NAMES[day.weekday()])} {day:%d-%m}"
                + (f"\n{tr('no visits')}" if none else "")
            )
        table.setHorizontalHeaderLabels(heads)
        table.setVerticalHeaderLabels([f"{t} {term}" for t, term in keys])
        for slot in rows:
            r = keys.index((slot.local_start.strftime("%H:%M"), slot.terminal))
            c = (slot.local_start.date() - first).days
            if slot.closed:
                text = tr("closed")
            elif slot.free == 0:
                text = tr("full")
            else:
                text = tr("{free} free").format(free=slot.free)
                text += "  " + (
                    tr("({n} leased)").format(n=slot.lease_left)
                    if slot.lease_left
                    else tr("(provisional)")
                )
            item = QTableWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, slot.id)
            if slot.closed or slot.free == 0:
                item.setForeground(Qt.GlobalColor.gray)
            table.setItem(r, c, item)
        # the days share the page's width; a day view's one column still fits its text
        heads_view = table.horizontalHeader()
        heads_view.setMinimumSectionSize(0)
        table.resizeColumnsToContents()
        widest = max((table.columnWidth(c) for c in range(days)), default=0)
        heads_view.setMinimumSectionSize(widest)
        heads_view.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        inmate = self.selected_inmate()
        self.view.calendar_title.setText(f"{inmate.prison_code}" if inmate else "")
        shown = tr(
            "{count} slots shown; a slot without leased seats books provisionally "
            "until the server confirms it."
        ).format(count=len(rows))
        # the reload a booking or lease sets off does not wipe out what it said
        self.view.note.setText(f"{self._calendar_note} · {shown}" if self._calendar_note else shown)

    def selected_slot(self) -> SlotRow | None:
        item = self.view.calendar.currentItem()
        slot_id = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        return self.slots.get(slot_id) if slot_id else None

    # -- booking ---------------------------------------------------------------------------
    def open_booking(self) -> BookingDialog | None:
        inmate, slot = self.selected_inmate(), self.selected_slot()
        if inmate is None or slot is None:
            self.view.message.show_error(tr("Pick an inmate, then a slot in the calendar."))
            return None
        approved = queries.approved_visitors(self.store, inmate.id)
        dialog = BookingDialog(self.store, self.worker, inmate, slot, approved, self.view.window())
        dialog.booked.connect(self._booked)
        self.dialog = dialog
        dialog.open()
        return dialog

    def _booked(self, result: CommandResult) -> None:
        status = result.data.get("status", "")
        number = result.data.get("number", "")
        self.last_booking_id = str(result.data.get("booking_id", ""))
        text = (
            tr("Visit {number} confirmed.")
            if status == "booked"
            else tr(
                "Visit {number} is provisional: beyond this desk's leased seats, the server "
                "confirms or rejects it at the next sync."
            )
        ).format(number=number)
        self.view.message.show_error("")
        self._calendar_note = text
        self.view.note.setText(text)
        self.message.emit(text)
        self.desk.changes.command_done(result)

    # -- prison side -----------------------------------------------------------------------
    def load_roster(self) -> None:
        store = self.store
        prison = self.view.roster_prison.currentData()
        day = _day(self.view.roster_day.date())
        terminal = self.view.roster_terminal.currentData() or None
        self.worker.submit(
            lambda: queries.roster(store, prison, day, terminal),
            on_done=self._roster_in,
            key="visits:roster",
        )

    def _roster_in(self, rows: list[RosterRow]) -> None:
        # A reload (after every change) keeps the visit that was selected, and the note of
        # the last step taken on it: the operator's next key acts on the same visit.
        chosen = self.selected_booking()
        self.roster_rows = rows
        table = self.view.roster
        table.setRowCount(len(rows))
        for r, row in enumerate(rows):
            for c, text in enumerate(
                (
                    f"{row.local_start:%H:%M}",
                    row.terminal,
                    row.booking_no,
                    f"{row.inmate_no} {row.inmate_name}",
                    Cnic(row.lead_visitor_cnic).formatted,
                    str(row.visitors),
                    tr(STATUS_WORDS.get(row.status, row.status)),
                )
            ):
                table.setItem(r, c, QTableWidgetItem(text))
        table.resizeColumnsToContents()
        if chosen is not None:
            again = next(
                (r for r, row in enumerate(rows) if row.booking_id == chosen.booking_id), None
            )
            if again is not None:
                table.setCurrentCell(again, 0)
        # Singular and plural as separate texts, as "1 change" is: Urdu says
        # "1 ملاقات", not "1 ملاقاتیں".
        count = tr("1 visit") if len(rows) == 1 else tr("{count} visits").format(count=len(rows))
        self.view.roster_note.setText(f"{self._step_note} · {count}" if self._step_note else count)

    def selected_booking(self) -> RosterRow | None:
        rows = self.view.roster.selectionModel().selectedRows()
        row = rows[0].row() if rows else self.view.roster.currentRow()
        return self.roster_rows[row] if 0 <= row < len(self.roster_rows) else None

    def _prison_step(self, fn: Callable[[RosterRow], Callable[[], Any]]) -> None:
        booking = self.selected_booking()
        if booking is None:
            self.view.roster_message.show_error(tr("Pick a visit in the roster."))
            return
        self.view.roster_message.show_error("")
        self.worker.submit(fn(booking), on_done=self._prison_done, on_error=self._prison_failed)

    def _prison_done(self, result: CommandResult) -> None:
        self._step_note = result.summary
        self.view.roster_note.setText(result.summary)
        self.message.emit(result.summary)
        self.desk.changes.command_done(result)

    def _prison_failed(self, exc: BaseException) -> None:
        self.view.roster_message.show_error(error_text(exc))

    def check_in(self) -> None:
        store, cnic = self.store, self.view.checkin_cnic.text()
        self._prison_step(lambda b: lambda: workflow.check_in(store, b.booking_id, cnic))

    def record_outcome(self, outcome: str, note: str = "") -> None:
        store = self.store
        self._prison_step(lambda b: lambda: workflow.outcome(store, b.booking_id, outcome, note))

    def cut_short(self, reason: str | None = None) -> None:
        if reason is None:
            reason, ok = QInputDialog.getText(
                self.view, tr("Cut short"), tr("Why was the visit cut short?")
            )
            if not ok:
                return
        self.record_outcome("cut_short", reason)

    def cancel(self, reason: str | None = None) -> None:
        if reason is None:
            labels = [tr(text) for _, text in CANCEL_REASONS]
            label, ok = QInputDialog.getItem(
                self.view, tr("Cancel visit"), tr("Reason"), labels, 0, False
            )
            if not ok:
                return
            reason = CANCEL_REASONS[labels.index(label)][0]
        store = self.store
        self._prison_step(lambda b: lambda: workflow.cancel(store, b.booking_id, reason))

    def move(self, slot_id: str | None = None) -> None:
        """Move the roster's selected visit to another slot of its prison (asked from the
        free slots of the booking window when not given); the family is told."""
        booking = self.selected_booking()
        if slot_id is None:
            if booking is None:
                self.view.roster_message.show_error(tr("Pick a visit in the roster."))
                return
            prison = self.view.roster_prison.currentData()
            office = self.store.identity().office_code
            rows = [
                r
                for r in queries.slots_between(self.store, prison, self.today, 29, office)
                if r.free and not r.closed and r.local_start != booking.local_start
            ][:200]
            if not rows:
                self.view.roster_message.show_error(tr("No free slot to move the visit to."))
                return
            labels = [f"{r.local_start:%d-%m-%Y %H:%M} {r.terminal}" for r in rows]
            label, ok = QInputDialog.getItem(
                self.view, tr("Move visit"), tr("New slot"), labels, 0, False
            )
            if not ok:
                return
            slot_id = rows[labels.index(label)].id
        store, target = self.store, slot_id
        self._prison_step(lambda b: lambda: workflow.move(store, b.booking_id, target))

    def lease(self, office_code: str | None = None, seats: int | None = None) -> None:
        """Lease seats of the calendar's selected slot to a help desk's office
        (a supervisor's step; the domain refuses others with a clear line)."""
        slot = self.selected_slot()
        if slot is None:
            self.view.message.show_error(tr("Pick a slot in the calendar."))
            return
        if office_code is None:
            office_code, ok = QInputDialog.getText(
                self.view, tr("Lease seats"), tr("Help desk's office code")
            )
            if not ok:
                return
        if seats is None:
            seats, ok = QInputDialog.getInt(
                self.view,
                tr("Lease seats"),
                tr("Seats leased to it"),
                slot.leased,
                0,
                slot.capacity,
            )
            if not ok:
                return
        store, office, n = self.store, office_code.strip().upper(), seats
        self.worker.submit(
            lambda: workflow.lease(store, slot.id, office, n),
            on_done=self._leased,
            on_error=lambda e: self.view.message.show_error(error_text(e)),
        )

    def _leased(self, result: CommandResult) -> None:
        self.view.message.show_error("")
        self._calendar_note = tr(result.summary)
        self.view.note.setText(self._calendar_note)
        self.message.emit(tr(result.summary))
        self.desk.changes.command_done(result)

    # -- slip ------------------------------------------------------------------------------
    def ask_slip(self) -> None:
        if not self.last_booking_id:
            self.view.message.show_error(tr("Book a visit first."))
            return
        name, _ = QFileDialog.getSaveFileName(
            self.view, tr("Save visit slip"), "visit-slip.pdf", "PDF (*.pdf)"
        )
        if name:
            self.print_slip(Path(name))

    def print_slip(self, path: Path, booking_id: str | None = None) -> None:
        """The visit slip PDF of the last booking made here (or `booking_id`) to `path`."""
        booking_id = booking_id or self.last_booking_id
        if not booking_id:
            self.view.message.show_error(tr("Book a visit first."))
            return
        store = self.store
        self.worker.submit(
            lambda: workflow.write_slip(store, booking_id, path),
            on_done=lambda p: self.view.note.setText(tr("Slip saved: {path}").format(path=p)),
            on_error=lambda e: self.view.message.show_error(error_text(e)),
            label=tr("Printing…"),
        )
