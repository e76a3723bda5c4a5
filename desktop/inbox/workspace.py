"""The inbox workspace: every refused step with the server's reason, every field
conflict with both values, and what a person can do about each.

Nothing here decides for the operator: keeping the server's value, keeping ours or
typing a third is a `resolve_conflict` command; a refused step is fixed and sent
again (the form it came from opens filled in) or dismissed with a note that goes in
the record's history (`dismiss_rejection`). Counts follow `records_changed`, so the
list is current after every local command and every sync round.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from typing import Any

from desktop.changes import Changes
from desktop.formatting import ltr
from desktop.i18n import N_, localise, tr
from desktop.inbox import queries
from desktop.inbox.dialogs import DismissDialog, ValueDialog
from desktop.inbox.queries import InboxItem
from desktop.qt import (
    QAbstractItemView,
    QAbstractTableModel,
    QDialog,
    QFont,
    QHBoxLayout,
    QItemSelectionModel,
    QLabel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSplitter,
    Qt,
    QTableView,
    QTextBrowser,
    QToolBar,
    QVBoxLayout,
    QWidget,
)
from desktop.step_labels import STEP_LABELS
from desktop.step_workspace import StepWorkspace
from desktop.widgets import ErrorLabel
from desktop.workspace import ActionSpec, Desk
from domain.commands import CommandResult

ACTIONS: tuple[ActionSpec, ...] = (
    ActionSpec("theirs", N_("Keep the server's value"), "Ctrl+Shift+1"),
    ActionSpec("ours", N_("Keep ours"), "Ctrl+Shift+2"),
    ActionSpec("third", N_("Type another value…"), "Ctrl+Shift+3"),
    ActionSpec("resend", N_("Fix and send again…"), "Ctrl+Shift+R", separator=True),
    ActionSpec("dismiss", N_("Dismiss with a note…"), "Ctrl+Shift+D"),
)
KIND_WORDS = {
    "rejected": N_("Refused"),
    "answered": N_("Saved with a conflict"),
    "conflict": N_("Field conflict"),
}
TABLE_WORDS = {
    "licence_applications": N_("Application"),
    "persons": N_("Applicant"),
    "mutations": N_("Mutation"),
    "vouchers": N_("Voucher"),
    "inmates": N_("Inmate"),
    "approved_visitors": N_("Visitor"),
    "visit_bookings": N_("Visit"),
    "visit_slots": N_("Visit slot"),
}
FIELD_WORDS = {
    "mobile": N_("Mobile"),
    "address": N_("Address"),
    "name_en": N_("Name (English)"),
    "name_ur": N_("Name (Urdu)"),
    "father_name_en": N_("Father's or husband's name (English)"),
    "father_name_ur": N_("Father's or husband's name (Urdu)"),
    "relation": N_("Relation"),
    "date_of_birth": N_("Date of birth"),
    "remarks": N_("Remarks"),
    "bore": N_("Bore"),
    "applicant_name_en": N_("Name (English)"),
    "applicant_name_ur": N_("Name (Urdu)"),
}
#: The hints a refusal carries (`domain.errors`), named in the operator's language.
HINT_WORDS = {
    "free_slots": N_("Free slots"),
    "renews_on": N_("Allowance renews on"),
    "opens_on": N_("Opens for booking on"),
    "approved_visitors": N_("Approved visitors"),
    "booking_no": N_("Booking"),
    "max_visitors": N_("Most visitors"),
    "max_adults": N_("Most adults"),
    "lead_min_age": N_("Lead visitor's least age"),
    "min_seats": N_("Fewest seats"),
    "max_seats": N_("Most seats"),
}
COLUMNS = (N_("What"), N_("Record"), N_("Step or field"), N_("When"), N_("Reason"))


def reason(answer: dict[str, Any]) -> str:
    """The server's reason in the operator's language (its template, when it sent one)."""
    if isinstance(answer.get("template"), str):
        return localise(answer)
    return str(answer.get("message") or answer.get("code") or "")


def _hint_text(value: Any) -> str:
    """A hint as a line: the next free slots by their Karachi time, lists joined."""
    if isinstance(value, list):
        return ", ".join(str(v.get("local") or v) if isinstance(v, dict) else str(v) for v in value)
    return str(value)


def _when(item: InboxItem) -> str:
    from desktop.formatting import karachi_time

    return karachi_time(item.at) if item.at else ""


class InboxModel(QAbstractTableModel):
    """The items as table rows; a row's texts are made when the view first paints it
    (a thousand items open as fast as the twenty on screen)."""

    def __init__(
        self, cells: Callable[[InboxItem], tuple[str, ...]], parent: QObject | None = None
    ):
        super().__init__(parent)
        self.items: list[InboxItem] = []
        self._cells = cells
        self._made: dict[int, tuple[str, ...]] = {}

    def set_items(self, items: list[InboxItem]) -> None:
        self.beginResetModel()
        self.items, self._made = items, {}
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.items)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def text(self, row: int, column: int) -> str:
        made = self._made.get(row)
        if made is None:
            made = self._made[row] = self._cells(self.items[row])
        return made[column]

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and index.isValid():
            return self.text(index.row(), index.column())
        return None

    def headerData(
        self,
        section: int,
        orientation: Qt.Orientation,
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return tr(COLUMNS[section])
        return None


class InboxView(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("inbox")
        self.toolbar = QToolBar(self)
        self.count = QLabel(self)
        self.count.setObjectName("inbox_count")
        self.message = ErrorLabel(self)
        self.message.setObjectName("inbox_message")
        self.table = QTableView(self)
        self.table.setObjectName("inbox_table")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.detail = QTextBrowser(self)
        self.detail.setObjectName("inbox_detail")
        top = QHBoxLayout()
        top.addWidget(self.toolbar, 1)
        top.addWidget(self.count)
        split = QSplitter(Qt.Orientation.Horizontal, self)
        split.addWidget(self.table)
        split.addWidget(self.detail)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.message)
        layout.addWidget(split, 1)


class InboxWorkspace(StepWorkspace):
    """Refused steps and conflicts, each waiting for a person."""

    key = "inbox"
    title = N_("Inbox")
    menu_title = N_("In&box")
    ACTIONS = ACTIONS
    attention = True

    def __init__(self, desk: Desk, parent: QObject | None = None):
        super().__init__(desk, parent)
        self.view = view = InboxView()
        self.page = view
        handlers: dict[str, Callable[[], Any]] = {
            "theirs": lambda: self.keep("theirs"),
            "ours": lambda: self.keep("ours"),
            "third": self.type_value,
            "resend": self.resend,
            "dismiss": self.dismiss,
        }
        self.wire_actions(view, view.toolbar, handlers)
        self.step_message = view.message
        self.items: list[InboxItem] = []
        self.loaded = False
        self._select_key: str | None = None
        self.model = InboxModel(self._cells, self)
        view.table.setModel(self.model)
        view.table.selectionModel().currentRowChanged.connect(lambda *_: self._selected())
        self._retitle()
        self._enable()

    # -- loading --------------------------------------------------------------------------------
    def start(self) -> None:
        self.refresh(then=self.ready.emit)

    def refresh(self, then: Callable[[], None] | None = None) -> None:
        store = self.store

        def done(items: list[InboxItem]) -> None:
            self.show_items(items)
            if then is not None:
                then()

        self.worker.submit(lambda: queries.load_items(store), on_done=done, key="inbox-items")

    def on_records_changed(self, changes: Changes) -> None:
        # A round may answer or pull anything the inbox lists; the read is bounded.
        self.refresh()

    def show_items(self, items: list[InboxItem]) -> None:
        current = self.current()
        keep = self._select_key or (current.key if current else None)
        self.items = items
        self.model.set_items(items)
        select_row = next((row for row, item in enumerate(items) if item.key == keep), 0)
        self._select_key = None
        self.loaded = True
        self.view.count.setText(tr("{n} waiting").format(n=len(items)))
        if items:
            self.select_row(select_row)
        self._selected()

    def select_row(self, row: int) -> None:
        index = self.model.index(row, 0)
        self.view.table.selectionModel().setCurrentIndex(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )

    def row_count(self) -> int:
        return self.model.rowCount()

    def _cells(self, item: InboxItem) -> tuple[str, ...]:
        record = f"{tr(TABLE_WORDS.get(item.table, item.table))} {ltr(item.label)}".strip()
        if item.kind == "conflict":
            what = tr(FIELD_WORDS.get(item.field, item.field))
            why = tr("Changed on two desks")
        else:
            what = tr(STEP_LABELS.get(item.step, item.step))
            why = reason(item.answer) if item.kind == "rejected" else tr("Saved with a conflict")
        return (tr(KIND_WORDS[item.kind]), record, what, _when(item), why)

    def current(self) -> InboxItem | None:
        row = self.view.table.currentIndex().row()
        return self.items[row] if 0 <= row < len(self.items) else None

    def _selected(self) -> None:
        item = self.current()
        self.view.detail.setHtml(
            self.detail_html(item)
            if item
            else f"<p>{escape(tr('Nothing is waiting for a person.'))}</p>"
        )
        self._enable()

    def _enable(self) -> None:
        item = self.current()
        conflict = item is not None and item.kind == "conflict"
        by_key = self.actions_by_key
        for key in ("theirs", "ours", "third"):
            by_key[key].setEnabled(conflict)
        by_key["resend"].setEnabled(item is not None and item.kind == "rejected")
        by_key["dismiss"].setEnabled(item is not None and item.kind != "conflict")

    def detail_html(self, item: InboxItem) -> str:
        rtl = self.lang == "ur"
        align = "right" if rtl else "left"
        rows: list[tuple[str, str]] = [(tr("Record"), self._cells(item)[1])]
        if item.kind == "conflict":
            rows += [
                (tr("Field"), tr(FIELD_WORDS.get(item.field, item.field))),
                (
                    tr("Server's value"),
                    tr("{value} (set by {who})").format(
                        value=ltr(str(item.theirs)), who=item.their_author
                    ),
                ),
                (
                    tr("Our value"),
                    tr("{value} (set by {who}, {when})").format(
                        value=ltr(str(item.ours)), who=item.our_author, when=_when(item)
                    ),
                ),
            ]
            head = tr(
                "The same field was changed on two desks. The server's value stands "
                "until you keep one or type the right one."
            )
        else:
            answer = item.answer
            rows += [(tr("Step"), self._cells(item)[2]), (tr("When"), _when(item))]
            if item.kind == "rejected":
                rows += [
                    (tr("Server's reason"), reason(answer)),
                    (tr("Code"), ltr(str(answer.get("code", "")))),
                ]
                for key, value in sorted((answer.get("hints") or {}).items()):
                    word = HINT_WORDS.get(key, key.replace("_", " ").capitalize())
                    rows.append((tr(word), ltr(_hint_text(value))))
                head = tr(
                    "The server refused this step; nothing of it was applied. Fix it and "
                    "send it again, or dismiss it with a note."
                )
                if item.family_phone:
                    rows.insert(1, (tr("Family's phone"), ltr(item.family_phone)))
                    head += " " + tr("Call the family on {phone} to agree another slot.").format(
                        phone=item.family_phone
                    )
            else:
                head = tr(
                    "The server saved this step but kept another desk's value for a field. "
                    "Resolve the conflict, then dismiss this with a note."
                )
        body = "".join(
            f"<tr><th align='{align}'>{escape(k)}</th><td>{escape(v)}</td></tr>" for k, v in rows
        )
        return (
            f"<div dir='{'rtl' if rtl else 'ltr'}'><p>{escape(head)}</p>"
            f"<table cellpadding='4'>{body}</table></div>"
        )

    # -- actions --------------------------------------------------------------------------------
    def keep(self, side: str) -> None:
        item = self.current()
        if item is None or item.kind != "conflict":
            return
        value = item.theirs if side == "theirs" else item.ours
        store, actor, cid = self.store, self.operator.username, item.conflict_id
        self.worker.submit(
            lambda: queries.resolve(store, actor, cid, value),
            on_done=self._done,
            on_error=self._failed,
            label=tr("Saving…"),
        )

    def type_value(self) -> QDialog | None:
        item = self.current()
        if item is None or item.kind != "conflict":
            return None
        return self._open(
            ValueDialog(self.store, self.worker, self.operator.username, item, self.view.window())
        )

    def dismiss(self) -> QDialog | None:
        item = self.current()
        if item is None or item.kind == "conflict":
            return None
        return self._open(
            DismissDialog(self.store, self.worker, self.operator.username, item, self.view.window())
        )

    def resend(self) -> QDialog | None:
        """The refused step's form, filled in with what was sent (an application's own
        form, a booking's dialog, else the step's arguments as a form); once the fixed
        step is saved, the refused one is marked `resent` (kept in the outbox)."""
        item = self.current()
        if item is None or item.kind != "rejected":
            return None
        from desktop.inbox import resend

        store, command_id = self.store, item.command_id

        def resent(result: CommandResult) -> None:
            self.worker.submit(
                lambda: queries.set_state(store, command_id, "resent"),
                on_done=lambda _: self._done(result),
                on_error=self._failed,
            )

        parent = self.view.window()
        form: QDialog
        try:
            if item.step == "submit_licence_application":
                form = resend.application_form(
                    store, self.worker, self.operator, item, parent, self.lang
                )
                form.done_with.connect(resent)
            elif item.step == "book_visit":
                booking = resend.booking_form(store, self.worker, item, parent)
                booking.booked.connect(resent)
                form = booking
            else:
                form = resend.ResendDialog(store, self.worker, item, parent)
                form.done_with.connect(resent)
        except LookupError as exc:
            self._failed(exc)
            return None
        form.finished.connect(lambda _=0: setattr(self, "dialog", None))
        self.dialog = form
        form.open()
        return form

    def focus_target(self) -> QWidget:
        return self.view.table

    def _retitle(self) -> None:
        self.model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(COLUMNS) - 1)

    def retranslate(self, lang: str, latin_font: QFont | None = None) -> None:
        super().retranslate(lang, latin_font)
        self._retitle()
        self.model._made.clear()
        if self.loaded:
            self.show_items(self.items)
