"""Layout of the mutation workspace: the register (filters, actions, list, detail)
and the backlog, as two tabs. Layout only; the controller connects behaviour."""

from __future__ import annotations

from desktop.i18n import N_, tr
from desktop.mutations.backlog import BacklogPage
from desktop.mutations.detail import DetailPane
from desktop.mutations.table_model import MUTATION_STATUS_LABELS, tehsil_name
from desktop.qt import (
    QAction,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QSplitter,
    Qt,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)
from desktop.record_view import RecordTableView
from desktop.widgets import ErrorLabel
from desktop.workspace import ActionSpec, ActionToolBar
from domain import reference

ACTIONS: tuple[ActionSpec, ...] = (
    ActionSpec("entry", N_("Register entry"), "Ctrl+M"),
    ActionSpec("import", N_("Import from a spreadsheet…"), "Ctrl+Alt+I"),
    ActionSpec("mauzas", N_("Import mauza list…"), "Ctrl+Alt+Z", toolbar=False),
    ActionSpec("refresh", N_("Refresh"), "Alt+F5"),
    ActionSpec("verify", N_("Verify against the scan"), "Ctrl+Alt+V", separator=True),
    ActionSpec("attest", N_("Attest"), "Ctrl+Shift+T"),
    ActionSpec("reject", N_("Reject"), "Ctrl+Alt+J"),
    ActionSpec("correct", N_("Correct (a correcting mutation)…"), "Ctrl+Alt+K"),
    ActionSpec("backlog", N_("Backlog"), "Ctrl+B", separator=True),
)
WORKFLOW = ("verify", "attest", "reject", "correct")


class MutationView(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("mutations")
        self.status = QComboBox(self)
        self.status.setObjectName("status_filter")
        self.tehsil = QComboBox(self)
        self.tehsil.setObjectName("tehsil_filter")
        self.count = QLabel(self)
        self.count.setObjectName("count")
        self.search_label = QLabel(self)
        self.message = ErrorLabel(self)
        self.message.setObjectName("mutation_message")
        self._captions = [QLabel(self) for _ in range(2)]
        bar = QHBoxLayout()
        for caption, widget in zip(self._captions, (self.status, self.tehsil)):
            caption.setBuddy(widget)
            bar.addWidget(caption)
            bar.addWidget(widget)
        bar.addStretch(1)
        bar.addWidget(self.search_label)
        bar.addWidget(self.count)
        self.toolbar = ActionToolBar(self)
        self.actions_by_key: dict[str, QAction] = {}
        self.table = RecordTableView(self, stretch="mauza")
        self.table.setObjectName("mutation_table")
        self.detail = DetailPane(self)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(self.detail)
        self.splitter.setSizes([820, 400])
        register = QWidget(self)
        inner = QVBoxLayout(register)
        inner.setContentsMargins(0, 0, 0, 0)
        inner.addLayout(bar)
        inner.addWidget(self.message)
        inner.addWidget(self.splitter, 1)
        self.backlog = BacklogPage(self)
        self.tabs = QTabWidget(self)
        self.tabs.addTab(register, "")
        self.tabs.addTab(self.backlog, "")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 0)
        layout.addWidget(self.toolbar)
        layout.addWidget(self.tabs, 1)
        self.fill_filters("en")
        self.retranslate("en")

    def set_actions(self, actions: dict[str, QAction]) -> None:
        self.actions_by_key = actions
        self.toolbar.add_actions(ACTIONS, actions)

    def fill_filters(self, lang: str) -> None:
        tehsils = [
            (t.code, tehsil_name(t.code, lang))
            for d in reference.districts()
            for t in reference.tehsils(d.code)
        ]
        for combo, items in (
            (self.status, [(c, tr(t)) for c, t in MUTATION_STATUS_LABELS.items()]),
            (self.tehsil, tehsils),
        ):
            current = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(tr("All"), None)
            for code, text in items:
                combo.addItem(text, code)
            combo.setCurrentIndex(max(combo.findData(current), 0))
            combo.blockSignals(False)

    def retranslate(self, lang: str) -> None:
        for caption, text in zip(self._captions, (N_("Status"), N_("Tehsil"))):
            caption.setText(tr(text))
        self.tabs.setTabText(0, tr("Register"))
        self.tabs.setTabText(1, tr("Backlog"))
        self.fill_filters(lang)
        self.backlog.retranslate(lang)
