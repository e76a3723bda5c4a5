"""Layout of the visits workspace: find the inmate, a day/week calendar of a prison's
slots with free seats, and the prison's day roster. Layout only; the controller
connects the behaviour."""

from __future__ import annotations

from collections.abc import Callable

from desktop.i18n import N_, tr
from desktop.qt import (
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)
from desktop.widgets import ErrorLabel
from desktop.workspace import ActionSpec
from domain import reference

ACTIONS: tuple[ActionSpec, ...] = (
    ActionSpec("find", N_("Find inmate"), "Ctrl+Shift+I"),
    ActionSpec("book", N_("Book visit"), "Ctrl+Shift+K"),
    ActionSpec("slip", N_("Print visit slip"), "Ctrl+Shift+Y"),
    ActionSpec("refresh", N_("Refresh"), "Ctrl+F5"),
)


class VisitsView(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("visits")
        #: (setter, English text): what `retranslate` sets again in another language.
        self._texts: list[tuple[Callable[[str], object], str]] = []
        self._headers: list[tuple[QTableWidget, list[str]]] = []
        self.tabs = QTabWidget(self)
        # -- booking tab
        booking = QWidget(self)
        self.prison = QComboBox(booking)
        self.prison.setObjectName("prison")
        self.prison.addItem("", "")
        self._t(lambda t: self.prison.setItemText(0, t), N_("All prisons"))
        for p in reference.prisons():
            self.prison.addItem(f"{p.code}  {p.name_en}", p.code)
        self.search = QLineEdit(booking)
        self.search.setObjectName("inmate_search")
        self._t(self.search.setPlaceholderText, N_("Inmate number, name or father's name"))
        self.find_button = self._button(N_("Find"), booking)
        self.inmates = QTableWidget(0, 4, booking)
        self.inmates.setObjectName("inmates")
        self._headers.append(
            (self.inmates, [N_("Prison"), N_("Inmate no."), N_("Name"), N_("Father's name")])
        )
        self.inmates.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.inmates.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        # Prison and numbers as wide as they are; the names share the rest of the width.
        heads = self.inmates.horizontalHeader()
        for column, mode in enumerate(
            (QHeaderView.ResizeMode.ResizeToContents,) * 2 + (QHeaderView.ResizeMode.Stretch,) * 2
        ):
            heads.setSectionResizeMode(column, mode)
        self.week_mode = QComboBox(booking)
        self.week_mode.setObjectName("calendar_mode")
        self.week_mode.addItem("", 7)
        self.week_mode.addItem("", 1)
        self._t(lambda t: self.week_mode.setItemText(0, t), N_("Week"))
        self._t(lambda t: self.week_mode.setItemText(1, t), N_("Day"))
        self.first_day = QDateEdit(booking)
        self.first_day.setObjectName("first_day")
        self.first_day.setDisplayFormat("dd-MM-yyyy")
        self.first_day.setCalendarPopup(True)
        self.prev_button, self.next_button = QPushButton("◀", booking), QPushButton("▶", booking)
        self.calendar = QTableWidget(0, 7, booking)
        self.calendar.setObjectName("calendar")
        self.calendar.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.calendar_title = QLabel(booking)
        self.book_button = self._button(N_("Book visit"), booking)
        self.book_button.setObjectName("book_button")
        self.slip_button = self._button(N_("Print visit slip"), booking)
        self.slip_button.setObjectName("slip_button")
        self.lease_button = self._button(N_("Lease seats…"), booking)
        self.lease_button.setObjectName("lease_button")
        self.message = ErrorLabel(booking)
        self.message.setObjectName("visits_message")
        self.note = QLabel(booking)
        self.note.setObjectName("visits_note")
        self.note.setWordWrap(True)
        find = QHBoxLayout()
        w: QWidget
        for w in (self.prison, self.search, self.find_button):
            find.addWidget(w)
        nav = QHBoxLayout()
        for w in (
            self.calendar_title,
            self.prev_button,
            self.first_day,
            self.next_button,
            self.week_mode,
            self.book_button,
            self.slip_button,
            self.lease_button,
        ):
            nav.addWidget(w)
        col = QVBoxLayout(booking)
        col.addLayout(find)
        col.addWidget(self.inmates, 1)
        col.addLayout(nav)
        col.addWidget(self.calendar, 3)
        col.addWidget(self.message)
        col.addWidget(self.note)
        self.tabs.addTab(booking, "")
        self._t(lambda t: self.tabs.setTabText(0, t), N_("Book"))
        # -- roster tab
        roster = QWidget(self)
        self.roster_prison = QComboBox(roster)
        self.roster_prison.setObjectName("roster_prison")
        for p in reference.prisons():
            self.roster_prison.addItem(f"{p.code}  {p.name_en}", p.code)
        self.roster_day = QDateEdit(roster)
        self.roster_day.setObjectName("roster_day")
        self.roster_day.setDisplayFormat("dd-MM-yyyy")
        self.roster_terminal = QComboBox(roster)
        self.roster_terminal.setObjectName("roster_terminal")
        self.roster_terminal.addItem("", "")
        self._t(lambda t: self.roster_terminal.setItemText(0, t), N_("All terminals"))
        for t in ("T1", "T2", "T3"):
            self.roster_terminal.addItem(t, t)
        self.roster = QTableWidget(0, 7, roster)
        self.roster.setObjectName("roster")
        self._headers.append(
            (
                self.roster,
                [
                    N_("Time"),
                    N_("Terminal"),
                    N_("Booking"),
                    N_("Inmate"),
                    N_("Lead visitor"),
                    N_("Visitors"),
                    N_("Status"),
                ],
            )
        )
        self.roster.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.roster.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.checkin_cnic = QLineEdit(roster)
        self.checkin_cnic.setObjectName("checkin_cnic")
        self._t(self.checkin_cnic.setPlaceholderText, N_("Visitor's CNIC at the terminal"))
        self.checkin_button = self._button(N_("Check in"), roster)
        self.completed_button = self._button(N_("Completed"), roster)
        self.no_show_button = self._button(N_("No-show"), roster)
        self.cut_short_button = self._button(N_("Cut short…"), roster)
        self.cancel_button = self._button(N_("Cancel visit…"), roster)
        self.move_button = self._button(N_("Move…"), roster)
        self.move_button.setObjectName("move_button")
        self.roster_message = ErrorLabel(roster)
        self.roster_message.setObjectName("roster_message")
        self.roster_note = QLabel(roster)
        self.roster_note.setObjectName("roster_note")
        top = QHBoxLayout()
        for w in (self.roster_prison, self.roster_day, self.roster_terminal):
            top.addWidget(w)
        steps = QHBoxLayout()
        for w in (
            self.checkin_cnic,
            self.checkin_button,
            self.completed_button,
            self.no_show_button,
            self.cut_short_button,
            self.move_button,
            self.cancel_button,
        ):
            steps.addWidget(w)
        rcol = QVBoxLayout(roster)
        rcol.addLayout(top)
        rcol.addWidget(self.roster, 1)
        rcol.addLayout(steps)
        rcol.addWidget(self.roster_message)
        rcol.addWidget(self.roster_note)
        self.tabs.addTab(roster, "")
        self._t(lambda t: self.tabs.setTabText(1, t), N_("Day roster"))
        outer = QVBoxLayout(self)
        outer.addWidget(self.tabs)
        self.retranslate()

    def _t(self, setter: Callable[[str], object], text: str) -> None:
        self._texts.append((setter, text))

    def _button(self, text: str, parent: QWidget) -> QPushButton:
        button = QPushButton(parent)
        self._t(button.setText, text)
        return button

    def retranslate(self) -> None:
        for setter, text in self._texts:
            setter(tr(text))
        for table, heads in self._headers:
            table.setHorizontalHeaderLabels([tr(h) for h in heads])
