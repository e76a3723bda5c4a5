"""A mutation clerk's day through the real window: a register entry with shares
that do not add up (the exact message), fixed and saved with the next entry started;
the same clerk cannot verify it; a second clerk's blind re-keying catches a mismatch
field by field; a revenue officer attests and the record is read-only; the backlog
counts it."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from desktop.mutations.actions import VerifyDialog
from desktop.mutations.entry import MutationEntryForm
from desktop.operators import Operator, log_in, remember
from desktop.qt import QColor, QImage, Qt
from domain.models import MutationScan
from sync import signing

BILAL = {
    "id": "0193f0c2-0000-7000-8000-00000000b2b2",
    "username": "bilal",
    "full_name": "Bilal",
    "roles": ["mutation_clerk"],
    "scope": {"districts": ["PSH"]},
    "active": True,
}


def _type(qtbot: Any, widget: Any, text: str) -> None:
    widget.clear()
    qtbot.keyClicks(widget, text)


def _fill_entry(qtbot: Any, form: MutationEntryForm, number: str, shares: tuple[str, str]) -> None:
    _type(qtbot, form.mutation_no, number)
    _type(qtbot, form.date, "14-03-1998")
    form.district.setCurrentIndex(form.district.findData("PSH"))
    form.tehsil.setCurrentIndex(form.tehsil.findData("PSH-01"))
    _type(qtbot, form.mauza, "Pajaggi")
    _type(qtbot, form.khewat, "44")
    _type(qtbot, form.khasra, "101, 102/1")
    _type(qtbot, form.area, "2-5-3")
    _type(qtbot, form.consideration, "60000")
    _type(qtbot, form.page_taxes, "Mutation fee=600; Stamp duty=1800")
    for row, (role, name, share, held) in enumerate(
        (("1", "Gul Khan", shares[0], "1/2"), ("2", "Imran Khan", shares[1], ""))
    ):
        for key, text in (("role", role), ("name_en", name), ("share", share), ("held", held)):
            form.parties.set_cell(row, key, text)


def _mutation(session: Any) -> Any:
    detail = session.window.mutations.detail
    return detail.mutation if detail is not None else None


def test_entry_verification_and_attestation(qtbot, session, store, tmp_path):
    ws = session.window.mutations
    form = ws.new_entry()
    assert isinstance(form, MutationEntryForm)
    _fill_entry(qtbot, form, "1201", ("5/12", "1/3"))
    page = QImage(400, 600, QImage.Format.Format_RGB32)
    page.fill(QColor("white"))
    scan_file = tmp_path / "register-p17.png"
    assert page.save(str(scan_file))
    assert not form.scans.add_file(tmp_path / "notes.docx")
    assert form.scans.add_file(scan_file)
    assert form.scans.view.scene().items()  # the page is shown beside the form
    form.scans.view.zoom_by(1.25)
    assert form.balance.text() == "transferors give 5/12, transferees get 1/3: 1/12 unaccounted"
    qtbot.keyClick(form.remarks, Qt.Key_S, Qt.ControlModifier)
    assert (
        form.fields["parties"].error.text()
        == "transferors give 5/12, transferees get 1/3: 1/12 unaccounted"
    )
    form.parties.set_cell(1, "share", "5/12")
    assert form.balance.text() == ""
    form.remarks.setFocus()
    with qtbot.waitSignal(form.done_with, timeout=5000):
        qtbot.keyClick(form.remarks, Qt.Key_Return)  # Enter on the last field saves
    # The next entry starts at once, tehsil and mauza kept, the number empty.
    assert form.isVisible() and form.mutation_no.text() == "" and form.mauza.text() == "Pajaggi"
    assert form.tehsil.currentData() == "PSH-01"
    assert form.focusWidget() is form.mutation_no
    qtbot.waitUntil(lambda: form.mauza_completer.model().stringList() == ["Pajaggi"], timeout=5000)
    form.reject()

    qtbot.waitUntil(lambda: ws.model.rowCount() == 1, timeout=5000)
    ws.view.table.selectRow(0)
    qtbot.waitUntil(lambda: _mutation(session) is not None, timeout=5000)
    m = _mutation(session)
    with store.sessions() as s:
        scan = s.scalars(select(MutationScan).where(MutationScan.mutation_id == m.id)).one()
    assert scan.content == b"" and scan.media_type == "image/png"
    assert store.attachments.get(scan.sha256) == scan_file.read_bytes()
    assert scan_file.read_bytes()[:200] not in store.attachments.path(scan.sha256).read_bytes()
    assert m.taxes == [["page1", "Mutation fee", 60_000], ["page2", "Stamp duty", 180_000]]
    assert m.status == "recorded" and m.recorded_by == "amina"

    # The same clerk may not verify her own entry.
    assert ws.open_step("verify") is None
    assert (
        ws.view.message.text() == "A second clerk must verify this entry: you recorded it yourself."
    )

    # A second clerk re-keys blind; a wrong share is caught field by field.
    remember(store, BILAL, "bilal pass", signing.new_key_pair()[0])
    ws.operator = log_in(store, "bilal", "bilal pass")
    dialog = ws.open_step("verify")
    assert isinstance(dialog, VerifyDialog)
    assert "1201" not in dialog.findChild(type(dialog.intro), "mismatches").text()
    for key, text in (
        ("mutation_no", "1201"),
        ("khasra_nos", "102/1, 101"),
        ("area", "2-5-3"),
        ("transferors", "5/12"),
        ("transferees", "1/3"),
    ):
        _type(qtbot, dialog.edits[key], text)
    dialog.attempt()
    qtbot.waitUntil(lambda: bool(dialog.mismatches), timeout=5000)
    assert [(x.field, x.first, x.second) for x in dialog.mismatches] == [
        ("transferees", "5/12", "1/3")
    ]
    assert dialog.fields["transferees"].error.text() == "Differs from the first entry."
    _type(qtbot, dialog.edits["transferees"], "5/12")
    with qtbot.waitSignal(dialog.done_with, timeout=5000):
        dialog.attempt()
    qtbot.waitUntil(
        lambda: _mutation(session) is not None and _mutation(session).status == "verified",
        timeout=5000,
    )
    assert _mutation(session).verified_by == "bilal"

    # The officer attests; the record is then read-only.
    ws.operator = Operator(
        username="tehsildar",
        full_name="Tehsildar",
        role="revenue_officer",
        id="x",
        roles=("revenue_officer",),
    )
    ws._enable_actions()
    assert ws.view.actions_by_key["attest"].isEnabled()
    attest = ws.open_step("attest")
    with qtbot.waitSignal(attest.done_with, timeout=5000):
        attest.attempt()
    qtbot.waitUntil(
        lambda: _mutation(session) is not None and _mutation(session).status == "attested",
        timeout=5000,
    )
    assert not any(ws.view.actions_by_key[k].isEnabled() for k in ("verify", "attest", "reject"))
    assert "read-only" in ws.view.detail.toPlainText()
    assert "Attested" in ws.view.detail.toPlainText()

    ws.show_backlog()
    qtbot.waitUntil(
        lambda: ws.view.backlog.backlog.by_tehsil.get("PSH-01") is not None, timeout=5000
    )
    counts = ws.view.backlog.backlog.by_tehsil["PSH-01"]
    assert counts["entered"] == 1 and counts["attested"] == 1
    assert ws.view.backlog.pending.text() == "0 mutations pending"
