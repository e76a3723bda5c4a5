"""The inbox through its real widgets, against the real server (issue 19, points 1 and 4).

- Two desks change the same applicant's mobile offline: the second desk's inbox lists
  the conflict with both values and who set each; it types a third value, and after a
  round on each desk both hold it, as the server does.
- A refused application (its number taken meanwhile) opens from the inbox in the
  new-application form filled in with what was sent; saved, it goes as a new step and
  the server applies it.
- A refused step dismissed with a note leaves the inbox and the note is in the
  record's history on the server and, after a round, on the other desk.
"""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from desktop.changes import ChangeHub
from desktop.inbox.workspace import InboxWorkspace
from desktop.licences.detail import load_detail
from desktop.licences.edit import EditDetailsDialog
from desktop.operators import Operator
from desktop.qt import Qt
from desktop.worker import DbWorker
from desktop.workspace import Desk
from domain.models import LicenceApplication, Person, RecordEvent


@pytest.fixture
def worker(qapp: Any) -> Any:
    w = DbWorker()
    w.start()
    yield w
    w.stop()


def inbox_of(qtbot: Any, store: Any, worker: Any, username: str) -> InboxWorkspace:
    desk = Desk(
        store,
        worker,
        None,
        Operator(username=username, full_name=username),  # type: ignore[arg-type]
        ChangeHub(),
    )
    inbox = InboxWorkspace(desk)
    desk.changes.records_changed.connect(inbox.on_records_changed)
    qtbot.addWidget(inbox.page)
    with qtbot.waitSignal(inbox.ready, timeout=5000):
        inbox.start()
    return inbox


def cells(inbox: InboxWorkspace) -> list[list[str]]:
    m = inbox.model
    return [
        [m.text(r, c).replace("\u200e", "") for c in range(m.columnCount())]
        for r in range(m.rowCount())
    ]


def mobile(store: Any, person_id: str) -> str:
    with store.sessions() as s:
        return s.get(Person, person_id).mobile


def test_a_mobile_changed_on_two_desks_is_resolved_from_the_inbox_with_a_third_value(
    qtbot, live_server, make_device, sync_kit, worker
):
    first, first_engine = make_device("DC-PSH")
    first.execute("submit_licence_application", sync_kit.application_args(1), actor="clerk-a")
    first_engine.run_once()
    second, second_engine = make_device("DC-PSH")
    second_engine.run_once()
    with second.sessions() as s:
        person_id = s.scalars(select(Person.id)).one()
    # Both offline, each edits the mobile from the applicant's record.
    first.execute(
        "edit_record",
        {"table": "persons", "row_id": person_id, "changes": {"mobile": "03111111111"}},
        actor="clerk-a",
    )
    # The second desk edits through the licence workspace's "Edit details" form.
    app_id = sync_kit.outbox(first)[0].args["application_id"]
    form = EditDetailsDialog(
        second, worker, Operator(username="clerk-b", full_name="B"), load_detail(second, app_id)
    )
    qtbot.addWidget(form)
    assert form.editors[("persons", "mobile")].text() == "03001234567"
    form.editors[("persons", "mobile")].setText("0322-2222222")
    with qtbot.waitSignal(form.done_with, timeout=5000):
        qtbot.mouseClick(form.submit_button, Qt.LeftButton)
    sent = sync_kit.outbox(second)[-1].args
    assert sent["changes"] == {"mobile": "03222222222"}
    assert sent["base_values"] == {"mobile": "03001234567"} and sent["base_version"] >= 1
    first_engine.run_once()
    assert second_engine.run_once().conflicts == 1
    inbox = inbox_of(qtbot, second, worker, "clerk-b")
    rows = cells(inbox)
    conflict_row = next(i for i, r in enumerate(rows) if r[0] == "Field conflict")
    assert rows[conflict_row][2] == "Mobile" and "Applicant 1" in rows[conflict_row][1]
    inbox.select_row(conflict_row)
    detail = inbox.view.detail.toPlainText().replace("\u200e", "")
    assert "03111111111 (set by clerk-a)" in detail and "03222222222 (set by clerk-b" in detail
    assert inbox.actions_by_key["third"].isEnabled()
    assert not inbox.actions_by_key["resend"].isEnabled()
    dialog = inbox.type_value()
    dialog.text.setText("03333333333")
    with qtbot.waitSignal(dialog.done_with, timeout=5000):
        qtbot.mouseClick(dialog.submit_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: all(r[0] != "Field conflict" for r in cells(inbox)), timeout=5000)
    assert second_engine.run_once().rejected == 0
    first_engine.run_once()
    assert mobile(first, person_id) == mobile(second, person_id) == "03333333333"
    from sqlalchemy.orm import Session

    with Session(live_server.engine) as s:
        assert s.get(Person, person_id).mobile == "03333333333"


