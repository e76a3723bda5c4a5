"""The date-range filter every list shares: "from" and "to" boxes that may be empty.

Dates are Asia/Karachi calendar days, inclusive at both ends (the queries turn them
into UTC instants). Tab leaves a box: QDateEdit walks its day, month and year
sections with Tab and never gave the focus back (a keyboard trap on the licence
list); here the arrow keys move between sections and Tab moves on.
"""

from __future__ import annotations

from datetime import date

from desktop.i18n import tr
from desktop.qt import QDate, QDateEdit, QHBoxLayout, QKeyEvent, QLabel, Qt, QWidget, Signal

NO_DATE = QDate(2000, 1, 1)


class DateFilter(QDateEdit):
    """A date box that can also mean "any date" (its minimum, shown as a dash)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setCalendarPopup(True)
        self.setDisplayFormat("dd-MM-yyyy")
        self.setMinimumDate(NO_DATE)
        self.setSpecialValueText("—")
        self.setDate(NO_DATE)

    def value(self) -> date | None:
        d = self.date()
        return None if d == NO_DATE else date(d.year(), d.month(), d.day())

    def clear_value(self) -> None:
        self.setDate(NO_DATE)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        mods = event.modifiers()
        if event.key() in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab) and not mods & (
            Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
        ):
            forward = event.key() == Qt.Key.Key_Tab and not mods & Qt.KeyboardModifier.ShiftModifier
            QWidget.focusNextPrevChild(self, forward)
            event.accept()
            return
        super().keyPressEvent(event)

    def focusNextPrevChild(self, next: bool) -> bool:
        return QWidget.focusNextPrevChild(self, next)


class DateRangeFilter(QWidget):
    """ "<caption> [from] to [to]"; `changed()` when either end changes."""

    changed = Signal()

    def __init__(self, caption: str, parent: QWidget | None = None):
        super().__init__(parent)
        self._caption_text = caption
        self.caption = QLabel(self)
        self.date_from = DateFilter(self)
        self.date_from.setObjectName("date_from")
        self.to_label = QLabel(self)
        self.date_to = DateFilter(self)
        self.date_to.setObjectName("date_to")
        self.caption.setBuddy(self.date_from)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for widget in (self.caption, self.date_from, self.to_label, self.date_to):
            layout.addWidget(widget)
        for edit in (self.date_from, self.date_to):
            edit.dateChanged.connect(lambda _d: self.changed.emit())
        self.retranslate()

    def value(self) -> tuple[date | None, date | None]:
        return self.date_from.value(), self.date_to.value()

    def clear(self) -> None:
        """Both ends back to "any date", without announcing it (the caller reloads)."""
        for edit in (self.date_from, self.date_to):
            edit.blockSignals(True)
            edit.clear_value()
            edit.blockSignals(False)

    def retranslate(self) -> None:
        self.caption.setText(tr(self._caption_text))
        self.to_label.setText(tr("to"))
