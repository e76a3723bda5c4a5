"""Dialogs for the workflow steps that need more than a click: verification,
approval, rejection (with its reason) and the weapon bought after approval.

Which steps are offered follows the domain's state machine (`ARMS_APPLICATION`), so
the desktop never offers a move the command would refuse.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from desktop.action_dialog import ActionDialog, NoteDialog
from desktop.formatting import ltr
from desktop.i18n import N_, tr
from desktop.operators import Operator
from desktop.qt import QComboBox, QLineEdit, Qt, QWidget
from desktop.worker import DbWorker
from domain import reference
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
    return out


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


DIALOGS: dict[str, type[_StepDialog]] = {
    "verify": VerificationDialog,
    "approve": ApproveDialog,
    "reject": RejectDialog,
    "weapon": WeaponDialog,
}
