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
from desktop.qt import QLineEdit, QWidget
from desktop.worker import DbWorker
from domain.commands import CommandResult
from sync.store.local import LocalStore


def run_command(store: LocalStore, actor: str, name: str, args: dict[str, Any]) -> CommandResult:
    """A step's command, in the database worker."""
    return store.execute(name, args, actor=actor)


class ActionDialog(FormDialog):
    """One step on one record: `record_id` goes in the command's `record_arg`.

    A step may show the record beside its fields (`add_side_panel`: a mutation's
    scanned pages while the officer attests)."""

    command = ""
    title = ""
    button = N_("Save")
    record_arg = "id"
    #: What is shown beside the fields, once added; None: the fields alone.
    side_panel: QWidget | None = None

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

    def add_side_panel(self, panel: QWidget, min_width: int = 900) -> QWidget:
        """`panel` in a column of its own beside the fields, sharing the width with
        them; the dialog is at least `min_width` wide from then on."""
        self.side_panel = panel
        self.columns.addWidget(panel, 1)
        self.setMinimumWidth(max(self.minimumWidth(), min_width))
        return panel

    def retranslate(self) -> None:
        super().retranslate()
        self.setWindowTitle(tr(self.title))
        self.submit_button.setText(tr(self.button))

    def args(self) -> dict[str, Any]:
        return {self.record_arg: self.record_id}

    def job(self) -> Callable[[], Any]:
        store, actor, name, args = self.store, self.operator.username, self.command, self.args()
        return lambda: run_command(store, actor, name, args)


class NoteDialog(ActionDialog):
    """A step whose one field is a line of text: a reason, a note, remarks.

    `field` names the command argument (and the attribute the line edit is kept
    under, e.g. `dialog.reason`), `label` its caption, `required` the message shown
    when it is left empty ("" for an optional field). The licence rejection and
    approval, the voucher cancellation, the exception clearing and a mutation's
    attestation and rejection (with its scans as a side panel) are all this."""

    field = "reason"
    label = N_("Reason")
    required = ""
    #: The dialog's object name (tests and screenshots find it by it).
    name = ""

    def __init__(self, *a: Any, **k: Any):  # as `ActionDialog`
        super().__init__(*a, **k)
        self.setObjectName(self.name or self.command)
        self.line = QLineEdit(self)
        self.line.setObjectName(self.field)
        setattr(self, self.field, self.line)  # `dialog.reason`, as its subclass declares
        self.add_field(self.field, self.line, self.label)
        self.finish_tab_order()
        self.retranslate()

    def validate(self) -> dict[str, str]:
        if self.required and not self.line.text().strip():
            return {self.field: tr(self.required)}
        return {}

    def args(self) -> dict[str, Any]:
        return {**super().args(), self.field: self.line.text().strip()}
