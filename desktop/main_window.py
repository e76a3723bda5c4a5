"""The main window: workspaces on the left, the global search, the status bar.

Only the arms licence workspace is built in this issue; the others say they are
coming. The global search (Ctrl+F) takes a CNIC with or without dashes, an
application or licence number, or the start of a name in English or Urdu, and
opens the matching records in the licence workspace.
"""

from __future__ import annotations

from desktop.i18n import LANGUAGE_FACT, LANGUAGES, N_, Language, tr
from desktop.licences.controller import LicenceController
from desktop.licences.view import LicenceView
from desktop.operators import Operator
from desktop.qt import (QAction, QActionGroup, QHBoxLayout, QKeySequence, QLineEdit, QListWidget,
                        QListWidgetItem, QMainWindow, QMessageBox, QStackedWidget, Qt, QTimer,
                        QToolBar, QWidget)
from desktop.status_bar import DaftarStatusBar
from desktop.sync_bridge import SyncBridge
from desktop.widgets import LaterPage
from desktop.worker import DbWorker
from sync.status import SyncStatus
from sync.store.local import LocalStore

#: The sync engine starts at the latest this long after the window (see `_start_sync`).
SYNC_START_AT_LATEST_MS = 5000
WORKSPACES: tuple[tuple[str, str], ...] = (
    ("licences", N_("Arms licences")), ("mutations", N_("Mutations")),
    ("visits", N_("Prison visits")), ("payments", N_("Payments")),
    ("conflicts", N_("Conflicts")), ("dashboard", N_("Dashboard")),
)


