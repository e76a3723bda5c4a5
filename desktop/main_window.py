"""The main window: workspaces on the left, the global search, the status bar.

The window names no workspace. It loops over a `WorkspaceRegistry`
(`desktop.workspaces.default_registry()` unless given another): a navigation entry,
a page, a menu and Ctrl+1…9 for each; the global search (Ctrl+F) goes to the
workspace shown when it searches, else to the first that does; every workspace, and
the status bar, hears `records_changed` and decides for itself what to read again.

A workspace that says `load_when_shown` loads its data when it is first shown, not
when the window opens (figures over 500,000 records took ~80 MB of memory and seconds
of the database worker at every start, for a page an operator may never open); until
then it is not told of changes either, since it reads everything when it starts.
"""

from __future__ import annotations

from desktop.changes import Changes
from desktop.i18n import LANGUAGE_FACT, LANGUAGES, Language, tr
from desktop.operators import Operator
from desktop.qt import (
    QAction,
    QActionGroup,
    QCloseEvent,
    QHBoxLayout,
    QKeySequence,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMenu,
    QMessageBox,
    QStackedWidget,
    Qt,
    QTimer,
    QToolBar,
    QWidget,
)
from desktop.status_bar import DaftarStatusBar
from desktop.sync_bridge import SyncBridge
from desktop.worker import DbWorker
from desktop.workspace import Desk, Workspace, WorkspaceRegistry, with_shortcut
from sync.status import SyncStatus
from sync.store.local import LocalStore

#: The sync engine starts at the latest this long after the window (see `_start_sync`).
SYNC_START_AT_LATEST_MS = 5000


#: The pause in typing after which the search box searches by itself.
SEARCH_PAUSE_MS = 200


