"""The server makes prisons' visit slots from their weekly templates (issue 18)."""

from __future__ import annotations

import dataclasses
from datetime import date, time, timedelta

from sqlalchemy import func, select

from domain import reference
from domain.ids import new_id
from domain.models import VisitBooking, VisitSlot
from domain.reference import ExtraSlot, SlotTemplate
from domain.visit_slots import local_time, slot_id, to_utc
from server.db import session_factory
from server.visit_slots import generate_slots

TODAY = date(2026, 12, 7)  # a Monday


def _configure(monkeypatch, code: str, **changes) -> reference.Prison:
    prison = dataclasses.replace(reference.prison(code), **changes)
    monkeypatch.setitem(reference._prisons_file(), code, prison)
    return prison


def _slots(engine, code: str) -> list[VisitSlot]:
    with session_factory(engine)() as s:
        return list(
            s.scalars(
                select(VisitSlot)
                .where(VisitSlot.prison_code == code)
                .order_by(VisitSlot.starts_at, VisitSlot.terminal)
            )
        )


def test_slots_follow_the_template_per_terminal_in_karachi_time_and_a_second_run_adds_nothing(
    server, monkeypatch
):
    _configure(
        monkeypatch,
        "CP-PSH",
        booking_window_days=6,
        slot_template=(
            SlotTemplate(0, time(10, 0), 30, 4, "T1"),
            SlotTemplate(0, time(10, 0), 30, 2, "T2"),
            SlotTemplate(2, time(14, 0), 45, 3, "T1"),
        ),
    )
    sessions = session_factory(server.engine)
    first = generate_slots(sessions, TODAY, ["CP-PSH"])
    assert (first.created, first.affected) == (3, [])  # Monday x 2 terminals, Wednesday
    assert generate_slots(sessions, TODAY, ["CP-PSH"]).created == 0
    slots = _slots(server.engine, "CP-PSH")
    assert [
        (local_time(s.starts_at).strftime("%a %H:%M"), s.terminal, s.capacity) for s in slots
    ] == [("Mon 10:00", "T1", 4), ("Mon 10:00", "T2", 2), ("Wed 14:00", "T1", 3)]
    desk = server.enrol()
    desk.pull_all()
    pulled = {row_id for table, row_id in desk.seen if table == "visit_slots"}
    assert pulled == {s.id for s in slots}


def test_a_closed_date_offers_no_slots_and_an_extra_date_adds_them(server, monkeypatch):
    wed = TODAY + timedelta(days=2)
    _configure(
        monkeypatch,
        "CP-PSH",
        booking_window_days=6,
        closed_dates=(TODAY,),
        slot_template=(SlotTemplate(0, time(10, 0), 30, 4), SlotTemplate(2, time(10, 0), 30, 4)),
        extra_slots=(ExtraSlot(wed, time(16, 0), 30, 2, "T2"),),
    )
    generate_slots(session_factory(server.engine), TODAY, ["CP-PSH"])
    days = [
        (local_time(s.starts_at).date(), local_time(s.starts_at).strftime("%H:%M"), s.terminal)
        for s in _slots(server.engine, "CP-PSH")
    ]
    assert days == [(wed, "10:00", "T1"), (wed, "16:00", "T2")]


def _book(desk, slot_id_: str, n: int) -> str:
    inmate_id = new_id()
    cnic = f"17301{n:07d}1"
    assert (
        desk.push(
            "register_inmate",
            {
                "inmate_id": inmate_id,
                "prison_code": "CP-PSH",
                "inmate_no": f"G-{n}",
                "name_en": "Inmate",
                "at": "2026-12-03T09:00:00+00:00",
            },
        )["status"]
        == "applied"
    )
    assert (
        desk.push(
            "approve_visitor",
            {
                "visitor_id": new_id(),
                "inmate_id": inmate_id,
                "cnic": cnic,
                "name_en": "Relative",
                "relationship": "wife",
                "at": "2026-12-03T09:00:00+00:00",
            },
        )["status"]
        == "applied"
    )
    answer = desk.push(
        "book_visit",
        {
            "booking_id": new_id(),
            "booking_no": f"VB-G{n}",
            "slot_id": slot_id_,
            "inmate_id": inmate_id,
            "lead_visitor_cnic": cnic,
            "visitors": [{"cnic": cnic, "name": "Relative", "age": 30}],
            "at": "2026-12-03T09:00:00+00:00",
        },
    )
    assert answer["status"] == "applied", answer
    return f"VB-G{n}"


def test_a_template_change_never_drops_a_booked_slot_silently(server, monkeypatch):
    monday = SlotTemplate(0, time(10, 0), 30, 4)
    _configure(
        monkeypatch,
        "CP-PSH",
        booking_window_days=6,
        slot_template=(
            monday,
            SlotTemplate(0, time(11, 0), 30, 4),
            SlotTemplate(1, time(10, 0), 30, 4),
        ),
    )
    sessions = session_factory(server.engine)
    generate_slots(sessions, TODAY, ["CP-PSH"])
    desk = server.enrol()
    booked_10 = slot_id("CP-PSH", "T1", to_utc(TODAY, time(10, 0)))
    tuesday = slot_id("CP-PSH", "T1", to_utc(TODAY + timedelta(days=1), time(10, 0)))
    numbers = [_book(desk, booked_10, n) for n in (1, 2)] + [_book(desk, tuesday, 3)]
    # Monday 10:00 shrinks to one seat; 11:00 and Tuesday leave the template.
    _configure(
        monkeypatch,
        "CP-PSH",
        booking_window_days=6,
        slot_template=(dataclasses.replace(monday, capacity=1),),
    )
    report = generate_slots(sessions, TODAY, ["CP-PSH"])
    assert (report.created, report.updated, report.closed) == (0, 1, 2)
    assert [(a.booking_no, a.why) for a in report.affected] == [
        (numbers[1], "capacity_reduced"),
        (numbers[2], "slot_removed"),
    ]
    with sessions() as s:  # nothing cancelled behind staff's back
        assert (
            s.scalar(
                select(func.count())
                .select_from(VisitBooking)
                .where(VisitBooking.status == "booked")
            )
            == 3
        )
        assert s.get(VisitSlot, booked_10).capacity == 2  # never below the seats booked
        assert s.get(VisitSlot, tuesday).closed
