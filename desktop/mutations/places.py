"""District and tehsil fields of the entry form: a list to pick from, or any part of
a place's English or Urdu name typed and completed.

A clerk types "pesh" or "پشا" and the popup offers Peshawar / پشاور whatever the
interface language; Enter or Tab takes the first offer (or the one picked with the
arrows) and moves on. A text that names no place goes back to the place shown, so
the field never holds a place the register does not know.
"""

from __future__ import annotations

from collections.abc import Iterable

from desktop.qt import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QCompleter,
    QEvent,
    QFocusEvent,
    QKeyEvent,
    QObject,
    QStringListModel,
    Qt,
    QWidget,
)

#: Between a place's name in the interface language and in the other one.
BETWEEN = " — "


def contains_completer(parent: QWidget) -> QCompleter:
    """The completer every place field of the form uses: any part of the text, in
    either case (English or Urdu), offered in a popup."""
    completer = QCompleter([], parent)
    completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    completer.setFilterMode(Qt.MatchFlag.MatchContains)
    completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
    return completer


class PlaceBox(QComboBox):
    """A district or a tehsil: its items carry the code (`currentData`)."""

    def __init__(self, name: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName(name)
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.offers = contains_completer(self)
        self.offers.setModel(QStringListModel(self))
        self.setCompleter(self.offers)
        #: {offer as the popup shows it: code}; {any spelling, folded: code}
        self._offered: dict[str, str] = {}
        self._spelled: dict[str, str] = {}
        line = self.lineEdit()
        assert line is not None
        line.setObjectName(f"{name}_text")
        line.editingFinished.connect(self.settle)
        self.offers.activated.connect(self._picked)
        popup = self.offers.popup()
        assert popup is not None
        self.popup: QAbstractItemView = popup
        popup.installEventFilter(self)

    def set_places(self, places: Iterable[tuple[str, str, str]]) -> None:
        """(code, name shown, name in the other language), in the order listed."""
        self.blockSignals(True)
        self.clear()
        self._offered, self._spelled, offers = {}, {}, []
        for code, shown, other in places:
            self.addItem(shown, code)
            offer = f"{shown}{BETWEEN}{other}" if other and other != shown else shown
            offers.append(offer)
            self._offered[offer] = code
            for spelling in (code, shown, other):
                self._spelled.setdefault(spelling.casefold(), code)
        model = self.offers.model()
        assert isinstance(model, QStringListModel)
        model.setStringList(offers)
        self.blockSignals(False)

    def _picked(self, offer: str) -> None:
        self._choose(self._offered.get(offer))

    def code_for(self, text: str) -> str | None:
        """The place `text` names: an offer, a code or a name (either language, any
        case), else the first place whose offer contains it; None when none does."""
        text = " ".join(text.split())
        if not text:
            return None
        found = self._offered.get(text) or self._spelled.get(text.casefold())
        if found is not None:
            return found
        folded = text.casefold()
        return next((c for o, c in self._offered.items() if folded in o.casefold()), None)

    def settle(self) -> None:
        """What was typed becomes the place it names, or goes back to the one shown."""
        self._choose(self.code_for(self.currentText()))

    def _choose(self, code: str | None) -> None:
        index = self.findData(code) if code is not None else -1
        if index < 0:
            self.setEditText(self.itemText(self.currentIndex()))
            return
        if index != self.currentIndex():
            self.setCurrentIndex(index)
            self.activated.emit(index)  # picked by the operator: the form counts it
        self.setEditText(self.itemText(index))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Enter while the offers are open takes the offer picked with the arrows (or
        the first) and moves on at once, as Enter does in every field of the form."""
        if (
            watched is self.popup
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        ):
            picked = self.popup.currentIndex()
            self.popup.hide()
            offer = picked.data() if picked.isValid() else None
            self._choose(self._offered.get(offer) if offer else self.code_for(self.currentText()))
            QApplication.sendEvent(
                self, QKeyEvent(QEvent.Type.KeyPress, event.key(), event.modifiers())
            )
            return True
        return super().eventFilter(watched, event)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        """Tab (or a click elsewhere) settles the place too; the popup opening does not."""
        super().focusOutEvent(event)
        now = QApplication.focusWidget()
        if now is not None and now is not self.popup and not self.popup.isAncestorOf(now):
            self.settle()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Enter settles the place and goes on to the form (the next field), as in
        every other field; an editable combo box would keep it."""
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.settle()
            event.ignore()
            return
        super().keyPressEvent(event)
