"""The status bar: connectivity, last sync (Karachi time), pending and needs-attention
counts, a busy indicator for background work, and "Sync now" — at all times
(DESIGN.md principle 5)."""

from __future__ import annotations

from desktop.changes import Changes
from desktop.formatting import karachi_time
from desktop.i18n import tr
from desktop.qt import (
    QAction,
    QFontMetrics,
    QLabel,
    QProgressBar,
    QStatusBar,
    Qt,
    QTimer,
    QToolButton,
    QWidget,
    Signal,
)
from desktop.sync_bridge import NO_SERVER
from desktop.widgets import dot_icon
from sync.status import SyncStatus

#: How long a worker job runs before the status bar shows it (see `set_busy`).
BUSY_AFTER_MS = 250


def elide_words(text: str, width: int, metrics: QFontMetrics) -> str:
    """`text` if it fits in `width` pixels, else its longest run of whole words that
    fits, followed by "…"."""
    if metrics.horizontalAdvance(text) <= width:
        return text
    words = text.split(" ")
    while len(words) > 1:
        words.pop()
        candidate = " ".join(words).rstrip(",;:—-") + "…"
        if metrics.horizontalAdvance(candidate) <= width:
            return candidate
    return words[0] + "…"


STATE_COLOURS = {
    "online": "#2e7d32",
    "syncing": "#1565c0",
    "offline": "#757575",
    "busy": "#ef6c00",
    "not_enrolled": "#c77c02",
}


class DaftarStatusBar(QStatusBar):
    """`attention_clicked()` asks the window to open the inbox; `counts_wanted()` asks
    the sync bridge to count pending work again."""

    attention_clicked = Signal()
    counts_wanted = Signal()

    def __init__(self, sync_action: QAction, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("status_bar")
        self.status = SyncStatus()
        self._busy_jobs = 0
        self._busy_label = ""
        # A job of the worker shows the busy bar only if it is still running after
        # BUSY_AFTER_MS: a search's list (10-50 ms) would flash it on and off, two
        # re-layouts of the status bar in every search.
        self._busy_later = QTimer(self)
        self._busy_later.setSingleShot(True)
        self._busy_later.setInterval(BUSY_AFTER_MS)
        self._busy_later.timeout.connect(self._show_busy)
        self.full_message = ""
        self.busy_text = QLabel(self)
        self.busy = QProgressBar(self)
        self.busy.setObjectName("busy")
        self.busy.setMaximumWidth(120)
        self.busy.setMaximumHeight(14)
        self.busy.setTextVisible(False)
        self.connectivity = QLabel(self)
        self.connectivity.setObjectName("connectivity")
        self.last_sync = QLabel(self)
        self.last_sync.setObjectName("last_sync")
        self.pending = QLabel(self)
        self.pending.setObjectName("pending")
        self.attention = QToolButton(self)
        self.attention.setObjectName("attention")
        self.attention.setAutoRaise(True)
        self.attention.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.attention.clicked.connect(self.attention_clicked)
        self.sync_button = QToolButton(self)
        self.sync_button.setObjectName("sync_now")
        self.sync_button.setDefaultAction(sync_action)
        for widget in (
            self.busy_text,
            self.busy,
            self.connectivity,
            self.last_sync,
            self.pending,
            self.attention,
            self.sync_button,
        ):
            self.addPermanentWidget(widget)
        self._show_busy()
        self.show_status(self.status)

    def show_status(self, status: SyncStatus) -> None:
        self.status = status
        words = {
            "online": tr("Online"),
            "offline": tr("Offline"),
            "busy": tr("Server busy"),
            "syncing": tr("Syncing…"),
            "not_enrolled": tr("Not enrolled"),
            "revoked": tr("Revoked"),
        }
        text = words.get(status.state, status.state)
        if status.state == "offline" and status.message == NO_SERVER:
            text = tr("Offline — no server configured")
        self.connectivity.setText(
            f"<span style='color:{STATE_COLOURS.get(status.state, '#757575')}'>●</span> {text}"
        )
        if status.state == "busy" and status.retry_after is not None:
            # The server sheds load (a morning burst): not offline, and nothing is lost.
            self.connectivity.setToolTip(
                tr(
                    "The server is busy; this desk tries again in {seconds} s. "
                    "Your work is kept on this desk."
                ).format(seconds=f"{status.retry_after:g}")
            )
        else:
            self.connectivity.setToolTip(status.message)
        when = karachi_time(status.last_sync) if status.last_sync else tr("never")
        self.last_sync.setText(tr("Last sync: {when}").format(when=when))
        self.pending.setText(tr("Pending: {n}").format(n=status.pending))
        self.attention.setText(tr("Needs attention: {n}").format(n=status.attention))
        self.attention.setIcon(dot_icon("#c62828" if status.attention else "#9e9e9e"))
        self.attention.setToolTip(
            tr("Refused changes and conflicts waiting for a person; click to open the Inbox.")
        )
        self._show_busy()

    def showMessage(self, text: str, timeout: int | None = 0) -> None:
        """A message that fits is shown whole; a longer one is cut after its last
        whole word that fits, with "…", and reads in full in the tooltip (never
        cut mid-word, where "Dera Isma…" could mislead)."""
        self.full_message = text
        self.setToolTip(text)
        super().showMessage(
            elide_words(text, self.message_room(), self.fontMetrics()), timeout or 0
        )

    def message_room(self) -> int:
        """Pixels left of the permanent widgets for a message."""
        used = sum(
            w.sizeHint().width() + 8
            for w in (
                self.busy_text,
                self.busy,
                self.connectivity,
                self.last_sync,
                self.pending,
                self.attention,
                self.sync_button,
            )
            if w.isVisible()
        )
        return max(self.width() - used - 24, 80)

    def on_records_changed(self, changes: Changes) -> None:
        """A local command adds pending work (and may settle a conflict); a sync round
        brings its own counts with its status."""
        if changes.origin != "sync":
            self.counts_wanted.emit()

    def set_busy(self, jobs: int, label: str) -> None:
        """Background jobs of the database worker (queries, commands, printing)."""
        self._busy_jobs, self._busy_label = jobs, label
        if jobs and self.status.state != "syncing" and not self.busy.isVisible():
            if not self._busy_later.isActive():
                self._busy_later.start()
            return
        self._busy_later.stop()
        self._show_busy()

    def _show_busy(self) -> None:
        s = self.status
        if s.state == "syncing":
            if s.progress_total:
                self.busy.setRange(0, s.progress_total)
                self.busy.setValue(min(s.progress_done, s.progress_total))
            else:
                self.busy.setRange(0, 0)  # indeterminate
            self.busy_text.setText(s.message or tr("Syncing…"))
            self.busy.show()
        elif self._busy_jobs:
            self.busy.setRange(0, 0)
            self.busy_text.setText(self._busy_label)
            self.busy.show()
        else:
            self.busy.hide()
            self.busy_text.setText("")

    def retranslate(self) -> None:
        self.show_status(self.status)
