"""A help desk books a prison visit and the prison runs it, through the real window:
find the inmate, the calendar's free seats (a closed date shows no slots), the booking
dialog matching CNICs to the approved list, a refusal with its hints, confirmed within
the desk's leased seats and provisional beyond, then roster, check-in (a wrong CNIC
refused), cancel with a reason and rebook."""

from __future__ import annotations

import dataclasses
from datetime import timedelta
from typing import Any

import pytest

from desktop.form_fields import today_karachi
from desktop.qt import QDialog
from desktop.visits import workflow
from desktop.visits.demo import FATHER, STRANGER, WIFE, seed_demo_visits
from domain import reference
from domain.models import VisitBooking, VisitSlot


@pytest.fixture
def visits(qtbot, session, store, monkeypatch) -> Any:
    """CP-PSH's slots for the window (one closed day), this desk leased one seat in each
    slot of the third day; inmate Gul Khan with an approved wife and father."""
    today = today_karachi()
    closed = today + timedelta(days=4)
    rules = dataclasses.replace(reference.prison("CP-PSH"), closed_dates=(closed,))
    monkeypatch.setitem(reference._prisons_file(), "CP-PSH", rules)
    demo = seed_demo_visits(store, rules, today)
    inmate_id = demo.inmate_id
    session.window.set_language("en")
    ws = session.window.visits
    return {"ws": ws, "today": today, "closed": closed, "inmate_id": inmate_id, "store": store}


def _find(qtbot, ws, text: str) -> None:
    ws.view.search.setText(text)
    ws.find()
    qtbot.waitUntil(lambda: bool(ws.inmates) and ws.inmates[0].name_en == "Gul Khan", timeout=5000)


def _show_week(qtbot, ws, first) -> None:
    from desktop.qt import QDate

    ws.view.first_day.setDate(QDate(first.year, first.month, first.day))
    qtbot.waitUntil(
        lambda: bool(ws.slots) and min(s.local_start.date() for s in ws.slots.values()) >= first,
        timeout=5000,
    )


def _pick(ws, day, row: int = 0) -> Any:
    table = ws.view.calendar
    col = (day - ws.view.first_day.date().toPython()).days
    table.setCurrentCell(row, col)
    return ws.selected_slot()


def _book(qtbot, ws, cnic: str, age: int = 35) -> Any:
    dialog = ws.open_booking()
    assert dialog is not None
    dialog.cnics[0].setText(cnic)
    dialog.ages[0].setValue(age)
    dialog.submit()
    return dialog


