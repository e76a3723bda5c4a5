"""The dialog of a workflow step that needs more than a click (a reason, a result):
a `FormDialog` that runs one domain command on one record.

A workspace subclasses it per step, naming the command, the title, the button and
the fields; `args()` adds the fields to the record's id. Mutations, visits and
payments use the same base as the licence steps.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from desktop.form_dialog import FormDialog
from desktop.i18n import N_, tr
from desktop.operators import Operator
from desktop.qt import QWidget
from desktop.worker import DbWorker
from domain.commands import CommandResult
from sync.store.local import LocalStore


def run_command(store: LocalStore, actor: str, name: str, args: dict[str, Any]) -> CommandResult:
    """A step's command, in the database worker."""
    return store.execute(name, args, actor=actor)


class ActionDialog(FormDialog):
    """One step on one record: `record_id` goes in the command's `record_arg`."""

    command = ""
    title = ""
    button = N_("Save")
    record_arg = "id"

    def __init__(
        self,
        store: LocalStore,
        worker: DbWorker,
        operator: Operator,
        record_id: str,
        parent: QWidget | None = None,
    ):
        super().__init__(worker, parent)
        self.store, self.operator, self.record_id = store, operator, record_id

    def retranslate(self) -> None:
        super().retranslate()
        self.setWindowTitle(tr(self.title))
        self.submit_button.setText(tr(self.button))

    def args(self) -> dict[str, Any]:
        return {self.record_arg: self.record_id}

    def job(self) -> Callable[[], Any]:
        store, actor, name, args = self.store, self.operator.username, self.command, self.args()
        return lambda: run_command(store, actor, name, args)
