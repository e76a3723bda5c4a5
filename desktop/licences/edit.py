"""Edit an application and its applicant (Ctrl+E): name, relation (a woman's D/O or
W/O), father's or husband's name, date of birth, mobile, address, remarks.

Each changed record goes as one `edit_record` with the values the form showed and the
version they were read at (`base_values`, `base_version`): the server merges it field
by field with edits made elsewhere meanwhile, and a field changed on both sides comes
back as a conflict in the Inbox instead of one edit silently overwriting the other.
An issued licence's application is past the point of edit: the form says so and
leaves only the applicant's details open (the domain refuses the rest, code `final`).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from desktop.form_dialog import FormDialog
from desktop.form_fields import line_edit, parse_day
from desktop.i18n import N_, tr
from desktop.licences.detail import Detail
from desktop.licences.documents import holder_gender
from desktop.licences.forms import name_captions, relation_combo
from desktop.operators import Operator
from desktop.qt import QComboBox, QLineEdit, QWidget
from desktop.worker import DbWorker
from domain.commands import CommandResult
from domain.commands.records import FINAL_STATES, plain
from domain.errors import ValidationError
from sync.store.local import LocalStore

#: (table, field, label, Urdu editor) in form order.
FIELDS: tuple[tuple[str, str, str, bool], ...] = (
    ("persons", "name_en", N_("Name (English)"), False),
    ("persons", "name_ur", N_("Name (Urdu)"), True),
    ("persons", "father_name_en", N_("Father's or husband's name (English)"), False),
    ("persons", "father_name_ur", N_("Father's or husband's name (Urdu)"), True),
    ("persons", "date_of_birth", N_("Date of birth"), False),
    ("persons", "mobile", N_("Mobile"), False),
    ("persons", "address", N_("Address"), False),
    ("licence_applications", "remarks", N_("Remarks"), False),
)


def shown(value: Any) -> str:
    if isinstance(value, date):
        return value.strftime("%d-%m-%Y")
    return "" if value is None else str(value)


def save_edits(store: LocalStore, actor: str, edits: list[dict[str, Any]]) -> CommandResult:
    """Run each record's `edit_record`; one result naming every changed row."""
    results = [store.execute("edit_record", args, actor=actor) for args in edits]
    if not results:
        raise ValidationError(N_("Nothing was changed."))
    changed = [c for r in results for c in r.changed]
    return CommandResult(
        "edit_record",
        changed,
        results[-1].summary,
        {"conflicts": [c for r in results for c in r.data.get("conflicts", [])]},
    )


class EditDetailsDialog(FormDialog):
    """The applicant's details and the application's remarks, as the desk holds them."""

    def __init__(
        self,
        store: LocalStore,
        worker: DbWorker,
        operator: Operator,
        detail: Detail,
        parent: QWidget | None = None,
    ):
        super().__init__(worker, parent)
        self.setObjectName("edit_details")
        self.store, self.operator, self.detail = store, operator, detail
        self.final = detail.app.status in FINAL_STATES["licence_applications"]
        self.editors: dict[tuple[str, str], QLineEdit] = {}
        self.relation: QComboBox | None = None
        person = detail.person
        for table, field, text, urdu in FIELDS:
            row = person if table == "persons" else detail.app
            if row is None:
                continue
            if field == "father_name_en" and person is not None:
                self._add_relation(person)
            editor = line_edit(field if table == "persons" else f"app_{field}", self, urdu=urdu)
            editor.setText(shown(getattr(row, field)))
            if table == "licence_applications" and self.final:
                editor.setEnabled(False)
            self.editors[(table, field)] = editor
            self.add_field(field, editor, text)
        self.finish_tab_order()
        self.retranslate()
        self._name_captions()
        self.setMinimumSize(560, 480)  # every field in view, Remarks included

    def _add_relation(self, person: Any) -> None:
        """A woman's relation (D/O or W/O), before the name it qualifies; a man is S/O
        and is not asked."""
        if holder_gender(person.gender, person.cnic) != "female":
            return
        self.relation = relation_combo("female", self)
        index = self.relation.findData(person.relation)
        self.relation.setCurrentIndex(max(index, 0))
        self.relation.currentIndexChanged.connect(lambda _=0: self._name_captions())
        self.add_field("relation", self.relation, N_("Relation"))

    def _name_captions(self) -> None:
        if self.detail.person is not None:
            relation = self.relation.currentData() if self.relation is not None else "son_of"
            name_captions(self, relation)

    def retranslate(self) -> None:
        super().retranslate()
        self.setWindowTitle(tr("Edit details"))
        if self.final:
            self.show_intro(
                tr(
                    "This licence is issued: the application can no longer be edited; "
                    "a change to it needs a correcting order. The applicant's details "
                    "can still be corrected here."
                )
            )

    def _value(self, table: str, field: str) -> Any:
        text = self.editors[(table, field)].text().strip()
        if field == "date_of_birth":
            return parse_day(text, field).isoformat()
        if field == "mobile":
            return text.replace("-", "").replace(" ", "")
        return text

    def validate(self) -> dict[str, str]:
        try:
            edits = self.edits()
        except ValidationError as exc:
            return {exc.field or "name_en": tr(str(exc))}
        return {} if edits else {next(f for _, f in self.editors): tr("Nothing was changed.")}

    def edits(self) -> list[dict[str, Any]]:
        """One `edit_record` per record with changed fields, with the values replaced."""
        out = []
        for table, row in (
            ("persons", self.detail.person),
            ("licence_applications", self.detail.app),
        ):
            if row is None:
                continue
            changes: dict[str, Any] = {}
            base: dict[str, Any] = {}
            for (t, field), editor in self.editors.items():
                if t != table or not editor.isEnabled():
                    continue
                value, before = self._value(t, field), plain(getattr(row, field))
                if value != (before or ""):
                    changes[field], base[field] = value, before
            if table == "persons" and self.relation is not None:
                chosen = self.relation.currentData()
                if chosen != row.relation:
                    changes["relation"], base["relation"] = chosen, row.relation
            if changes:
                out.append(
                    {
                        "table": table,
                        "row_id": row.id,
                        "changes": changes,
                        "base_values": base,
                        "base_version": row.version,
                    }
                )
        return out

    def job(self) -> Callable[[], Any]:
        store, actor, edits = self.store, self.operator.username, self.edits()
        return lambda: save_edits(store, actor, edits)
