"""Running a report from the desk: ask where to save it, then write it on a thread of
its own with a progress dialog whose Cancel stops it (no half-written file is left).

Not on the database worker: a 20,000-row PDF takes seconds, and the worker serves the
window's lists and commands, which must not queue behind it.
"""

from __future__ import annotations

import threading
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop.dashboard import reports
from desktop.db import read_engine
from desktop.i18n import tr
from desktop.qt import QFileDialog, QObject, QProgressDialog, Qt, Signal

if TYPE_CHECKING:
    from desktop.dashboard.workspace import DashboardWorkspace


class ReportRun(QObject):
    """One report being written; signals arrive on the GUI thread."""

    progressed = Signal(int, int)
    finished = Signal(object)  # the Path written
    failed = Signal(object)  # the exception (reports.Cancelled when cancelled)

    def __init__(self, workspace: DashboardWorkspace, name: str, fmt: str, path: Path):
        super().__init__(workspace)
        self.cancel = threading.Event()
        self.path = path
        flt = workspace.current_filter()
        flt = reports.default_filter(name, flt.districts, flt.start, flt.end)
        offline, as_of = workspace.offline(), workspace.desk.bridge.status.last_sync
        store = workspace.store

        def run() -> None:
            try:
                with read_engine(store).connect() as conn:
                    report = reports.build(
                        name,
                        conn,
                        flt,
                        **({"offline": offline, "as_of": as_of} if name == "daily_revenue" else {}),
                    )
                self.finished.emit(
                    reports.write(
                        report, fmt, path, lambda d, t: self.progressed.emit(d, t), self.cancel
                    )
                )
            except BaseException as exc:  # noqa: BLE001 - handed to the GUI thread
                self.failed.emit(exc)

        self.dialog: QProgressDialog | None = None
        self.writer = threading.Thread(target=run, name=f"report-{name}", daemon=True)

    def start(self) -> None:
        self.writer.start()


def run_report(
    workspace: DashboardWorkspace, name: str, fmt: str, path: Path, *, dialog: bool = True
) -> ReportRun:
    """Start writing `name` as `fmt` to `path`, with a progress dialog that can cancel."""
    run = ReportRun(workspace, name, fmt, path)
    if dialog:
        box = QProgressDialog(tr("Writing the report…"), tr("Cancel"), 0, 0, workspace.page)
        box.setWindowTitle(tr(reports.REPORTS[name][0]))
        box.setWindowModality(Qt.WindowModality.WindowModal)
        box.setMinimumDuration(300)
        box.canceled.connect(run.cancel.set)

        def progressed(done: int, total: int) -> None:
            box.setMaximum(max(total, 1))
            box.setValue(done)

        run.progressed.connect(progressed)
        run.finished.connect(lambda _p: box.reset())
        run.failed.connect(lambda _e: box.reset())
        run.dialog = box
    run.finished.connect(
        lambda p: workspace.message.emit(tr("Report saved: {path}").format(path=str(p)))
    )
    run.failed.connect(
        lambda e: workspace.message.emit(
            tr("The report was cancelled; no file was written.")
            if isinstance(e, reports.Cancelled)
            else tr(
                "The report could not be written: {error}. Check the folder and try again."
            ).format(error=str(e))
        )
    )
    workspace.runs = [*(r for r in workspace.runs if r.writer.is_alive()), run]
    run.start()
    return run


def ask_and_run(workspace: DashboardWorkspace, name: str) -> Any:
    filters = "PDF (*.pdf);;Excel (*.xlsx);;CSV (*.csv)"
    default = f"{name}_{datetime.now():%Y%m%d}.pdf"
    path, chosen = QFileDialog.getSaveFileName(workspace.page, tr("Save report"), default, filters)
    if not path:
        return None
    fmt = "xlsx" if "xlsx" in chosen else "csv" if "csv" in chosen.lower() else "pdf"
    target = Path(path)
    if target.suffix.lower() != f".{fmt}":
        target = target.with_suffix(f".{fmt}")
    return run_report(workspace, name, fmt, target)
