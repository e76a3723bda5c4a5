"""A workspace whose page is a toolbar of its actions over a list, each action a step:
a command run at once or a dialog (`desktop.action_dialog`) that runs one.

The payments and inbox workspaces were each wiring their toolbar, reporting a step's
result and opening a step's dialog the same way; this is that way, once. A step's
result goes out on the one change signal (`Desk.changes`), its failure shows in the
page's error line and the status bar, and only one dialog is open at a time
(`dialog`, which tests drive).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from desktop.i18n import error_text, tr
from desktop.qt import QAction, QDialog, QToolBar, QWidget
from desktop.widgets import ErrorLabel
from desktop.workspace import Workspace
from domain.commands import CommandResult


class StepWorkspace(Workspace):
    """Subclasses build their page, then call `wire_actions` and set `step_message`
    (the page's error line)."""

    dialog: QDialog | None = None
    step_message: ErrorLabel

    def wire_actions(
        self,
        owner: QWidget,
        toolbar: QToolBar,
        handlers: Mapping[str, Callable[[], Any]],
    ) -> dict[str, QAction]:
        """The workspace's `ACTIONS` as QActions on `toolbar` (separators where the
        specs say), each triggering its handler."""
        actions = self.make_actions(owner)
        for spec in self.ACTIONS:
            if spec.separator:
                toolbar.addSeparator()
            toolbar.addAction(actions[spec.key])
        for key, handler in handlers.items():
            actions[key].triggered.connect(lambda _=False, h=handler: h())
        return actions

    def _done(self, result: CommandResult) -> None:
        self.step_message.show_error("")
        self.message.emit(tr(result.summary))
        self.desk.changes.command_done(result)

    def _failed(self, exc: BaseException) -> None:
        text = error_text(exc)
        self.step_message.show_error(text)
        self.message.emit(text)

    def _open(self, dialog: QDialog) -> QDialog:
        """Open a step's dialog (window-modal, not blocking); its result is `_done`."""
        dialog.done_with.connect(self._done)  # type: ignore[attr-defined]
        dialog.finished.connect(lambda _=0: setattr(self, "dialog", None))
        self.dialog = dialog
        dialog.open()
        return dialog
