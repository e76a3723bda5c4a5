"""Layout of the licence workspace: filter bar, action bar, table, detail pane.

Layout only (TagStudio's split): the controller connects the behaviour. Actions are
QActions so the same step is a toolbar button, a menu entry and a shortcut.
"""

from __future__ import annotations

from datetime import date

from desktop.formatting import KIND_LABELS, STATUS_LABELS
from desktop.i18n import N_, tr
from desktop.licences.detail import DetailPane
from desktop.licences.table_model import COLUMNS
from desktop.qt import (QAbstractItemView, QAction, QApplication, QComboBox, QDate, QDateEdit,
                        QFontMetrics, QHBoxLayout,
                        QHeaderView, QKeySequence, QLabel, QSplitter, Qt, QTableView, QToolBar,
                        QVBoxLayout, QWidget)
from desktop.widgets import ErrorLabel
from domain import reference

#: (key, English text, shortcut) of every action of the workspace, in toolbar order;
#: None separates groups.
ACTIONS: tuple[tuple[str, str, str] | None, ...] = (
    ("new", N_("New application"), "Ctrl+N"), ("renewal", N_("Renewal"), "Ctrl+R"),
    ("refresh", N_("Refresh"), "F5"), None,
    ("voucher", N_("Issue voucher"), ""), ("challan", N_("Print challan"), "Ctrl+P"),
    ("verify", N_("Record verification"), ""), ("approve", N_("Approve"), ""),
    ("reject", N_("Reject"), ""), ("weapon", N_("Weapon details"), ""),
    ("issue", N_("Issue licence"), ""), ("card", N_("Print licence card"), ""),
)
WORKFLOW = ("voucher", "challan", "verify", "approve", "reject", "weapon", "issue", "card")
NO_DATE = QDate(2000, 1, 1)


class DateFilter(QDateEdit):
    """A date box that can also mean "any date" (its minimum, shown as a dash)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setCalendarPopup(True)
        self.setDisplayFormat("dd-MM-yyyy")
        self.setMinimumDate(NO_DATE)
        self.setSpecialValueText("—")
        self.setDate(NO_DATE)

    def value(self) -> date | None:
        d = self.date()
        return None if d == NO_DATE else date(d.year(), d.month(), d.day())


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
        self.date_from = DateFilter(self)
        self.date_to = DateFilter(self)
        self.count = QLabel(self)
        self.count.setObjectName("count")
        self.search_label = QLabel(self)
        self.message = ErrorLabel(self)
        self.message.setObjectName("licence_message")
        self._captions = [QLabel(self) for _ in range(4)]
        bar = QHBoxLayout()
        for caption, widget in zip(self._captions, (self.status, self.district, self.kind,
                                                    self.date_from)):
            bar.addWidget(caption)
            bar.addWidget(widget)
        self._to = QLabel(self)
        bar.addWidget(self._to)
        bar.addWidget(self.date_to)
        bar.addStretch(1)
        bar.addWidget(self.search_label)
        bar.addWidget(self.count)

        self.toolbar = QToolBar(self)
        self.toolbar.setToolButtonStyle(Qt.ToolButtonTextOnly)
        self.actions_by_key: dict[str, QAction] = {}
        for spec in ACTIONS:
            if spec is None:
                self.toolbar.addSeparator()
                continue
            key, _, shortcut = spec
            action = QAction(self)
            action.setObjectName(f"action_{key}")
            if shortcut:
                action.setShortcut(QKeySequence(shortcut))
                action.setShortcutContext(Qt.WindowShortcut)
            self.toolbar.addAction(action)
            self.actions_by_key[key] = action

        self.table = QTableView(self)
        self.table.setObjectName("licence_table")
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        # Fixed row heights: the view never measures 500,000 rows.
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.Fixed)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.horizontalHeader().setSortIndicatorShown(True)
        self.table.horizontalHeader().setSortIndicator(-1, Qt.AscendingOrder)
        self.detail = DetailPane(self)
        self.splitter = QSplitter(Qt.Horizontal, self)
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
        for caption, text in zip(self._captions, (N_("Status"), N_("District"), N_("Kind"),
                                                  N_("Submitted from"))):
            caption.setText(tr(text))
        self._to.setText(tr("to"))
        for spec in ACTIONS:
            if spec is not None:
                key, text, shortcut = spec
                action = self.actions_by_key[key]
                action.setText(tr(text))
                action.setToolTip(f"{tr(text)} ({shortcut})" if shortcut else tr(text))
        self.fill_filters(lang)
        self.detail.retranslate(lang)
        # The application font has just changed (Nastaliq is about twice as tall as
        # Latin type); the table's own metrics may not have caught up yet.
        height = QFontMetrics(QApplication.font()).height()
        self.table.verticalHeader().setDefaultSectionSize(
            height + 4 if lang == "ur" else int(height * 1.25) + 2)

    def column_widths(self) -> None:
        """Widths that fit the usual content in the font in use, set once the model is
        attached (fixed pixels cut a CNIC short on a larger font)."""
        samples = {"application_no": "PSH-26-S0000000", "applicant": "Muhammad Imran",
                   "cnic": "00000-0000000-0", "kind": "Renewal", "status": "Voucher issued",
                   "district": "Charsadda", "submitted": "00-00-0000", "sync": "● pending"}
        metrics = self.table.fontMetrics()
        for i, (key, _) in enumerate(COLUMNS):
            self.table.setColumnWidth(i, metrics.horizontalAdvance(samples[key]) + 14)
