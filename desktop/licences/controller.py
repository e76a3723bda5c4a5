"""Behaviour of the licence workspace: filters, search, selection, workflow steps,
printing. Every query and command goes through the database worker; the callbacks
refresh only what the step changed (the row, the detail pane, the sync counts).
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from desktop.changes import Changes
from desktop.i18n import N_, error_text, tr
from desktop.licences import documents, workflow
from desktop.licences.actions import DIALOGS, allowed_actions, gate_actions, permitted
from desktop.licences.detail import DETAIL_TABLES, INBOX_LINK, Detail, load_detail
from desktop.licences.queries import LicenceFilter, parse_search
from desktop.licences.table_model import LicenceTableModel
from desktop.licences.view import ACTIONS, WORKFLOW, LicenceView
from desktop.printing.destinations import SAVE_AS_PDF, PrinterChoice, send_to_printer
from desktop.qt import (
    QAbstractItemView,
    QDesktopServices,
    QDialog,
    QFileDialog,
    QFont,
    QMessageBox,
    QObject,
    QPersistentModelIndex,
    QPoint,
    QStandardPaths,
    Qt,
    QTimer,
    QUrl,
    QWidget,
)
from desktop.record_table import ID_ROLE
from desktop.worker import Job
from desktop.workspace import Desk, Workspace
from domain.commands import CommandResult
from domain.errors import DomainError
from sync.store import search_index
from sync.store.local import LocalStore

if TYPE_CHECKING:
    from desktop.licences.edit import EditDetailsDialog
    from desktop.licences.forms import NewApplicationForm, RenewalForm

log = logging.getLogger(__name__)
D = TypeVar("D", bound=QDialog)
PathChooser = Callable[[str, str], "Path | None"]
#: Which step Enter on a row runs when several are open (the usual next one first).
NEXT_STEP_ORDER = ("voucher", "verify", "approve", "weapon", "issue", "card", "challan")
ACTION_TEXT = {spec.key: spec.text for spec in ACTIONS}
SHORTCUTS = {spec.key: spec.shortcut for spec in ACTIONS}

#: How long a background step of the search index should hold the database worker:
#: a search typed meanwhile waits at most this long for it (its budget is 50 ms).
INDEX_STEP_SECONDS = 0.02
INDEX_STEP_FIRST, INDEX_STEP_MIN, INDEX_STEP_MAX = 200, 25, 2_000


def index_step_rows(rows: int, seconds: float) -> int:
    """Rows for the next search index step, from the last one (`rows` in `seconds`),
    aiming at `INDEX_STEP_SECONDS`; it grows at most twofold a step, so that a step
    that was quick by chance does not make the next one long."""
    if seconds <= 0:
        return min(rows * 2, INDEX_STEP_MAX)
    wanted = int(rows * INDEX_STEP_SECONDS / seconds)
    return max(INDEX_STEP_MIN, min(wanted, rows * 2, INDEX_STEP_MAX))


def _ignoring_checked(handler: Callable[[], object]) -> Callable[..., None]:
    """A slot for `triggered(checked)` that calls `handler()`."""

    def slot(*_: object) -> None:
        handler()

    return slot


class LicenceController(Workspace):
    """The arms licence workspace. `dialog` is the open step dialog, if any."""

    key = "licences"
    title = N_("Arms licences")
    menu_title = N_("&Licences")
    ACTIONS = ACTIONS
    searchable = True
    search_hint = N_(
        "Search: any part of a name, CNIC, application, licence, PSID or mobile number (Ctrl+F)"
    )

    def __init__(self, desk: Desk, parent: QObject | None = None):
        super().__init__(desk, parent)
        self.view = view = LicenceView()
        self.page = view
        view.set_actions(self.make_actions(view))
        self.model = LicenceTableModel(self.store, self.worker, self)
        self.dialog: QDialog | None = None
        self.confirm: QMessageBox | None = None  # "Issue voucher for …?" after Enter on a row
        self.detail: Detail | None = None
        self.printers = PrinterChoice(view)
        self.choose_path: PathChooser = self._ask_path
        self.open_after_print = True
        self._select_id: str | None = None
        self._select_first = False
        self._top_id: str | None = None  # with nothing selected, the row kept at the top
        self._search_text = ""
        self._ready = False
        self._fitted = False  # columns fitted to the first rows of this language
        self._indexing = False  # a background step of the search index is queued
        self._index_again = False  # asked again while a step was under way
        self._index_rows = INDEX_STEP_FIRST  # rows the next step indexes
        self._detail_job: Job | None = None  # the detail pane's read, while queued
        self._detail_token: object | None = None  # the read whose answer is still wanted
        view.table.setModel(self.model)
        view.table.setSortingEnabled(True)
        view.table.selectionModel().currentRowChanged.connect(self._row_changed)
        view.table.row_entered.connect(self.enter_row)
        view.detail.anchorClicked.connect(self._link)
        self.model.first_rows.connect(self._first_rows)
        self.model.loaded.connect(self._loaded)
        self.model.failed.connect(lambda text: self.view.message.show_error(text))
        for combo in (view.status, view.district, view.kind):
            combo.currentIndexChanged.connect(self.apply_filters)
        view.dates.changed.connect(self.apply_filters)
        handlers: dict[str, Callable[[], object]] = {
            "new": self.new_application,
            "renewal": self.renewal,
            "refresh": self.refresh,
            "voucher": self.issue_voucher,
            "challan": self.print_challan,
            "issue": self.issue_licence,
            "card": self.print_card,
            "printer": self.printers.choose_all,
            "edit": self.edit_details,
            **{key: partial(self.open_step, key) for key in DIALOGS},
        }
        for key, handler in handlers.items():
            view.actions_by_key[key].triggered.connect(_ignoring_checked(handler))
        self._enable_actions()

    # -- the workspace contract -----------------------------------------------------------------
    def start(self) -> None:
        self.apply_filters()
        self.build_search_index()

    def build_search_index(self) -> None:
        """Index the applications a bulk load left out of the search index
        (`search_index.defer_rebuild`), a small chunk per background job, so that
        searching and working go on meanwhile; a no-op read when nothing is left.

        A step cannot be interrupted once the worker has begun it, so a search typed
        meanwhile waits for it: each step is sized to take about `INDEX_STEP_SECONDS`
        from how long the last one took (1,000 rows a step took up to 330 ms on a
        loaded machine, and a search queued behind it waited as long)."""
        if self._indexing:
            self._index_again = True  # the step under way may have read "nothing left"
            return
        self._indexing, self._index_again = True, False
        store, rows = self.store, self._index_rows

        def step() -> tuple[int, float]:
            started = time.perf_counter()
            with store.write_lock, store.engine.begin() as conn:
                left = search_index.build_step(conn, rows=rows)
            return left, time.perf_counter() - started

        def done(result: tuple[int, float]) -> None:
            left, seconds = result
            self._indexing = False
            self._index_rows = index_step_rows(rows, seconds)
            if left > 0 or self._index_again:
                self.build_search_index()

        def failed(exc: BaseException) -> None:
            self._indexing = False
            log.warning("search index step failed: %s", exc)

        self.worker.submit(step, on_done=done, on_error=failed, background=True)

    def focus_target(self) -> QWidget:
        return self.view.table

    def on_records_changed(self, changes: Changes) -> None:
        """Read again what the change touched: the rows (or the whole list when rows
        came or went), and the detail pane when the selected application, its
        vouchers, licence or history changed. A sync round also settles pending rows
        (their sync column), so it always re-reads the rows on screen."""
        table = self.model.source.table
        ids = changes.ids_in(table)
        if changes.origin == "sync":
            self.build_search_index()  # a bulk pull leaves the search index to build
        if changes.touches(table) and ids is not None and changes.origin == "sync":
            # Up to a few hundred ids a round: whether each is listed already is up to
            # 500,000 ids to look through, done in the worker, not on the GUI thread.
            listed = self.model.ids

            def missing() -> bool:
                return any(listed.index(i) is None for i in ids)

            def looked(new_rows: bool) -> None:
                if listed is not self.model.ids or new_rows:
                    self.refresh()  # the list was read again meanwhile, or rows came
                else:
                    self.model.refresh_rows(ids)
                    self.model.refresh_rows(None)  # pushed rows settle (their sync column)

            self.worker.submit(missing, on_done=looked, key=f"listed-{id(self)}")
        elif changes.touches(table) and (
            ids is None or any(self.model.ids.index(i) is None for i in ids)
        ):
            self.refresh()
            return
        elif changes.touches(table):
            self.model.refresh_rows(ids)
        elif changes.origin == "sync":
            self.model.refresh_rows(None)
        selected = self.selected_id()
        if selected is not None and (
            changes.origin == "sync" or selected in (ids or ()) or changes.touches(*DETAIL_TABLES)
        ):
            self.load_detail(selected)

    # -- list ---------------------------------------------------------------------------------
    def current_filter(self) -> LicenceFilter:
        v = self.view
        search = None
        if self._search_text:
            search = parse_search(self._search_text)
        return LicenceFilter(
            status=v.status.currentData(),
            district=v.district.currentData(),
            kind=v.kind.currentData(),
            date_from=v.date_from.value(),
            date_to=v.date_to.value(),
            search=search,
            sort=self.model.filter.sort,
            descending=self.model.filter.descending,
            lang=self.lang,
        )

    def apply_filters(self) -> None:
        try:
            f = self.current_filter()
        except DomainError as exc:
            self.view.message.show_error(error_text(exc))
            return
        self.view.message.show_error("")
        if self._detail_job is not None and self._select_id is None:
            # A search or filter: the row it was for leaves with the old list (the new
            # list selects its own), so it is neither read before the list queued
            # behind it nor drawn just before the list comes. (A refresh keeps the
            # selection, and its detail.)
            self._detail_job.cancel()
            self._detail_job = self._detail_token = None
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
            tr("Search: {text}").format(text=self._search_text) if self._search_text else ""
        )
        self._select_first = bool(self._search_text)
        self.apply_filters()
        return True

    def search_as_typed(self, text: str) -> None:
        """As the operator types: search once the text is a search (a CNIC still
        missing digits is not yet an error), keeping the focus in the search box."""
        try:
            parse_search(text)
        except DomainError:
            return
        if text.strip() == self._search_text:
            return
        self._search_text = text.strip()
        self.view.search_label.setText(
            tr("Search: {text}").format(text=self._search_text) if self._search_text else ""
        )
        self._select_first = bool(self._search_text)
        self.apply_filters()

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
            table.select_row(row)
        elif self.model.rowCount() == 0:
            self.show_detail(None)
        if self._top_id is not None:
            top = self.model.ids.index(self._top_id)
            if top is not None:
                self._top_id = None
                # After the view has taken in the rows just added (its scroll range is
                # laid out later): scrolled now, it would stop at the old end.
                kept = QPersistentModelIndex(self.model.index(top, 0))

                def scroll() -> None:
                    if kept.isValid():  # not read again meanwhile
                        table.scrollTo(
                            self.model.index(kept.row(), kept.column()),
                            QAbstractItemView.ScrollHint.PositionAtTop,
                        )

                QTimer.singleShot(0, scroll)
        self._count_text()
        if not self._fitted:
            self._fitted = True
            self.view.fit_list()

    def _loaded(self, total: int) -> None:
        if self._select_id is not None or self._top_id is not None:  # beyond the first page
            self._first_rows()
        self._top_id = None  # not in the new list: the view stays where it is
        self._count_text()
        if not self._ready:
            self._ready = True
            self.ready.emit()

    def _count_text(self) -> None:
        self.view.count.setText(self.model.count_text(tr("{n} applications")))

    def selected_id(self) -> str | None:
        return self.view.table.current_id()

    # -- detail -------------------------------------------------------------------------------
    def _row_changed(self, current: Any, _previous: Any) -> None:
        app_id = current.data(ID_ROLE) if current.isValid() else None
        # Read once the row's highlight is painted: the worker reading the detail in
        # Python meanwhile made that paint wait for the interpreter lock.
        self.worker.after_paint(lambda: self._detail_for(app_id))

    def _detail_for(self, app_id: str | None) -> None:
        if app_id == self.selected_id():  # not moved on (or searched) meanwhile
            self.load_detail(app_id)

    def load_detail(self, app_id: str | None) -> None:
        if app_id is None:
            self.show_detail(None)
            return
        store, token = self.store, object()
        self._detail_token = token

        def loaded(detail: Detail | None) -> None:
            if self._detail_token is token:  # not asked for a list meanwhile
                self._detail_in(detail)

        def after_paint(detail: Detail | None) -> None:
            # The list (a search's answer, a row clicked) is painted first, the pane
            # in the next frame: drawn with it, the pane made the list wait ~4 ms.
            self.worker.after_paint(lambda: loaded(detail))

        cancelled = self.worker.cancelled
        self._detail_job = self.worker.submit(
            lambda: load_detail(store, app_id, cancelled),
            on_done=after_paint,
            key="licence-detail",
        )

    def _detail_in(self, detail: Detail | None) -> None:
        if detail is not None and detail.app.id != self.selected_id():
            return  # the operator has moved on
        self.show_detail(detail)

    def show_detail(self, detail: Detail | None) -> None:
        self.detail = detail
        self.view.detail.show_detail(detail)
        self._enable_actions()

    def _link(self, url: QUrl) -> None:
        """A link in the detail pane: "Open its items in the Inbox"."""
        if url.toString() == INBOX_LINK:
            self.open_workspace.emit("inbox")

    def _enable_actions(self) -> None:
        allowed = allowed_actions(self.detail.state if self.detail else None)
        for key in WORKFLOW:
            self.view.actions_by_key[key].setEnabled(key in allowed)
        self.view.actions_by_key["edit"].setEnabled(self.detail is not None)
        gate_actions(self.view.actions_by_key, self.operator.roles, SHORTCUTS)

    # -- steps --------------------------------------------------------------------------------
    def _open(self, dialog: D, on_done: Callable[[Any], None]) -> D:
        dialog.done_with.connect(on_done)  # type: ignore[attr-defined]
        dialog.finished.connect(lambda _=0: setattr(self, "dialog", None))
        self.dialog = dialog
        dialog.open()  # window-modal, without a nested event loop
        return dialog

    def new_application(self) -> NewApplicationForm:
        from desktop.licences.forms import NewApplicationForm

        form = self._open(
            NewApplicationForm(
                self.store, self.worker, self.operator, self.view.window(), lang=self.lang
            ),
            self._created,
        )
        form.renew_requested.connect(self._renew_instead)
        return form

    def edit_details(self) -> EditDetailsDialog | None:
        """The applicant's details and the remarks of the selected application."""
        if self.detail is None:
            return None
        from desktop.licences.edit import EditDetailsDialog

        return self._open(
            EditDetailsDialog(
                self.store, self.worker, self.operator, self.detail, self.view.window()
            ),
            self._changed,
        )

    def renewal(self) -> RenewalForm:
        from desktop.licences.forms import RenewalForm

        return self._open(
            RenewalForm(self.store, self.worker, self.operator, self.view.window(), lang=self.lang),
            self._created,
        )

    def _renew_instead(self, licence_no: str) -> None:
        """The new-application form found a licence already held: renew that instead."""
        form = self.renewal()
        form.start_from(licence_no)

    def _created(self, result: CommandResult) -> None:
        self.message.emit(result.summary)
        self.desk.changes.command_done(result)
        self._select_id = result.data.get("application_id")
        self._top_id = None
        self.reset_filters()

    def reset_filters(self) -> None:
        """Everything, newest first: after a new application, so it is there, selected."""
        v = self.view
        for combo in (v.status, v.district, v.kind):
            combo.blockSignals(True)
            combo.setCurrentIndex(0)
            combo.blockSignals(False)
        v.dates.clear()
        self._search_text = ""
        v.search_label.setText("")
        self.search_reset.emit()
        self.apply_filters()

    def enter_row(self, app_id: str) -> None:
        """Enter on a row: its next workflow step (a dialog, or after a yes a command),
        or, when it has none, the detail pane to read it."""
        if self.detail is None or self.detail.app.id != app_id:
            return  # still loading: Enter again once it is shown
        allowed = allowed_actions(self.detail.state)
        step = next((k for k in NEXT_STEP_ORDER if k in allowed), None)
        if step is None:
            self.view.detail.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        action = self.view.actions_by_key[step]
        if step in DIALOGS or step in ("challan", "card"):
            action.trigger()
            return
        box = QMessageBox(
            QMessageBox.Icon.Question,
            tr(ACTION_TEXT[step]),
            tr("{step} for {number}?").format(
                step=tr(ACTION_TEXT[step]), number=self.detail.app.application_no
            ),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            self.view.window(),
        )
        box.setDefaultButton(QMessageBox.StandardButton.Yes)
        box.setEscapeButton(QMessageBox.StandardButton.No)
        box.setObjectName("confirm_step")
        box.accepted.connect(action.trigger)
        box.finished.connect(lambda _=0: box.deleteLater())
        self.confirm = box
        box.open()

    def open_step(self, key: str) -> QDialog | None:
        if self.detail is None or key not in allowed_actions(self.detail.state):
            return None
        if not permitted(key, self.operator.roles):
            return None
        cls = DIALOGS[key]
        return self._open(
            cls(self.store, self.worker, self.operator, self.detail.state, self.view.window()),
            self._changed,
        )

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
        self.desk.changes.command_done(result)

    def _step_failed(self, exc: BaseException) -> None:
        text = error_text(exc)
        self.view.message.show_error(text)
        self.message.emit(text)

    # -- printing ---------------------------------------------------------------------------
    def print_challan(self) -> None:
        """The selected application's challan; with several rows selected, one challan
        per selected application that has one to pay, in list order (a batch)."""
        ids = self.view.table.selected_ids()
        if len(ids) > 1:
            self._print(
                "challan",
                "challans",
                lambda store, path: documents.print_challans(store, ids, path),
                tr("Printing challans…"),
            )
            return
        if self.detail is None:
            return
        app_id = self.detail.app.id
        self._print(
            "challan",
            "challan",
            lambda store, path: documents.print_challan(store, app_id, path),
            tr("Printing challan…"),
        )

    def print_card(self) -> None:
        """The licence card, with the relation (S/O, D/O, W/O) stored on the holder's
        record: the application form asked for it, so printing asks nothing."""
        if self.detail is None:
            return
        app_id = self.detail.app.id
        self._print(
            "card",
            "licence-card",
            lambda store, path: documents.print_licence_card(store, app_id, path),
            tr("Printing licence card…"),
        )

    def _print(
        self, kind: str, what: str, render: Callable[[LocalStore, Path], Path], label: str
    ) -> None:
        """To the printer the office chose for `kind`, else to a PDF the operator names."""
        printer = self.printers.destination(kind)
        number = (
            re.sub(r"[^A-Za-z0-9-]", "", self.detail.app.application_no) if self.detail else "batch"
        )
        if printer == SAVE_AS_PDF:
            chosen = self.choose_path(what, f"{what}-{number}.pdf")
            if chosen is None:
                return
            path = Path(chosen)
        else:
            temp = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.TempLocation)
            spool = Path(temp) / "daftar"
            path = spool / f"{what}-{number}.pdf"
        store = self.store

        def job() -> tuple[Path, str]:
            render(store, path)
            if printer != SAVE_AS_PDF:
                send_to_printer(path, printer)
            return path, printer

        self.worker.submit(
            job, on_done=lambda done: self._printed(*done), on_error=self._step_failed, label=label
        )

    def _printed(self, path: Path, printer: str = SAVE_AS_PDF) -> None:
        if printer != SAVE_AS_PDF:
            self.message.emit(tr("Sent to {printer}").format(printer=printer))
            return
        self.message.emit(tr("Saved {path}").format(path=path))
        if self.open_after_print:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))

    def _ask_path(self, what: str, suggested: str) -> Path | None:
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        name, _ = QFileDialog.getSaveFileName(
            self.view.window(), tr("Save PDF"), str(Path(folder) / suggested), "PDF (*.pdf)"
        )
        return Path(name) if name else None

    # -- language -------------------------------------------------------------------------------
    def retranslate(self, lang: str, latin_font: QFont | None = None) -> None:
        super().retranslate(lang, latin_font)
        self._enable_actions()  # a gated step's tooltip says who may take it, in `lang`
        self.view.retranslate(lang)
        self.model.set_language(lang, latin_font)
        self.view.fit_list()
        self._count_text()
        if self.view.search_label.text():
            self.view.search_label.setText(tr("Search: {text}").format(text=self._search_text))
