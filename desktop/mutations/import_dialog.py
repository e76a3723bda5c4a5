"""The import dialog: choose a CSV or .xlsx file of earlier register records, see how
its columns map onto the register (and change it), check every row against the
domain's rules, then import the valid rows, all in one go, with progress and cancel.

Check and import both run on the database worker (`importing`): the window stays
live, progress comes back by a queued signal, Cancel stops between rows and leaves
nothing imported. Rows left out are listed with their row numbers and the reason,
and can be saved as a CSV.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from desktop.i18n import error_text, tr
from desktop.mutations.importing import (
    FIELDS,
    ImportFileError,
    Outcome,
    Sheet,
    entries,
    guess_mapping,
    import_entries,
    missing_columns,
    read_sheet,
    write_problems,
)
from desktop.operators import Operator
from desktop.qt import (
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QObject,
    QProgressBar,
    QPushButton,
    Qt,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
    Signal,
)
from desktop.widgets import ErrorLabel
from desktop.worker import DbWorker
from sync.store.local import BatchCancelled, LocalStore

#: Rows of problems shown in the dialog (all of them go into the saved file).
SHOWN_PROBLEMS = 500


class _Progress(QObject):
    """Carries progress from the worker thread to the dialog (a queued signal)."""

    moved = Signal(int, int)


class ImportDialog(QDialog):
    """Check, then import; `imported(outcome)` after rows went in."""

    imported = Signal(object)

    def __init__(
        self,
        store: LocalStore,
        worker: DbWorker,
        operator: Operator,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.setObjectName("mutation_import")
        self.store, self.worker, self.operator = store, worker, operator
        self.sheet: Sheet | None = None
        self.outcome: Outcome | None = None
        self.running = False
        self._stop = threading.Event()
        self._progress = _Progress(self)
        self._progress.moved.connect(self._moved)

        self.choose_button = QPushButton(self)
        self.choose_button.setObjectName("choose_file")
        self.file_label = QLabel(self)
        self.file_label.setObjectName("import_file")
        self.mapping_caption = QLabel(self)
        self.mapping = QTableWidget(0, 2, self)
        self.mapping.setObjectName("column_mapping")
        self.mapping.verticalHeader().setVisible(False)
        self.mapping.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.summary = QLabel(self)
        self.summary.setObjectName("import_summary")
        self.summary.setWordWrap(True)
        self.problems = QTableWidget(0, 2, self)
        self.problems.setObjectName("import_problems")
        self.problems.verticalHeader().setVisible(False)
        self.problems.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.progress = QProgressBar(self)
        self.progress.setObjectName("import_progress")
        self.progress.setVisible(False)
        self.message = ErrorLabel(self)
        self.check_button = QPushButton(self)
        self.check_button.setObjectName("check_import")
        self.import_button = QPushButton(self)
        self.import_button.setObjectName("run_import")
        self.save_button = QPushButton(self)
        self.save_button.setObjectName("save_problems")
        self.cancel_button = QPushButton(self)
        self.cancel_button.setObjectName("cancel_import")

        top = QHBoxLayout()
        top.addWidget(self.choose_button)
        top.addWidget(self.file_label, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addStretch(1)
        for b in (self.check_button, self.import_button, self.cancel_button):
            buttons.addWidget(b)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.mapping_caption)
        layout.addWidget(self.mapping, 3)
        layout.addWidget(self.summary)
        layout.addWidget(self.problems, 2)
        layout.addWidget(self.progress)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        self.resize(820, 760)

        self.choose_button.clicked.connect(self.choose)
        self.check_button.clicked.connect(lambda: self.run(check_only=True))
        self.import_button.clicked.connect(lambda: self.run(check_only=False))
        self.save_button.clicked.connect(self.save_problems)
        self.cancel_button.clicked.connect(self.cancel)
        self.retranslate()
        self._enable()

    # -- the file -----------------------------------------------------------------------------
    def choose(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self, tr("Import register records"), "", tr("Spreadsheets (*.csv *.xlsx)")
        )
        if name:
            self.load(Path(name))

    def load(self, path: Path) -> None:
        """Read the file on the worker, then show its column mapping."""
        self.message.show_error("")
        self.file_label.setText(str(path))
        self.sheet = self.outcome = None
        self._show_outcome()
        self._enable()
        self.worker.submit(
            lambda: read_sheet(path),
            on_done=self._sheet_in,
            on_error=self._failed,
            key="mutation-import-read",
        )

    def _sheet_in(self, sheet: Sheet) -> None:
        self.sheet = sheet
        guessed = guess_mapping(sheet.header)
        self.mapping.setRowCount(len(sheet.header))
        for n, title in enumerate(sheet.header):
            item = QTableWidgetItem(title or tr("(column {n})").format(n=n + 1))
            item.setFlags(Qt.ItemFlag.ItemIsEnabled)
            self.mapping.setItem(n, 0, item)
            combo = QComboBox(self.mapping)
            combo.addItem(tr("(leave out)"), None)
            for key, title_text, _ in FIELDS:
                combo.addItem(tr(title_text), key)
            combo.setCurrentIndex(max(combo.findData(guessed.get(n)), 0))
            combo.currentIndexChanged.connect(lambda *_: self._mapping_changed())
            self.mapping.setCellWidget(n, 1, combo)
        self._mapping_changed()

    def column_mapping(self) -> dict[int, str]:
        out: dict[int, str] = {}
        for n in range(self.mapping.rowCount()):
            combo = self.mapping.cellWidget(n, 1)
            if isinstance(combo, QComboBox) and combo.currentData():
                out[n] = str(combo.currentData())
        return out

    def _mapping_changed(self) -> None:
        self.outcome = None
        self._show_outcome()
        missing = missing_columns(self.column_mapping())
        titles = {k: tr(t) for k, t, _ in FIELDS}
        if self.sheet is not None:
            self.summary.setText(
                tr("{rows} rows. Columns not matched yet: {names}").format(
                    rows=f"{len(self.sheet.rows):,}", names=", ".join(titles[k] for k in missing)
                )
                if missing
                else tr("{rows} rows. Check them before importing.").format(
                    rows=f"{len(self.sheet.rows):,}"
                )
            )
        self._enable()

    # -- check and import ---------------------------------------------------------------------
    def run(self, *, check_only: bool) -> None:
        sheet, mapping = self.sheet, self.column_mapping()
        if sheet is None or missing_columns(mapping) or self.running:
            return
        if not check_only and (self.outcome is None or not self.outcome.checked_only):
            check_only = True  # always look before importing
        store, progress, stop = self.store, self._progress, self._stop
        self._stop.clear()
        self.running = True
        self.progress.setRange(0, max(len(sheet.rows), 1))
        self.progress.setValue(0)
        self.progress.setVisible(True)
        self.message.show_error("")
        self._enable()

        def job() -> Outcome:
            found = entries(sheet, mapping)
            return import_entries(
                store,
                found,
                check_only=check_only,
                progress=lambda done, total: progress.moved.emit(done, total),
                stop=stop.is_set,
            )

        self.worker.submit(job, on_done=self._done, on_error=self._failed)

    def _moved(self, done: int, total: int) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)

    def _done(self, outcome: Outcome) -> None:
        self.running = False
        self.progress.setVisible(False)
        self.outcome = outcome
        self._show_outcome()
        self._enable()
        if not outcome.checked_only and outcome.imported:
            self.imported.emit(outcome)

    def _failed(self, exc: BaseException) -> None:
        self.running = False
        self.progress.setVisible(False)
        if isinstance(exc, BatchCancelled):
            self.message.show_error(tr("Cancelled: nothing was imported."))
        elif isinstance(exc, ImportFileError):
            self.message.show_error(str(exc))
        else:
            self.message.show_error(error_text(exc))
        self._enable()

    def cancel(self) -> None:
        """Stop a running check or import (nothing is kept), else close."""
        if self.running:
            self._stop.set()
            return
        self.reject()

    # -- what it found ------------------------------------------------------------------------
    def _show_outcome(self) -> None:
        o = self.outcome
        self.problems.setRowCount(0)
        if o is None:
            return
        if o.checked_only:
            text = tr(
                "Checked: {ok} entries can be imported, {already} are already in the register, "
                "{bad} have problems (listed below; they will be left out)."
            )
        else:
            text = tr(
                "Imported {ok} entries; {already} were already in the register; "
                "{bad} left out (listed below)."
            )
        self.summary.setText(
            text.format(ok=f"{o.imported:,}", already=f"{o.already:,}", bad=f"{len(o.problems):,}")
        )
        shown = o.problems[:SHOWN_PROBLEMS]
        self.problems.setRowCount(len(shown))
        for n, (where, reason) in enumerate(shown):
            for column, text in enumerate((where, reason)):
                item = QTableWidgetItem(text)
                item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
                item.setToolTip(text)
                self.problems.setItem(n, column, item)

    def save_problems(self) -> None:
        if self.outcome is None or not self.outcome.problems:
            return
        name, _ = QFileDialog.getSaveFileName(
            self, tr("Save the rows left out"), "rows-left-out.csv", tr("CSV (*.csv)")
        )
        if name:
            self.save_problems_to(Path(name))

    def save_problems_to(self, target: Path) -> None:
        assert self.outcome is not None
        try:
            write_problems(self.outcome, target)
        except OSError as exc:
            self.message.show_error(tr("Could not save: {reason}").format(reason=exc.strerror))

    def _enable(self) -> None:
        ready = self.sheet is not None and not missing_columns(self.column_mapping())
        self.check_button.setEnabled(ready and not self.running)
        checked = self.outcome is not None and self.outcome.checked_only
        self.import_button.setEnabled(
            ready and not self.running and checked and bool(self.outcome and self.outcome.imported)
        )
        self.save_button.setEnabled(bool(self.outcome and self.outcome.problems))
        self.choose_button.setEnabled(not self.running)
        self.mapping.setEnabled(not self.running)

    def retranslate(self) -> None:
        self.setWindowTitle(tr("Import register records"))
        self.choose_button.setText(tr("Choose file…"))
        if self.sheet is None:
            self.file_label.setText(tr("A .csv or .xlsx file, one row per party."))
        self.mapping_caption.setText(tr("Columns of the file and where they go:"))
        self.mapping.setHorizontalHeaderLabels([tr("Column in the file"), tr("Register field")])
        self.problems.setHorizontalHeaderLabels([tr("Rows"), tr("Why left out")])
        self.check_button.setText(tr("Check"))
        self.import_button.setText(tr("Import"))
        self.save_button.setText(tr("Save the list…"))
        self.cancel_button.setText(tr("Cancel"))

    def closeEvent(self, event: Any) -> None:
        self._stop.set()  # a check or import still running stops, keeping nothing
        super().closeEvent(event)

    def reject(self) -> None:
        self._stop.set()
        super().reject()
