"""Fix and send again from the inbox, for every kind of refused step (issue 19, point 1),
and the family's phone on a refused booking (issue 18, point 4): a refused booking opens
in the booking dialog, filled in, in the first free slot the server offered; a refused
move opens with the offered slots to choose from and tells the family of the change;
any other step (a seat lease here) opens its arguments as a form."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import select, update

from desktop.form_fields import today_karachi
from desktop.inbox.resend import ResendDialog
from desktop.qt import QComboBox, QLineEdit
from desktop.visits import workflow
from desktop.visits.booking import BookingDialog
from desktop.visits.demo import WIFE, seed_demo_visits
from domain import reference
from domain.errors import DomainError
from domain.models import VisitBooking, VisitSlot
from domain.visit_slots import local_time
from sync.store.client_models import OutboxCommand


def _refuse_last(store: Any, answer: dict[str, Any]) -> str:
    """The server's answer to the desk's last step, as a round would record it."""
    with store.write_lock, store.sessions.begin() as s:
        cmd = s.scalars(select(OutboxCommand).order_by(OutboxCommand.device_seq.desc())).first()
        s.execute(
            update(OutboxCommand)
            .where(OutboxCommand.device_seq == cmd.device_seq)
            .values(state="rejected", answer={"status": "rejected", **answer})
        )
        return cmd.command_id


def _free(store: Any, slot_id: str) -> dict[str, Any]:
    with store.sessions() as s:
        slot = s.get(VisitSlot, slot_id)
        return {
            "slot_id": slot.id,
            "starts_at": slot.starts_at.isoformat(),
            "free": slot.capacity - slot.booked,
            "local": f"{local_time(slot.starts_at):%d-%m-%Y %H:%M}",
        }


def _slots_on(store: Any, day: Any) -> list[str]:
    with store.sessions() as s:
        return [
            sl.id
            for sl in s.scalars(select(VisitSlot).order_by(VisitSlot.starts_at))
            if local_time(sl.starts_at).date() == day
        ]


def _open_inbox(qtbot: Any, session: Any, count: int) -> Any:
    window = session.window
    window.show_workspace("inbox")
    inbox = window.workspaces["inbox"]
    inbox.refresh()
    qtbot.waitUntil(lambda: inbox.loaded and inbox.row_count() == count, timeout=5000)
    return inbox


def _state(store: Any, command_id: str) -> str:
    with store.sessions() as s:
        return s.scalars(
            select(OutboxCommand.state).where(OutboxCommand.command_id == command_id)
        ).one()


def test_refused_booking_move_and_lease_are_fixed_and_sent_again_from_the_inbox(
    qtbot, session, store
):
    session.window.set_language("en")
    today = today_karachi()
    demo = seed_demo_visits(store, reference.prison("CP-PSH"), today)
    day = today + timedelta(days=2)
    refused_slot, offered = _slots_on(store, day)[:2]

    # 1. a provisional booking the server refused: the last seat went to another desk
    made = workflow.book(
        store, refused_slot, demo.inmate_id, WIFE, [{"cnic": WIFE, "name": "Zainab", "age": 30}]
    )
    assert made.data["status"] == "requested"
    refused = _refuse_last(
        store,
        {
            "code": "slot_full",
            "message": "The slot is full.",
            "hints": {"free_slots": [_free(store, offered)]},
        },
    )
    with store.write_lock, store.sessions.begin() as s:  # the round took the booking back
        s.execute(update(VisitBooking).values(status="rejected"))
        s.execute(update(VisitSlot).where(VisitSlot.id == refused_slot).values(booked=0))
    inbox = _open_inbox(qtbot, session, 1)
    detail = inbox.view.detail.toPlainText()
    assert "Family's phone" in detail and "03001234567" in detail
    assert "Call the family on 03001234567" in detail
    assert inbox.actions_by_key["resend"].isEnabled()
    dialog = inbox.resend()
    assert isinstance(dialog, BookingDialog)
    assert dialog.slot.id == offered and dialog.inmate.id == demo.inmate_id
    assert dialog.cnics[0].text() == WIFE and dialog.names[0].text() == "Zainab"
    with qtbot.waitSignal(dialog.booked, timeout=5000) as done:
        dialog.submit()
    assert done.args[0].data["status"] in ("booked", "requested")
    qtbot.waitUntil(lambda: _state(store, refused) == "resent", timeout=5000)
    qtbot.waitUntil(lambda: inbox.row_count() == 0, timeout=5000)
    with store.sessions() as s:
        live = s.scalars(select(VisitBooking).where(VisitBooking.status == "requested")).one()
        assert live.slot_id == offered

    # 2. a refused move: the offered slots to choose from; sent again, the family is told
    later = _slots_on(store, today + timedelta(days=3))[0]
    workflow.move(store, live.id, later)
    assert workflow.messenger(store).sent()[-1].kind == "change"
    with store.write_lock, store.sessions.begin() as s:  # taken back by the round
        s.execute(update(VisitBooking).where(VisitBooking.id == live.id).values(slot_id=offered))
    target = _slots_on(store, today + timedelta(days=3))[1]
    refused = _refuse_last(
        store,
        {
            "code": "slot_full",
            "message": "The slot is full.",
            "hints": {"free_slots": [_free(store, target)]},
        },
    )
    inbox.refresh()
    qtbot.waitUntil(lambda: inbox.row_count() == 1, timeout=5000)
    assert "03001234567" in inbox.view.detail.toPlainText()
    dialog = inbox.resend()
    assert isinstance(dialog, ResendDialog)
    combo = dialog.editors["slot_id"]
    assert isinstance(combo, QComboBox) and combo.currentData() == target
    told = len(workflow.messenger(store).sent())
    with qtbot.waitSignal(dialog.done_with, timeout=5000):
        dialog.attempt()
    qtbot.waitUntil(lambda: _state(store, refused) == "resent", timeout=5000)
    with store.sessions() as s:
        assert s.get(VisitBooking, live.id).slot_id == target
    qtbot.waitUntil(lambda: inbox.row_count() == 0, timeout=5000)
    sent = workflow.messenger(store).sent()
    assert len(sent) == told + 1 and sent[-1].kind == "change" and sent[-1].to == "03001234567"

    # 3. any other step: a lease of too many seats, corrected to one
    with store.sessions() as s:
        capacity = s.get(VisitSlot, target).capacity
    with pytest.raises(DomainError, match="seat"):  # the desk itself refuses this one
        workflow.lease(store, target, "TO-PSH-02", capacity + 5)
    workflow.lease(store, target, "TO-PSH-02", capacity - 1)
    refused = _refuse_last(
        store, {"code": "lease_over_capacity", "message": "Only 1 seat(s) can be leased."}
    )
    inbox.refresh()
    qtbot.waitUntil(lambda: inbox.row_count() == 1, timeout=5000)
    assert inbox.current().step == "lease_visit_seats"
    dialog = inbox.resend()
    assert isinstance(dialog, ResendDialog)
    seats = dialog.editors["seats"]
    assert isinstance(seats, QLineEdit) and seats.text() == str(capacity - 1)
    seats.setText("many")
    dialog.attempt()
    assert "Type a number." in dialog.fields["seats"].error.text()
    seats.setText("1")
    with qtbot.waitSignal(dialog.done_with, timeout=5000):
        dialog.attempt()
    qtbot.waitUntil(lambda: _state(store, refused) == "resent", timeout=5000)
    with store.sessions() as s:
        assert s.get(VisitSlot, target).seat_quotas["TO-PSH-02"] == 1
        last = s.scalars(select(OutboxCommand).order_by(OutboxCommand.device_seq.desc())).first()
        assert last.name == "lease_visit_seats" and last.args["seats"] == 1


def test_every_command_has_a_name_on_screen():
    """The inbox names a refused step of any kind in the operator's language."""
    from desktop.step_labels import STEP_LABELS
    from domain.commands.catalogue import CATALOGUE

    assert set(CATALOGUE) <= set(STEP_LABELS)
