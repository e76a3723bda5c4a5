"""The inbox's two small forms: a value typed for a field conflict, and the note a
refused step is dismissed with. Each runs one command through the database worker."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from desktop.form_dialog import FormDialog
from desktop.i18n import N_, tr
from desktop.inbox import queries
from desktop.inbox.queries import InboxItem
from desktop.qt import QLineEdit, QWidget
from desktop.worker import DbWorker
from sync.store.local import LocalStore


class _OneLine(FormDialog):
    title = ""
    button = N_("Save")
    label = ""

    def __init__(
        self,
        store: LocalStore,
        worker: DbWorker,
        actor: str,
        item: InboxItem,
        parent: QWidget | None = None,
    ):
        super().__init__(worker, parent)
        self.store, self.actor, self.item = store, actor, item
        self.text = QLineEdit(self)
        self.text.setObjectName("value")
        self.add_field("value", self.text, self.label)
        self.finish_tab_order()
        self.retranslate()

    def retranslate(self) -> None:
        super().retranslate()
        self.setWindowTitle(tr(self.title))
        self.submit_button.setText(tr(self.button))


class ValueDialog(_OneLine):
    """Neither side's value is right: the operator types the one that is."""

    title = N_("Type the right value")
    button = N_("Keep this value")
    label = N_("Value")
    FIELD_ALIASES = {"value": "value"}

    def __init__(self, *a: Any, **k: Any):
        super().__init__(*a, **k)
        self.setObjectName("conflict_value")
        self.text.setText("" if self.item.ours is None else str(self.item.ours))

    def validate(self) -> dict[str, str]:
        return {} if self.text.text().strip() else {"value": tr("Type the value to keep.")}

    def job(self) -> Callable[[], Any]:
        store, actor, cid, value = (
            self.store,
            self.actor,
            self.item.conflict_id,
            self.text.text().strip(),
        )
        return lambda: queries.resolve(store, actor, cid, value)


class DismissDialog(_OneLine):
    """Let a refused step go, saying why: the note stays in the record's history."""

    title = N_("Dismiss with a note")
    button = N_("Dismiss")
    label = N_("Note")
    FIELD_ALIASES = {"note": "value"}

    def __init__(self, *a: Any, **k: Any):
        super().__init__(*a, **k)
        self.setObjectName("dismiss")

    def validate(self) -> dict[str, str]:
        return (
            {}
            if self.text.text().strip()
            else {"value": tr("Write a note saying why the refused step is dismissed.")}
        )

    def job(self) -> Callable[[], Any]:
        store, actor, item, note = self.store, self.actor, self.item, self.text.text().strip()
        return lambda: queries.dismiss(store, actor, item, note)
