"""Correcting an attested mutation through the real window: edits are refused
(`final`); the Correct action opens the entry form prefilled from the attested
record with the tehsil locked, asks why, and saves a new correcting mutation linked
to the first, which awaits a second clerk like any entry."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from desktop.mutations.detail import load_detail
from desktop.mutations.entry import MutationEntryForm
from desktop.qt import Qt
from domain.ids import new_id
from domain.models import Mutation


def _attested(store: Any) -> str:
    mid = new_id()
    store.execute(
        "record_mutation",
        {
            "mutation_id": mid,
            "tehsil_code": "PSH-01",
            "mutation_no": "4411",
            "mutation_date": "1998-03-14",
            "mauza": "Pajaggi",
            "mutation_type": "inheritance",
            "khewat_no": "44",
            "khasra_nos": ["101", "102/1"],
            "area": "2-5-3",
            "parties": [
                {"role": "transferor", "name_en": "Gul Khan", "share": "1/3", "held": "1/3"},
                {
                    "role": "transferee",
                    "name_en": "Imran Khan",
                    "name_ur": "عمران خان",
                    "share": "1/3",
                },
            ],
        },
        actor="clerk-a",
    )
    store.execute("verify_mutation", {"mutation_id": mid}, actor="clerk-b")
    store.execute("attest_mutation", {"mutation_id": mid}, actor="tehsildar")
    return mid


def test_the_correct_action_saves_a_linked_correcting_mutation(qtbot, session, store):
    mid = _attested(store)
    ws = session.window.mutations
    detail = load_detail(store, mid)
    ws.show_detail(detail)
    assert ws.view.actions_by_key["correct"].isEnabled() == (
        "mutation_clerk" in ws.operator.roles or "supervisor" in ws.operator.roles
    )
    form = ws.correct(detail)
    assert isinstance(form, MutationEntryForm) and form.objectName() == "mutation_correction"
    assert form.khasra.text() == "101, 102/1" and form.area.text() == "2-5-3"
    assert form.parties.cell(1, "name_ur") == "عمران خان" and not form.tehsil.isEnabled()
    form.mutation_no.setText("4411-C")
    form.khasra.setText("101, 102/2")
    qtbot.keyClick(form.remarks, Qt.Key_S, Qt.ControlModifier)
    assert form.fields["reason"].error.text() == "Say why the attested mutation is corrected."
    form.reason.setText("Khasra 102/1 was misread; the page says 102/2.")
    with qtbot.waitSignal(form.done_with, timeout=5000):
        qtbot.keyClick(form.remarks, Qt.Key_S, Qt.ControlModifier)
    with store.sessions() as s:
        fix = s.scalars(select(Mutation).where(Mutation.corrects_id == mid)).one()
        assert fix.mutation_no == "4411-C" and fix.khasra_nos == ["101", "102/2"]
        assert fix.status == "recorded" and s.get(Mutation, mid).khasra_nos == ["101", "102/1"]
