"""Dialogs for the workflow steps that need more than a click: verification,
approval, rejection (with its reason), the weapon bought after approval, and the
correcting order that puts right a mistake in an issued licence.

Which steps are offered follows the domain's state machine (`ARMS_APPLICATION`), so
the desktop never offers a move the command would refuse.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from desktop.action_dialog import ActionDialog, NoteDialog
from desktop.form_fields import line_edit
from desktop.formatting import ltr
from desktop.i18n import N_, error_text, tr
from desktop.operators import Operator
from desktop.qt import QAction, QComboBox, QLineEdit, Qt, QWidget
from desktop.worker import DbWorker
from desktop.workspace import with_shortcut
from domain import reference
from domain.commands.args import Args
from domain.commands.catalogue import SPECS
from domain.commands.corrections import correction_reason
from domain.commands.licences import CORRECTABLE, licence_changes
from domain.errors import ValidationError
from domain.states import ARMS_APPLICATION
from sync.store.local import LocalStore


@dataclass(frozen=True)
class AppState:
    """What the action bar needs to know about the selected application."""

    id: str
    status: str
    kind: str
    weapon_type: str
    bore: str
    payable_voucher: bool  # an unpaid voucher: its challan is what the applicant pays
    has_licence: bool


def allowed_actions(app: AppState | None) -> set[str]:
    """The workflow steps that make sense for `app` now."""
    if app is None:
        return set()
    can = lambda target: ARMS_APPLICATION.can(app.status, target)  # noqa: E731
    out = set()
    if can("voucher_issued"):
        out.add("voucher")
    if can("verified"):
        out.add("verify")
    if can("approved"):
        out.add("approve")
    if can("rejected"):
        out.add("reject")
    if app.kind == "new" and can("weapon_entered"):
        out.add("weapon")
    if app.status == "weapon_entered" or (app.status == "approved" and app.kind != "new"):
        out.add("issue")
    if app.payable_voucher:  # not once paid: a second copy of a paid challan invites paying twice
        out.add("challan")
    if app.has_licence and app.status == "licence_issued":
        out.add("card")
        out.add("correct")
    return out


#: Steps only some roles may take: the command the step runs, whose catalogue entry
#: names the roles (`@command(roles=...)`), and what the others are told.
GATED = {
    "correct": (
        "correct_licence",
        N_("Only a licence officer or a supervisor may correct an issued licence."),
    ),
}


def permitted(key: str, roles: tuple[str, ...] | list[str]) -> bool:
    """Whether an operator with `roles` may take step `key` (the server checks again)."""
    gate = GATED.get(key)
    return gate is None or bool(SPECS[gate[0]].roles & set(roles))


def gate_actions(
    actions: dict[str, QAction], roles: tuple[str, ...] | list[str], shortcuts: dict[str, str]
) -> None:
    """Disable the steps this operator's roles do not allow, the tooltip saying who may
    (called after the actions were enabled for the selected application)."""
    for key, (_, why) in GATED.items():
        action = actions.get(key)
        if action is None or permitted(key, roles):
            continue
        action.setEnabled(False)
        action.setToolTip(with_shortcut(action.text(), shortcuts.get(key, "")) + " — " + tr(why))


class _StepDialog(ActionDialog):
    """A step on the selected application (`app` says what the step may offer)."""

    record_arg = "application_id"

    def __init__(
        self,
        store: LocalStore,
        worker: DbWorker,
        operator: Operator,
        app: AppState,
        parent: QWidget | None = None,
    ):
        super().__init__(store, worker, operator, app.id, parent)
        self.app = app


class VerificationDialog(_StepDialog):
    # The result combo box keeps the name the office uses, over QDialog.result().
    result: QComboBox  # type: ignore[assignment]
    command = "record_verification"
    title = N_("Record verification")
    button = N_("Record verification")

    def __init__(self, *a: Any, **k: Any):
        super().__init__(*a, **k)
        self.setObjectName("verification")
        self.result = QComboBox(self)  # type: ignore[method-assign]
        self.result.setObjectName("result")
        self.agency = QComboBox(self)
        self.remarks = QLineEdit(self)
        self.remarks.setObjectName("remarks")
        self.add_field("result", self.result, N_("Result"))
        self.add_field("agency", self.agency, N_("Verified by"))
        self.add_field("remarks", self.remarks, N_("Remarks"))
        self.finish_tab_order()
        self.retranslate()

    def retranslate(self) -> None:
        super().retranslate()
        for combo, items in (
            (self.result, (("cleared", N_("Cleared")), ("adverse", N_("Adverse")))),
            (self.agency, (("police", N_("Police")), ("department", N_("Employing department")))),
        ):
            current = combo.currentData()
            combo.clear()
            for code, text in items:
                combo.addItem(tr(text), code)
            combo.setCurrentIndex(max(combo.findData(current), 0))

    def validate(self) -> dict[str, str]:
        if self.result.currentData() == "adverse" and not self.remarks.text().strip():
            return {"remarks": tr("Write what the adverse report says.")}
        return {}

    def args(self) -> dict[str, Any]:
        return {
            **super().args(),
            "result": self.result.currentData(),
            "agency": self.agency.currentData(),
            "remarks": self.remarks.text().strip(),
        }


class _NoteStep(_StepDialog, NoteDialog):
    """A step on the selected application whose one field is a line of text
    (`_StepDialog` takes the application, `NoteDialog` builds the field)."""


class ApproveDialog(_NoteStep):
    remarks: QLineEdit
    command = "approve_application"
    name = "approve"
    title = N_("Approve application")
    button = N_("Approve")
    field = "remarks"
    label = N_("Remarks (optional)")


class RejectDialog(_NoteStep):
    reason: QLineEdit
    command = "reject_application"
    name = "reject"
    title = N_("Reject application")
    button = N_("Reject")
    field = "reason"
    label = N_("Reason")
    required = N_("Write the reason: the applicant will be told it.")


class WeaponDialog(_StepDialog):
    command = "enter_weapon_details"
    title = N_("Weapon details")
    button = N_("Save weapon")

    def __init__(self, *a: Any, **k: Any):
        super().__init__(*a, **k)
        self.setObjectName("weapon")
        self.number = QLineEdit(self)
        self.number.setObjectName("weapon_number")
        self.make = QLineEdit(self)
        self.make.setObjectName("weapon_make")
        self.bore = QComboBox(self)
        self.bore.setLayoutDirection(Qt.LayoutDirection.LeftToRight)  # ".22", not "22."
        weapon = reference.weapon_type(self.app.weapon_type)
        for bore in weapon.bores:
            self.bore.addItem(ltr(bore), bore)
        self.bore.setCurrentIndex(max(self.bore.findData(self.app.bore), 0))
        self.add_field("weapon_number", self.number, N_("Weapon number"))
        self.add_field("weapon_make", self.make, N_("Make"))
        self.add_field("bore", self.bore, N_("Bore"))
        self.finish_tab_order()
        self.retranslate()

    def validate(self) -> dict[str, str]:
        errors = {}
        if not self.number.text().strip():
            errors["weapon_number"] = tr("Type the number stamped on the weapon.")
        if not self.make.text().strip():
            errors["weapon_make"] = tr("Type the make of the weapon.")
        return errors

    def args(self) -> dict[str, Any]:
        return {
            **super().args(),
            "weapon_number": self.number.text().strip(),
            "weapon_make": self.make.text().strip(),
            "bore": self.bore.currentData() or "",
        }


class CorrectLicenceDialog(_StepDialog):
    """A correcting order on the application's issued licence (`correct_licence`):
    the fields start at the licence's values, only those changed are sent, and the
    reason is required. The domain's own checks run as the form is submitted, so its
    messages stand under their fields before the command is ever run."""

    command = "correct_licence"
    title = N_("Correct licence")
    button = N_("Save correction")
    record_arg = "licence_id"
    #: The correctable fields (`domain.commands.licences.CORRECTABLE`), with captions
    #: whose & letter moves the focus there (Alt+letter, the same letter in Urdu).
    CAPTIONS = {
        "holder_name_en": N_("&Name (English)"),
        "holder_name_ur": N_("Name (&Urdu)"),
        "bore": N_("&Bore"),
        "weapon_number": N_("&Weapon number"),
        "weapon_make": N_("&Make"),
    }

    def __init__(self, *a: Any, **k: Any):
        super().__init__(*a, **k)
        self.setObjectName("correct_licence")
        self.licence: Any = None
        self.editors: dict[str, QLineEdit | QComboBox] = {}
        for field in CORRECTABLE:
            if field == "bore":
                combo = QComboBox(self)
                combo.setObjectName("bore")
                combo.setLayoutDirection(Qt.LayoutDirection.LeftToRight)  # ".22", not "22."
                for bore in reference.weapon_type(self.app.weapon_type).bores:
                    combo.addItem(ltr(bore), bore)
                self.editors[field] = combo
            else:
                self.editors[field] = line_edit(field, self, urdu=field.endswith("_ur"))
            self.add_field(field, self.editors[field], self.CAPTIONS[field])
        self.reason = line_edit("reason", self)
        self.add_field("reason", self.reason, N_("&Reason and order"))
        self.finish_tab_order()
        self.retranslate()
        self.setMinimumWidth(520)
        from desktop.licences.detail import load_detail

        store, app_id = self.store, self.app.id
        self.worker.submit(
            lambda: load_detail(store, app_id), on_done=self._licence_in, key="correct-licence"
        )

    def retranslate(self) -> None:
        super().retranslate()
        self.reason.setPlaceholderText(tr("What was wrong, and on whose order it is corrected"))
        if self.licence is not None:
            self.show_intro(
                tr(
                    "Licence {number}: the change and its reason go in the licence's history."
                ).format(number=self.licence.licence_no)
            )

    def _licence_in(self, detail: Any) -> None:
        self.licence = detail.licence if detail is not None else None
        if self.licence is None:
            self.form_error.show_error(tr("No licence has been issued on this application yet."))
            return
        self.record_id = self.licence.id
        self.form_error.show_error("")
        for field, editor in self.editors.items():
            value = getattr(self.licence, field) or ""
            if isinstance(editor, QComboBox):
                index = editor.findData(value)
                if index < 0:  # a bore the reference no longer lists: keep it choosable
                    editor.addItem(ltr(value), value)
                    index = editor.count() - 1
                editor.setCurrentIndex(index)
            else:
                editor.setText(value)
        self.retranslate()

    def changes(self) -> dict[str, str]:
        """The fields whose value differs from the licence's (`CORRECTABLE` only)."""
        out: dict[str, str] = {}
        for field, editor in self.editors.items():
            value = (
                editor.currentData() or ""
                if isinstance(editor, QComboBox)
                else editor.text().strip()
            )
            if self.licence is not None and value != (getattr(self.licence, field) or ""):
                out[field] = value
        return out

    def validate(self) -> dict[str, str]:
        """The command's own checks (reason, what may change, each value's limits), so
        the operator reads the domain's message under the field before submitting."""
        if self.licence is None:  # not read yet, or none issued
            return {"licence_id": tr("No licence has been issued on this application yet.")}
        errors: dict[str, str] = {}
        args = Args(self.command, self.args())
        for check in (
            lambda: correction_reason(args),
            lambda: licence_changes(args),
        ):
            try:
                check()
            except ValidationError as exc:
                # "changes nothing" has no field of its own: above the fields.
                errors.setdefault(exc.field or "changes", error_text(exc))
        return errors

    def args(self) -> dict[str, Any]:
        return {**super().args(), "reason": self.reason.text().strip(), "changes": self.changes()}


DIALOGS: dict[str, type[_StepDialog]] = {
    "verify": VerificationDialog,
    "approve": ApproveDialog,
    "reject": RejectDialog,
    "weapon": WeaponDialog,
    "correct": CorrectLicenceDialog,
}
