"""Fix and send again: the form a refused step came from, filled in with what was sent.

The operator corrects what the server's reason points at and saves; the step goes as
a new command (a new application number from the series), and the refused one stays
in the outbox marked `resent`.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from desktop.formatting import cnic
from desktop.inbox.queries import InboxItem
from desktop.licences.forms import NewApplicationForm
from desktop.operators import Operator
from desktop.qt import QComboBox, QWidget
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
