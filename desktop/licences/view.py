"""Layout of the licence workspace: filter bar, action bar, table, detail pane.

Layout only (TagStudio's split): the controller connects the behaviour. Actions are
QActions so the same step is a toolbar button, a menu entry and a shortcut.
"""

from __future__ import annotations

from desktop.date_range import DateRangeFilter
from desktop.formatting import KIND_LABELS, STATUS_LABELS
from desktop.i18n import N_, tr
from desktop.licences.detail import DetailPane
from desktop.qt import (
    QAction,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QSplitter,
    Qt,
    QVBoxLayout,
    QWidget,
)
from desktop.record_view import RecordTableView
from desktop.widgets import ErrorLabel
from desktop.workspace import ActionSpec, ActionToolBar
from domain import reference

#: Every action of the workspace, in toolbar and menu order, each with its shortcut
#: (operators key a hundred records a day: no step needs the mouse).
ACTIONS: tuple[ActionSpec, ...] = (
    ActionSpec("new", N_("New application"), "Ctrl+N"),
    ActionSpec("renewal", N_("Renewal"), "Ctrl+R"),
    ActionSpec("refresh", N_("Refresh"), "F5"),
    ActionSpec("edit", N_("Edit details…"), "Ctrl+E"),
    ActionSpec("voucher", N_("Issue voucher"), "Ctrl+Shift+V", separator=True),
    ActionSpec("challan", N_("Print challan"), "Ctrl+P"),
    ActionSpec("verify", N_("Record verification"), "Ctrl+Shift+E"),
    ActionSpec("approve", N_("Approve"), "Ctrl+Shift+A"),
    ActionSpec("reject", N_("Reject"), "Ctrl+Shift+J"),
    ActionSpec("weapon", N_("Weapon details"), "Ctrl+Shift+W"),
    ActionSpec("issue", N_("Issue licence"), "Ctrl+Shift+L"),
    ActionSpec("card", N_("Print licence card"), "Ctrl+Shift+P"),
    ActionSpec("correct", N_("Correct licence…"), "Ctrl+Shift+C"),
    ActionSpec("printer", N_("Choose printers…"), "Ctrl+Shift+O", separator=True, toolbar=False),
)
#: The detail pane is never narrower than this when the list is fitted.
DETAIL_MIN = 270
WORKFLOW = (
    "voucher",
    "challan",
    "verify",
    "approve",
    "reject",
    "weapon",
    "issue",
    "card",
    "correct",
)


class LicenceView(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("licences")
        self.status = QComboBox(self)
        self.status.setObjectName("status_filter")
        self.district = QComboBox(self)
        self.district.setObjectName("district_filter")
        self.kind = QComboBox(self)
        self.kind.setObjectName("kind_filter")
        self.dates = DateRangeFilter(N_("Submitted from"), self)
        self.date_from, self.date_to = self.dates.date_from, self.dates.date_to
        self.count = QLabel(self)
        self.count.setObjectName("count")
        self.search_label = QLabel(self)
        self.message = ErrorLabel(self)
        self.message.setObjectName("licence_message")
        self._captions = [QLabel(self) for _ in range(3)]
        bar = QHBoxLayout()
        for caption, widget in zip(self._captions, (self.status, self.district, self.kind)):
            caption.setBuddy(widget)
            bar.addWidget(caption)
            bar.addWidget(widget)
        bar.addWidget(self.dates)
        bar.addStretch(1)
        bar.addWidget(self.search_label)
        bar.addWidget(self.count)

        self.toolbar = ActionToolBar(self)
        self.actions_by_key: dict[str, QAction] = {}

        self.table = RecordTableView(self, stretch="applicant")
        self.table.setObjectName("licence_table")
        self.detail = DetailPane(self)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(self.detail)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setSizes([860, 360])

        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 0)
        layout.addLayout(bar)
        layout.addWidget(self.toolbar)
        layout.addWidget(self.message)
        layout.addWidget(self.splitter, 1)
        self.fill_filters("en")
        self.retranslate("en")

    def fit_list(self) -> None:
        """The list as wide as its columns need, the detail pane the rest (at least
        DETAIL_MIN): at 1366 px no name, district or sync state is cut."""
        total = sum(self.splitter.sizes())
        if total <= 0:
            return
        wanted = self.table.measure()
        table = max(min(wanted, total - DETAIL_MIN), total // 2)
        if self.splitter.sizes()[0] != table:
            self.splitter.setSizes([table, total - table])
        self.table.fit_columns(remeasure=False)

    def set_actions(self, actions: dict[str, QAction]) -> None:
        """The workspace's actions as toolbar buttons (the same QActions as its menu)."""
        self.actions_by_key = actions
        self.toolbar.add_actions(ACTIONS, actions)

    def fill_filters(self, lang: str) -> None:
        """(Re)fill the filter choices in `lang`, keeping what is chosen."""
        for combo, items in (
            (self.status, [(code, tr(text)) for code, text in STATUS_LABELS.items()]),
            (self.district, [(d.code, d.name(lang)) for d in reference.districts()]),
            (self.kind, [(code, tr(text)) for code, text in KIND_LABELS.items()]),
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
        for caption, text in zip(self._captions, (N_("Status"), N_("District"), N_("Kind"))):
            caption.setText(tr(text))
        self.dates.retranslate()
        self.fill_filters(lang)
        self.detail.retranslate(lang)
        # The application font has just changed (Nastaliq is about twice as tall as
        # Latin type); the table's own metrics may not have caught up yet.
        self.table.set_row_height_for(lang)