class MainWindow(QMainWindow):
    def __init__(self, store: LocalStore, worker: DbWorker, bridge: SyncBridge,
                 operator: Operator, language: Language, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("main_window")
        self.store, self.worker, self.bridge = store, worker, bridge
        self.operator, self.language = operator, language
        self.sync_action = QAction(self)
        self.sync_action.setObjectName("action_sync_now")
        self.sync_action.setShortcut(QKeySequence("Ctrl+Shift+S"))
        self.sync_action.triggered.connect(self.sync_now)

        self.nav = QListWidget(self)
        self.nav.setObjectName("navigation")
        self.nav.setMaximumWidth(150)
        self.pages = QStackedWidget(self)
        self.licence_view = LicenceView(self)
        self.licences = LicenceController(self.licence_view, store, worker, bridge, operator, self)
        self.page_by_key: dict[str, QWidget] = {}
        for key, _ in WORKSPACES:
            page = self.licence_view if key == "licences" else LaterPage(dict(WORKSPACES)[key], self)
            self.page_by_key[key] = page
            self.pages.addWidget(page)
            QListWidgetItem(self.nav).setData(Qt.UserRole, key)
        self.nav.currentRowChanged.connect(self.pages.setCurrentIndex)
        central = QWidget(self)
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.nav)
        layout.addWidget(self.pages, 1)
        self.setCentralWidget(central)

        self.search = QLineEdit(self)
        self.search.setObjectName("global_search")
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(360)
        self.search.returnPressed.connect(self.run_search)
        self.top = QToolBar(self)
        self.top.setObjectName("top_bar")
        self.top.setMovable(False)
        self.top.addWidget(self.search)
        self.addToolBar(self.top)

        self.status = DaftarStatusBar(self.sync_action, self)
        self.setStatusBar(self.status)
        self.status.attention_clicked.connect(lambda: self.show_workspace("conflicts"))
        self.status.show_status(bridge.status)
        bridge.status_changed.connect(self._sync_status)
        worker.busy_changed.connect(self.status.set_busy)
        worker.failed.connect(lambda job: self.status.showMessage(str(job.error), 8000))
        self.licences.message.connect(lambda text: self.status.showMessage(text, 8000))
        self.licences.search_reset.connect(self.search.clear)
        self._build_menus()
        self.nav.setCurrentRow(0)
        self.retranslate()
        self.resize(1366, 768)  # the commonest office screen

    def _build_menus(self) -> None:
        bar = self.menuBar()
        self.menu_file = bar.addMenu("")
        self.quit_action = QAction(self)
        self.quit_action.setShortcut(QKeySequence.Quit)
        self.quit_action.triggered.connect(self.close)
        self.menu_file.addAction(self.quit_action)
        self.menu_view = bar.addMenu("")
        self.workspace_actions: list[QAction] = []
        for i, (key, _) in enumerate(WORKSPACES):
            action = QAction(self)
            action.setShortcut(QKeySequence(f"Ctrl+{i + 1}"))
            action.triggered.connect(lambda _=False, k=key: self.show_workspace(k))
            self.menu_view.addAction(action)
            self.workspace_actions.append(action)
        self.find_action = QAction(self)
        self.find_action.setShortcut(QKeySequence("Ctrl+F"))
        self.find_action.triggered.connect(self.focus_search)
        self.menu_view.addSeparator()
        self.menu_view.addAction(self.find_action)
        self.menu_language = self.menu_view.addMenu("")
        group = QActionGroup(self)
        self.language_actions: dict[str, QAction] = {}
        for code, name in LANGUAGES.items():
            action = QAction(name, self, checkable=True)
            action.setObjectName(f"language_{code}")
            action.setChecked(code == self.language.code)
            action.triggered.connect(lambda _=False, c=code: self.set_language(c))
            group.addAction(action)
            self.menu_language.addAction(action)
            self.language_actions[code] = action
        self.menu_sync = bar.addMenu("")
        self.menu_sync.addAction(self.sync_action)
        self.menu_licences = bar.addMenu("")
        for action in self.licence_view.actions_by_key.values():
            self.menu_licences.addAction(action)

    # -- behaviour --------------------------------------------------------------------------
    def start(self) -> None:
        """Show the counts and the first rows, then start syncing; call once the window
        is shown."""
        self.bridge.refresh_counts()  # not waiting for the engine: the counts are local
        self._sync_started = False
        self.licences.model.loaded.connect(self._start_sync)
        at_latest = QTimer(self)  # goes with the window, so it never fires after it
        at_latest.setSingleShot(True)
        at_latest.timeout.connect(self._start_sync)
        at_latest.start(SYNC_START_AT_LATEST_MS)
        self.licences.apply_filters()

    def _start_sync(self, *_: object) -> None:
        """The engine starts once the list has all its ids (or after a few seconds if
        it never gets them). A first round that pulled while a 500,000-row list
        streamed its ids in stalled the window for 50 to 120 ms now and then
        (bench_desktop); once the list has them, under 30 ms."""
        if self._sync_started:
            return
        self._sync_started = True
        self.bridge.start()

    def show_workspace(self, key: str) -> None:
        keys = [k for k, _ in WORKSPACES]
        self.nav.setCurrentRow(keys.index(key))

    def focus_search(self) -> None:
        self.search.setFocus(Qt.ShortcutFocusReason)
        self.search.selectAll()

    def run_search(self) -> None:
        self.show_workspace("licences")
        if self.licences.search(self.search.text()):
            self.licence_view.table.setFocus(Qt.OtherFocusReason)

    def sync_now(self) -> None:
        if not self.bridge.sync_now():
            self.status.showMessage(tr("No server is configured for this profile: work is kept "
                                       "on this computer."), 8000)

    def _sync_status(self, status: SyncStatus) -> None:
        was_syncing = self.status.status.state == "syncing"
        self.status.show_status(status)
        if was_syncing and status.state != "syncing":
            if "licence_applications" in status.changed_tables:
                # The round may have brought new applications (a first sync brings them
                # all): read the list again, keeping the selection.
                self.licences.refresh()
            else:
                # It may have brought payments or decisions: re-read what is shown.
                self.licences.model.refresh_rows(None)
                self.licences.load_detail(self.licences.selected_id())

    def set_language(self, lang: str) -> None:
        """Switch language now and remember it in the profile."""
        if not self.language.apply(lang):
            QMessageBox.warning(self, "Daftar", "The Urdu translation file could not be loaded.")
        self.language_actions[lang].setChecked(True)
        store = self.store
        self.worker.submit(lambda: store.set_facts(**{LANGUAGE_FACT: lang}))
        self.retranslate()

    def retranslate(self) -> None:
        lang = self.language.code
        self.setWindowTitle(tr("Daftar — {name} ({profile})").format(
            name=self.operator.full_name, profile=self.store.profile))
        self.search.setPlaceholderText(tr("Search: CNIC, application or licence number, or name "
                                          "(Ctrl+F)"))
        titles = dict(WORKSPACES)
        for i, (key, _) in enumerate(WORKSPACES):
            self.nav.item(i).setText(tr(titles[key]))
            self.workspace_actions[i].setText(tr(titles[key]))
            page = self.page_by_key[key]
            if isinstance(page, LaterPage):
                page.retranslate()
        self.menu_file.setTitle(tr("&File"))
        self.quit_action.setText(tr("Quit"))
        self.menu_view.setTitle(tr("&View"))
        self.find_action.setText(tr("Search"))
        self.menu_language.setTitle(tr("Language"))
        self.menu_sync.setTitle(tr("&Sync"))
        self.sync_action.setText(tr("Sync now"))
        self.sync_action.setToolTip(tr("Sync now (Ctrl+Shift+S)"))
        self.menu_licences.setTitle(tr("&Licences"))
        self.licences.retranslate(lang, self.language.base_font)
        self.status.retranslate()
