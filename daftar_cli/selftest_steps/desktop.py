"""Self-test step of the desktop: the main window shown offscreen, in English and
Urdu (skipped by `--no-gui`)."""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from typing import Any

from daftar_cli.selftest import SelfTest, StepFailed, require, step


@step("desktop window (Qt)", order=70, when=lambda ctx: ctx.gui)
def desktop_window(ctx: SelfTest) -> str:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6 import __version__ as pyside_version
    from PySide6.QtCore import QCoreApplication, QEventLoop, Qt, qVersion
    from PySide6.QtWidgets import QApplication, QMainWindow

    _quiet_offscreen_warnings()
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(["daftar-selftest"])
    fallback = False
    try:
        from desktop.main_window import MainWindow
    except ModuleNotFoundError as exc:
        if exc.name != "desktop.main_window":
            raise  # the module is there but something it needs is not: a real fault
        fallback = True

    def pump(seconds: float = 0.3) -> None:
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
            time.sleep(0.01)

    if fallback:
        window = QMainWindow()
        window.setWindowTitle("Daftar ctx-test")
        window.show()
        pump()
        shown = window.isVisible()
        window.close()
        pump(0.05)
        require(shown, "a plain QMainWindow did not show")
        ctx.notes.append(
            "desktop.main_window is missing: the GUI step showed a plain "
            "QMainWindow instead of Daftar's main window"
        )
        return (
            f"plain QMainWindow (desktop.main_window missing) on "
            f"'{app.platformName()}', Qt {qVersion()}, PySide6 {pyside_version}"
        )

    window, close = _main_window(ctx, app, MainWindow)
    try:
        window.show()
        if hasattr(window, "start"):
            window.start()
        pump(0.5)
        require(window.isVisible(), "the main window did not show")
        title = window.windowTitle()
        urdu = _try_urdu(ctx, app, window, pump)
    finally:
        window.close()
        pump(0.1)
        close()
    return (
        f"MainWindow “{title}” shown and closed on '{app.platformName()}', "
        f"Qt {qVersion()}, PySide6 {pyside_version}; {urdu}"
        + ("" if app.layoutDirection() == Qt.LayoutDirection.LeftToRight else " (left in RTL!)")
    )


def _main_window(ctx: SelfTest, app: Any, main_window: type) -> tuple[Any, Callable[[], None]]:
    """Build desktop.main_window.MainWindow with what its constructor asks for."""
    import inspect

    from desktop.i18n import Language
    from desktop.operators import Operator
    from desktop.sync_bridge import SyncBridge
    from desktop.worker import DbWorker

    worker = DbWorker()
    worker.start()
    bridge = SyncBridge(ctx.store, worker, None)
    language = Language(app)
    language.apply("en")
    ctx.language = language
    available = {
        "store": ctx.store,
        "worker": worker,
        "bridge": bridge,
        "operator": Operator("selftest", "Self Test", "operator"),
        "language": language,
        "engine": None,
    }
    kwargs = {}
    for name, param in inspect.signature(main_window).parameters.items():
        if name in available:
            kwargs[name] = available[name]
        elif param.default is inspect.Parameter.empty and param.kind not in (
            param.VAR_POSITIONAL,
            param.VAR_KEYWORD,
        ):
            raise StepFailed(
                f"MainWindow asks for {name!r}, which the ctx-test does not "
                "know how to make: update daftar_cli/selftest.py"
            )
    window = main_window(**kwargs)

    def close() -> None:
        bridge.stop()
        worker.wait_idle(10)
        worker.stop()

    return window, close


def _try_urdu(ctx: SelfTest, app: Any, window: Any, pump: Callable[[float], None]) -> str:
    from PySide6.QtCore import Qt

    from desktop.i18n import translation_file

    if not translation_file("ur").is_file():
        return "no Urdu catalogue to switch to"
    language = ctx.language
    require(language.apply("ur"), f"{translation_file('ur')} did not load")
    if hasattr(window, "retranslate"):
        window.retranslate()
    pump(0.2)
    rtl = app.layoutDirection() == Qt.LayoutDirection.RightToLeft
    urdu_title = window.windowTitle()
    language.apply("en")
    if hasattr(window, "retranslate"):
        window.retranslate()
    require(rtl, "switching to Urdu did not lay the window out right to left")
    return f"Urdu catalogue loaded, right-to-left (“{urdu_title}”)"


def _quiet_offscreen_warnings() -> None:
    """The offscreen platform warns on every window that it cannot propagate size
    hints; that is noise here, every other Qt message still goes to stderr."""
    from PySide6.QtCore import qInstallMessageHandler

    def handler(_mode: Any, _context: Any, message: str) -> None:
        if "propagateSizeHints" not in message:
            print(message, file=sys.stderr)

    qInstallMessageHandler(handler)
