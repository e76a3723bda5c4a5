"""The visit commands as the desk runs them (on the database worker): a booking gets
the office's next booking number (`B` series), then `book_visit` decides confirmed or
provisional; the prison side checks in, records outcomes and cancels."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from desktop.series import Series, run_numbered
from domain.commands import CommandResult
from domain.ids import new_id
from domain.models import VisitBooking
from sync.store.local import LocalStore

BOOKINGS = Series("series:visit_booking", "B",
                  lambda number: select(VisitBooking.id).where(VisitBooking.booking_no == number))


def book(store: LocalStore, slot_id: str, inmate_id: str, lead_cnic: str,
         visitors: list[dict[str, Any]]) -> CommandResult:
    booking_id = new_id()

    def run(number: str) -> CommandResult:
        args: dict[str, Any] = {"booking_id": booking_id, "booking_no": number, "slot_id": slot_id,
                                "inmate_id": inmate_id, "lead_visitor_cnic": lead_cnic,
                                "visitors": visitors}
        return store.execute("book_visit", args)

    result = run_numbered(store, BOOKINGS, run)
    result.data["booking_id"] = booking_id
    return result


def cancel(store: LocalStore, booking_id: str, reason: str) -> CommandResult:
    return store.execute("cancel_visit", {"booking_id": booking_id, "reason": reason})


def outcome(store: LocalStore, booking_id: str, outcome: str, note: str = "") -> CommandResult:
    args = {"booking_id": booking_id, "outcome": outcome}
    if note:
        args["note"] = note
    return store.execute("record_visit_outcome", args)


def check_in(store: LocalStore, booking_id: str, cnic: str) -> CommandResult:
    return store.execute("check_in_visit", {"booking_id": booking_id, "cnic": cnic})
