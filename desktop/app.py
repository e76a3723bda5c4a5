"""Starting the desktop: application, fonts, language, login, main window, sync, lock.

`run_gui` is what `daftar` calls: `start_gui` (login, then the window) and the event
loop. `open_main_window` builds the same window without the login dialog, for tests,
screenshots and the benchmark (the store must already have a signer for commands).
Either way a `SessionGuard` locks the window after idle time, and for good when the
server says this computer was revoked.
"""

from __future__ import annotations

import gc
import sys
from dataclasses import dataclass

from sqlalchemy.orm import configure_mappers

from desktop.i18n import LANGUAGE_FACT, LANGUAGES, Language, load_fonts
from desktop.login import IdleWatch, LockScreen, LoginDialog
from desktop.main_window import MainWindow
from desktop.operators import LoginPolicy, Operator
from desktop.qt import QAction, QApplication, QDialog, QIcon, QObject, Qt, QWidget
from desktop.sync_bridge import EngineLike, SyncBridge
from desktop.worker import DbWorker
from desktop.workspace import WorkspaceRegistry
from domain.resources import resource_path
from sync.status import SyncStatus
from sync.store.local import LocalStore


def application() -> QApplication:
    """The QApplication (made once), with Daftar's name, icon and fonts."""
    app = QApplication.instance()
    if app is None:
        app = QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName("Daftar")
    app.setOrganizationName("Daftar")
    icon = resource_path("icons", "daftar.svg")
    if icon.exists():
        app.setWindowIcon(QIcon(str(icon)))
    load_fonts()
    return app


def language_for(store: LocalStore, lang: str | None) -> str:
    """An explicit `lang` wins; else the language remembered in the profile; else English."""
    if lang in LANGUAGES:
        return lang  # type: ignore[return-value]
    remembered = store.fact(LANGUAGE_FACT)
    return remembered if remembered in LANGUAGES else "en"


class SessionGuard(QObject):
    """Locks the main window: after `policy.idle` without key or mouse input (the
    operator's password opens it again, the work underneath untouched), and for good
    when the sync engine reports the device revoked (the store is locked too)."""

    def __init__(
        self,
        window: MainWindow,
        store: LocalStore,
        worker: DbWorker,
        bridge: SyncBridge,
        operator: Operator,
        policy: LoginPolicy | None = None,
    ):
        super().__init__(window)
        self.window = window
        app = QApplication.instance()
        assert app is not None, "the desk runs inside a QApplication"
        self.app = app
        self.screen = LockScreen(store, worker, operator, window)
        self.screen.unlocked.connect(self._unlocked)
        self.screen.quit_requested.connect(window.close)
        self.idle = IdleWatch.for_policy(policy or LoginPolicy.of(store), self.lock, self)
        self._disabled: list[QWidget | QAction] = []
        bridge.status_changed.connect(self._sync_status)
        window.language.changed.connect(lambda _code: self.screen.retranslate())
        if store.revoked():
            self.lock(revoked=True)
        else:
            self.idle.start(self.app)

    def lock(self, *, revoked: bool = False) -> None:
        """Cover the window, drop the operator's key, and switch off every control and
        shortcut underneath (their state and contents are kept as they are)."""
        self.idle.timer.stop()
        if revoked:
            self.screen.store.lock_revoked()
        if not self._disabled:
            for child in self.window.findChildren(
                QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly
            ):
                if child is not self.screen and child.isEnabled():
                    child.setEnabled(False)
                    self._disabled.append(child)
            for action in self.window.findChildren(QAction):
                if action.isEnabled():
                    action.setEnabled(False)
                    self._disabled.append(action)
        self.screen.lock(revoked=revoked)

    def _unlocked(self) -> None:
        for thing in self._disabled:
            thing.setEnabled(True)
        self._disabled.clear()
        self.idle.timer.start()

    def _sync_status(self, status: SyncStatus) -> None:
        if status.state == "revoked":
            self.lock(revoked=True)

    def stop(self) -> None:
        self.idle.stop(self.app)


@dataclass
class Session:
    """What a running desktop is made of; `close()` stops its threads in order."""

    app: QApplication
    worker: DbWorker
    bridge: SyncBridge
    language: Language
    window: MainWindow | None = None
    guard: SessionGuard | None = None

    def close(self) -> None:
        if self.guard is not None:
            self.guard.stop()
        if self.window is not None:
            self.window.close()
            self.window.deleteLater()  # its model holds the id list
        self.bridge.stop()
        self.worker.stop()
        self.language.apply("en")  # the next window in this process starts from English


def _session(store: LocalStore, engine: EngineLike | None, lang: str | None) -> Session:
    app = application()
    language = Language(app)
    language.apply(language_for(store, lang))
    worker = DbWorker()
    worker.start()
    # The models' one-time mapper set-up (a third of a second on a loaded laptop) runs
    # while the login is typed, not in the first list a workspace opens.
    worker.submit(configure_mappers, key="configure-mappers")
    bridge = SyncBridge(store, worker, engine)
    return Session(app, worker, bridge, language)


def _show_window(
    session: Session,
    store: LocalStore,
    operator: Operator,
    registry: WorkspaceRegistry | None = None,
) -> MainWindow:
    window = MainWindow(
        store, session.worker, session.bridge, operator, session.language, registry=registry
    )
    session.window = window
    session.guard = SessionGuard(window, store, session.worker, session.bridge, operator)
    window.show()
    window.start()
    return window


def open_main_window(
    store: LocalStore,
    operator: Operator,
    engine: EngineLike | None = None,
    lang: str | None = "en",
    registry: WorkspaceRegistry | None = None,
) -> Session:
    """The main window, shown and loading its first rows, without a login; `registry`
    names its workspaces (Daftar's own when None)."""
    session = _session(store, engine, lang)
    _show_window(session, store, operator, registry)
    return session


def start_gui(
    store: LocalStore, engine: EngineLike | None = None, lang: str | None = None
) -> Session | None:
    """Log in and show the main window; None when the operator quits at the login."""
    session = _session(store, engine, lang)
    login = LoginDialog(store, session.worker, transport=getattr(engine, "transport", None))
    if login.exec() != QDialog.DialogCode.Accepted or login.operator is None:
        session.close()
        return None
    _show_window(session, store, login.operator)
    # What exists now (modules, reference data, widgets) lives as long as the app:
    # keep it out of the collector's full passes, which otherwise stall the window.
    gc.collect()
    gc.freeze()
    return session


def run_gui(store: LocalStore, engine: EngineLike | None = None, lang: str | None = None) -> int:
    """Run the desktop until the operator quits; returns the exit code.

    `engine` is a `sync.engine.SyncEngine` (not started yet), or None when no server is
    configured: the desktop then works offline and says so in the status bar. An
    explicit `lang` ("en", "ur") wins over the language remembered in the profile.
    """
    session = start_gui(store, engine, lang)
    if session is None:
        return 0
    try:
        return session.app.exec()
    finally:
        session.close()
