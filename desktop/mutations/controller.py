"""Behaviour of the mutation workspace: the list, search, the detail pane, the entry
form, the second clerk's verification, attestation and rejection, and the backlog.
Every query and command goes through the database worker."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

from desktop.changes import Changes
from desktop.i18n import N_, error_text, tr
from desktop.mutations import mauzas as mauza_list
from desktop.mutations.actions import AttestDialog, RejectDialog, VerifyDialog, may_verify
from desktop.mutations.backlog import Backlog, load_backlog
from desktop.mutations.detail import DETAIL_TABLES, Detail, load_detail
from desktop.mutations.entry import MutationEntryForm
from desktop.mutations.import_dialog import ImportDialog
from desktop.mutations.importing import Outcome
from desktop.mutations.queries import MutationFilter
from desktop.mutations.table_model import ID_ROLE, MutationTableModel
from desktop.mutations.view import ACTIONS, WORKFLOW, MutationView
from desktop.qt import QDialog, QFileDialog, QFont, QObject, QWidget
from desktop.workspace import Desk, Workspace
from domain.commands import CommandResult

#: Which steps each state allows (the domain's MUTATION states decide; this greys buttons).
STEPS = {
    "recorded": ("verify", "reject"),
    "verified": ("attest", "reject"),
    "returned": (),
    "attested": ("correct",),
    "rejected": (),
}
DIALOGS = {"verify": VerifyDialog, "attest": AttestDialog, "reject": RejectDialog}


class MutationController(Workspace):
    key = "mutations"
    title = N_("Mutations")
    menu_title = N_("M&utations")
    ACTIONS = ACTIONS
    searchable = True
    search_hint = N_("Search: mutation number, party CNIC or name (Ctrl+F)")

    def __init__(self, desk: Desk, parent: QObject | None = None):
        super().__init__(desk, parent)
        self.view = view = MutationView()
        self.page = view
        view.set_actions(self.make_actions(view))
        self.model = MutationTableModel(self.store, self.worker, self)
        self.dialog: QDialog | None = None
        self.detail: Detail | None = None
        self._search = ""
        self._ready = False
        self._select_id: str | None = None
        view.table.setModel(self.model)
        view.table.setSortingEnabled(True)
        view.table.selectionModel().currentRowChanged.connect(self._row_changed)
        self.model.first_rows.connect(self._first_rows)
        self.model.loaded.connect(self._loaded)
        self.model.failed.connect(lambda text: self.view.message.show_error(text))
        for combo in (view.status, view.tehsil):
            combo.currentIndexChanged.connect(self.apply_filters)
        handlers: dict[str, Callable[[], object]] = {
            "entry": self.new_entry,
            "import": self.import_records,
            "mauzas": self.choose_mauza_list,
            "correct": self.correct,
            "refresh": self.refresh,
            "backlog": self.show_backlog,
            **{k: partial(self.open_step, k) for k in DIALOGS},
        }
        for key, handler in handlers.items():
            view.actions_by_key[key].triggered.connect(lambda *_, h=handler: h())
        view.tabs.currentChanged.connect(lambda i: self.load_backlog() if i == 1 else None)
        self._enable_actions()

    # -- workspace contract -------------------------------------------------------------------
    def start(self) -> None:
        self.apply_filters()

    def focus_target(self) -> QWidget:
        return self.view.table

    def on_records_changed(self, changes: Changes) -> None:
        if changes.touches("mutations") or changes.origin == "sync":
            self.refresh()
        elif self.detail is not None and changes.touches(*DETAIL_TABLES):
            self.load_detail(self.detail.mutation.id)
        if self.view.tabs.currentIndex() == 1:
            self.load_backlog()

    def search(self, text: str) -> bool:
        self._search = text.strip()
        self.view.search_label.setText(
            tr("Search: {text}").format(text=self._search) if self._search else ""
        )
        self.apply_filters()
        return True

    # -- list ---------------------------------------------------------------------------------
    def current_filter(self) -> MutationFilter:
        v = self.view
        return MutationFilter(
            status=v.status.currentData(),
            tehsil=v.tehsil.currentData(),
            search=self._search,
            sort=self.model.filter.sort,
            descending=self.model.filter.descending,
            lang=self.lang,
        )

    def apply_filters(self, *_: object) -> None:
        self.view.message.show_error("")
        self.model.reload(self.current_filter())

    def refresh(self) -> None:
        self._select_id = self._select_id or self.selected_id()
        self.apply_filters()

    def _first_rows(self) -> None:
        row = self.model.ids.index(self._select_id) if self._select_id else None
        if row is None and self.model.rowCount() > 0 and self._search:
            row = 0
        if row is not None:
            self._select_id = None
            self.view.table.select_row(row)
        self._count_text()

    def _loaded(self, _total: int) -> None:
        self._count_text()
        if not self._ready:
            self._ready = True
            self.ready.emit()

    def _count_text(self) -> None:
        self.view.count.setText(self.model.count_text(tr("{n} mutations")))

    def selected_id(self) -> str | None:
        return self.view.table.current_id()

    # -- detail -------------------------------------------------------------------------------
    def _row_changed(self, current: Any, _previous: Any) -> None:
        self.load_detail(current.data(ID_ROLE) if current.isValid() else None)

    def load_detail(self, mutation_id: str | None) -> None:
        if mutation_id is None:
            self.show_detail(None)
            return
        store = self.store
        self.worker.submit(
            lambda: load_detail(store, mutation_id), on_done=self._detail_in, key="mutation-detail"
        )

    def _detail_in(self, detail: Detail | None) -> None:
        if detail is not None and detail.mutation.id != self.selected_id():
            return
        self.show_detail(detail)

    def show_detail(self, detail: Detail | None) -> None:
        self.detail = detail
        self.view.detail.show_detail(detail)
        self._enable_actions()

    def _enable_actions(self) -> None:
        allowed = STEPS.get(self.detail.mutation.status, ()) if self.detail else ()
        roles = set(self.operator.roles)
        for key in WORKFLOW:
            ok = key in allowed
            if key in ("attest", "reject"):
                ok = ok and bool(roles & {"revenue_officer", "supervisor"})
            if key == "correct":
                ok = ok and bool(roles & {"mutation_clerk", "supervisor"})
            self.view.actions_by_key[key].setEnabled(ok)

    # -- steps --------------------------------------------------------------------------------
    def new_entry(self) -> MutationEntryForm:
        form = MutationEntryForm(
            self.store, self.worker, self.operator, self.view.window(), lang=self.lang
        )
        form.done_with.connect(self._changed)
        form.finished.connect(lambda _=0: setattr(self, "dialog", None))
        self.dialog = form
        form.open()
        return form

    def correct(self, corrects: Detail | None = None) -> MutationEntryForm | None:
        """An attested mutation is read-only: a correction is a new entry, prefilled
        from it, with the reason; it is verified and attested like any other."""
        detail = corrects or self.detail
        if detail is None or detail.mutation.status != "attested":
            return None
        form = MutationEntryForm(
            self.store,
            self.worker,
            self.operator,
            self.view.window(),
            lang=self.lang,
            corrects=detail,
        )
        form.done_with.connect(self._changed)
        form.finished.connect(lambda _=0: setattr(self, "dialog", None))
        self.dialog = form
        form.open()
        return form

    def import_records(self) -> ImportDialog:
        """Earlier spreadsheet records into the register (checked row by row first)."""
        dialog = ImportDialog(self.store, self.worker, self.operator, self.view.window())
        dialog.imported.connect(self._imported)
        dialog.finished.connect(lambda _=0: setattr(self, "dialog", None))
        self.dialog = dialog
        dialog.open()
        return dialog

    def choose_mauza_list(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self.view.window(), tr("Import mauza list"), "", tr("CSV (*.csv)")
        )
        if name:
            self.import_mauzas(Path(name))

    def import_mauzas(self, path: Path) -> None:
        """The office's mauza list (tehsil, mauza) for the entry form's completer."""
        store = self.store
        self.worker.submit(
            lambda: mauza_list.import_csv(store, path),
            on_done=self._mauzas_in,
            on_error=lambda exc: self._say(error_text(exc)),
        )

    def _mauzas_in(self, result: mauza_list.MauzaImport) -> None:
        text = tr("{n} mauzas added for {t} tehsils.").format(n=result.added, t=result.tehsils)
        if result.skipped:
            text += " " + tr("{n} rows skipped; the first: {first}").format(
                n=len(result.skipped), first=result.skipped[0]
            )
            self._say(text)
        else:
            self.view.message.show_error("")
            self.message.emit(text)

    def _say(self, text: str) -> None:
        """A problem: under the toolbar and in the status bar."""
        self.view.message.show_error(text)
        self.message.emit(text)

    def _imported(self, outcome: Outcome) -> None:
        text = tr("Imported {n} register entries.").format(n=f"{outcome.imported:,}")
        self.message.emit(text)
        self.desk.changes.tables_changed(("mutations", "mutation_parties"), origin="local")

    def open_step(self, key: str) -> QDialog | None:
        if self.detail is None or key not in STEPS.get(self.detail.mutation.status, ()):
            return None
        if key == "verify":
            refusal = may_verify(self.operator, self.detail.mutation.recorded_by)
            if refusal:
                self.view.message.show_error(refusal)
                self.message.emit(refusal)
                return None
        dialog = DIALOGS[key](
            self.store, self.worker, self.operator, self.detail.mutation.id, self.view.window()
        )
        dialog.show_scans(self.desk.bridge.engine)  # checked and attested against the page
        dialog.done_with.connect(self._changed)
        dialog.finished.connect(lambda _=0: setattr(self, "dialog", None))
        self.dialog = dialog
        dialog.open()
        return dialog

    def _changed(self, result: CommandResult) -> None:
        self.message.emit(result.summary)
        engine = self.desk.bridge.engine
        if result.name in ("record_mutation", "correct_mutation") and engine is not None:
            wake = getattr(engine, "wake_attachments", None)
            if wake is not None:
                wake()  # a scan attached with the entry goes now, not after the next round
        self._select_id = result.data.get("mutation_id") or self.selected_id()
        self.desk.changes.command_done(result)

    # -- backlog ------------------------------------------------------------------------------
    def show_backlog(self) -> None:
        self.view.tabs.setCurrentIndex(1)

    def load_backlog(self) -> None:
        store = self.store
        self.worker.submit(
            lambda: load_backlog(store),
            on_done=self._backlog_in,
            on_error=lambda exc: self.view.message.show_error(error_text(exc)),
            key="mutation-backlog",
        )

    def _backlog_in(self, backlog: Backlog) -> None:
        self.view.backlog.show_backlog(backlog)

    def retranslate(self, lang: str, latin_font: QFont | None = None) -> None:
        super().retranslate(lang, latin_font)
        self.view.retranslate(lang)
        self.view.detail.retranslate(lang)
        self.model.set_language(lang, latin_font)
        self._count_text()
