"""Behaviour of the licence workspace: filters, search, selection, workflow steps,
printing. Every query and command goes through the database worker; the callbacks
refresh only what the step changed (the row, the detail pane, the sync counts).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Callable

from desktop.i18n import error_text, tr
from desktop.licences import documents, workflow
from desktop.licences.actions import DIALOGS, allowed_actions
from desktop.licences.detail import Detail, load_detail
from desktop.licences.queries import LicenceFilter, parse_search
from desktop.licences.table_model import ID_ROLE, LicenceTableModel
from desktop.licences.view import WORKFLOW, LicenceView
from desktop.operators import Operator
from desktop.qt import (QAbstractItemView, QDesktopServices, QDialog, QFileDialog, QFont,
                        QItemSelectionModel, QModelIndex, QObject, QPersistentModelIndex, QPoint,
                        QStandardPaths, QTimer, QUrl, Signal)
from desktop.sync_bridge import SyncBridge
from desktop.worker import DbWorker
from domain.commands import CommandResult
from domain.errors import DomainError
from sync.store.local import LocalStore

PathChooser = Callable[[str, str], "Path | None"]


class LicenceController(QObject):
    """`message(text)` is for the status bar; `dialog` is the open step dialog, if any."""

    message = Signal(str)
    search_reset = Signal()

    def __init__(self, view: LicenceView, store: LocalStore, worker: DbWorker,
                 bridge: SyncBridge, operator: Operator, parent: QObject | None = None):
        super().__init__(parent)
        self.view, self.store, self.worker = view, store, worker
        self.bridge, self.operator = bridge, operator
        self.lang = "en"
        self.model = LicenceTableModel(store, worker, self)
        self.dialog: QDialog | None = None
        self.detail: Detail | None = None
        self.choose_path: PathChooser = self._ask_path
        self.open_after_print = True
        self._select_id: str | None = None
        self._select_first = False
        self._top_id: str | None = None  # with nothing selected, the row kept at the top
        self._search_text = ""
        view.table.setModel(self.model)
        view.table.setSortingEnabled(True)
        view.column_widths()
        view.table.selectionModel().currentRowChanged.connect(self._row_changed)
        self.model.first_rows.connect(self._first_rows)
        self.model.loaded.connect(self._loaded)
        self.model.failed.connect(lambda text: self.view.message.show_error(text))
        for combo in (view.status, view.district, view.kind):
            combo.currentIndexChanged.connect(self.apply_filters)
        for edit in (view.date_from, view.date_to):
            edit.dateChanged.connect(self.apply_filters)
        handlers: dict[str, Callable[[], None]] = {
            "new": self.new_application, "renewal": self.renewal, "refresh": self.refresh,
            "voucher": self.issue_voucher, "challan": self.print_challan,
            "issue": self.issue_licence, "card": self.print_card,
            **{key: (lambda _=False, k=key: self.open_step(k)) for key in DIALOGS},
        }
        for key, handler in handlers.items():
            view.actions_by_key[key].triggered.connect(handler)
        self._enable_actions()

    # -- list ---------------------------------------------------------------------------------
    def current_filter(self) -> LicenceFilter:
        v = self.view
        search = None
        if self._search_text:
            search = parse_search(self._search_text)
        return LicenceFilter(status=v.status.currentData(), district=v.district.currentData(),
                             kind=v.kind.currentData(), date_from=v.date_from.value(),
                             date_to=v.date_to.value(), search=search,
                             sort=self.model.filter.sort, descending=self.model.filter.descending,
                             lang=self.lang)

    def apply_filters(self) -> None:
        try:
            f = self.current_filter()
        except DomainError as exc:
            self.view.message.show_error(error_text(exc))
            return
        self.view.message.show_error("")
        # The count keeps its old text until the new list is in: a label changing size
        # twice would re-lay out (and repaint) the whole window twice per search.
        self.model.reload(f)

    def refresh(self) -> None:
        """F5 (and a sync round that brought applications): read the list again,
        keeping the selected application selected or, with none selected, the rows
        in view where they were (the list comes back a first page at a time, so the
        view would otherwise end up near the top)."""
        self._select_id = self.selected_id()
        top = self.view.table.indexAt(QPoint(1, 1))
        self._top_id = top.data(ID_ROLE) if self._select_id is None and top.isValid() else None
        self.apply_filters()

    def search(self, text: str) -> bool:
        """The global search box: CNIC, application/licence number or name prefix.

        Returns False (and shows why) when the text cannot be a search, e.g. a CNIC
        with a digit missing."""
        try:
            parse_search(text)
        except DomainError as exc:
            self.view.message.show_error(error_text(exc))
            return False
        self._search_text = text.strip()
        self.view.search_label.setText(
            tr("Search: {text}").format(text=self._search_text) if self._search_text else "")
        self._select_first = bool(self._search_text)
        self.apply_filters()
        return True

    def _first_rows(self) -> None:
        table = self.view.table
        row = None
        if self._select_id is not None:
            row = self.model.ids.index(self._select_id)
        elif self._select_first and self.model.rowCount() > 0:
            row = 0
        if row is not None:
            self._select_id = None
            self._select_first = False
            index = self.model.index(row, 0)
            table.selectionModel().setCurrentIndex(
                index, QItemSelectionModel.ClearAndSelect | QItemSelectionModel.Rows)
            table.scrollTo(index)
        elif self.model.rowCount() == 0:
            self.show_detail(None)
        if self._top_id is not None:
            top = self.model.ids.index(self._top_id)
            if top is not None:
                self._top_id = None
                # After the view has taken in the rows just added (its scroll range is
                # laid out later): scrolled now, it would stop at the old end.
                index = QPersistentModelIndex(self.model.index(top, 0))

                def scroll() -> None:
                    if index.isValid():  # not read again meanwhile
                        table.scrollTo(QModelIndex(index), QAbstractItemView.PositionAtTop)

                QTimer.singleShot(0, scroll)
        self._count_text()

    def _loaded(self, total: int) -> None:
        if self._select_id is not None or self._top_id is not None:  # beyond the first page
            self._first_rows()
        self._top_id = None  # not in the new list: the view stays where it is
        self._count_text()

    def _count_text(self) -> None:
        n = self.model.rowCount()
        text = tr("{n} applications").format(n=f"{n:,}")
        self.view.count.setText(text if self.model.complete else text + " …")

    def selected_id(self) -> str | None:
        index = self.view.table.selectionModel().currentIndex()
        return index.data(ID_ROLE) if index.isValid() else None

    # -- detail -------------------------------------------------------------------------------
    def _row_changed(self, current: Any, _previous: Any) -> None:
        app_id = current.data(ID_ROLE) if current.isValid() else None
        self.load_detail(app_id)

    def load_detail(self, app_id: str | None) -> None:
        if app_id is None:
            self.show_detail(None)
            return
        store = self.store
        self.worker.submit(lambda: load_detail(store, app_id), on_done=self._detail_in,
                           key="licence-detail")

    def _detail_in(self, detail: Detail | None) -> None:
        if detail is not None and detail.app.id != self.selected_id():
            return  # the operator has moved on
        self.show_detail(detail)

    def show_detail(self, detail: Detail | None) -> None:
        self.detail = detail
        self.view.detail.show_detail(detail)
        self._enable_actions()

    def _enable_actions(self) -> None:
        allowed = allowed_actions(self.detail.state if self.detail else None)
        for key in WORKFLOW:
            self.view.actions_by_key[key].setEnabled(key in allowed)

    # -- steps --------------------------------------------------------------------------------
    def _open(self, dialog: QDialog, on_done: Callable[[Any], None]) -> QDialog:
        dialog.done_with.connect(on_done)  # type: ignore[attr-defined]
        dialog.finished.connect(lambda _=0: setattr(self, "dialog", None))
        self.dialog = dialog
        dialog.open()  # window-modal, without a nested event loop
        return dialog

    def new_application(self) -> QDialog:
        from desktop.licences.forms import NewApplicationForm
        return self._open(NewApplicationForm(self.store, self.worker, self.operator,
                                             self.view.window(), lang=self.lang), self._created)

    def renewal(self) -> QDialog:
        from desktop.licences.forms import RenewalForm
        return self._open(RenewalForm(self.store, self.worker, self.operator,
                                      self.view.window(), lang=self.lang), self._created)

    def _created(self, result: CommandResult) -> None:
        self.message.emit(result.summary)
        self._select_id = result.data.get("application_id")
        self.bridge.refresh_counts()
        self.reset_filters()

    def reset_filters(self) -> None:
        """Everything, newest first: after a new application, so it is there, selected."""
        v = self.view
        for combo in (v.status, v.district, v.kind):
            combo.blockSignals(True)
            combo.setCurrentIndex(0)
            combo.blockSignals(False)
        for edit in (v.date_from, v.date_to):
            edit.blockSignals(True)
            edit.setDate(edit.minimumDate())
            edit.blockSignals(False)
        self._search_text = ""
        v.search_label.setText("")
        self.search_reset.emit()
        self.apply_filters()

    def open_step(self, key: str) -> QDialog | None:
        if self.detail is None or key not in allowed_actions(self.detail.state):
            return None
        cls = DIALOGS[key]
        return self._open(cls(self.store, self.worker, self.operator, self.detail.state,
                              self.view.window()), self._changed)

    def _run(self, fn: Callable[[], Any], label: str) -> None:
        self.worker.submit(fn, on_done=self._changed, on_error=self._step_failed, label=label)

    def issue_voucher(self) -> None:
        if self.detail is None:
            return
        store, actor, app_id = self.store, self.operator.username, self.detail.app.id
        self._run(lambda: workflow.issue_voucher(store, actor, app_id), tr("Issuing voucher…"))

    def issue_licence(self) -> None:
        if self.detail is None:
            return
        store, actor, app_id = self.store, self.operator.username, self.detail.app.id
        self._run(lambda: workflow.issue_licence(store, actor, app_id), tr("Issuing licence…"))

    def _changed(self, result: CommandResult) -> None:
        self.message.emit(result.summary)
        changed = [row_id for table, row_id in result.changed if table == "licence_applications"]
        self.model.refresh_rows(changed)
        self.bridge.refresh_counts()
        self.load_detail(self.selected_id())

    def _step_failed(self, exc: BaseException) -> None:
        text = error_text(exc)
        self.view.message.show_error(text)
        self.message.emit(text)

    # -- printing ---------------------------------------------------------------------------
    def print_challan(self) -> None:
        self._print("challan", documents.print_challan, tr("Printing challan…"))

    def print_card(self) -> None:
        self._print("licence-card", documents.print_licence_card, tr("Printing licence card…"))

    def _print(self, what: str, render: Callable[[LocalStore, str, Path], Path],
               label: str) -> None:
        if self.detail is None:
            return
        number = re.sub(r"[^A-Za-z0-9-]", "", self.detail.app.application_no)
        path = self.choose_path(what, f"{what}-{number}.pdf")
        if path is None:
            return
        store, app_id = self.store, self.detail.app.id
        self.worker.submit(lambda: render(store, app_id, Path(path)), on_done=self._printed,
                           on_error=self._step_failed, label=label)

    def _printed(self, path: Path) -> None:
        self.message.emit(tr("Saved {path}").format(path=path))
        if self.open_after_print:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))

    def _ask_path(self, what: str, suggested: str) -> Path | None:
        folder = QStandardPaths.writableLocation(QStandardPaths.DocumentsLocation)
        name, _ = QFileDialog.getSaveFileName(self.view.window(), tr("Save PDF"),
                                              str(Path(folder) / suggested), "PDF (*.pdf)")
        return Path(name) if name else None

    # -- language -------------------------------------------------------------------------------
    def retranslate(self, lang: str, latin_font: QFont | None = None) -> None:
        self.lang = lang
        self.view.retranslate(lang)
        self.model.set_language(lang, latin_font)
        self._count_text()
        if self.view.search_label.text():
            self.view.search_label.setText(tr("Search: {text}").format(text=self._search_text))