class MainWindow(QMainWindow):
    def __init__(
        self,
        store: LocalStore,
        worker: DbWorker,
        bridge: SyncBridge,
        operator: Operator,
        language: Language,
        parent: QWidget | None = None,
        registry: WorkspaceRegistry | None = None,
    ):
        super().__init__(parent)
        if registry is None:
            from desktop.workspaces import default_registry

            registry = default_registry()
        self.setObjectName("main_window")
        self.store, self.worker, self.bridge = store, worker, bridge
        self.operator, self.language = operator, language
        self.changes = bridge.changes
        self.desk = Desk(store, worker, bridge, operator, self.changes)
        self.sync_action = QAction(self)
        self.sync_action.setObjectName("action_sync_now")
        self.sync_action.setShortcut(QKeySequence("Ctrl+Shift+S"))
        self.sync_action.triggered.connect(self.sync_now)

        self.nav = QListWidget(self)
        self.nav.setObjectName("navigation")
        self.nav.setMaximumWidth(170)
        self.nav.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.pages = QStackedWidget(self)
        self.workspaces: dict[str, Workspace] = {}
        for cls in registry:
            workspace = cls(self.desk, self)
            self.workspaces[cls.key] = workspace
            self.pages.addWidget(workspace.page)
            QListWidgetItem(self.nav).setData(Qt.ItemDataRole.UserRole, cls.key)
        self._started: set[str] = set()
        self._window_started = False
        self.nav.currentRowChanged.connect(self.pages.setCurrentIndex)
        self.nav.currentRowChanged.connect(lambda _row: self._start_shown())
        self.nav.currentRowChanged.connect(lambda _row: self._search_hint())
        self.nav.currentRowChanged.connect(self._page_left)
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
        # Results as the operator types, once a pause shows the word is there.
        self.search_timer = QTimer(self)
        self.search_timer.setSingleShot(True)
        self.search_timer.setInterval(SEARCH_PAUSE_MS)
        self.search_timer.timeout.connect(self._search_as_typed)
        self.search.textEdited.connect(lambda _text: self.search_timer.start())
        self.top = QToolBar(self)
        self.top.setObjectName("top_bar")
        self.top.setMovable(False)
        self.top.addWidget(self.search)
        self.addToolBar(self.top)

        self.status = DaftarStatusBar(self.sync_action, self)
        self.setStatusBar(self.status)
        self.status.attention_clicked.connect(self.show_attention)
        self.status.show_status(bridge.status)
        self.status.counts_wanted.connect(bridge.refresh_counts)
        self.changes.records_changed.connect(self.status.on_records_changed)
        bridge.status_changed.connect(self._sync_status)
        worker.busy_changed.connect(self.status.set_busy)
        worker.failed.connect(lambda job: self.status.showMessage(str(job.error), 8000))
        for workspace in self.workspaces.values():
            # A workspace working out of sight (a reload after a sync round) does not
            # speak over the one the operator is looking at.
            workspace.message.connect(lambda text, w=workspace: self._message_from(w, text))
            workspace.search_reset.connect(self.search.clear)
            workspace.open_workspace.connect(self.show_workspace)
            self.changes.records_changed.connect(
                lambda changes, w=workspace: self._records_changed(w, changes)
            )
        self._build_menus()
        self.nav.setCurrentRow(0)
        self.retranslate()
        self.resize(1366, 768)  # the commonest office screen

    def __getattr__(self, name: str) -> Workspace:
        """`window.<key>` for a registered workspace (tests and tools read it so)."""
        workspaces = self.__dict__.get("workspaces", {})
        if name in workspaces:
            return workspaces[name]
        raise AttributeError(name)

    @property
    def page_by_key(self) -> dict[str, QWidget]:
        return {key: workspace.page for key, workspace in self.workspaces.items()}

    def _build_menus(self) -> None:
        bar = self.menuBar()
        self.menu_file = bar.addMenu("")
        self.quit_action = QAction(self)
        self.quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        self.quit_action.triggered.connect(self.quit)
        self.quit_box: QMessageBox | None = None
        self._quit_told = False
        self.menu_file.addAction(self.quit_action)
        self.menu_view = bar.addMenu("")
        self.workspace_actions: list[QAction] = []
        for i, key in enumerate(self.workspaces):
            action = QAction(self)
            if i < 9:
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
        self.workspace_menus: dict[str, QMenu] = {}
        for key, workspace in self.workspaces.items():
            if workspace.menu_title is None:
                continue
            menu = bar.addMenu("")
            menu.setObjectName(f"menu_{key}")
            for entry in workspace.menu_actions():
                if entry is None:
                    menu.addSeparator()
                else:
                    menu.addAction(entry)
            self.workspace_menus[key] = menu

    # -- behaviour --------------------------------------------------------------------------
    # -- quitting ------------------------------------------------------------------------------
    def quit(self) -> None:
        """Ctrl+Q or the close box: with work not yet sent, say how much waits and that
        it is safe here (an operator closing before the server has it fears it is lost)."""
        pending = self.bridge.status.pending
        if pending <= 0 or self._quit_told:
            self._quit_told = True
            self.close()
            return
        if self.quit_box is not None:
            return
        box = QMessageBox(
            QMessageBox.Icon.Information,
            tr("Quit Daftar"),
            tr(
                "1 change waits for the next sync. It is saved on this computer and "
                "is safe; it will be sent the next time it is online."
            )
            if pending == 1
            else tr(
                "{n} changes wait for the next sync. They are saved on this "
                "computer and are safe; they will be sent the next time it "
                "is online."
            ).format(n=pending),
            QMessageBox.StandardButton.NoButton,
            self,
        )
        box.setObjectName("quit_with_pending")
        quit_button = box.addButton(tr("Quit"), QMessageBox.ButtonRole.AcceptRole)
        stay = box.addButton(tr("Stay"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(quit_button)
        box.setEscapeButton(stay)

        def answered(_: int = 0) -> None:
            self.quit_box = None
            if box.clickedButton() is quit_button:
                self._quit_told = True
                self.close()
            box.deleteLater()

        box.finished.connect(answered)
        self.quit_box = box
        box.open()

    def closeEvent(self, event: QCloseEvent) -> None:
        if event.spontaneous() and not self._quit_told and self.bridge.status.pending > 0:
            event.ignore()  # the operator's close box: tell first
            self.quit()
            return
        super().closeEvent(event)

    def start(self) -> None:
        """Show the counts and the first rows, then start syncing; call once the window
        is shown."""
        self.bridge.refresh_counts()  # not waiting for the engine: the counts are local
        self._sync_started = False
        self._window_started = True
        shown = self.current_workspace()
        eager = [w for w in self.workspaces.values() if not w.load_when_shown or w is shown]
        # The sync engine waits for these (see `_start_sync`); the others load when shown.
        self._waiting = {w.key for w in eager}
        for key, workspace in self.workspaces.items():
            workspace.ready.connect(lambda k=key: self._workspace_ready(k))
        at_latest = QTimer(self)  # goes with the window, so it never fires after it
        at_latest.setSingleShot(True)
        at_latest.timeout.connect(self._start_sync)
        at_latest.start(SYNC_START_AT_LATEST_MS)
        for workspace in eager:
            self._start(workspace)

    def _start(self, workspace: Workspace) -> None:
        if workspace.key not in self._started:
            self._started.add(workspace.key)
            workspace.start()

    def _start_shown(self) -> None:
        """A workspace that loads when shown, shown for the first time (after `start`)."""
        if self._window_started:
            self._start(self.current_workspace())

    def started(self, key: str) -> bool:
        """Whether the workspace has loaded its data."""
        return key in self._started

    def _records_changed(self, workspace: Workspace, changes: Changes) -> None:
        if workspace.key in self._started:  # one not yet shown reads all when it is
            workspace.on_records_changed(changes)

    def _workspace_ready(self, key: str) -> None:
        self._waiting.discard(key)
        if not self._waiting:
            self._start_sync()

    def _start_sync(self, *_: object) -> None:
        """The engine starts once every workspace has its first rows and ids (or
        after a few seconds if one never gets them). A first round that pulled while
        a 500,000-row list streamed its ids in stalled the window for 50 to 120 ms
        now and then (bench_desktop); once the list has them, under 30 ms."""
        if self._sync_started:
            return
        self._sync_started = True
        self.bridge.start()

    def _message_from(self, workspace: Workspace, text: str) -> None:
        if workspace is self.current_workspace():
            self.status.showMessage(text, 8000)

    def _page_left(self, _row: int) -> None:
        """A page's message ("3 inmates found") belongs to that page: it goes with it."""
        self.status.clearMessage()

    def current_workspace(self) -> Workspace:
        return list(self.workspaces.values())[max(self.nav.currentRow(), 0)]

    def show_workspace(self, key: str) -> None:
        self.nav.setCurrentRow(list(self.workspaces).index(key))

    def show_attention(self) -> None:
        for key, workspace in self.workspaces.items():
            if workspace.attention:
                self.show_workspace(key)
                return

    def search_target(self) -> Workspace | None:
        """The workspace the search box searches: the one shown if it searches, else
        the first that does."""
        if not self.workspaces:
            return None
        workspace = self.current_workspace()
        if workspace.searchable:
            return workspace
        return next((w for w in self.workspaces.values() if w.searchable), None)

    def _search_hint(self) -> None:
        target = self.search_target()
        self.search.setEnabled(target is not None)
        self.search.setPlaceholderText(
            tr(target.search_hint) if target and target.search_hint else ""
        )

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def _search_as_typed(self) -> None:
        workspace = self.search_target()
        if workspace is None:
            return
        if workspace is not self.current_workspace():
            self.show_workspace(workspace.key)
        workspace.search_as_typed(self.search.text())

    def run_search(self) -> None:
        """The search goes to the workspace shown if it searches, else to the first
        workspace that does."""
        self.search_timer.stop()
        workspace = self.search_target()
        if workspace is None:
            return
        if workspace is not self.current_workspace():
            self.show_workspace(workspace.key)
        if workspace.search(self.search.text()):
            target = workspace.focus_target()
            if target is not None:
                target.setFocus(Qt.FocusReason.OtherFocusReason)

    def sync_now(self) -> None:
        if not self.bridge.sync_now():
            self.status.showMessage(
                tr("No server is configured for this profile: work is kept on this computer."), 8000
            )

    def _sync_status(self, status: SyncStatus) -> None:
        self.status.show_status(status)

    def announce(self, changes: Changes) -> None:
        """Put `changes` on the one change signal (for tools that write directly)."""
        self.changes.records_changed.emit(changes)

    def set_language(self, lang: str) -> None:
        """Switch language now and remember it in the profile."""
        if not self.language.apply(lang):
            QMessageBox.warning(self, "Daftar", "The Urdu translation file could not be loaded.")
        self.language_actions[lang].setChecked(True)
        store = self.store
        self.worker.submit(lambda: store.set_facts(**{LANGUAGE_FACT: lang}))
        self.status.clearMessage()  # said in the language being left
        self.retranslate()

    def retranslate(self) -> None:
        lang = self.language.code
        self.setWindowTitle(
            tr("Daftar — {name} ({profile})").format(
                name=self.operator.full_name, profile=self.store.profile
            )
        )
        self._search_hint()
        for i, workspace in enumerate(self.workspaces.values()):
            title = workspace.display_title()
            self.nav.item(i).setText(title)
            self.workspace_actions[i].setText(title)
            self.nav.item(i).setToolTip(with_shortcut(title, f"Ctrl+{i + 1}" if i < 9 else ""))
            workspace.retranslate(lang, self.language.base_font)
            menu = self.workspace_menus.get(workspace.key)
            if menu is not None and workspace.menu_title:
                menu.setTitle(tr(workspace.menu_title))
        self.menu_file.setTitle(tr("&File"))
        self.quit_action.setText(tr("&Quit"))
        self.menu_view.setTitle(tr("&View"))
        self.find_action.setText(tr("&Search"))
        self.menu_language.setTitle(tr("&Language"))
        self.menu_sync.setTitle(tr("&Sync"))
        self.sync_action.setText(tr("Sync now"))
        self.sync_action.setToolTip(with_shortcut(tr("Sync now"), "Ctrl+Shift+S"))
        self.status.retranslate()
        # As wide as the longest title, no wider: the room goes to the list.
        metrics = self.nav.fontMetrics()
        widest = max(
            (metrics.horizontalAdvance(self.nav.item(i).text()) for i in range(self.nav.count())),
            default=80,
        )
        self.nav.setFixedWidth(widest + 2 * self.nav.frameWidth() + 24)
