"""Fix and send again: the form a refused step came from, filled in with what was sent.

The operator corrects what the server's reason points at and saves; the step goes as
a new command, and the refused one stays in the outbox marked `resent`. An application
opens in the new-application form (a new number from the series), a visit booking in
the booking dialog (in the first free slot the server offered); every other step in
`ResendDialog`, its arguments as a form.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from typing import Any

from desktop.form_dialog import FormDialog
from desktop.formatting import cnic
from desktop.i18n import tr
from desktop.inbox.queries import InboxItem
from desktop.licences.forms import NewApplicationForm
from desktop.operators import Operator
from desktop.qt import QComboBox, QLineEdit, QWidget
from desktop.visits.booking import BookingDialog
from desktop.worker import DbWorker
from sync.store.local import LocalStore


def _choose(combo: QComboBox, code: Any) -> None:
    index = combo.findData(code)
    if index >= 0:
        combo.setCurrentIndex(index)


def fill_application(form: NewApplicationForm, args: dict[str, Any]) -> None:
    """Put a `submit_licence_application`'s arguments back in its form's fields."""
    applicant = args.get("applicant") or {}
    form.cnic.setText(cnic(str(applicant.get("cnic", ""))))
    for editor, key in (
        (form.name_en, "name_en"),
        (form.name_ur, "name_ur"),
        (form.father_en, "father_name_en"),
        (form.father_ur, "father_name_ur"),
        (form.mobile, "mobile"),
        (form.address, "address"),
    ):
        editor.setText(str(applicant.get(key) or ""))
    form.set_relation(str(applicant.get("relation") or ""))
    born = applicant.get("date_of_birth")
    if isinstance(born, str) and born:
        form.birth.setText(date.fromisoformat(born).strftime("%d-%m-%Y"))
    form._district_touched = bool(args.get("district_code"))
    _choose(form.district, args.get("district_code"))
    _choose(form.weapon, args.get("weapon_type"))
    _choose(form.bore, args.get("bore"))
    _choose(form.validity, args.get("validity"))
    for code, box in form.documents.boxes.items():
        box.setChecked(code in (args.get("documents") or ()))
    form.remarks.setText(str(args.get("remarks") or ""))


def application_form(
    store: LocalStore,
    worker: DbWorker,
    operator: Operator,
    item: InboxItem,
    parent: QWidget | None,
    lang: str,
) -> NewApplicationForm:
    form = NewApplicationForm(store, worker, operator, parent, lang=lang)
    fill_application(form, item.args)
    return form


#: Arguments a desk adds itself when it records a command: never shown, never resent.
RECORDED_BY_DESK = ("at", "actor", "command_id", "base_values", "applicant_seen")


def resend_args(item: InboxItem, edited: dict[str, Any]) -> dict[str, Any]:
    """The refused step's arguments with the operator's corrections, as sent again: the
    desk's own stamps dropped (the new step gets its own), and the record a creation
    names given a new id (the refused one never existed on the server)."""
    from domain.commands.catalogue import SPECS
    from domain.ids import new_id

    args = {k: v for k, v in item.args.items() if k not in RECORDED_BY_DESK}
    args.update(edited)
    spec = SPECS.get(item.step)
    if spec is not None and spec.creates and spec.creates in args:
        args[spec.creates] = new_id()
    return args


class ResendDialog(FormDialog):
    """Fix and send again any refused step the inbox lists: its arguments in a form,
    filled in with what was sent. Texts and numbers are typed over; a slot comes from
    the free slots the server's refusal offered; lists and ids are shown as sent. Saved,
    the corrected step goes as a new command (`resend_args`)."""

    def __init__(
        self,
        store: LocalStore,
        worker: DbWorker,
        item: InboxItem,
        parent: QWidget | None = None,
    ):
        super().__init__(worker, parent)
        self.setObjectName("resend")
        self.store, self.item = store, item
        self.editors: dict[str, QLineEdit | QComboBox] = {}
        free = [s for s in (item.answer.get("hints") or {}).get("free_slots", []) if s]
        for key, value in item.args.items():
            if key in RECORDED_BY_DESK:
                continue
            label = key.replace("_", " ").capitalize()
            if key == "slot_id" and free:
                combo = QComboBox(self)
                for slot in free:
                    combo.addItem(str(slot.get("local") or slot.get("starts_at")), slot["slot_id"])
                combo.addItem(tr("The slot refused"), value)
                self.editors[key] = combo
                self.add_field(key, combo, label)
                continue
            line = QLineEdit(self)
            if isinstance(value, (str, int, float)) and not isinstance(value, bool):
                line.setText(str(value))
                if key.endswith("_id") or key == "id":
                    line.setReadOnly(True)
                else:
                    self.editors[key] = line
            else:
                line.setText(json.dumps(value, ensure_ascii=False))
                line.setReadOnly(True)
            self.add_field(key, line, label)
        self.finish_tab_order()
        self.retranslate()

    def retranslate(self) -> None:
        super().retranslate()
        self.setWindowTitle(tr("Fix and send again"))
        self.submit_button.setText(tr("Send again"))

    def edited(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, editor in self.editors.items():
            sent = self.item.args.get(key)
            if isinstance(editor, QComboBox):
                out[key] = editor.currentData()
            elif isinstance(sent, int):
                out[key] = int(editor.text().strip())
            elif isinstance(sent, float):
                out[key] = float(editor.text().strip())
            else:
                out[key] = editor.text()
        return out

    def validate(self) -> dict[str, str]:
        errors = {}
        for key, editor in self.editors.items():
            sent = self.item.args.get(key)
            if isinstance(editor, QLineEdit) and isinstance(sent, (int, float)):
                try:
                    float(editor.text().strip())
                except ValueError:
                    errors[key] = tr("Type a number.")
        return errors

    def job(self) -> Callable[[], Any]:
        store, step, args = self.store, self.item.step, resend_args(self.item, self.edited())
        runner = RUNNERS.get(step)
        if runner is not None:
            return lambda: runner(store, args)
        return lambda: store.execute(step, args)


def _move(store: LocalStore, args: dict[str, Any]) -> Any:
    from desktop.visits import workflow

    return workflow.move(store, str(args["booking_id"]), str(args["slot_id"]))


def _cancel(store: LocalStore, args: dict[str, Any]) -> Any:
    from desktop.visits import workflow

    return workflow.cancel(store, str(args["booking_id"]), str(args["reason"]))


#: Steps sent again through their workflow, not the bare command: a visit moved or
#: cancelled tells the family, as when the step was first taken.
RUNNERS: dict[str, Callable[[LocalStore, dict[str, Any]], Any]] = {
    "move_visit": _move,
    "cancel_visit": _cancel,
}


def booking_form(
    store: LocalStore, worker: DbWorker, item: InboxItem, parent: QWidget | None
) -> BookingDialog:
    """A refused booking opens in the booking dialog: the same inmate and visitors, in
    the first free slot the server offered (else the slot refused)."""
    from desktop.visits import queries as visits

    args = item.args
    free = (item.answer.get("hints") or {}).get("free_slots") or []
    slot_id = str(free[0]["slot_id"]) if free else str(args.get("slot_id", ""))
    office = store.identity().office_code
    inmate = visits.inmate_row(store, str(args.get("inmate_id", "")))
    slot = visits.slot_row(store, slot_id, office)
    if inmate is None or slot is None:
        raise LookupError(tr("The inmate or the slot of this booking is no longer on this desk."))
    dialog = BookingDialog(
        store, worker, inmate, slot, visits.approved_visitors(store, inmate.id), parent
    )
    visitors = [v for v in args.get("visitors") or [] if isinstance(v, dict)]
    lead = str(args.get("lead_visitor_cnic") or "")
    visitors.sort(key=lambda v: str(v.get("cnic") or "") != lead)  # the lead first
    for row, v in enumerate(visitors[: len(dialog.cnics)]):
        dialog.cnics[row].setText(cnic(str(v.get("cnic") or "")) if v.get("cnic") else "")
        dialog.names[row].setText(str(v.get("name") or ""))
        age = v.get("age")
        if isinstance(age, (int, float)):  # else the dialog's own default stays
            dialog.ages[row].setValue(int(age))
    return dialog
