"""Starting the desktop: application, fonts, language, login, main window, sync.

`run_gui` is what `daftar` calls: `start_gui` (login, then the window) and the event
loop. `open_main_window` builds the same window without the login, for tests,
screenshots and the benchmark.
"""

from __future__ import annotations

import gc
import sys
from dataclasses import dataclass

from desktop.i18n import LANGUAGE_FACT, LANGUAGES, Language, load_fonts
from desktop.login import LoginDialog
from desktop.main_window import MainWindow
from desktop.operators import Operator
from desktop.qt import QApplication, QDialog, QIcon
from desktop.sync_bridge import EngineLike, SyncBridge
from desktop.worker import DbWorker
from desktop.workspace import WorkspaceRegistry
from domain.resources import resource_path
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


@dataclass
class Session:
    """What a running desktop is made of; `close()` stops its threads in order."""

    app: QApplication
    worker: DbWorker
    bridge: SyncBridge
    language: Language
    window: MainWindow | None = None

    def close(self) -> None:
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
    bridge = SyncBridge(store, worker, engine)
    return Session(app, worker, bridge, language)


def open_main_window(store: LocalStore, operator: Operator, engine: EngineLike | None = None,
                     lang: str | None = "en",
                     registry: WorkspaceRegistry | None = None) -> Session:
    """The main window, shown and loading its first rows, without a login; `registry`
    names its workspaces (Daftar's own when None)."""
    session = _session(store, engine, lang)
    window = MainWindow(store, session.worker, session.bridge, operator, session.language,
                        registry=registry)
    session.window = window
    window.show()
    window.start()
    return session


def start_gui(store: LocalStore, engine: EngineLike | None = None,
              lang: str | None = None) -> Session | None:
    """Log in and show the main window; None when the operator quits at the login."""
    session = _session(store, engine, lang)
    login = LoginDialog(store, session.worker)
    if login.exec() != QDialog.DialogCode.Accepted or login.operator is None:
        session.close()
        return None
    window = MainWindow(store, session.worker, session.bridge, login.operator, session.language)
    session.window = window
    window.show()
    window.start()
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
