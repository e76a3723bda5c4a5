"""Seats leased to a help desk hold through days offline (issue 18, point 4), on slots the
server generated from the prison's template, against the real server.

A supervisor leases one seat of a generated slot to help desk 1; desk 1 books it with the
server down and its booking is confirmed on the desk at once; meanwhile another desk
fills every other seat and is refused the leased one; desk 1's booking is confirmed by
the server after sync, and the slot is exactly full.

The other desk's own store already refuses the leased seat (it holds the slot's leases).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import select

from domain import reference
from domain.errors import CapacityExceeded
from domain.ids import new_id, utcnow
from domain.models import VisitBooking, VisitSlot
from server.db import session_factory
from server.visit_slots import generate_slots
from sync.transport import Offline


def _inmate(store: Any, sync_kit: Any, k: int) -> tuple[str, str]:
    inmate_id, cnic = new_id(), sync_kit.cnic(7000 + k)
    store.execute(
        "register_inmate",
        {
            "inmate_id": inmate_id,
            "prison_code": "CP-PSH",
            "inmate_no": f"CP-L{k:04d}",
            "name_en": f"Inmate {k}",
        },
        actor="admin",
    )
    store.execute(
        "approve_visitor",
        {
            "visitor_id": new_id(),
            "inmate_id": inmate_id,
            "cnic": cnic,
            "name_en": f"Relative {k}",
            "relationship": "wife",
            "mobile": f"0300{k:07d}",
        },
        actor="admin",
    )
    return inmate_id, cnic


def _booking(slot_id: str, inmate: tuple[str, str], no: str) -> dict[str, Any]:
    inmate_id, cnic = inmate
    return {
        "booking_id": new_id(),
        "booking_no": no,
        "slot_id": slot_id,
        "inmate_id": inmate_id,
        "lead_visitor_cnic": cnic,
        "visitors": [{"cnic": cnic, "name": "Visitor", "age": 35}],
    }


def test_a_booking_made_offline_within_a_lease_on_a_generated_slot_is_confirmed_after_sync(
    live_server, make_device, sync_kit
):
    prison = reference.prison("CP-PSH")
    generate_slots(session_factory(live_server.engine), utcnow().date(), ["CP-PSH"])
    earliest = utcnow() + timedelta(days=prison.notice_days + 1)
    with live_server.engine.connect() as conn:
        slot_id, capacity = conn.execute(
            select(VisitSlot.id, VisitSlot.capacity)
            .where(VisitSlot.prison_code == "CP-PSH", VisitSlot.starts_at >= earliest)
            .order_by(VisitSlot.starts_at)
            .limit(1)
        ).one()
    admin, admin_engine = make_device("DC-PSH", name="supervisor, DC office")
    inmates = [_inmate(admin, sync_kit, k) for k in range(capacity + 1)]
    admin_engine.run_once()  # the generated slots come down with the pull
    with admin.sessions() as s:
        assert s.get(VisitSlot, slot_id).seat_quotas == {}
    leased = admin.execute(
        "lease_visit_seats",
        {"slot_id": slot_id, "office_code": "TO-PSH-02", "seats": 1},
        actor="admin",
    )
    assert leased.data["seats"] == 1
    # more than the free seats cannot be leased: the message says how many can
    with pytest.raises(Exception, match=f"Only {capacity - 1} seat"):
        admin.execute(
            "lease_visit_seats",
            {"slot_id": slot_id, "office_code": "TO-PSH-03", "seats": capacity},
            actor="admin",
        )
    admin_engine.run_once()
    assert admin.attention_count() == 0
    with live_server.engine.connect() as conn:
        assert conn.scalar(select(VisitSlot.seat_quotas).where(VisitSlot.id == slot_id)) == {
            "TO-PSH-02": 1
        }

    leased_desk, leased_engine = make_device("TO-PSH-02", name="help desk 1")
    other_desk, other_engine = make_device("TO-PSH-03", name="help desk 2")
    leased_engine.run_once()
    other_engine.run_once()
    with leased_desk.sessions() as s:
        assert s.get(VisitSlot, slot_id).seat_quotas == {"TO-PSH-02": 1}

    live_server.stop()
    mine = _booking(slot_id, inmates[0], "VB-L0001")
    result = leased_desk.execute("book_visit", mine, actor="desk 1")
    assert result.data["status"] == "booked"  # within the lease: confirmed offline
    with pytest.raises(Offline):
        leased_engine.run_once()
    live_server.start()

    # the other desk takes every seat outside the lease, then is refused the leased one
    for n, inmate in enumerate(inmates[1:capacity], start=1):
        other_desk.execute("book_visit", _booking(slot_id, inmate, f"VB-O{n:04d}"), actor="desk 2")
    other_engine.run_once()
    assert other_desk.attention_count() == 0
    refused = _booking(slot_id, inmates[capacity], "VB-O9999")
    with pytest.raises(CapacityExceeded) as full:  # the desk knows the seat left is leased
        other_desk.execute("book_visit", refused, actor="desk 2")
    assert full.value.code == "slot_full"
    with live_server.engine.connect() as conn:
        assert conn.scalar(select(VisitSlot.booked).where(VisitSlot.id == slot_id)) == capacity - 1

    leased_engine.run_once()
    assert sync_kit.outbox(leased_desk)[-1].state == "applied"
    assert leased_desk.attention_count() == 0
    with live_server.engine.connect() as conn:
        assert (
            conn.scalar(select(VisitBooking.status).where(VisitBooking.id == mine["booking_id"]))
            == "booked"
        )
        assert conn.scalar(select(VisitSlot.booked).where(VisitSlot.id == slot_id)) == capacity
    leased_engine.run_once()
    with leased_desk.sessions() as s:
        assert s.get(VisitBooking, mine["booking_id"]).status == "booked"
        assert s.get(VisitSlot, slot_id).booked == capacity
