"""The base every workspace shares, and the registry the main window is built from.

Vorta's `views/base_tab.py` gives every tab the same footing and leaves the main
window only wiring tabs together; here a `Workspace` declares what the window needs
to know about it — its key, its title (English in the code, Urdu from the
catalogue), its page, its actions with their shortcuts and its menu, whether the
global search goes to it, and what it does when records change — and `MainWindow`
loops over a `WorkspaceRegistry` without naming any workspace.

Desk conventions live here so that every workspace inherits them: an action's
shortcut is shown in its menu entry and its tooltip, in both languages; a menu title
keeps its `&` letter in Urdu (the catalogue is checked by a test).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from desktop.changes import ChangeHub, Changes
from desktop.i18n import tr
from desktop.qt import QAction, QFont, QKeySequence, QObject, Qt, QToolBar, QWidget, Signal
from desktop.worker import DbWorker
from sync.store.local import LocalStore

if TYPE_CHECKING:
    from desktop.operators import Operator
    from desktop.sync_bridge import SyncBridge


@dataclass(frozen=True)
class ActionSpec:
    """One action of a workspace: `text` is English (translated when shown);
    `separator` puts a gap before it in the toolbar and menu; `toolbar` False keeps
    it in the menu only (settings, not steps)."""

    key: str
    text: str
    shortcut: str = ""
    separator: bool = False
    toolbar: bool = True


class ActionToolBar(QToolBar):
    """A workspace's actions as text buttons: the same QActions as its menu, in the
    order of its `ACTIONS`, a separator where a spec asks for one."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        # Room around each label: in Urdu the buttons otherwise read as one line of text.
        self.setStyleSheet("QToolButton { padding: 2px 6px; }")

    def add_actions(self, specs: tuple[ActionSpec, ...], actions: dict[str, QAction]) -> None:
        for spec in specs:
            if not spec.toolbar:
                continue
            if spec.separator:
                self.addSeparator()
            self.addAction(actions[spec.key])


@dataclass
class Desk:
    """What every workspace is given: the store, the database worker, the sync
    bridge, who is working, and the one change signal."""

    store: LocalStore
    worker: DbWorker
    bridge: SyncBridge
    operator: Operator
    changes: ChangeHub


def shortcut_text(shortcut: str) -> str:
    """A shortcut as the operator's keyboard names it (Ctrl+Shift+V)."""
    return QKeySequence(shortcut).toString(QKeySequence.SequenceFormat.NativeText)


def with_shortcut(text: str, shortcut: str) -> str:
    """A tooltip that teaches the shortcut: "Issue voucher (Ctrl+Shift+V)"."""
    return f"{text} ({shortcut_text(shortcut)})" if shortcut else text