def test_find_calendar_book_refuse_roster_check_in_cancel_rebook(qtbot, session, visits, tmp_path):
    ws, today = visits["ws"], visits["today"]
    _find(qtbot, ws, "sher")  # father's name finds him; the Mardan inmate does not match
    assert [i.inmate_no for i in ws.inmates] == ["CP-4471"]
    _show_week(qtbot, ws, today + timedelta(days=1))
    closed_col = (visits["closed"] - (today + timedelta(days=1))).days
    head = ws.view.calendar.horizontalHeaderItem(closed_col).text()
    assert "no visits" in head
    assert not [s for s in ws.slots.values() if s.local_start.date() == visits["closed"]]

    # a visitor not on the approved list: refused, with who is approved
    leased_day = today + timedelta(days=3)
    slot = _pick(ws, leased_day)
    assert slot is not None and slot.lease_left == 1
    assert "leased" in ws.view.calendar.currentItem().text()
    dialog = _book(qtbot, ws, STRANGER)
    qtbot.waitUntil(lambda: dialog.error.text() != "", timeout=5000)
    assert (
        "17301-0000009-1" in dialog.error.text()
        and "not on this inmate's approved" in dialog.error.text()
    )
    assert "Approved: Zainab Bibi, wife" in dialog.hints.text()
    # the wife: relationship shown as typed; within the lease: confirmed
    dialog.cnics[0].setText(WIFE)
    assert dialog.matches[0].text() == "wife"
    with qtbot.waitSignal(dialog.booked, timeout=5000) as done:
        dialog.submit()
    assert done.args[0].data["status"] == "booked"
    qtbot.waitUntil(lambda: "confirmed" in ws.view.note.text(), timeout=5000)
    # the slip: link (>= 128 bits) as text and QR, Karachi time; the family told in both languages
    slip = tmp_path / "slip.pdf"
    ws.print_slip(slip)
    qtbot.waitUntil(lambda: "Slip saved" in ws.view.note.text(), timeout=10000)
    assert slip.read_bytes().startswith(b"%PDF")
    data = workflow.slip_data(visits["store"], ws.last_booking_id)
    token = data.link.rsplit("/", 1)[-1]
    assert data.confirmed and len(token) >= 22 and data.local_start_text.endswith("10:00")
    sent = workflow.messenger(visits["store"]).sent()
    assert [(m.kind, m.to) for m in sent] == [("confirmation", "03001234567")]
    assert data.link in sent[0].text_en and "ملاقات" in sent[0].text_ur

    # beyond the lease (another day, no seats leased here): provisional, shown so
    other_day = today + timedelta(days=2)
    _pick(ws, other_day)
    assert "provisional" in ws.view.calendar.currentItem().text()
    dialog = _book(qtbot, ws, FATHER, age=60)
    qtbot.waitUntil(lambda: dialog.result_ is not None, timeout=5000)
    assert dialog.result_.data["status"] == "requested"
    qtbot.waitUntil(lambda: "provisional" in ws.view.note.text(), timeout=5000)

    # the weekly allowance (2) is used in that week when both fall in it: refusal says when it renews
    week_of = {leased_day, other_day}
    if len({(d - timedelta(days=d.weekday())) for d in week_of}) == 1:
        third = next(
            d
            for d in (today + timedelta(days=n) for n in range(2, 9))
            if d not in week_of
            and d != visits["closed"]
            and d - timedelta(days=d.weekday()) == leased_day - timedelta(days=leased_day.weekday())
        )
        _pick(ws, third)
        dialog = _book(qtbot, ws, WIFE)
        qtbot.waitUntil(lambda: dialog.error.text() != "", timeout=5000)
        assert "renews on" in dialog.error.text() and "Allowance renews on" in dialog.hints.text()
        dialog.reject()

    # prison side: the roster of the leased day
    from desktop.qt import QDate

    ws.view.tabs.setCurrentIndex(1)
    ws.view.roster_day.setDate(QDate(leased_day.year, leased_day.month, leased_day.day))
    qtbot.waitUntil(lambda: len(ws.roster_rows) == 1, timeout=5000)
    assert ws.view.roster_note.text().endswith("1 visit")  # one, not "1 visits"
    session.window.set_language("ur")
    ws.load_roster()
    qtbot.waitUntil(lambda: ws.view.roster_note.text().endswith("1 ملاقات"), timeout=5000)
    session.window.set_language("en")
    ws.load_roster()
    qtbot.waitUntil(lambda: ws.view.roster_note.text().endswith("1 visit"), timeout=5000)
    ws.view.roster.setCurrentCell(0, 0)
    ws.view.checkin_cnic.setText(FATHER)  # approved, but not booked on this visit
    ws.check_in()
    qtbot.waitUntil(lambda: ws.view.roster_message.text() != "", timeout=5000)
    assert "not among the visitors" in ws.view.roster_message.text()
    ws.view.checkin_cnic.setText(WIFE)
    ws.check_in()
    qtbot.waitUntil(lambda: "checked in" in ws.view.roster_note.text(), timeout=5000)
    ws.cancel("by_family")
    qtbot.waitUntil(
        lambda: bool(ws.roster_rows) and ws.roster_rows[0].status == "cancelled", timeout=5000
    )
    with visits["store"].sessions() as s:
        booking = s.query(VisitBooking).filter_by(status="cancelled").one()
        assert s.get(VisitSlot, booking.slot_id).booked == 0  # the seat is free again
    assert workflow.messenger(visits["store"]).sent()[-1].kind == "cancellation"
    # rebook the same slot
    ws.view.tabs.setCurrentIndex(0)
    _pick(ws, leased_day)
    qtbot.waitUntil(
        lambda: ws.selected_slot() is not None and ws.selected_slot().booked == 0, timeout=5000
    )
    dialog = _book(qtbot, ws, WIFE)
    qtbot.waitUntil(lambda: dialog.result_ is not None, timeout=5000)
    assert dialog.result_.data["status"] == "booked"
    assert dialog.result() == QDialog.DialogCode.Accepted


def test_a_supervisor_leases_seats_and_a_visit_is_moved_with_the_family_told(qtbot, visits):
    """Lease seats of the calendar's slot (an unknown office refused in one line), then
    move a booked visit from the roster: same number, new slot, a "change" message."""
    ws, today = visits["ws"], visits["today"]
    _find(qtbot, ws, "Gul")
    _show_week(qtbot, ws, today + timedelta(days=1))
    other_day = today + timedelta(days=2)
    slot = _pick(ws, other_day)
    ws.lease("nope", 1)
    qtbot.waitUntil(lambda: "No office with code 'NOPE'" in ws.view.message.text(), timeout=5000)
    ws.lease("to-psh-02", 2)
    qtbot.waitUntil(lambda: "leased to TO-PSH-02" in ws.view.note.text(), timeout=5000)
    with visits["store"].sessions() as s:
        assert s.get(VisitSlot, slot.id).seat_quotas["TO-PSH-02"] == 2

    leased_day = today + timedelta(days=3)
    _pick(ws, leased_day)
    dialog = _book(qtbot, ws, WIFE)
    qtbot.waitUntil(lambda: dialog.result_ is not None, timeout=5000)
    from desktop.qt import QDate

    ws.view.tabs.setCurrentIndex(1)
    ws.view.roster_day.setDate(QDate(leased_day.year, leased_day.month, leased_day.day))
    qtbot.waitUntil(lambda: len(ws.roster_rows) == 1, timeout=5000)
    ws.view.roster.setCurrentCell(0, 0)
    number = ws.roster_rows[0].booking_no
    ws.move(slot.id)
    qtbot.waitUntil(lambda: "moved" in ws.view.roster_note.text(), timeout=5000)
    with visits["store"].sessions() as s:
        booking = s.query(VisitBooking).filter_by(booking_no=number).one()
        assert booking.slot_id == slot.id
    told = workflow.messenger(visits["store"]).sent()[-1]
    assert told.kind == "change" and told.booking_no == number and "changed" in told.text_en
