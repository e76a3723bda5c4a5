"""The booking dialog: visitors by CNIC matched to the inmate's approved list (their
relationship shown as each CNIC is typed), then `book_visit`. A refusal shows the
domain's message (which rule, what would work) and its hints: the next slots that fit,
when the allowance renews, who is approved. The same hints the server sends a desk
whose booking it rejected after sync."""

from __future__ import annotations

from typing import Any

from desktop.i18n import error_text, tr
from desktop.qt import (
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
    Signal,
)
from desktop.visits import workflow
from desktop.visits.queries import InmateRow, SlotRow, VisitorRow
from desktop.widgets import ErrorLabel
from desktop.worker import DbWorker
from domain.commands import CommandResult
from domain.errors import DomainError, ValidationError
from domain.values import Cnic
from sync.store.local import LocalStore

ROWS = 6


def hint_lines(hints: dict[str, Any]) -> list[str]:
    """A refusal's hints as lines the operator can act on (or read to the family)."""
    lines = []
    if hints.get("renews_on"):
        lines.append(tr("Allowance renews on {date}").format(date=_day(hints["renews_on"])))
    if hints.get("opens_on"):
        lines.append(
            tr("This slot opens for booking on {date}").format(date=_day(hints["opens_on"]))
        )
    for slot in hints.get("free_slots", []):
        lines.append(
            tr("Free: {time} ({free} seats)").format(
                time=slot.get("local", slot["starts_at"]), free=slot["free"]
            )
        )
    for v in hints.get("approved_visitors", []):
        lines.append(tr("Approved: {name}, {relationship}, {cnic}").format(**v))
    return lines


def _day(iso: str) -> str:
    y, m, d = iso.split("-")
    return f"{d}-{m}-{y}"


class BookingDialog(QDialog):
    """Book one slot for one inmate. `booked(result)` after the command is in."""

    booked = Signal(object)

    def __init__(
        self,
        store: LocalStore,
        worker: DbWorker,
        inmate: InmateRow,
        slot: SlotRow,
        approved: list[VisitorRow],
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.setObjectName("booking_dialog")
        self.store, self.worker, self.inmate, self.slot = store, worker, inmate, slot
        self.approved = {v.cnic: v for v in approved}
        self.setWindowTitle(tr("Book a visit"))
        layout = QVBoxLayout(self)
        when = f"{slot.local_start:%a %d-%m-%Y %H:%M}"
        provisional = slot.lease_left == 0
        self.intro = QLabel(self)
        self.intro.setObjectName("booking_intro")
        self.intro.setWordWrap(True)
        self.intro.setText(
            tr(
                "{inmate_no} {name} at {prison}, {when}, terminal {terminal}: {free} of "
                "{capacity} seats free."
            ).format(
                inmate_no=inmate.inmate_no,
                name=inmate.name_en,
                prison=inmate.prison_code,
                when=when,
                terminal=slot.terminal,
                free=slot.free,
                capacity=slot.capacity,
            )
            + " "
            + (
                tr("Beyond this desk's leased seats: the booking stays provisional until sync.")
                if provisional
                else tr("Within this desk's leased seats: confirmed now.")
            )
        )
        layout.addWidget(self.intro)
        grid = QGridLayout()
        for col, head in enumerate((tr("CNIC"), tr("Name"), tr("Age"), tr("Relationship"))):
            grid.addWidget(QLabel(head, self), 0, col)
        self.cnics: list[QLineEdit] = []
        self.names: list[QLineEdit] = []
        self.ages: list[QSpinBox] = []
        self.matches: list[QLabel] = []
        for row in range(ROWS):
            cnic, name, age, match = QLineEdit(self), QLineEdit(self), QSpinBox(self), QLabel(self)
            cnic.setObjectName(f"visitor_cnic_{row}")
            name.setObjectName(f"visitor_name_{row}")
            age.setObjectName(f"visitor_age_{row}")
            match.setObjectName(f"visitor_match_{row}")
            cnic.setPlaceholderText("17301-1234567-1" if row == 0 else tr("(child: no CNIC)"))
            age.setRange(0, 120)
            age.setValue(30 if row == 0 else 0)
            cnic.textChanged.connect(lambda _t, r=row: self._match(r))
            for col, w in enumerate((cnic, name, age, match)):
                grid.addWidget(w, row + 1, col)
            self.cnics.append(cnic)
            self.names.append(name)
            self.ages.append(age)
            self.matches.append(match)
        layout.addLayout(grid)
        listed = ", ".join(f"{v.name_en} ({v.relationship})" for v in approved if not v.banned)
        self.approved_label = QLabel(
            tr("Approved visitors: {names}").format(names=listed or "—"), self
        )
        self.approved_label.setWordWrap(True)
        layout.addWidget(self.approved_label)
        self.error = ErrorLabel(self)
        self.error.setObjectName("booking_error")
        layout.addWidget(self.error)
        self.hints = QLabel(self)
        self.hints.setObjectName("booking_hints")
        self.hints.setWordWrap(True)
        layout.addWidget(self.hints)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(tr("Book"))
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.result_: CommandResult | None = None

    def _match(self, row: int) -> None:
        text = self.cnics[row].text().strip()
        label = self.matches[row]
        if not text:
            label.setText("")
            return
        try:
            digits = Cnic.parse(text).digits
        except DomainError as exc:
            label.setText(error_text(exc))
            return
        v = self.approved.get(digits)
        if v is None:
            label.setText(tr("not on the approved list"))
        elif v.banned:
            label.setText(tr("banned"))
        else:
            label.setText(v.relationship)
            if not self.names[row].text():
                self.names[row].setText(v.name_en)

    def visitors(self) -> list[dict[str, Any]]:
        out = []
        for cnic, name, age in zip(self.cnics, self.names, self.ages):
            if not cnic.text().strip() and not name.text().strip():
                continue
            entry: dict[str, Any] = {"name": name.text().strip(), "age": age.value()}
            if cnic.text().strip():
                entry["cnic"] = cnic.text().strip()
            out.append(entry)
        return out

    def submit(self) -> None:
        self.error.show_error("")
        self.hints.setText("")
        lead = self.cnics[0].text().strip()
        visitors = self.visitors()
        if not lead:
            self._failed(ValidationError(tr("Type the lead visitor's CNIC.")))
            return
        store, slot_id, inmate_id = self.store, self.slot.id, self.inmate.id
        self.buttons.setEnabled(False)
        self.worker.submit(
            lambda: workflow.book(store, slot_id, inmate_id, lead, visitors),
            on_done=self._done,
            on_error=self._failed,
            label=tr("Booking…"),
        )

    def _done(self, result: CommandResult) -> None:
        self.buttons.setEnabled(True)
        self.result_ = result
        self.booked.emit(result)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.buttons.setEnabled(True)
        text = error_text(exc)
        self.error.show_error(text)
        hints = exc.hints if isinstance(exc, DomainError) else {}
        self.hints.setText("\n".join(hint_lines(hints)))