def test_a_refused_application_is_fixed_and_sent_again_from_the_inbox(
    qtbot, live_server, make_device, sync_kit, worker
):
    first, first_engine = make_device("DC-PSH")
    second, second_engine = make_device("DC-PSH")
    first_engine.run_once()
    second_engine.run_once()
    first.execute("submit_licence_application", sync_kit.application_args(1), actor="a")
    clash = sync_kit.application_args(1, cnic=2, remarks="walk-in")  # the same number
    second.execute("submit_licence_application", clash, actor="b")
    first_engine.run_once()
    assert second_engine.run_once().rejected == 1
    inbox = inbox_of(qtbot, second, worker, "b")
    rows = cells(inbox)
    assert rows[0][0] == "Refused" and clash["application_no"] in rows[0][4]
    detail = inbox.view.detail.toPlainText()
    assert "duplicate" in detail and "nothing of it was applied" in detail
    assert inbox.actions_by_key["resend"].isEnabled()
    form = inbox.resend()
    assert form.cnic.text().replace("-", "") == clash["applicant"]["cnic"]
    assert form.name_en.text() == "Applicant 1" and form.remarks.text() == "walk-in"
    with qtbot.waitSignal(form.done_with, timeout=5000):
        qtbot.mouseClick(form.submit_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: inbox.row_count() == 0, timeout=5000)
    assert second_engine.run_once().rejected == 0
    with second.sessions() as s:
        remade = s.scalars(
            select(LicenceApplication).where(LicenceApplication.remarks == "walk-in")
        ).one()
        assert remade.application_no != clash["application_no"] and remade.sync_state == "synced"
    assert second.attention_count() == 0


def test_a_dismissed_refusal_stays_in_the_records_history(
    qtbot, live_server, make_device, sync_kit, worker
):
    first, first_engine = make_device("DC-PSH")
    args = sync_kit.application_args(1)
    first.execute("submit_licence_application", args, actor="officer-a")
    first_engine.run_once()
    second, second_engine = make_device("DC-PSH")
    second_engine.run_once()
    app_id = args["application_id"]
    first.execute(
        "reject_application", {"application_id": app_id, "reason": "incomplete"}, actor="officer-a"
    )
    second.execute(
        "reject_application",
        {"application_id": app_id, "reason": "duplicate file"},
        actor="officer-b",
    )
    first_engine.run_once()
    assert second_engine.run_once().rejected == 1
    inbox = inbox_of(qtbot, second, worker, "officer-b")
    assert [r[0] for r in cells(inbox)] == ["Refused"]
    # any refused step can be sent again, its arguments filled in as sent
    assert inbox.actions_by_key["resend"].isEnabled()
    resend = inbox.resend()
    assert resend.editors["reason"].text() == "duplicate file"
    resend.reject()
    dialog = inbox.dismiss()
    qtbot.mouseClick(dialog.submit_button, Qt.LeftButton)  # no note: refused, says why
    assert "Write a note" in dialog.fields["value"].error.text()
    dialog.text.setText("already rejected by officer-a")
    with qtbot.waitSignal(dialog.done_with, timeout=5000):
        qtbot.mouseClick(dialog.submit_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: inbox.row_count() == 0, timeout=5000)
    assert second_engine.run_once().rejected == 0
    first_engine.run_once()
    for store in (first, second):
        with store.sessions() as s:
            notes = list(
                s.scalars(
                    select(RecordEvent.summary).where(
                        RecordEvent.record_id == app_id, RecordEvent.command == "dismiss_rejection"
                    )
                )
            )
            assert notes == [
                "Refused step dismissed (reject_application): already rejected by officer-a"
            ]
    assert second.attention_count() == 0