class Workspace(QObject):
    """One workspace: a page in the window, a navigation entry, a menu of actions.

    Subclasses set the class attributes, build `page` in `__init__` (after calling
    this one) and override what they need. Signals: `message(text)` for the status
    bar, `search_reset()` when the workspace clears its search (the window empties
    its search box), `ready()` once its first rows are in (the sync engine waits
    for every workspace before it starts pulling), `open_workspace(key)` to send the
    operator to another workspace without calling it.
    """

    message = Signal(str)
    search_reset = Signal()
    ready = Signal()
    #: Asks the window to show another workspace by key (a detail pane's "Open the Inbox").
    open_workspace = Signal(str)

    #: Unique key (navigation, settings, tests: `window.workspaces[key]`).
    key: ClassVar[str] = ""
    #: Title in English, marked with N_ so the catalogue gives the Urdu.
    title: ClassVar[str] = ""
    #: The menu bar entry for its actions, with its `&` letter; None for no menu.
    menu_title: ClassVar[str | None] = None
    ACTIONS: ClassVar[tuple[ActionSpec, ...]] = ()
    #: True when the global search box searches this workspace.
    searchable: ClassVar[bool] = False
    #: What the search box says it takes, while this workspace is searched (English).
    search_hint: ClassVar[str] = ""
    #: True for the workspace that the status bar's "Needs attention" opens.
    attention: ClassVar[bool] = False
    #: True: `start` (its first load) waits until the operator first shows it, and it
    #: hears no `records_changed` before that. For a page whose load is heavy and that
    #: most operators never open (the dashboard's figures: ~80 MB at 500,000 records).
    load_when_shown: ClassVar[bool] = False

    def __init__(self, desk: Desk, parent: QObject | None = None):
        super().__init__(parent)
        self.desk = desk
        self.store, self.worker, self.operator = desk.store, desk.worker, desk.operator
        self.lang = "en"
        self.page: QWidget = QWidget()
        self.actions_by_key: dict[str, QAction] = {}

    def make_actions(self, owner: QWidget) -> dict[str, QAction]:
        """QActions for `ACTIONS`, owned by `owner` (the page), shortcuts window-wide."""
        for spec in self.ACTIONS:
            action = QAction(owner)
            action.setObjectName(f"action_{spec.key}")
            if spec.shortcut:
                action.setShortcut(QKeySequence(spec.shortcut))
                action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            self.actions_by_key[spec.key] = action
        self.retranslate_actions()
        return self.actions_by_key

    def retranslate_actions(self) -> None:
        for spec in self.ACTIONS:
            action = self.actions_by_key.get(spec.key)
            if action is not None:
                action.setText(tr(spec.text))
                action.setToolTip(with_shortcut(tr(spec.text), spec.shortcut))

    def menu_actions(self) -> list[QAction | None]:
        """The workspace's menu, in order; None is a separator."""
        out: list[QAction | None] = []
        for spec in self.ACTIONS:
            if spec.separator and out:
                out.append(None)
            out.append(self.actions_by_key[spec.key])
        return out

    # -- what a workspace may override ---------------------------------------------------------
    def display_title(self) -> str:
        return tr(self.title)

    def start(self) -> None:
        """First load, once the window is shown (or when the workspace is first shown,
        if it says `load_when_shown`). Emits `ready` when done."""
        self.ready.emit()

    def search(self, text: str) -> bool:
        """The global search box; False (after saying why) when `text` cannot be a search."""
        return False

    def search_as_typed(self, text: str) -> None:
        """The search box's text a moment after the operator stopped typing: search
        if it already is a search, quietly (Enter says what is wrong with it)."""

    def on_records_changed(self, changes: Changes) -> None:
        """Records changed (a local command or a sync round): refresh what is shown."""

    def focus_target(self) -> QWidget | None:
        """Where the keyboard goes when the workspace is opened or a search found rows."""
        return None

    def retranslate(self, lang: str, latin_font: QFont | None = None) -> None:
        self.lang = lang
        self.retranslate_actions()


WorkspaceFactory = Callable[[Desk, QObject], Workspace]


class WorkspaceRegistry:
    """The workspaces of the window, in navigation order."""

    def __init__(self, classes: tuple[type[Workspace], ...] = ()):
        self._classes: list[type[Workspace]] = list(classes)

    def register(self, cls: type[Workspace]) -> type[Workspace]:
        """Add a workspace class (usable as a decorator); a key may appear once."""
        if not cls.key or not cls.title:
            raise ValueError(f"{cls.__name__} needs a key and a title")
        if any(c.key == cls.key for c in self._classes):
            raise ValueError(f"a workspace with key {cls.key!r} is already registered")
        self._classes.append(cls)
        return cls

    def replace(self, cls: type[Workspace]) -> None:
        """Put `cls` in the place of the workspace with the same key (a placeholder
        giving way to the real workspace)."""
        for i, c in enumerate(self._classes):
            if c.key == cls.key:
                self._classes[i] = cls
                return
        self.register(cls)

    def copy(self) -> WorkspaceRegistry:
        return WorkspaceRegistry(tuple(self._classes))

    def __iter__(self) -> Iterator[type[Workspace]]:
        return iter(self._classes)

    def keys(self) -> list[str]:
        return [c.key for c in self._classes]
