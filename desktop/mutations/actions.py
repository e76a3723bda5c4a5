"""The steps after entry: a second clerk's blind re-keying, the revenue officer's
attestation or rejection with a reason.

Blind verification: the verifying clerk types the key fields again from the scan
without seeing the first entry; the comparison runs in the worker and shows, field
by field, only where the two differ. The entry goes on (the `verify_mutation`
command) only when every field matches. Who may verify or attest is the signed-in
operator, checked here for a clear message and again by the command on the desk and
on the server (the signer, never a typed name).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from html import escape
from typing import Any

from desktop.action_dialog import ActionDialog, NoteDialog
from desktop.db import read_rows
from desktop.form_fields import line_edit
from desktop.i18n import N_, tr
from desktop.mutations import queries
from desktop.mutations.scans import ScanLoader, ScanPane
from desktop.mutations.table_model import area_text
from desktop.operators import Operator
from desktop.qt import QLabel
from domain.errors import DomainError, ValidationError, msg
from domain.values import Area, Share
from sync.store.local import LocalStore

#: The fields the second clerk re-keys: (key, English label).
KEY_FIELDS = (
    ("mutation_no", N_("Mutation no.")),
    ("khasra_nos", N_("Khasra nos.")),
    ("area", N_("Area")),
    ("transferors", N_("Transferors' shares")),
    ("transferees", N_("Transferees' shares")),
)


@dataclass(frozen=True)
class Mismatch:
    field: str
    first: str
    second: str


def _shares(text: str) -> str:
    """Shares as a sorted list, so 1/3, 1/6 and 1/6,1/3 compare equal; 2/6 is 1/3."""
    parts = [p.strip() for p in text.replace(";", ",").split(",") if p.strip()]
    values = []
    for p in parts:
        try:
            values.append(str(Share.parse(p)))
        except DomainError:
            values.append(p)
    return ", ".join(sorted(values))


def _khasras(text: str) -> str:
    return ", ".join(sorted(k.strip() for k in text.split(",") if k.strip()))


def _area(text: str) -> str:
    try:
        return Area.parse(text).short()
    except DomainError:
        return text.strip()


def first_entry(store: LocalStore, mutation_id: str) -> dict[str, str]:
    """Worker thread: the key fields of the first entry, normalised."""
    m = read_rows(store, queries.mutation_query(mutation_id))[0]
    parties = read_rows(store, queries.parties_query(mutation_id))
    share = {
        role: ", ".join(f"{p.share_num}/{p.share_den}" for p in parties if p.role == role)
        for role in ("transferor", "transferee")
    }
    return {
        "mutation_no": m.mutation_no.strip(),
        "khasra_nos": _khasras(", ".join(str(k) for k in m.khasra_nos)),
        "area": area_text(m.area_sarsai),
        "transferors": _shares(share["transferor"]),
        "transferees": _shares(share["transferee"]),
    }


def compare(first: dict[str, str], typed: dict[str, str]) -> list[Mismatch]:
    second = {
        "mutation_no": typed["mutation_no"].strip(),
        "khasra_nos": _khasras(typed["khasra_nos"]),
        "area": _area(typed["area"]),
        "transferors": _shares(typed["transferors"]),
        "transferees": _shares(typed["transferees"]),
    }
    return [Mismatch(k, first[k], second[k]) for k, _ in KEY_FIELDS if first[k] != second[k]]


class MutationStepDialog(ActionDialog):
    """A step on a recorded entry, taken with its scanned pages beside the form."""

    record_arg = "mutation_id"

    def show_scans(self, engine: Any = None) -> ScanPane:
        """The entry's scans as the dialog's side panel, fetched from the server the
        first time they are opened on this desk (`engine`: the sync engine, or None)."""
        if not isinstance(self.side_panel, ScanPane):
            pane = ScanPane(self, read_only=True)
            self.add_side_panel(pane)
            ScanLoader(pane, self.store, engine).load(self.worker, self.record_id)
        assert isinstance(self.side_panel, ScanPane)
        return self.side_panel


class VerifyDialog(MutationStepDialog):
    """The second clerk's re-keying (Ctrl+Shift+E)."""

    command = "verify_mutation"
    title = N_("Verify against the scan")
    button = N_("Compare and verify")

    def __init__(self, *a: Any, **k: Any):  # as `ActionDialog`
        super().__init__(*a, **k)
        self.setObjectName("verify_mutation")
        self.edits = {key: line_edit(key, self) for key, _ in KEY_FIELDS}
        self.edits["transferors"].setPlaceholderText("1/3, 1/12")
        self.edits["area"].setPlaceholderText("2-5-3")
        for key, text in KEY_FIELDS:
            self.add_field(key, self.edits[key], text)
        self.mismatches_label = QLabel(self)
        self.mismatches_label.setObjectName("mismatches")
        self.mismatches_label.setWordWrap(True)
        self.forms[0].addRow(self.mismatches_label)
        self.mismatches: list[Mismatch] = []
        self.finish_tab_order()
        self.retranslate()
        self.setMinimumWidth(560)

    def job(self) -> Callable[[], Any]:
        store, actor, mutation_id = self.store, self.operator.username, self.record_id
        typed = {k: e.text() for k, e in self.edits.items()}

        def run() -> Any:
            mismatches = compare(first_entry(store, mutation_id), typed)
            if mismatches:
                return mismatches
            return store.execute("verify_mutation", {"mutation_id": mutation_id}, actor=actor)

        return run

    def _succeeded(self, result: Any) -> None:
        if isinstance(result, list):
            self.submit_button.setEnabled(True)
            self.show_mismatches(result)
            return
        super()._succeeded(result)

    def show_mismatches(self, mismatches: list[Mismatch]) -> None:
        """Field by field: what the first entry says, what was typed now."""
        self.mismatches = mismatches
        labels = dict(KEY_FIELDS)
        rows = "".join(
            f"<tr><td><b>{escape(tr(labels[m.field]))}</b></td><td>{escape(m.first)}</td>"
            f"<td>{escape(m.second)}</td></tr>"
            for m in mismatches
        )
        head = (
            f"<tr><th></th><th>{escape(tr('First entry'))}</th>"
            f"<th>{escape(tr('Your entry'))}</th></tr>"
        )
        self.mismatches_label.setText(
            f"<p style='color:#b71c1c'>{escape(tr('{n} fields differ: check the scan and settle them.').format(n=len(mismatches)))}</p>"
            f"<table cellpadding='3'>{head}{rows}</table>"
        )
        for m in mismatches:
            self.fields[m.field].set_error(tr("Differs from the first entry."))
        self._fit()


class AttestDialog(MutationStepDialog, NoteDialog):
    command = "attest_mutation"
    title = N_("Attest mutation")
    button = N_("Attest")
    field = "remarks"
    label = N_("Remarks")


class RejectDialog(MutationStepDialog, NoteDialog):
    command = "reject_mutation"
    title = N_("Reject mutation")
    button = N_("Reject")
    field = "reason"
    label = N_("Reason")
    required = N_("Give the reason for rejecting.")


def may_verify(operator: Operator, recorded_by: str) -> str:
    """Why this operator may not verify (empty when they may): the domain's own words."""
    if operator.username == recorded_by:
        return str(
            ValidationError(msg("A second clerk must verify this entry: you recorded it yourself."))
        )
    return ""
